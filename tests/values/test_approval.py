"""Approved figures (issue 16, item 3): a value a form collects counts as approved once its
report is approved at the form owner's level, and stops counting when it is returned; a
value no form collects is final at once. Both states roll up, move with the tree, and equal
an independent recount and a rebuild."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import make_token
from tests.values.conftest import import_rows, make_indicator, subtree_ids
from tuyengiao.orgunits.services import orgunit_merge
from tuyengiao.reporting import services
from tuyengiao.reporting.models import FormItem, ReportForm, Submission
from tuyengiao.values.models import Aggregate, Aggregation, ApprovedAggregate, DataValue
from tuyengiao.values.periods import Period
from tuyengiao.values.rollup import aggregates_rebuild
from tuyengiao.values.selectors import figures, figures_below
from tuyengiao.values.services import CellKey, datavalue_save

APPROVED, ENTERED = "approved", "entered"


def save(user, unit, indicator, period, raw, option=""):
    return datavalue_save(user=user, key=CellKey(unit, indicator, period, option), raw=raw)


def figure(indicator, unit, period, state=APPROVED):
    found = figures(indicator=indicator, unit_ids=[unit.pk], period=period, state=state)
    return found[unit.pk].value, found[unit.pk].count


def months_before(period: Period, count: int) -> Period:
    for _ in range(count):
        period = Period.parse((period.start - datetime.timedelta(days=1)).strftime("%Y%m"))
    return period


def approved_recount(indicator, unit, period) -> tuple[Decimal | None, int]:
    """The approved figure counted again from the values and the reports, by the rule, not by
    the code under test: a value of an indicator on an active form of its period kind, for a
    unit the form's kinds or list name under its owner, counts only when that (form, unit,
    period) has an approved submission."""
    values = DataValue.objects.filter(
        indicator=indicator,
        orgunit_id__in=subtree_ids(unit),
        period_start__gte=period.start,
        period_end__lte=period.end,
        value__isnull=False,
    ).select_related("orgunit")
    kept = []
    for v in values:
        forms = [
            form
            for form in ReportForm.objects.filter(is_active=True, items__indicator=indicator)
            if form.period_kind == Period.parse(v.period).kind
            and (
                v.orgunit.kind_id in set(form.unit_kinds.values_list("pk", flat=True))
                or form.units.filter(pk=v.orgunit_id).exists()
            )
            and form.owner_id in [*v.orgunit.ancestor_ids(), v.orgunit_id]
        ]
        approved = Submission.objects.filter(
            form__in=forms, orgunit=v.orgunit, period=v.period, status=Submission.Status.APPROVED
        ).exists()
        if not forms or approved:
            kept.append(v)
    if indicator.aggregation == Aggregation.LAST:
        latest: dict = {}
        for v in kept:
            key = (v.orgunit_id, v.option)
            if key not in latest or (v.period_end, v.period_start) > latest[key][:2]:
                latest[key] = (v.period_end, v.period_start, v.value)
        numbers = [value for *_, value in latest.values()]
    else:
        numbers = [v.value for v in kept]
    if not numbers:
        return None, 0
    return sum(numbers, Decimal(0)), len(numbers)


def rows(model) -> set[tuple]:
    return {
        (*row[:-2], int(row[-2]), row[-1])
        for row in model.objects.values_list(
            "orgunit_id", "indicator_id", "period", "option", "total", "count"
        )
        if row[-2] or row[-1]
    }


@pytest.fixture
def reported(monthly_form, tree, owner, count, by_level):
    """Commune A's figures for this month, typed into the form and sent."""
    period = monthly_form.current
    save(owner, tree.commune_a, count, period, "12")
    save(owner, tree.commune_a, by_level, period, "3", option="SO_CAP")
    save(owner, tree.commune_a, by_level, period, "4", option="CAO_CAP")
    return services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )


