from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "tuyengiao.ui"
    label = "ui"
    verbose_name = _("Định dạng và thứ tự")

    def ready(self) -> None:
        from tuyengiao.ui.collation import register_sqlite_collation

        # SQLite has no ICU: every new connection gets the Python collation of the same name.
        connection_created.connect(register_sqlite_collation, dispatch_uid="ui-vi-collation")
