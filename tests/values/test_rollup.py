"""The roll-up follows the tree through moves, merges and imports, and always equals a
recount of the values."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from tests.factories import OrgUnitFactory
from tests.values.conftest import recount, subtree_ids
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.services import orgunit_merge, orgunit_move
from tuyengiao.values.models import Aggregate, RollupAncestor
from tuyengiao.values.periods import Period, covering_codes
from tuyengiao.values.rollup import (
    Delta,
    RollupCycleError,
    aggregates_apply,
    aggregates_rebuild,
    chain_of,
    chains_from_links,
    closure_rebuild,
)
from tuyengiao.values.selectors import (
    _range_holds_only,
    figure_combined,
    figures,
    figures_below,
    rollup_children,
)
from tuyengiao.values.services import CellKey, datavalue_save

OCT = Period.month(2023, 10)
YEAR = Period.year(2023)
MERGED_ON = datetime.date(2025, 7, 1)


def closure_rows() -> list[tuple[int, int, int]]:
    return sorted(RollupAncestor.objects.values_list("unit_id", "ancestor_id", "distance"))


def assert_rollups_match(indicators, period=YEAR) -> None:
    """Every unit's figure equals the recount, and the closure equals a fresh rebuild."""
    units = list(OrgUnit.objects.all())
    for indicator in indicators:
        found = figures(indicator=indicator, unit_ids=[u.pk for u in units], period=period)
        for unit in units:
            assert (found[unit.pk].value, found[unit.pk].count) == recount(
                indicator, unit, period
            ), (indicator.code, unit.code)
            below = {
                child.pk: found[child.pk]
                for child in rollup_children(unit)
                if found[child.pk].count
            }
            assert figures_below(indicator=indicator, unit=unit, period=period) == below
    incremental = closure_rows()
    closure_rebuild()
    assert closure_rows() == incremental
    written = aggregate_rows()
    aggregates_rebuild()
    assert aggregate_rows() == written


def aggregate_rows() -> list[tuple]:
    """Aggregate rows that hold something (a cleared cell leaves a row of zeros behind)."""
    rows = Aggregate.objects.exclude(total=0, count=0)
    return sorted(
        rows.values_list("orgunit_id", "indicator_id", "period", "option", "total", "count")
    )


def test_every_new_unit_gets_its_chain(tree):
    assert chain_of(tree.cell_a1.pk) == [tree.province.pk, tree.commune_a.pk, tree.cell_a1.pk]
    assert [u.code for u in rollup_children(tree.province)] == ["XA-AB", "XA-BM"]
    assert [u.code for u in rollup_children(tree.province, depth=2)] == ["CB-A1", "CB-B1"]


def test_a_moved_unit_takes_its_totals_along(tree, site_admin, count):
    datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, count, OCT), raw=7)
    orgunit_move(unit=tree.cell_a1, parent=tree.commune_b, effective_on=MERGED_ON)
    found = figures(indicator=count, unit_ids=[tree.commune_a.pk, tree.commune_b.pk], period=OCT)
    assert found[tree.commune_a.pk].value is None
    assert found[tree.commune_b.pk].value == Decimal(7)
    assert_rollups_match([count])


def test_a_merged_commune_keeps_rolling_up_into_its_successor(tree, site_admin, count, stock):
    for indicator in (count, stock):
        datavalue_save(user=site_admin, key=CellKey(tree.commune_a, indicator, OCT), raw=4)
        datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, indicator, OCT), raw=6)
    orgunit_merge(
        units=[tree.commune_a], successor=tree.commune_b, merged_on=MERGED_ON, move_children=True
    )
    tree.commune_a.refresh_from_db()
    assert chain_of(tree.commune_a.pk) == [tree.province.pk, tree.commune_b.pk, tree.commune_a.pk]
    assert figures(indicator=count, unit_ids=[tree.commune_b.pk], period=OCT)[
        tree.commune_b.pk
    ].value == Decimal(10)
    # A late value for the closed commune still lands in its successor.
    datavalue_save(user=site_admin, key=CellKey(tree.commune_a, count, OCT), raw=5)
    assert {u.code for u in rollup_children(tree.commune_b)} == {"XA-AB", "CB-A1", "CB-B1"}
    assert_rollups_match([count, stock], OCT)


