from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tuyengiao.tracking"
    label = "tracking"
    verbose_name = _("Theo dõi thực hiện")

    def ready(self) -> None:
        from tuyengiao.accounts.audit import register_history_scope

        # A task is read by the units below its holder (it comes down to them); its history
        # stays with the holder's own subtree, like any other record.
        register_history_scope("tracking.task", path_field="orgunit__path")
        register_history_scope("tracking.assignment", path_field="orgunit__path")
        register_history_scope("tracking.progressreport", path_field="assignment__orgunit__path")