def test_approval_adds_the_report_and_a_return_takes_it_out(
    reported, monthly_form, tree, province_admin, count, by_level
):
    period = monthly_form.current
    assert figure(count, tree.province, period, ENTERED) == (12, 1)
    assert figure(count, tree.province, period) == (None, 0)
    # The commune's own approval is not the owner's: still not approved.
    submission = services.submission_approve(user=province_admin, submission=reported)
    assert submission.status == Submission.Status.APPROVED
    for state in (APPROVED, ENTERED):
        assert figure(count, tree.province, period, state) == (12, 1)
        assert figure(by_level, tree.province, period, state) == (7, 2)
    assert figure(count, tree.province, period) == approved_recount(count, tree.province, period)
    services.submission_return(user=province_admin, submission=submission, reason="Sai số")
    assert figure(count, tree.province, period) == (None, 0)
    assert figure(by_level, tree.commune_a, period) == (None, 0)
    assert figure(count, tree.province, period, ENTERED) == (12, 1)
    # Every approved row went back to zero, none is left holding a sum.
    assert rows(ApprovedAggregate) == set()


def test_an_approval_below_the_owner_adds_nothing(monthly_form, tree, owner, province_admin, count):
    monthly_form.units.add(tree.cell_a1)
    period = monthly_form.current
    save(owner, tree.cell_a1, count, period, "5")
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.cell_a1, period=period
    )
    submission = services.submission_approve(user=owner, submission=submission)  # the commune
    assert submission.status == Submission.Status.SUBMITTED
    assert figure(count, tree.province, period) == (None, 0)
    services.submission_approve(user=province_admin, submission=submission)
    assert figure(count, tree.province, period) == (5, 1)


def test_a_value_no_form_collects_is_final_at_once(tree, owner, rate, stock):
    period = Period.month(2023, 10)
    save(owner, tree.cell_a1, rate, period, "40")
    save(owner, tree.commune_a, rate, period, "60")
    save(owner, tree.cell_a1, stock, period, "8")
    for indicator, expected in ((rate, (50, 2)), (stock, (8, 1))):
        for state in (APPROVED, ENTERED):
            assert figure(indicator, tree.province, Period.year(2023), state) == expected
    save(owner, tree.cell_a1, stock, period, "")  # cleared: gone from both
    assert figure(stock, tree.province, Period.year(2023)) == (None, 0)


def test_a_stock_counts_its_latest_approved_month(monthly_form, tree, site_admin, stock):
    """LAST: the approved year holds each unit's latest approved month, not its latest one."""
    FormItem.objects.create(
        form=monthly_form, section=monthly_form.sections.first(), indicator=stock, sort_order=3
    )
    later = monthly_form.current
    earlier = months_before(later, 1)
    year = Period.year(later.start.year)
    save(site_admin, tree.commune_a, stock, earlier, "4")
    save(site_admin, tree.commune_a, stock, later, "6")
    submissions = {
        p.code: services.submission_submit(
            user=site_admin, form=monthly_form, unit=tree.commune_a, period=p
        )
        for p in (earlier, later)
    }
    assert figure(stock, tree.province, later) == (None, 0)
    approve = services.submission_approve
    submissions[earlier.code] = approve(user=site_admin, submission=submissions[earlier.code])
    if earlier.start.year == later.start.year:
        assert figure(stock, tree.province, year) == (4, 1)
        assert figure(stock, tree.province, year, ENTERED) == (6, 1)
    submissions[later.code] = approve(user=site_admin, submission=submissions[later.code])
    assert figure(stock, tree.province, year) == (6, 1)
    services.submission_return(user=site_admin, submission=submissions[later.code], reason="Sửa")
    for period in (earlier, later, year):
        found = figure(stock, tree.province, period)
        assert found == approved_recount(stock, tree.province, period), period
    services.submission_return(user=site_admin, submission=submissions[earlier.code], reason="Sửa")
    assert figure(stock, tree.province, year) == (None, 0)
    assert rows(ApprovedAggregate) == set()


def test_a_merged_commune_carries_both_states(
    reported, monthly_form, tree, owner, outsider, province_admin, count, rate
):
    services.submission_approve(user=province_admin, submission=reported)
    save(owner, tree.cell_a1, rate, Period.month(2023, 10), "30")  # on no form: final
    period = monthly_form.current
    save(outsider, tree.commune_b, count, period, "1")  # not sent: entered only
    orgunit_merge(
        units=[tree.commune_a],
        successor=tree.commune_b,
        merged_on=datetime.date(2025, 6, 30),
        move_children=True,
    )
    assert figure(count, tree.commune_b, period) == (12, 1)
    assert figure(count, tree.commune_b, period, ENTERED) == (13, 2)
    assert figure(rate, tree.commune_b, Period.year(2023)) == (30, 1)
    assert figure(count, tree.province, period) == (12, 1)
    below = figures_below(indicator=count, unit=tree.province, period=period)
    assert {pk for pk, found in below.items() if found.count} == {tree.commune_b.pk}
    for unit in (tree.province, tree.commune_b, tree.commune_a):
        assert figure(count, unit, period) == approved_recount(count, unit, period), unit
    entered, approved = rows(Aggregate), rows(ApprovedAggregate)
    aggregates_rebuild()
    assert (rows(Aggregate), rows(ApprovedAggregate)) == (entered, approved)


