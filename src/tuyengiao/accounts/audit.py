"""Which audit histories a user may read, and how secrets are masked in the audit trail.

django-auditlog records every change; this module decides who may read the history of which
object. A model's history is readable only through a scope rule registered here, so a model
that nobody registered has no history page at all (404), rather than one open to everyone.
"""

from dataclasses import dataclass

from tuyengiao.accounts.models import Role

MASK = "******"


@dataclass(frozen=True)
class HistoryScope:
    """How to reach a row's org unit path from its model, and the role needed to read it."""

    path_field: str
    role: Role


_registry: dict[str, HistoryScope] = {}


def register_history_scope(label: str, *, path_field: str, role: Role | str = Role.VIEWER) -> None:
    """Let users read the history of `label` ("app_label.model") objects in their scope.

    Apps call this from `AppConfig.ready()`: `path_field` is the lookup from the model to its
    unit's path, as for `scope_filter` ("path", "unit__path", "orgunit__path").
    """
    _registry[label.lower()] = HistoryScope(path_field=path_field, role=Role(role))


def history_scope_for(label: str) -> HistoryScope | None:
    return _registry.get(label.lower())


def mask_value(value: str) -> str:
    """Hide a secret completely (AUDITLOG_MASK_CALLABLE).

    auditlog's default keeps the second half of the value, which for a password hash is the
    hash itself.
    """
    return value if value in ("", "None") else MASK


register_history_scope("orgunits.orgunit", path_field="path")
register_history_scope("orgunits.orgunitevent", path_field="unit__path")
# Who holds which role is for the unit's administrators, not for every viewer.
register_history_scope("accounts.roleassignment", path_field="orgunit__path", role=Role.UNIT_ADMIN)
# A user's history: for the administrators of a unit where the user holds a role. The lookup
# crosses a to-many relation, so callers test with exists(), never get().
register_history_scope(
    "accounts.user", path_field="role_assignments__orgunit__path", role=Role.UNIT_ADMIN
)
