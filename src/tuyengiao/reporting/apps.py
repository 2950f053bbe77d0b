from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tuyengiao.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo số liệu")

    def ready(self) -> None:
        from tuyengiao.reporting.collecting import cells_collected, indicators_collected
        from tuyengiao.reporting.collecting_sql import collected_sql
        from tuyengiao.reporting.workflow import cells_blocked
        from tuyengiao.values.guards import collecting_register, guard_register

        # The values core checks every write against the forms' locks and windows.
        guard_register(cells_blocked)
        # And asks which figures the forms collect: those count as approved only once
        # their report is (values.approval).
        collecting_register(cells_collected, indicators=indicators_collected, sql=collected_sql)