def test_a_rebuild_equals_the_write_through_in_both_states(
    monthly_form, tree, owner, outsider, province_admin, site_admin, count, by_level, stock, rate
):
    FormItem.objects.create(
        form=monthly_form, section=monthly_form.sections.first(), indicator=stock, sort_order=3
    )
    period = monthly_form.current
    for user, unit, number in ((owner, tree.commune_a, 5), (outsider, tree.commune_b, 7)):
        save(user, unit, count, period, str(number))
        save(user, unit, stock, period, str(number * 10))
        save(user, unit, by_level, period, "2", option="SO_CAP")
    save(owner, tree.cell_a1, stock, period, "3")  # a unit that reports no form: final
    save(owner, tree.cell_a1, rate, period, "70")
    sent_a = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    sent_b = services.submission_submit(
        user=outsider, form=monthly_form, unit=tree.commune_b, period=period
    )
    services.submission_approve(user=province_admin, submission=sent_a)
    approved_b = services.submission_approve(user=province_admin, submission=sent_b)
    services.submission_return(user=province_admin, submission=approved_b, reason="Kiểm tra lại")
    save(outsider, tree.commune_b, count, period, "9")  # corrected after the return
    for indicator in (count, by_level, stock, rate):
        for unit in (tree.province, tree.commune_a, tree.commune_b, tree.cell_a1):
            assert figure(indicator, unit, period) == approved_recount(indicator, unit, period)
    assert figure(count, tree.province, period) == (5, 1)
    assert figure(stock, tree.province, period) == (53, 2)
    entered, approved = rows(Aggregate), rows(ApprovedAggregate)
    assert approved and approved != entered
    aggregates_rebuild()
    assert rows(Aggregate) == entered
    assert rows(ApprovedAggregate) == approved


def test_an_unknown_state_is_refused(tree, count):
    with pytest.raises(ValueError, match="state"):
        figures(indicator=count, unit_ids=[tree.province.pk], period=Period.year(2023), state="x")


# --- the API --------------------------------------------------------------------------------


def get_aggregate(client, user, **params):
    headers = {"authorization": f"Bearer {make_token(user)}"}
    return client.get("/api/aggregates/", params, headers=headers)


def test_the_api_reads_approved_figures_unless_asked_for_every_value_entered(
    client, reported, monthly_form, tree, province_admin, count
):
    query = {"indicator": count.code, "orgunit": tree.province.code}
    query["period"] = monthly_form.current.code
    body = get_aggregate(client, province_admin, **query).json()
    assert (body["value"], body["count"], body["state"]) == (None, 0, APPROVED)
    body = get_aggregate(client, province_admin, **query, state="entered", by="level").json()
    assert (body["value"], body["count"], body["state"]) == (12, 1, ENTERED)
    assert [(r["orgunit"], r["value"]) for r in body["rows"]] == [("XA-AB", 12), ("XA-BM", None)]
    services.submission_approve(user=province_admin, submission=reported)
    body = get_aggregate(client, province_admin, **query, by="level").json()
    assert (body["value"], body["state"]) == (12, APPROVED)
    assert [(r["orgunit"], r["value"]) for r in body["rows"]] == [("XA-AB", 12), ("XA-BM", None)]


