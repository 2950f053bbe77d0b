from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tuyengiao.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from tuyengiao.accounts import audit, scope
        from tuyengiao.orgunits.access import scope_provide
        from tuyengiao.orgunits.signals import units_audited

        # The tree sits below this app: its pages ask their scope of it, and its bulk import
        # has it write the audit entries.
        scope_provide(scope.scope_paths)
        units_audited.connect(audit.units_audited, dispatch_uid="accounts.units_audited")
