"""The write half of the tree import: bulk statements, paths, events and audit entries.

Runs only on rows `importing` has already checked (known kinds and references, no cycles),
inside its transaction.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from tuyengiao.orgunits.models import PATH_SEPARATOR, OrgUnit, OrgUnitEvent
from tuyengiao.orgunits.signals import units_audited, units_changed
from tuyengiao.textkit.normalize import fold

BATCH = 500
_COMPARED = ("name", "short_name", "kind_id", "parent_id", "opened_on", "closed_on", "successor_id")
_AUDIT_NAMES = {"kind_id": "kind", "parent_id": "parent", "successor_id": "successor"}


@dataclass(frozen=True)
class UnitValues:
    """What one checked row says a unit must look like after the import."""

    code: str
    name: str
    short_name: str
    kind_id: int
    parent_code: str | None
    successor_code: str | None
    opened_on: datetime.date | None
    closed_on: datetime.date | None


def _chunks[T](items: list[T]) -> Iterable[list[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _creation_layers(new_values: list[UnitValues]) -> list[list[UnitValues]]:
    """New rows grouped by depth among the new rows, so parents are inserted first."""
    by_code = {v.code: v for v in new_values}
    depth: dict[str, int] = {}
    for values in new_values:
        chain: list[str] = []
        code: str | None = values.code
        while code in by_code and code not in depth:
            chain.append(code)
            code = by_code[code].parent_code
        level = depth.get(code, -1) if code is not None else -1
        for member in reversed(chain):
            level += 1
            depth[member] = level
    layers: dict[int, list[UnitValues]] = defaultdict(list)
    for values in new_values:
        layers[depth[values.code]].append(values)
    return [layers[d] for d in sorted(layers)]


def _create_units(new_values: list[UnitValues], ids: dict[str, int]) -> list[OrgUnit]:
    """Insert new units layer by layer (one INSERT per layer and batch), filling `ids`."""
    created: list[OrgUnit] = []
    later_successors: list[OrgUnit] = []
    for layer in _creation_layers(new_values):
        units = [
            OrgUnit(
                code=v.code,
                name=v.name,
                short_name=v.short_name,
                kind_id=v.kind_id,
                parent_id=ids[v.parent_code] if v.parent_code else None,
                opened_on=v.opened_on,
                closed_on=v.closed_on,
                successor_id=ids.get(v.successor_code) if v.successor_code else None,
                search_key=fold(f"{v.name} {v.short_name} {v.code}"),
            )
            for v in layer
        ]
        OrgUnit.objects.bulk_create(units, batch_size=BATCH)
        ids.update((unit.code, unit.pk) for unit in units)
        later_successors.extend(
            unit
            for unit, v in zip(units, layer, strict=True)
            if v.successor_code and not unit.successor_id
        )
        created.extend(units)
    # A successor inserted after its predecessor (same or deeper layer) is linked now.
    successor_code = {v.code: v.successor_code for v in new_values}
    for unit in later_successors:
        unit.successor_id = ids[successor_code[unit.code]]  # type: ignore[index]
    OrgUnit.objects.bulk_update(later_successors, ["successor_id"], batch_size=BATCH)
    return created


def _target(values: UnitValues, ids: dict[str, int]) -> dict:
    return {
        "name": values.name,
        "short_name": values.short_name,
        "kind_id": values.kind_id,
        "parent_id": ids[values.parent_code] if values.parent_code else None,
        "opened_on": values.opened_on,
        "closed_on": values.closed_on,
        "successor_id": ids[values.successor_code] if values.successor_code else None,
    }


def _affected_parents(*, new_units: list[OrgUnit], moved_paths: list[str]) -> dict[int, int | None]:
    """Parent of every unit whose path must be rebuilt: the new ones and all under moved ones."""
    prefixes: list[str] = []
    for path in sorted(moved_paths):
        if not any(path.startswith(p) for p in prefixes):
            prefixes.append(path)
    parents: dict[int, int | None] = {unit.pk: unit.parent_id for unit in new_units}
    for chunk in _chunks(prefixes):
        condition = Q()
        for prefix in chunk:
            condition |= Q(path__startswith=prefix)
        parents.update(OrgUnit.objects.filter(condition).values_list("pk", "parent_id"))
    return parents


def _rebuild_paths(parents: dict[int, int | None]) -> None:
    """Rebuild path and level of `parents`' keys, one UPDATE per depth and batch.

    Each UPDATE copies the parent's path (already final, being one level up) in SQL, so no
    path travels through Python and the statement count grows with depth, not with units.
    """
    outside = sorted({p for p in parents.values() if p is not None and p not in parents})
    # Units outside the rebuilt set keep their level; the walk up stops at them.
    depth: dict[int, int] = {}
    for chunk in _chunks(outside):
        depth.update(OrgUnit.objects.filter(pk__in=chunk).values_list("pk", "level"))
    for pk in parents:
        chain: list[int] = []
        current: int | None = pk
        while current is not None and current not in depth:
            chain.append(current)
            current = parents[current]
        level = depth[current] if current is not None else -1
        for member in reversed(chain):
            level += 1
            depth[member] = level
    layers: dict[int, list[int]] = defaultdict(list)
    for pk in parents:
        layers[depth[pk]].append(pk)
    parent_path = OrgUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    own = Concat(Cast("pk", CharField()), Value(PATH_SEPARATOR))
    for level in sorted(layers):
        prefix = Value(PATH_SEPARATOR) if level == 0 else Subquery(parent_path)
        for chunk in _chunks(sorted(layers[level])):
            OrgUnit.objects.filter(pk__in=chunk).update(
                path=Concat(prefix, own, output_field=CharField()), level=level
            )


def _audit(entries: list[tuple[OrgUnit, int, dict]], actor) -> None:
    units_audited.send(
        sender=OrgUnit,
        entries=[
            (unit, action, {_AUDIT_NAMES.get(name, name): pair for name, pair in changes.items()})
            for unit, action, changes in entries
        ],
        actor=actor,
    )


def _events(unit: OrgUnit, changes: dict, *, today: datetime.date, note: str) -> list[OrgUnitEvent]:
    events = []
    if "name" in changes and changes["name"][0] is not None:
        events.append(
            OrgUnitEvent(
                unit=unit,
                kind=OrgUnitEvent.Kind.RENAMED,
                effective_on=today,
                old_name=changes["name"][0],
                new_name=changes["name"][1],
                note=note,
            )
        )
    if "parent_id" in changes:
        events.append(
            OrgUnitEvent(
                unit=unit,
                kind=OrgUnitEvent.Kind.MOVED,
                effective_on=today,
                old_parent_id=changes["parent_id"][0],
                target_id=changes["parent_id"][1],
                note=note,
            )
        )
    if unit.closed_on is not None and ("closed_on" in changes or "successor_id" in changes):
        merged = unit.successor_id is not None
        events.append(
            OrgUnitEvent(
                unit=unit,
                kind=OrgUnitEvent.Kind.MERGED if merged else OrgUnitEvent.Kind.CLOSED,
                effective_on=unit.closed_on,
                target_id=unit.successor_id,
                note=note,
            )
        )
    return events


def apply_plan(
    *,
    values: list[UnitValues],
    existing: dict[str, dict],
    actor,
    today: datetime.date,
    note: str,
) -> tuple[int, int, int]:
    """Write the checked rows; returns (created, updated, unchanged)."""
    ids = {code: unit["pk"] for code, unit in existing.items()}
    new_units = _create_units([v for v in values if v.code not in existing], ids)
    audit: list[tuple[OrgUnit, int, dict]] = [
        (unit, LogEntry.Action.CREATE, {k: (None, getattr(unit, k)) for k in _COMPARED})
        for unit in new_units
    ]
    # Grouped by the set of changed fields, so each UPDATE sets only what changed.
    groups: dict[tuple[str, ...], list[OrgUnit]] = defaultdict(list)
    events: list[OrgUnitEvent] = []
    moved_paths: list[str] = []
    relinked = [unit.pk for unit in new_units]
    for row in values:
        before = existing.get(row.code)
        if before is None:
            continue
        target = _target(row, ids)
        changes = {k: (before[k], v) for k, v in target.items() if before[k] != v}
        if not changes:
            continue
        unit = OrgUnit(pk=before["pk"], code=row.code, **target)
        unit.search_key = fold(f"{unit.name} {unit.short_name} {unit.code}")
        fields = tuple(sorted(changes)) + (
            ("search_key",) if {"name", "short_name"} & changes.keys() else ()
        )
        groups[fields].append(unit)
        audit.append((unit, LogEntry.Action.UPDATE, changes))
        events.extend(_events(unit, changes, today=today, note=note))
        if "parent_id" in changes:
            moved_paths.append(before["path"])
        if {"parent_id", "successor_id"} & changes.keys():
            relinked.append(unit.pk)
    for fields, units in groups.items():
        OrgUnit.objects.bulk_update(units, list(fields), batch_size=BATCH)
    _rebuild_paths(_affected_parents(new_units=new_units, moved_paths=moved_paths))
    OrgUnitEvent.objects.bulk_create(events, batch_size=BATCH)
    _audit(audit, actor)
    units_changed.send(sender=OrgUnit, unit_ids=relinked)
    updated = len(audit) - len(new_units)
    return len(new_units), updated, len(values) - len(new_units) - updated
