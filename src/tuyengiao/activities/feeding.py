"""Which figures a unit's activities feed, for the core's `cells_fed` (values.guards): a cell
of an indicator that some kind feeds, for a month in which the unit held at least one
activity of such a kind. The grid shows it as "từ 3 hoạt động" with a link, and the core
refuses to have it typed or imported, since the next activity saved would overwrite it.
"""

import re
from collections import defaultdict
from collections.abc import Set
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from tuyengiao.activities.models import Activity, ActivityFeed
from tuyengiao.values.guards import Cell, Fed
from tuyengiao.values.periods import Period

_MONTH = re.compile(r"\d{6}")
# Past this many units (a national import), the months' activities are read whole rather
# than named unit by unit, which would pass SQLite's limit on a query's parameters.
MANY_UNITS = 500


def activity_cells_fed(cells: Set[Cell]) -> dict[Cell, Fed]:
    kinds_of: dict[int, set[int]] = defaultdict(set)  # indicator id → kinds feeding it
    for indicator_id, kind_id in ActivityFeed.objects.values_list("indicator_id", "kind_id"):
        kinds_of[indicator_id].add(kind_id)
    wanted = [
        cell for cell in cells if cell[1] in kinds_of and _MONTH.fullmatch(cell[2]) is not None
    ]
    if not wanted:
        return {}
    months = sorted({Period.parse(cell[2]) for cell in wanted}, key=lambda p: p.start)
    kinds = set().union(*(kinds_of[cell[1]] for cell in wanted))
    units = {cell[0] for cell in wanted}
    activities = Activity.objects.filter(
        kind_id__in=kinds, held_on__range=(months[0].start, months[-1].end)
    )
    if len(units) <= MANY_UNITS:
        activities = activities.filter(orgunit_id__in=units)
    held = (
        activities.annotate(month=TruncMonth("held_on"))
        .values_list("orgunit_id", "kind_id", "month")
        .annotate(count=Count("id"))
    )
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for unit_id, kind_id, month, count in held:
        counts[unit_id, f"{month:%Y%m}"][kind_id] = count
    fed = {}
    for cell in wanted:
        unit_id, indicator_id, code = cell
        by_kind = counts.get((unit_id, code), {})
        count = sum(n for kind_id, n in by_kind.items() if kind_id in kinds_of[indicator_id])
        if count:
            fed[cell] = Fed(_("từ %(count)s hoạt động") % {"count": count}, _url(unit_id, code))
    return fed


def _url(unit_id: int, month: str) -> str:
    return f"{reverse('activities:list')}?{urlencode({'unit': unit_id, 'period': month})}"
