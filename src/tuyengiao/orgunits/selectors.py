"""Reads on the organisation tree, always through the scope helper."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from tuyengiao.orgunits.access import scope_paths, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.normalize import fold
from tuyengiao.ui.collation import collated

SEARCH_LIMIT = 50
# Open units (no closing date) first on both databases: SQLite and PostgreSQL put NULLs
# at opposite ends by default.
OPEN_FIRST = F("closed_on").asc(nulls_first=True)


def _with_child_count(queryset: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    return queryset.select_related("kind", "successor").annotate(child_count=Count("children"))


def orgunit_roots(*, user) -> QuerySet[OrgUnit]:
    """The tops of the user's scope: where the tree page starts."""
    paths = scope_paths(user)
    if paths is None:
        roots = OrgUnit.objects.filter(parent__isnull=True)
    else:
        roots = OrgUnit.objects.filter(path__in=paths)
    return _with_child_count(roots).order_by(OPEN_FIRST, collated("name"))


def orgunit_children(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Direct children of `unit` in scope, open ones first, each with its own child count."""
    children = units_in_scope(user).filter(parent=unit)
    # Names in Vietnamese order (Đ after D, not after V as code points would put it).
    return _with_child_count(children).order_by(OPEN_FIRST, "kind__sort_order", collated("name"))


def orgunit_ancestors(*, user, unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb from the highest unit the user may see down to the unit's parent."""
    return list(units_in_scope(user).filter(pk__in=unit.ancestor_ids()).order_by("level"))


@dataclass(frozen=True)
class SearchHit:
    unit: OrgUnit
    ancestors: list[OrgUnit]


def orgunit_search(*, user, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Units whose name, short name or code have words starting with every word of `query`.

    Both sides go through `fold`, so "xa tan uyen" finds "Xã Tân Uyên" and "hoà" finds
    "hòa". Words match at their start, so "an binh" does not find "Đảng ủy xã Bình Minh"
    through "đảng"; units holding the whole phrase come first. Each hit comes with its
    breadcrumb, fetched for all hits in one query.
    """
    phrase = fold(query)
    words = phrase.split()
    if not words:
        return []
    matches = units_in_scope(user).select_related("kind", "successor")
    for word in words:
        matches = matches.filter(
            Q(search_key__startswith=word) | Q(search_key__contains=f" {word}")
        )
    ranked = matches.annotate(
        rank=Case(When(search_key__contains=phrase, then=Value(0)), default=Value(1))
    )
    units = list(ranked.order_by("rank", OPEN_FIRST, "level", collated("name"))[:limit])
    ancestor_ids = {pk for unit in units for pk in unit.ancestor_ids()}
    ancestors = {a.pk: a for a in units_in_scope(user).filter(pk__in=ancestor_ids)}
    return [
        SearchHit(
            unit=unit, ancestors=[ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors]
        )
        for unit in units
    ]


def orgunit_events(*, unit: OrgUnit) -> QuerySet:
    return unit.events.select_related("old_parent", "target")


def orgunit_predecessors(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Units merged into `unit` that the user may see."""
    return units_in_scope(user).filter(successor=unit).order_by("-closed_on", collated("name"))


def orgunit_successor_chain(unit: OrgUnit) -> list[OrgUnit]:
    """The units `unit` was merged into, in order: [B, C] when A merged into B, B into C.

    A cycle of successors cannot be made through the services but could come from old data;
    the chain stops before repeating a unit.
    """
    chain: list[OrgUnit] = []
    seen = {unit.pk}
    current = unit
    while current.successor_id is not None and current.successor_id not in seen:
        current = OrgUnit.objects.select_related("kind").get(pk=current.successor_id)
        seen.add(current.pk)
        chain.append(current)
    return chain


def orgunit_current(unit: OrgUnit) -> OrgUnit:
    """The unit that carries `unit`'s work today: its last successor, or itself."""
    chain = orgunit_successor_chain(unit)
    return chain[-1] if chain else unit


def orgunit_current_ids(unit_ids: Iterable[int]) -> dict[int, int]:
    """For roll-ups: each id mapped to the id of its current unit, one query per merge step."""
    result = {pk: pk for pk in unit_ids}
    pending = set(result.values())
    successor_of: dict[int, int] = {}
    while pending:
        step = dict(
            OrgUnit.objects.filter(pk__in=pending, successor__isnull=False).values_list(
                "pk", "successor_id"
            )
        )
        successor_of.update(step)
        pending = {s for s in step.values() if s not in successor_of}
    for pk in result:
        seen = {pk}
        current = pk
        while current in successor_of and successor_of[current] not in seen:
            current = successor_of[current]
            seen.add(current)
        result[pk] = current
    return result
