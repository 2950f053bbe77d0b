"""Reads for accounts: an object's audit history, and what a unit administrator manages."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.audit import EVENT_FIELDS, MASK, history_scope_for
from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.accounts.scope import scope_filter, units_in_scope
from tuyengiao.orgunits.models import OrgUnitQuerySet

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("tạo"),
    LogEntry.Action.UPDATE: _("sửa"),
    LogEntry.Action.DELETE: _("xóa"),
    LogEntry.Action.ACCESS: _("xem"),
}
EMPTY = "—"
TRUNCATE_AT = 200


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime
    actor: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    # A creation has no old values worth an arrow: the page shows the new ones only.
    created: bool = False


def history_object_get(*, user, label: str, pk: int) -> Model:
    """The object behind a history page, or 404 when its model has no history scope registered
    or the object lies outside the user's scope (the two look the same)."""
    scope = history_scope_for(label)
    if scope is None:
        raise Http404
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    manager = model._default_manager
    visible = scope_filter(manager.all(), user, role=scope.role, path_field=scope.path_field)
    # exists() and not get(): the lookup may cross a to-many relation (a user's roles).
    if not visible.filter(pk=pk).exists():
        raise Http404
    return manager.get(pk=pk)


def audit_history(obj: Model) -> list[HistoryEntry]:
    """What happened to `obj`, newest first: when, who, what, and each field's old → new value.

    Values are shown as people read them: choice labels, names of related objects, dates as
    dd/mm/yyyy, secrets masked. Internal fields (paths, search keys) are left out.
    """
    entries = list(
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
    )
    model = type(obj)
    names = _related_names(model, entries)
    return [
        HistoryEntry(
            timestamp=entry.timestamp,
            actor=_actor_display(entry),
            action=str(ACTION_LABELS.get(entry.action, entry.action)),
            changes=_changes(model, entry, names),
            created=entry.action == LogEntry.Action.CREATE,
        )
        for entry in entries
    ]


def _actor_display(entry: LogEntry) -> str:
    if entry.actor is not None:
        return str(entry.actor)
    # The actor's account may have gone; auditlog keeps the e-mail it had.
    return entry.actor_email or gettext("Hệ thống")


def _changes(model: type[Model], entry: LogEntry, names: dict) -> list[FieldChange]:
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        event = EVENT_FIELDS.get(name) if model_field is None else None
        if event is not None and isinstance(values, list | tuple) and len(values) == 2:
            old, new = (str(event.values.get(v, v)) for v in values)
            changes.append(FieldChange(label=str(event.label), old=old, new=new))
            continue
        masked = name in settings.AUDITLOG_MASK_TRACKING_FIELDS
        if not masked and _is_internal(model_field):
            continue
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        label = str(getattr(model_field, "verbose_name", name))
        old, new = (_value_display(model_field, v, names, masked=masked) for v in values)
        if old == new == EMPTY:
            continue
        changes.append(FieldChange(label=label[:1].upper() + label[1:], old=old, new=new))
    return changes


def _is_internal(model_field) -> bool:
    """Reverse relations, keys and internal fields (paths, search keys) say nothing to readers."""
    return model_field is not None and (
        model_field.auto_created or model_field.primary_key or not model_field.editable
    )


def _value_display(model_field, raw, names: dict, *, masked: bool) -> str:
    if raw is None or raw in ("None", ""):
        return EMPTY
    if masked:
        return MASK
    text = str(raw)
    if model_field is None:
        return _truncate(text)
    if model_field.is_relation and model_field.many_to_one:
        return names.get((model_field.related_model, text), text)
    if model_field.flatchoices:
        return str(dict((str(k), v) for k, v in model_field.flatchoices).get(text, text))
    internal = model_field.get_internal_type()
    if internal == "BooleanField":
        return gettext("có") if text == "True" else gettext("không")
    if internal == "DateField":
        return _parse_and_format(date.fromisoformat, text, "d/m/Y")
    if internal == "DateTimeField":
        return _parse_and_format(datetime.fromisoformat, text, "d/m/Y H:i")
    return _truncate(text)


def _parse_and_format(parse, text: str, fmt: str) -> str:
    try:
        value = parse(text)
    except ValueError:
        return text
    if isinstance(value, datetime):
        # auditlog stores date-times as naive UTC.
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        value = timezone.localtime(value)
    return formats.date_format(value, fmt)


def _truncate(text: str) -> str:
    return text if len(text) <= TRUNCATE_AT else text[:TRUNCATE_AT] + "…"


def _related_names(model: type[Model], entries: list[LogEntry]) -> dict:
    """Names of the objects that foreign-key values point to, one query per related model."""
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            related = model_field.related_model
            if related is not None and model_field.many_to_one and isinstance(values, list):
                wanted[related].update(str(v) for v in values)
    names: dict[tuple[type[Model], str], str] = {}
    for related, raw_keys in wanted.items():
        keys = []
        for raw in raw_keys - {"None", ""}:
            try:
                keys.append(related._meta.pk.to_python(raw))
            except ValidationError:
                continue
        for obj in related._base_manager.filter(pk__in=keys):
            names[(related, str(obj.pk))] = str(obj)
    return names


def admin_units(*, user) -> OrgUnitQuerySet:
    """Open units where `user` may grant roles: their unit-administrator subtrees."""
    today = timezone.localdate()
    return units_in_scope(user, role=Role.UNIT_ADMIN).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=today)
    )


def role_assignments_managed(*, user) -> QuerySet[RoleAssignment]:
    """Role assignments on units of the user's unit-administrator subtrees."""
    return scope_filter(
        RoleAssignment.objects.select_related("user", "orgunit"),
        user,
        role=Role.UNIT_ADMIN,
        path_field="orgunit__path",
    ).order_by("orgunit__path", "user__username", "role")


def user_is_managed(*, admin, user: User) -> bool:
    """Whether `admin` is site administrator or unit administrator over one of `user`'s roles."""
    return scope_filter(
        User.objects.filter(pk=user.pk),
        admin,
        role=Role.UNIT_ADMIN,
        path_field="role_assignments__orgunit__path",
    ).exists()


def locked_out_usernames(*, usernames: list[str]) -> set[str]:
    """Which of `usernames` are locked out now (django-axes: limit reached within cool-off)."""
    since = timezone.now() - timedelta(minutes=settings.AXES_COOLOFF_TIME * 60)
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def lockout_ends_at(*, username: str, ip_address: str | None) -> datetime | None:
    """When the lock-out of `username` from `ip_address` ends: the cool-off counted from the
    last failure that was recorded (attempts made during a lock-out are not recorded)."""
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return None
    return last + timedelta(minutes=settings.AXES_COOLOFF_TIME * 60)


def command_user(username: str | None):
    """The account a management command acts as: `username`, or the first site
    administrator. CommandError (in Vietnamese) when there is none."""
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    users = get_user_model().objects.filter(is_active=True)
    account = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if account is None:
        raise CommandError(
            gettext("Không có người dùng “%(username)s” đang hoạt động.") % {"username": username}
            if username
            else gettext("Chưa có quản trị hệ thống: hãy chỉ rõ --user.")
        )
    return account
