"""Writes on the organisation tree: create, rename, move, close and merge units.

Each write keeps history: the unit row holds the current state and an `OrgUnitEvent` keeps
what it was, so that figures and documents from before the 2025 reorganisation still name
and roll up to the right units. Views, the API and the import call these functions; they
do not check scope (the caller has already limited what the user may pick).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tuyengiao.orgunits.models import OrgUnit, OrgUnitEvent, UnitKind
from tuyengiao.textkit.normalize import nfc


def _require_open(unit: OrgUnit, field: str | None = None) -> None:
    if not unit.is_open:
        message = _("Đơn vị “%(name)s” đã giải thể ngày %(day)s.") % {
            "name": unit.name,
            "day": f"{unit.closed_on:%d/%m/%Y}",
        }
        raise ValidationError({field: message} if field else message)


def _require_not_before_opening(unit: OrgUnit, day: datetime.date, field: str) -> None:
    if unit.opened_on is not None and day < unit.opened_on:
        raise ValidationError(
            {
                field: _("Ngày %(day)s trước ngày thành lập %(opened)s của “%(name)s”.")
                % {
                    "day": f"{day:%d/%m/%Y}",
                    "opened": f"{unit.opened_on:%d/%m/%Y}",
                    "name": unit.name,
                }
            }
        )


@transaction.atomic
def orgunit_create(
    *,
    code: str,
    name: str,
    kind: UnitKind,
    parent: OrgUnit | None,
    short_name: str = "",
    opened_on: datetime.date | None = None,
) -> OrgUnit:
    """A new open unit under `parent` (a root when `parent` is None)."""
    code = nfc(code).strip()
    if parent is not None:
        _require_open(parent, "parent")
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã được dùng.") % {"code": code}})
    unit = OrgUnit(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        opened_on=opened_on,
    )
    unit.full_clean(exclude=["path", "search_key"])
    unit.save()
    return unit


@transaction.atomic
def orgunit_rename(
    *,
    unit: OrgUnit,
    name: str,
    effective_on: datetime.date,
    short_name: str | None = None,
    note: str = "",
) -> OrgUnit:
    """Give the unit a new name; the old one stays in a RENAMED event dated `effective_on`."""
    name = nfc(name).strip()
    new_short = unit.short_name if short_name is None else nfc(short_name).strip()
    if not name:
        raise ValidationError({"name": _("Tên không được để trống.")})
    if name == unit.name and new_short == unit.short_name:
        raise ValidationError({"name": _("Tên mới giống tên hiện tại.")})
    _require_not_before_opening(unit, effective_on, "effective_on")
    OrgUnitEvent.objects.create(
        unit=unit,
        kind=OrgUnitEvent.Kind.RENAMED,
        effective_on=effective_on,
        old_name=unit.name,
        new_name=name,
        note=note,
    )
    unit.name = name
    unit.short_name = new_short
    unit.save()
    return unit


def _rewrite_subtree(*, old_path: str, new_path: str, level_delta: int) -> int:
    """Move every descendant's path from under `old_path` to under `new_path`, in one UPDATE.

    The model's save() only computes the unit's own path; its descendants keep the old
    prefix until this runs. Path and level are derived from the parent, so the audit trail
    records the parent change on the moved unit, not these rewrites.
    """
    if old_path == new_path:
        return 0
    return (
        OrgUnit.objects.filter(path__startswith=old_path)
        .exclude(path=old_path)
        .update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            level=F("level") + level_delta,
        )
    )


@transaction.atomic
def orgunit_move(
    *,
    unit: OrgUnit,
    parent: OrgUnit | None,
    effective_on: datetime.date,
    note: str = "",
) -> OrgUnit:
    """Put the unit (with its whole subtree) under `parent`; refuses to create a cycle."""
    unit.refresh_from_db()
    if parent is not None:
        parent.refresh_from_db()
        if parent.pk == unit.pk or parent.path.startswith(unit.path):
            raise ValidationError(
                {"parent": _("Không thể chuyển một đơn vị vào dưới chính nó hoặc cấp dưới của nó.")}
            )
        _require_open(parent, "parent")
    if unit.parent_id == (parent.pk if parent else None):
        raise ValidationError({"parent": _("Đơn vị đã nằm dưới đơn vị cấp trên này.")})
    old_parent = unit.parent
    old_path, old_level = unit.path, unit.level
    unit.parent = parent
    unit.save()
    _rewrite_subtree(old_path=old_path, new_path=unit.path, level_delta=unit.level - old_level)
    OrgUnitEvent.objects.create(
        unit=unit,
        kind=OrgUnitEvent.Kind.MOVED,
        effective_on=effective_on,
        old_parent=old_parent,
        target=parent,
        note=note,
    )
    return unit


def _open_children(units: Iterable[OrgUnit], *, on: datetime.date) -> list[OrgUnit]:
    """Children still open after `on`: they would be left hanging under a closed unit."""
    return list(
        OrgUnit.objects.filter(parent__in=list(units))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .select_related("parent")
    )


def _refuse_open_children(children: list[OrgUnit], field: str) -> None:
    if children:
        names = ", ".join(f"“{child.name}”" for child in children[:5])
        if len(children) > 5:
            names += _(" và %(count)s đơn vị khác") % {"count": len(children) - 5}
        raise ValidationError(
            {
                field: _(
                    "Còn đơn vị cấp dưới đang hoạt động: %(names)s. "
                    "Hãy chuyển hoặc giải thể chúng trước."
                )
                % {"names": names}
            }
        )


@transaction.atomic
def orgunit_close(*, unit: OrgUnit, closed_on: datetime.date, note: str = "") -> OrgUnit:
    """Close (giải thể) the unit on `closed_on`. Refused while it still has open children."""
    unit.refresh_from_db()
    _require_open(unit, "closed_on")
    _require_not_before_opening(unit, closed_on, "closed_on")
    _refuse_open_children(_open_children([unit], on=closed_on), "closed_on")
    unit.closed_on = closed_on
    unit.save()
    OrgUnitEvent.objects.create(
        unit=unit, kind=OrgUnitEvent.Kind.CLOSED, effective_on=closed_on, note=note
    )
    return unit


def _check_merge(units: list[OrgUnit], successor: OrgUnit, merged_on: datetime.date) -> None:
    if not units:
        raise ValidationError({"units": _("Chọn ít nhất một đơn vị để hợp nhất.")})
    _require_open(successor, "successor")
    for unit in units:
        if unit.pk == successor.pk:
            raise ValidationError({"successor": _("Một đơn vị không thể hợp nhất vào chính nó.")})
        if successor.path.startswith(unit.path):
            raise ValidationError(
                {
                    "successor": _(
                        "Đơn vị tiếp nhận không được nằm trong đơn vị bị hợp nhất “%(name)s”."
                    )
                    % {"name": unit.name}
                }
            )
        _require_open(unit, "units")
        _require_not_before_opening(unit, merged_on, "merged_on")


@transaction.atomic
def orgunit_merge(
    *,
    units: Iterable[OrgUnit],
    successor: OrgUnit,
    merged_on: datetime.date,
    move_children: bool = False,
    note: str = "",
) -> list[OrgUnit]:
    """Close `units` into `successor` (sáp nhập, hợp nhất) on `merged_on`.

    Each merged unit gets `closed_on` and `successor` and a MERGED event, so roll-ups can
    follow it (see `selectors.orgunit_current`). With `move_children` its open children move
    under the successor; without it, open children make the merge fail.
    """
    merged = [OrgUnit.objects.get(pk=unit.pk) for unit in units]
    successor.refresh_from_db()
    _check_merge(merged, successor, merged_on)
    merged_ids = {unit.pk for unit in merged}
    # A child that is itself being merged closes with its parent instead of moving.
    children = [c for c in _open_children(merged, on=merged_on) if c.pk not in merged_ids]
    if not move_children:
        _refuse_open_children(children, "move_children")
    late = [child for child in children if child.closed_on is not None]
    if late:
        raise ValidationError(
            {
                "merged_on": _("“%(name)s” còn hoạt động đến %(day)s, sau ngày hợp nhất.")
                % {"name": late[0].name, "day": f"{late[0].closed_on:%d/%m/%Y}"}
            }
        )
    for child in children:
        orgunit_move(unit=child, parent=successor, effective_on=merged_on, note=note)
    for unit in merged:
        unit.refresh_from_db()
        unit.closed_on = merged_on
        unit.successor = successor
        unit.save()
        OrgUnitEvent.objects.create(
            unit=unit,
            kind=OrgUnitEvent.Kind.MERGED,
            effective_on=merged_on,
            target=successor,
            note=note,
        )
    return merged
