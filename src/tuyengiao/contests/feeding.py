"""The contests' figures are fed, not typed: for the core's `cells_fed` (values.guards), every
cell of the contests' indicators (entries by kind of work, prizes by level) is fed by the
contests, whatever its unit and period. They are counted again from every contest of the year
each time an entry is saved or results are confirmed (`services`), which would overwrite a
figure typed by hand; the grid shows such a cell as "từ các cuộc thi, giải thưởng" with a
link, and the core refuses to have it typed or imported.
"""

from collections.abc import Set

from django.urls import reverse
from django.utils.translation import gettext as _

from tuyengiao.contests.seeds import ENTRIES, PRIZES
from tuyengiao.values import guards
from tuyengiao.values.guards import Cell, Fed
from tuyengiao.values.models import Indicator

_MEMO = "contests.indicators"


def contest_cells_fed(cells: Set[Cell]) -> dict[Cell, Fed]:
    if not cells:
        return {}
    indicators = _indicator_ids()
    wanted = [cell for cell in cells if cell[1] in indicators]
    if not wanted:
        return {}
    fed = Fed(_("từ các cuộc thi, giải thưởng"), reverse("contests:index"))
    return dict.fromkeys(wanted, fed)


def _indicator_ids() -> frozenset[int]:
    """The ids of the contests' indicators, read once for a write (`guards.write_memo`)."""
    memo = guards.memo()
    if memo is not None and _MEMO in memo:
        return memo[_MEMO]
    ids = frozenset(
        Indicator.objects.filter(code__in=(ENTRIES, PRIZES)).values_list("pk", flat=True)
    )
    if memo is not None:
        memo[_MEMO] = ids
    return ids