def test_random_saves_moves_and_merges_always_equal_a_recount(tree, site_admin, count, stock, rate):
    rng = random.Random(20261201)
    kind = tree.cell_a1.kind
    units = [tree.province, tree.commune_a, tree.cell_a1, tree.commune_b, tree.cell_b1]
    units += [OrgUnitFactory(kind=kind, parent=rng.choice(units[1:])) for _ in range(6)]
    months = [Period.month(2023, m) for m in range(1, 13)]
    for step in range(120):
        action = rng.random()
        open_units = list(
            OrgUnit.objects.filter(closed_on__isnull=True).exclude(pk=tree.province.pk)
        )
        if action < 0.85 or len(open_units) < 3:
            indicator = rng.choice([count, stock, rate])
            unit = rng.choice(list(OrgUnit.objects.all()))
            raw = "" if rng.random() < 0.15 else rng.randint(0, 100)
            datavalue_save(
                user=site_admin, key=CellKey(unit, indicator, rng.choice(months)), raw=raw
            )
        elif action < 0.95:
            unit = rng.choice(open_units)
            targets = [u for u in open_units if u.pk not in subtree_ids(unit)]
            if targets:
                target = rng.choice([*targets, tree.province])
                if target.pk != unit.parent_id:
                    orgunit_move(unit=unit, parent=target, effective_on=MERGED_ON)
        else:
            unit = rng.choice(open_units)
            targets = [u for u in open_units if u.pk not in subtree_ids(unit)]
            if targets:
                orgunit_merge(
                    units=[unit],
                    successor=rng.choice(targets),
                    merged_on=MERGED_ON,
                    move_children=True,
                )
        if step % 40 == 39:
            assert_rollups_match([count, stock, rate])
    assert_rollups_match([count, stock, rate])
    assert_rollups_match([count, stock, rate], Period.quarter(2023, 2))


def test_the_tree_import_keeps_the_closure(tree, site_admin, count):
    from tuyengiao.orgunits.importing import orgunits_import

    datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, count, OCT), raw=3)
    content = (
        "code,name,kind,parent_code\n"
        "CB-A1,Chi bộ thôn 1,chi-bo,XA-BM\n"
        "CB-N1,Chi bộ mới,chi-bo,CB-N0\n"
        "CB-N0,Chi bộ mẹ,chi-bo,XA-AB\n"
    ).encode()
    result = orgunits_import(user=site_admin, content=content, filename="tree.csv")
    assert result.ok, result
    assert_rollups_match([count], OCT)
    new = OrgUnit.objects.get(code="CB-N1")
    assert chain_of(new.pk)[:2] == [tree.province.pk, tree.commune_a.pk]


def test_a_loop_of_links_is_refused():
    with pytest.raises(RollupCycleError):
        chains_from_links({1: 2, 2: 1})


@pytest.mark.django_db
def test_aggregate_and_values_carry_only_their_keys():
    """Every extra index is one more B-tree each imported value lands in, and on PostgreSQL
    an index on the indicator alone drew the planner away from the key. The one exception:
    PostgreSQL's aggregate rows by unit within each year, for reads of many units (values
    0011), in both states."""
    from django.db import connection

    key = ["indicator_id", "period", "orgunit_id", "option"]
    with connection.cursor() as cursor:
        for table in ("reporting_aggregate", "reporting_datavalue"):
            found = connection.introspection.get_constraints(cursor, table).values()
            indexed = [c["columns"] for c in found if c["index"] or c["unique"] or c["primary_key"]]
            expected = [key]
            if table == "reporting_datavalue":
                expected.append(["id"])
            elif connection.vendor == "postgresql":
                # Introspection names an expression None: the year, as pg_indexes shows.
                by_unit = ["indicator_id", None, "orgunit_id", "period", "option", "total", "count"]
                assert by_unit in indexed
                indexed.remove(by_unit)
                cursor.execute(
                    "SELECT tablename FROM pg_indexes WHERE indexdef LIKE %s",
                    ['%btree (indicator_id, (("left"((period)::text, 4))::smallint), orgunit_id, '
                     "period, option) INCLUDE (total, count)"],
                )  # fmt: skip
                assert sorted(t for (t,) in cursor.fetchall()) == [
                    table,
                    "values_approvedaggregate",
                ]
            # SQLite's introspection lists a composite key's columns in table order.
            assert sorted(map(sorted, indexed)) == sorted(map(sorted, expected)), (table, indexed)
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s", [table])
                ddl = " ".join(row[0] for row in cursor.fetchall() if row[0])
                assert ", ".join(f'"{c}"' for c in key) in ddl
            else:
                assert key in indexed


