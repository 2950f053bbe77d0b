"""Which audit histories a user may read, and how secrets are masked in the audit trail.

django-auditlog records every change; this module decides who may read the history of which
object. A model's history is readable only through a scope rule registered here, so a model
that nobody registered has no history page at all (404), rather than one open to everyone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role

MASK = "******"


@dataclass(frozen=True)
class EventField:
    """Something that happened to an object without changing one of its fields (an account
    unlocked), kept in the audit trail as a change of a name that is not a field."""

    label: str | Promise
    values: dict[str, str | Promise]


LOGIN_LOCKOUT = "login_lockout"
EVENT_FIELDS = {
    LOGIN_LOCKOUT: EventField(
        label=_("Khóa đăng nhập"),
        values={"locked": _("đang tạm khóa"), "unlocked": _("đã mở khóa")},
    ),
}


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


def audit_bulk(
    model: type[Model], entries: Iterable[tuple[Model, int, dict]], *, actor, batch: int = 500
) -> None:
    """Write the audit entries of a bulk statement, which django-auditlog's signals miss.

    Each entry is (object, LogEntry action, {field: (old, new)}); values are stored as
    auditlog stores them, as strings with "None" for nothing.
    """
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=action,
                changes={
                    name: ["None" if old is None else str(old), "None" if new is None else str(new)]
                    for name, (old, new) in changes.items()
                },
                actor=actor,
                actor_email=getattr(actor, "email", None) if actor else None,
                cid=cid,
            )
            for obj, action, changes in entries
        ),
        batch_size=batch,
    )


def units_audited(sender: type[Model], *, entries, actor, **kwargs) -> None:
    """The tree import's audit entries (orgunits.signals.units_audited): the tree sits below
    this app and sends them rather than calling `audit_bulk`."""
    audit_bulk(sender, entries, actor=actor)


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
