"""What is due ("việc cần làm") and a form's completeness: only the periods a unit lived
in, and lateness judged by the first submission, not by the approver's delay."""

import datetime

import pytest
from django.urls import reverse

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import dues, services, workflow

pytestmark = pytest.mark.django_db


def previous(period, steps=1):
    for _ in range(steps):
        period = period.previous()
    return period


def test_a_unit_owes_no_period_before_it_was_founded(client, monthly_form, tree, owner):
    current = monthly_form.current
    listed = {d.period for d in dues.reports_to_fill(owner)}
    assert listed == {current, *(previous(current, n) for n in (1, 2, 3))}
    # Founded in the middle of last month: last month is owed, the ones before it are not.
    last = previous(current)
    tree.commune_a.opened_on = last.start + datetime.timedelta(days=10)
    tree.commune_a.save()
    owed = dues.reports_to_fill(owner)
    assert [d.period for d in owed] == [last, current]
    # Every period listed opens; the one before the founding is no report of the unit.
    client.force_login(owner)
    for period in (last, current, previous(last)):
        url = reverse("reporting:entry", args=[monthly_form.code, tree.commune_a.pk, period.code])
        assert client.get(url).status_code == (200 if period in (last, current) else 404)


def test_a_unit_closed_before_a_period_owes_it_nothing(monthly_form, tree, province_admin):
    current = monthly_form.current
    last = previous(current)
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


def test_a_report_resent_after_a_late_return_is_judged_by_its_first_sending(
    client, monthly_form, tree, owner, province_admin
):
    from django.utils import timezone

    from tuyengiao.reporting.models import Submission

    period, unit = monthly_form.current, tree.commune_a
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    first = Submission.objects.get().first_submitted_at
    submission = services.submission_return(
        user=province_admin, submission=Submission.objects.get(), reason="Thiếu số liệu"
    )
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    submission = Submission.objects.get()
    assert submission.first_submitted_at == first <= submission.submitted_at

    # As if sent the day before the deadline, returned late and sent again ten days after.
    closes = workflow.form_window(monthly_form, period).closes_on

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    Submission.objects.update(
        first_submitted_at=at(closes - datetime.timedelta(days=1)),
        submitted_at=at(closes + datetime.timedelta(days=10)),
    )
    report = dues.completeness(user=province_admin, form=monthly_form, period=period, under=unit)
    assert report.on_time == 1 and report.rows[0].on_time
    [waiting] = dues.reports_to_approve(province_admin)
    assert not waiting.is_late
    client.force_login(province_admin)
    assert "nộp muộn" not in client.get(reverse("reporting:due")).content.decode()

    # First sent after the deadline: late, however it went on.
    Submission.objects.update(first_submitted_at=at(closes + datetime.timedelta(days=1)))
    report = dues.completeness(user=province_admin, form=monthly_form, period=period, under=unit)
    assert report.on_time == 0
    [waiting] = dues.reports_to_approve(province_admin)
    assert waiting.is_late
    assert "nộp muộn" in client.get(reverse("reporting:due")).content.decode()


def test_a_returned_report_written_without_its_first_sending_keeps_its_last_one(
    monthly_form, tree, owner
):
    from django.utils import timezone

    from tuyengiao.reporting.models import Submission

    sent = timezone.now() - datetime.timedelta(days=3)
    Submission.objects.create(
        form=monthly_form, orgunit=tree.commune_a, period=monthly_form.current.code,
        status=Submission.Status.RETURNED, submitted_at=sent, updated_at=sent,
    )  # fmt: skip
    services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=monthly_form.current
    )
    submission = Submission.objects.get()
    assert submission.first_submitted_at == sent < submission.submitted_at


def test_the_migration_fills_the_first_sending_from_the_trail(monthly_form, tree):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from tuyengiao.reporting.models import Submission, SubmissionEvent

    migration = importlib.import_module(
        "tuyengiao.reporting.migrations.0010_submission_first_submitted_at"
    )
    now = timezone.now()
    days = [now - datetime.timedelta(days=n) for n in (9, 5, 1)]
    resent = Submission.objects.create(
        form=monthly_form, orgunit=tree.commune_a, period="202401",
        status=Submission.Status.SUBMITTED, submitted_at=days[2], updated_at=days[2],
    )  # fmt: skip
    for action, day in zip(("submit", "return", "submit"), days, strict=True):
        SubmissionEvent.objects.create(submission=resent, action=action, at=day)
    untraced = Submission.objects.create(
        form=monthly_form, orgunit=tree.commune_b, period="202401",
        status=Submission.Status.SUBMITTED, submitted_at=days[1], updated_at=days[1],
    )  # fmt: skip
    migration.first_sendings(apps, None)
    resent.refresh_from_db()
    untraced.refresh_from_db()
    assert (resent.first_submitted_at, untraced.first_submitted_at) == (days[0], days[1])
