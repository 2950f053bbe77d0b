from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "tuyengiao.channels"
    label = "channels"
    verbose_name = _("Kênh thông tin")