@pytest.mark.parametrize(
    ("period", "exact"),
    [("202510", True), ("2025", True), ("2025Q1", False), ("2025S2", False)],
)
def test_a_years_codes_fill_their_range_and_a_quarters_do_not(period, exact):
    """PostgreSQL reads a period's codes as a range and filters only when the range holds
    codes of other periods (a quarter's range runs on through the year's later months)."""
    assert _range_holds_only(covering_codes(Period.parse(period))) is exact


@pytest.mark.parametrize("period", [OCT, YEAR, Period.custom(datetime.date(2023, 9, 15), OCT.end)])
def test_a_figure_combined_over_both_communes_equals_the_provinces(
    tree, site_admin, count, stock, rate, period
):
    for unit, raw in ((tree.commune_a, 80), (tree.cell_a1, 60), (tree.commune_b, 90)):
        for indicator in (count, stock, rate):
            datavalue_save(user=site_admin, key=CellKey(unit, indicator, OCT), raw=raw)
    communes = [tree.commune_a.pk, tree.commune_b.pk]
    for indicator in (count, stock, rate):
        combined = figure_combined(indicator=indicator, unit_ids=communes, period=period)
        province = figures(indicator=indicator, unit_ids=[tree.province.pk], period=period)
        assert combined == province[tree.province.pk], indicator.code
    assert figure_combined(indicator=rate, unit_ids=communes, period=OCT).value == Decimal(
        "76.6667"
    )


def test_a_period_across_two_years_reads_both_years_rows(tree, site_admin, count, stock, rate):
    """PostgreSQL finds a unit's rows through its year (values 0011): a period over two
    years reads each year's."""
    december, january = Period.month(2023, 12), Period.month(2024, 1)
    for period, unit, raw in ((december, tree.cell_a1, 5), (january, tree.commune_a, 7)):
        for indicator in (count, stock, rate):
            datavalue_save(user=site_admin, key=CellKey(unit, indicator, period), raw=raw)
    both = Period.custom(december.start, january.end)
    assert_rollups_match([count, stock, rate], both)
    province = figures(indicator=count, unit_ids=[tree.province.pk], period=both)
    assert province[tree.province.pk].value == 12


