"""Which figures a unit's channel output feeds, for the core's `cells_fed` (values.guards): a
cell of an indicator that some channel kind feeds by its output, for a month in which the
unit recorded output for a channel of such a kind. The grid shows it as "từ 2 kênh thông
tin" with a link, and the core refuses to have it typed, since the next month of output saved
would overwrite it.

Inventory figures (how many stations, clusters working) are not held here: they are written
for the month a channel changes only, so the other months stay open to typing.
"""

import re
from collections import defaultdict
from collections.abc import Set
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from tuyengiao.channels.models import OUTPUT, ChannelFeed, ChannelOutput
from tuyengiao.values.guards import Cell, Fed
from tuyengiao.values.periods import Period

_MONTH = re.compile(r"\d{6}")
# Past this many units (a national import), the months' output is read whole rather than
# named unit by unit, which would pass SQLite's limit on a query's parameters.
MANY_UNITS = 500


def channel_cells_fed(cells: Set[Cell]) -> dict[Cell, Fed]:
    kinds_of: dict[int, set[str]] = defaultdict(set)  # indicator id → kinds feeding it
    feeds = ChannelFeed.objects.filter(measure__in=OUTPUT).values_list("indicator_id", "kind")
    for indicator_id, kind in feeds:
        kinds_of[indicator_id].add(kind)
    wanted = [cell for cell in cells if cell[1] in kinds_of and _MONTH.fullmatch(cell[2])]
    if not wanted:
        return {}
    months = sorted({Period.parse(cell[2]).start for cell in wanted})
    kinds = set().union(*(kinds_of[cell[1]] for cell in wanted))
    units = {cell[0] for cell in wanted}
    outputs = ChannelOutput.objects.filter(channel__kind__in=kinds, month__in=months)
    if len(units) <= MANY_UNITS:
        outputs = outputs.filter(channel__orgunit_id__in=units)
    recorded = outputs.values_list("channel__orgunit_id", "channel__kind", "month").annotate(
        count=Count("id")
    )
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for unit_id, kind, month, count in recorded:
        counts[unit_id, f"{month:%Y%m}"][kind] = count
    fed = {}
    for cell in wanted:
        unit_id, indicator_id, code = cell
        by_kind = counts.get((unit_id, code), {})
        count = sum(n for kind, n in by_kind.items() if kind in kinds_of[indicator_id])
        if count:
            label = _("từ %(count)s kênh thông tin") % {"count": count}
            fed[cell] = Fed(label, f"{reverse('channels:index')}?{urlencode({'unit': unit_id})}")
    return fed
