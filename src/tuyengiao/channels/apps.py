from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "tuyengiao.channels"
    label = "channels"
    verbose_name = _("Kênh thông tin")

    def ready(self) -> None:
        from tuyengiao.channels.feeding import channel_cells_fed
        from tuyengiao.values.guards import feeder_register

        feeder_register(channel_cells_fed)
