from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tuyengiao.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo số liệu")

    def ready(self) -> None:
        from tuyengiao.reporting import rollup  # noqa: F401  (connects the tree's signals)
