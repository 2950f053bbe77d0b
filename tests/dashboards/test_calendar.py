"""The calendar pages: a unit's activities, meetings and deadlines by month, week and list,
each in scope; Vietnamese weekdays and dd/mm/yyyy dates."""

import datetime

import pytest
from django.urls import reverse

from tuyengiao.activities.meetings import meeting_save
from tuyengiao.activities.models import Activity, ActivityKind, Meeting
from tuyengiao.activities.services import activity_save
from tuyengiao.dashboards.calendar.entries import calendar_entries, feed_units
from tuyengiao.tracking.models import Assignment, Task

DAY = datetime.date(2026, 3, 5)
CALENDAR = reverse("calendar:calendar")


@pytest.fixture
def entries(tree, owner, outsider, province_admin):
    """In March 2026: a meeting and an activity of commune A, an activity of its cell, a
    task deadline for A, and a meeting of commune B that A must never see."""
    meeting_save(
        user=owner,
        invited=[tree.commune_a],
        meeting=Meeting(
            orgunit=tree.commune_a,
            title="Hội nghị quán triệt 35-NQ/TW",
            held_on=DAY,
            starts_at=datetime.time(14),
            ends_at=datetime.time(17),
            place="Hội trường Tỉnh ủy",
        ),
    )
    kind = ActivityKind.objects.get(code="THONG_TIN_THOI_SU")
    activity_save(
        user=owner,
        activity=Activity(
            kind=kind,
            orgunit=tree.commune_a,
            title="Thông tin thời sự tháng 3",
            held_on=datetime.date(2026, 3, 12),
        ),
    )
    activity_save(
        user=owner,
        activity=Activity(
            kind=kind,
            orgunit=tree.cell_a1,
            title="Sinh hoạt chi bộ thôn 1",
            held_on=datetime.date(2026, 3, 13),
        ),
    )
    task = Task.objects.create(
        orgunit=tree.province,
        title="Báo cáo sơ kết 35-NQ/TW",
        deadline=datetime.date(2026, 3, 20),
        created_by=province_admin,
    )
    Assignment.objects.create(
        task=task,
        orgunit=tree.commune_a,
        assigned_by=province_admin,
        deadline=datetime.date(2026, 3, 20),
    )
    meeting_save(
        user=outsider,
        invited=[tree.commune_b],
        meeting=Meeting(orgunit=tree.commune_b, title="Họp riêng xã Bình Minh", held_on=DAY),
    )


def titles(entries_) -> list[str]:
    return [entry.title for entry in entries_]


def test_a_units_entries_and_its_subtrees(tree, owner, entries):
    march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    own = calendar_entries(user=owner, units=[tree.commune_a], start=march[0], end=march[1])
    assert titles(own) == [
        "Hội nghị quán triệt 35-NQ/TW",
        "Thông tin thời sự tháng 3",
        "Hạn: Báo cáo sơ kết 35-NQ/TW",
    ]
    deadline = own[-1]
    assert deadline.starts_at is None and deadline.kind == "task"
    units = [tree.commune_a, tree.cell_a1]
    below = calendar_entries(user=owner, units=units, start=march[0], end=march[1])
    assert "Sinh hoạt chi bộ thôn 1" in titles(below)
    assert "Họp riêng xã Bình Minh" not in titles(below)


def test_a_forms_deadline_is_on_the_calendar(tree, owner, monthly_form):
    period = monthly_form.current
    closes = period.end + datetime.timedelta(days=5)
    found = calendar_entries(user=owner, units=[tree.commune_a], start=period.start,
                             end=closes)  # fmt: skip
    # The period's deadline, and the one before it (the fifth of the period's month).
    dues = [entry for entry in found if entry.kind == "form"]
    assert [entry.day for entry in dues] == [period.start + datetime.timedelta(days=4), closes]
    due = dues[-1]
    assert "Báo cáo tháng thử" in due.title and due.starts_at is None
    assert due.url == reverse("reporting:entry", args=["BM_THU", tree.commune_a.pk, period.code])


@pytest.mark.parametrize("view", ["month", "week", "agenda"])
@pytest.mark.parametrize("user_fixture", ["owner", "member"])
def test_commune_a_reads_its_calendar(client, request, tree, entries, view, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    page = client.get(CALENDAR, {"unit": tree.commune_a.pk, "view": view, "day": "2026-03-05"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hội nghị quán triệt 35-NQ/TW" in html and "Họp riêng xã Bình Minh" not in html
    assert "Thứ Năm" in html
    if view == "agenda":
        assert "Thứ Năm, 05/03/2026" in html and "14:00–17:00" in html


def test_the_subtree_toggle(client, tree, owner, entries):
    client.force_login(owner)
    query = {"unit": tree.commune_a.pk, "day": "2026-03-01"}
    assert "Sinh hoạt chi bộ thôn 1" not in client.get(CALENDAR, query).content.decode()
    page = client.get(CALENDAR, {**query, "subtree": "1"})
    assert "Sinh hoạt chi bộ thôn 1" in page.content.decode()


def test_the_calendar_is_scoped(client, tree, owner, outsider, entries):
    assert client.get(CALENDAR).status_code == 302  # a login first
    client.force_login(outsider)
    for unit in (tree.commune_a, tree.province):
        assert client.get(CALENDAR, {"unit": unit.pk}).status_code == 404
    assert client.get(CALENDAR, {"unit": "x"}).status_code == 404
    page = client.get(CALENDAR, {"day": "2026-03-05"})  # their own unit by default
    html = page.content.decode()
    assert "Họp riêng xã Bình Minh" in html and "Hội nghị quán triệt 35-NQ/TW" not in html
    assert feed_units(outsider) == [tree.commune_b]


def test_navigation_prev_next_today(client, tree, owner):
    client.force_login(owner)
    page = client.get(CALENDAR, {"unit": tree.commune_a.pk, "view": "month", "day": "2026-01-15"})
    assert "Tháng 1/2026" in page.content.decode()
    assert page.context["previous"] == datetime.date(2025, 12, 1)
    assert page.context["next"] == datetime.date(2026, 2, 1)
    assert (page.context["start"], page.context["end"]) == (
        datetime.date(2025, 12, 29),
        datetime.date(2026, 2, 1),
    )
    week = client.get(CALENDAR, {"unit": tree.commune_a.pk, "view": "week", "day": "2026-03-05"})
    assert week.context["start"] == datetime.date(2026, 3, 2)  # a Monday
    assert "02/03/2026 – 08/03/2026" in week.content.decode()


@pytest.mark.parametrize(
    ("day", "view", "shown"),
    [
        ("9999-12-20", "month", datetime.date(2200, 12, 31)),
        ("9999-12-31", "week", datetime.date(2200, 12, 31)),
        ("9999-12-20", "agenda", datetime.date(2200, 12, 31)),
        ("0001-01-01", "month", datetime.date(1900, 1, 1)),
        ("0001-01-01", "agenda", datetime.date(1900, 1, 1)),
    ],
)
def test_a_day_far_out_of_range_is_brought_back(client, tree, owner, day, view, shown):
    client.force_login(owner)
    page = client.get(CALENDAR, {"unit": tree.commune_a.pk, "view": view, "day": day})
    assert page.status_code == 200
    assert page.context["day"] == shown
