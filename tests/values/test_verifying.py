"""`tuyengiao values verify [--repair]`: the stored aggregates against a recount of their
values (issue 20 §7), read-only unless told to repair."""

import io

import pytest
from django.core.management import CommandError, call_command

from tuyengiao.values.models import Aggregate
from tuyengiao.values.services import ENTRY, datavalues_write
from tuyengiao.values.verifying import aggregates_verify


@pytest.fixture
def written(tree, province_admin, count):
    cells = [
        {"indicator": count.code, "orgunit": unit.code, "period": "202611", "value": value}
        for unit, value in ((tree.commune_a, 3), (tree.cell_a1, 4), (tree.commune_b, 5))
    ]
    report = datavalues_write(cells, user=province_admin, source=ENTRY)
    assert report.ok
    return count


def _province_total(tree, indicator) -> int:
    return Aggregate.objects.get(orgunit=tree.province, indicator=indicator, period="202611").total


def test_aggregates_that_match_their_values_pass(written):
    assert aggregates_verify() == []
    out, err = io.StringIO(), io.StringIO()
    call_command("values", "verify", stdout=out, stderr=err)
    assert out.getvalue() == "" and "khớp" in err.getvalue()


def test_a_wrong_aggregate_is_listed_and_left_until_repaired(written, tree):
    right = _province_total(tree, written)
    Aggregate.objects.filter(orgunit=tree.province, indicator=written, period="202611").update(
        total=right + 1
    )
    [mismatch] = aggregates_verify()
    assert (mismatch.state, mismatch.orgunit_id, mismatch.period) == (
        "entered",
        tree.province.pk,
        "202611",
    )
    assert mismatch.stored[0] == right + 1 and mismatch.recounted[0] == right
    assert _province_total(tree, written) == right + 1  # verifying changed nothing
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("values", "verify", stdout=out, stderr=io.StringIO())
    assert refused.value.returncode == 1 and "--repair" in str(refused.value)
    assert f"\t{tree.province.pk}\t" in out.getvalue()

    call_command("values", "verify", "--repair", stdout=io.StringIO(), stderr=io.StringIO())
    assert _province_total(tree, written) == right
    assert aggregates_verify() == []


def test_figures_a_form_collects_before_approval_pass(monthly_form, tree, province_admin, count):
    """The recount leaves an approved row of nothing where a form's figures wait for
    approval; the writes leave none: the same."""
    cells = [{"indicator": count.code, "orgunit": tree.commune_a.code,
              "period": monthly_form.current.code, "value": 6}]  # fmt: skip
    assert datavalues_write(cells, user=province_admin, source=ENTRY).ok
    assert aggregates_verify() == []


def test_a_repair_rewrites_only_the_rows_that_differ_in_both_states(written, tree):
    """A row missing, a row too many and a wrong row, each in another state: the repair
    puts back the first, removes the second, mends the third and leaves every other row."""
    from tuyengiao.values.models import ApprovedAggregate

    province = {"orgunit": tree.province, "indicator": written, "period": "202611"}
    right = ApprovedAggregate.objects.get(**province)
    ApprovedAggregate.objects.filter(**province).delete()
    Aggregate.objects.create(
        orgunit=tree.cell_b1, indicator=written, period="202611", option="", total=7, count=1
    )
    Aggregate.objects.filter(orgunit=tree.commune_a, indicator=written).update(count=9)
    others = set(
        Aggregate.objects.exclude(orgunit__in=[tree.cell_b1, tree.commune_a]).values_list(
            "orgunit_id", "period", "total", "count"
        )
    )
    found = aggregates_verify(repair=True)
    assert sorted(
        (m.state, m.orgunit_id, m.stored is None, m.recounted is None) for m in found
    ) == sorted(
        [
            ("approved", tree.province.pk, True, False),
            ("entered", tree.cell_b1.pk, False, True),
            ("entered", tree.commune_a.pk, False, False),
        ]
    )
    assert ApprovedAggregate.objects.get(**province).total == right.total
    assert not Aggregate.objects.filter(orgunit=tree.cell_b1).exists()
    assert others <= set(Aggregate.objects.values_list("orgunit_id", "period", "total", "count"))
    assert aggregates_verify() == []
