from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tuyengiao.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from tuyengiao.accounts import audit, scope
        from tuyengiao.accounts.models import RoleAssignment
        from tuyengiao.orgunits.access import scope_provide
        from tuyengiao.orgunits.models import OrgUnit
        from tuyengiao.orgunits.signals import units_audited

        # The tree sits below this app: its pages ask their scope of it, and its bulk import
        # has it write the audit entries.
        scope_provide(scope.scope_paths)
        # A role or a unit written while a read-only request remembers the roles: forgotten.
        for model in (RoleAssignment, OrgUnit):
            for signal in (post_save, post_delete):
                signal.connect(scope.scope_memo_clear, sender=model, dispatch_uid="scope_memo")
        units_audited.connect(audit.units_audited, dispatch_uid="accounts.units_audited")