@pytest.mark.django_db
def test_reads_of_many_units_go_through_the_index_by_year_and_unit(tree, site_admin, count):
    """The year in the read is written as the index's expression: else the index by unit
    finds only the indicator's entries, every unit's, and filters them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads the key itself")
    datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, count, OCT), raw=3)
    with CaptureQueriesContext(connection) as queries:
        figures_below(indicator=count, unit=tree.province, period=YEAR, state="entered")
    (read,) = [q["sql"] for q in queries if "reporting_aggregate" in q["sql"]]
    with connection.cursor() as cursor:
        # Over a handful of rows any plan is as good: rows of 2,000 more units and three
        # years make the index's conditions worth it, as in a real table.
        cursor.execute(
            "INSERT INTO reporting_aggregate (indicator_id, period, orgunit_id, option, total, "
            "count) SELECT %s, y || lpad(m::text, 2, '0'), 100000 + u, '', 1, 1 "
            "FROM generate_series(2022, 2024) y, generate_series(1, 12) m, "
            "generate_series(1, 2000) u",
            [count.pk],
        )
        cursor.execute("ANALYZE reporting_aggregate")
        cursor.execute(f"EXPLAIN {read}")
        plan = [line for (line,) in cursor.fetchall()]
    shown = "\n".join(plan)
    assert any("Index Only Scan using aggregate_by_unit" in line for line in plan), shown
    # A descent per unit and year, not a scan of the indicator's entries.
    assert any("Index Cond" in line and "(orgunit_id = ANY (" in line for line in plan), shown


def own_rows(indicator) -> dict[int, tuple[int, int]]:
    return {
        unit: (total, n)
        for unit, total, n in Aggregate.objects.filter(indicator=indicator).values_list(
            "orgunit_id", "total", "count"
        )
    }


@pytest.fixture(params=["SQL", "NumPy"])
def summing(request, monkeypatch):
    """Each test of `aggregates_apply` runs on both its ways of summing."""
    from tuyengiao.values import rollup

    if request.param == "NumPy":
        monkeypatch.setattr(rollup, "_FEW", 0)


def test_deltas_are_summed_per_row_and_rows_summing_to_nothing_are_not_written(
    tree, count, summing
):
    code = OCT.code
    aggregates_apply(
        [
            Delta(tree.cell_a1.pk, count.pk, code, "", 50_000, 1),
            Delta(tree.cell_b1.pk, count.pk, code, "", 20_000, 1),
            Delta(tree.cell_b1.pk, count.pk, code, "", -20_000, -1),
            Delta(10**9, count.pk, code, "", 70_000, 1),  # no such unit: in no chain
        ]
    )
    a1, a, province = tree.cell_a1.pk, tree.commune_a.pk, tree.province.pk
    assert own_rows(count) == {a1: (50_000, 1), a: (50_000, 1), province: (50_000, 1)}
    aggregates_apply([Delta(a, count.pk, code, "", 10_000, 1)], chain=False)
    assert own_rows(count)[a] == (60_000, 2) and own_rows(count)[province] == (50_000, 1)


def test_large_sums_stay_exact(tree, count, summing):
    """Float arithmetic would round this sum."""
    aggregates_apply(
        [
            Delta(tree.cell_a1.pk, count.pk, OCT.code, "", 2**61, 1),
            Delta(tree.cell_b1.pk, count.pk, OCT.code, "", 2**61 - 1, 1),
        ]
    )
    assert own_rows(count)[tree.province.pk] == (2**62 - 1, 2)


def test_a_sum_past_64_bits_is_refused_not_wrapped_round(tree, count, summing):
    """NumPy's int64 would wrap round in silence; such sums go to the database as Python
    integers, which it refuses, as it refuses to add them itself."""
    deltas = [
        Delta(tree.cell_a1.pk, count.pk, OCT.code, "", 2**62, 1),
        Delta(tree.cell_b1.pk, count.pk, OCT.code, "", 2**62, 1),
    ]
    with pytest.raises((OverflowError, DatabaseError)), transaction.atomic():
        aggregates_apply(deltas)


@pytest.mark.parametrize("chain", [True, False])
def test_a_few_deltas_and_many_are_summed_alike(tree, count, monkeypatch, chain):
    """A save's few deltas are grouped in SQL, an import's many in NumPy: the same rows."""
    from tuyengiao.values import rollup

    units = [tree.cell_a1, tree.cell_b1, tree.commune_a, tree.province]
    deltas = [
        Delta(unit.pk, count.pk, period, "", 10_000 * (k + 1), 1)
        for k, (unit, period) in enumerate(
            (unit, period) for unit in units for period in ("202310", "202311", "202310")
        )
    ]
    rows = []
    for few in (len(deltas), 0):
        monkeypatch.setattr(rollup, "_FEW", few)
        with transaction.atomic():
            aggregates_apply(deltas, chain=chain)
            rows.append(aggregate_rows())
            transaction.set_rollback(True)
    assert rows[0] == rows[1] and len(rows[0]) == (10 if chain else 8)