def test_the_api_refuses_an_unknown_state_in_vietnamese(client, tree, province_admin, count):
    response = get_aggregate(
        client,
        province_admin,
        indicator=count.code,
        orgunit=tree.province.code,
        period="2023",
        state="draft",
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "state" and error["message"].startswith("Phải là một trong")


def test_a_stock_over_a_range_of_days_counts_approved_months_only(
    monthly_form, tree, site_admin, stock
):
    FormItem.objects.create(
        form=monthly_form, section=monthly_form.sections.first(), indicator=stock, sort_order=3
    )
    later = monthly_form.current
    earlier = months_before(later, 1)
    save(site_admin, tree.commune_a, stock, earlier, "4")
    save(site_admin, tree.commune_a, stock, later, "6")
    save(site_admin, tree.cell_a1, stock, later, "1")  # on no form: final
    sent = services.submission_submit(
        user=site_admin, form=monthly_form, unit=tree.commune_a, period=earlier
    )
    services.submission_approve(user=site_admin, submission=sent)
    span = Period.parse(f"{earlier.start:%Y%m%d}-{later.end:%Y%m%d}")
    assert figure(stock, tree.province, span) == (5, 2)
    assert figure(stock, tree.province, span, ENTERED) == (7, 2)
    assert figure(stock, tree.province, span) == approved_recount(stock, tree.province, span)


def test_a_value_on_a_form_of_another_period_kind_is_final(monthly_form, tree, owner, count):
    """The monthly form does not collect a year's value: it is final when saved."""
    save(owner, tree.cell_a1, count, Period.year(2023), "9")
    assert figure(count, tree.province, Period.year(2023)) == (9, 1)


def test_a_none_indicator_reads_its_own_value_once_approved(
    monthly_form, tree, owner, province_admin
):
    kept = make_indicator("T_GHI_NHAN", aggregation=Aggregation.NONE)
    FormItem.objects.create(
        form=monthly_form, section=monthly_form.sections.first(), indicator=kept, sort_order=4
    )
    period = monthly_form.current
    save(owner, tree.commune_a, kept, period, "2")
    assert figure(kept, tree.commune_a, period) == (None, 0)
    assert figure(kept, tree.commune_a, period, ENTERED) == (2, 1)
    sent = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    services.submission_approve(user=province_admin, submission=sent)
    assert figure(kept, tree.commune_a, period) == (2, 1)


def test_when_a_form_starts_or_stops_collecting_the_approved_sums_follow(
    django_capture_on_commit_callbacks, monthly_form, tree, owner, rate
):
    """A value saved while no form collected it was final; once its indicator is put on the
    form it waits for its report's approval, and counts again when the form is switched off."""
    period = monthly_form.current
    save(owner, tree.commune_a, rate, period, "40")
    assert figure(rate, tree.province, period) == (40, 1)
    with django_capture_on_commit_callbacks(execute=True):
        FormItem.objects.create(
            form=monthly_form, section=monthly_form.sections.first(), indicator=rate, sort_order=5
        )
    assert figure(rate, tree.province, period) == (None, 0)
    assert figure(rate, tree.province, period) == approved_recount(rate, tree.province, period)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_form.unit_kinds.remove(tree.commune_a.kind)
    assert figure(rate, tree.province, period) == (40, 1)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_form.unit_kinds.add(tree.commune_a.kind)
    assert figure(rate, tree.province, period) == (None, 0)
    monthly_form.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        monthly_form.save()
    assert figure(rate, tree.province, period) == (40, 1)
    assert figure(rate, tree.province, period) == approved_recount(rate, tree.province, period)


def test_an_import_of_many_values_rolls_up_both_states_alike_unless_a_form_collects(
    monthly_form, tree, site_admin, count, rate
):
    """Many deltas are grouped once, in NumPy, for both tables: the same rows when every
    value is final (the form collects communes' counts, not cells' nor rates); without the
    collected ones when a form collects some."""
    units = [tree.cell_a1, tree.cell_b1, tree.commune_a, tree.commune_b]
    months = [f"2023{month:02d}" for month in range(1, 13)]
    year = [
        {"indicator": indicator.code, "orgunit": unit.code, "period": month, "value": k}
        for k, (indicator, unit, month) in enumerate(
            (i, u, m) for i in (rate, count) for u in units[:2] for m in months
        )
    ]
    report = import_rows(user=site_admin, rows=year)
    assert report.ok, report.errors[:3]
    assert rows(ApprovedAggregate) == rows(Aggregate) != set()
    current = monthly_form.current.code
    collected = [
        {"indicator": count.code, "orgunit": unit.code, "period": current, "value": 5}
        for unit in (tree.commune_a, tree.commune_b)
    ]
    final = [
        {"indicator": rate.code, "orgunit": unit.code, "period": current, "value": 50}
        for unit in units
    ]
    assert import_rows(user=site_admin, rows=collected + final).ok
    period = monthly_form.current
    assert figure(count, tree.province, period) == (None, 0)
    assert figure(count, tree.province, period, ENTERED) == (10, 2)
    assert figure(rate, tree.province, period) == (50, 4)
