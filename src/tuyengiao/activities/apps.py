from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tuyengiao.activities"
    label = "activities"
    verbose_name = _("Hoạt động")

    def ready(self) -> None:
        from tuyengiao.activities.feeding import activity_cells_fed
        from tuyengiao.values.guards import feeder_register

        feeder_register(activity_cells_fed)
