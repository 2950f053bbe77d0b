"""The contests' figures are fed by the contests, never typed: the core refuses them by hand
(the same rule as the figures activities and channels feed), and the contests still write
them."""

import pytest
from django.utils import timezone

from tests.contests.conftest import submit
from tuyengiao.contests.seeds import ENTRIES, PRIZES
from tuyengiao.values.guards import cells_blocked, cells_fed
from tuyengiao.values.models import DataValue, Indicator, SourceKind
from tuyengiao.values.services import Source, datavalues_write


def _row(indicator: str, unit, option: str, value) -> dict:
    period = str(timezone.localdate().year)
    return {"indicator": indicator, "orgunit": unit.code, "period": period, "option": option,
            "value": value}  # fmt: skip


@pytest.mark.parametrize("kind", [SourceKind.ENTRY, SourceKind.IMPORT, SourceKind.API])
def test_contest_figures_are_refused_by_hand_with_their_reason(tree, staff, kind):
    rows = [_row(ENTRIES, tree.commune_a, "CHINH_LUAN", 3), _row(PRIZES, tree.commune_a, "A", 1)]
    report = datavalues_write(rows, user=staff, source=Source(kind))
    assert len(report.errors) == 2
    assert all("từ các cuộc thi, giải thưởng" in error.message for error in report.errors)
    assert not DataValue.objects.filter(indicator__code__in=[ENTRIES, PRIZES]).exists()


def test_every_cell_of_the_contest_indicators_is_fed_and_no_other(tree):
    ours = {i.code: i.pk for i in Indicator.objects.filter(code__in=[ENTRIES, PRIZES])}
    other = Indicator.objects.exclude(code__in=[ENTRIES, PRIZES]).first()
    assert other is not None  # the catalogue the migrations seed
    cells = {(tree.commune_a.pk, ours[ENTRIES], "2026"), (tree.cell_b1.pk, ours[PRIZES], "202611")}
    fed = cells_fed(cells | {(tree.commune_a.pk, other.pk, "2026")})
    assert set(fed) == cells
    assert all(found.url == "/contests/" for found in fed.values())
    # Refused by hand only: what the contests write passes the same check.
    assert cells_blocked(user=None, cells=set(fed), by_hand=True).keys() == set(fed)
    assert not cells_blocked(user=None, cells=set(fed), by_hand=False)


def test_an_entry_still_writes_its_count(contest, tree, owner):
    submit(contest, owner, tree.commune_a)
    value = DataValue.objects.get(indicator__code=ENTRIES, orgunit=tree.commune_a)
    assert value.option == "CHINH_LUAN" and value.source == SourceKind.CONTEST
