"""What is due ("việc cần làm") and a form's completeness: only the periods a unit lived
in, and lateness judged by the first submission, not by the approver's delay."""

import datetime

import pytest
from django.urls import reverse

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import dues, workflow

pytestmark = pytest.mark.django_db


def previous(form, period, steps=1):
    for _ in range(steps):
        period = dues._previous(form, period)
    return period


def test_a_unit_owes_no_period_before_it_was_founded(client, monthly_form, tree, owner):
    current = monthly_form.current
    listed = {d.period for d in dues.reports_to_fill(owner)}
    assert listed == {current, *(previous(monthly_form, current, n) for n in (1, 2, 3))}
    # Founded in the middle of last month: last month is owed, the ones before it are not.
    last = previous(monthly_form, current)
    tree.commune_a.opened_on = last.start + datetime.timedelta(days=10)
    tree.commune_a.save()
    owed = dues.reports_to_fill(owner)
    assert [d.period for d in owed] == [last, current]
    # Every period listed opens; the one before the founding is no report of the unit.
    client.force_login(owner)
    for period in (last, current, previous(monthly_form, last)):
        url = reverse("reporting:entry", args=[monthly_form.code, tree.commune_a.pk, period.code])
        assert client.get(url).status_code == (200 if period in (last, current) else 404)


def test_a_unit_closed_before_a_period_owes_it_nothing(monthly_form, tree, province_admin):
    current = monthly_form.current
    last = previous(monthly_form, current)
    tree.commune_b.closed_on = last.end  # closed on the last day of last month
    tree.commune_b.save()
    assert tree.commune_b in workflow.form_units(monthly_form, last)
    assert tree.commune_b not in workflow.form_units(monthly_form, current)
    report = dues.completeness(
        user=province_admin, form=monthly_form, period=current, under=tree.province
    )
    assert [row.unit for row in report.rows] == [tree.commune_a]
    assert report.required == 1


def test_the_open_rule_is_the_same_for_a_row_and_a_query(tree):
    day = datetime.date(2025, 7, 1)
    tree.commune_a.opened_on, tree.commune_b.closed_on = day, day
    tree.commune_a.save()
    tree.commune_b.save()
    spans = [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        (datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)),
        (datetime.date(2025, 7, 1), datetime.date(2025, 7, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ]
    for start, end in spans:
        in_query = set(OrgUnit.objects.open_during(start, end))
        by_row = {unit for unit in OrgUnit.objects.all() if unit.was_open_during(start, end)}
        assert in_query == by_row, (start, end)
    assert not tree.commune_a.was_open_during(*spans[1])
    assert tree.commune_a.was_open_during(*spans[2])
    assert tree.commune_b.was_open_during(*spans[2])
    assert not tree.commune_b.was_open_during(*spans[3])
