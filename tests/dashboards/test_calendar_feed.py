"""The private iCalendar feed: made, rotated and revoked on its page, read without a login,
in its user's scope at the time of reading, and checked by parsing it back."""

import datetime
import zoneinfo
from types import SimpleNamespace

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tuyengiao.accounts.models import RoleAssignment
from tuyengiao.activities.calendar_tokens import calendar_token_rotate
from tuyengiao.activities.meetings import meeting_save
from tuyengiao.activities.models import CalendarToken, Meeting
from tuyengiao.dashboards.calendar import views
from tuyengiao.dashboards.calendar.views import FEED_READS_PER_MINUTE
from tuyengiao.tracking.models import Assignment, Task

FEED_PAGE = reverse("calendar:feed")
ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def soon():
    return timezone.localdate() + datetime.timedelta(days=10)


@pytest.fixture
def entries(tree, owner, outsider, province_admin, soon):
    meeting_save(user=owner, invited=[tree.commune_a], meeting=Meeting(
        orgunit=tree.commune_a, title="Hội nghị quán triệt 35-NQ/TW", held_on=soon,
        starts_at=datetime.time(14), ends_at=datetime.time(17), place="Hội trường Tỉnh ủy",
    ))  # fmt: skip
    meeting_save(user=owner, invited=[], meeting=Meeting(
        orgunit=tree.commune_a, title="Tập huấn cả ngày", held_on=soon,
        ends_on=soon + datetime.timedelta(days=1),
    ))  # fmt: skip
    task = Task.objects.create(orgunit=tree.province, title="Báo cáo sơ kết",
                               deadline=soon, created_by=province_admin)  # fmt: skip
    Assignment.objects.create(task=task, orgunit=tree.commune_a, assigned_by=province_admin,
                              deadline=soon)  # fmt: skip
    meeting_save(user=outsider, invited=[], meeting=Meeting(
        orgunit=tree.commune_b, title="Họp riêng xã Bình Minh", held_on=soon,
    ))  # fmt: skip


def feed_url(key: str) -> str:
    return reverse("calendar:ics", args=[key])


def events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parsed_back(client, tree, owner, entries, soon):
    key = calendar_token_rotate(user=owner)
    response = client.get(feed_url(key))  # no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    found = events(response.content)
    assert set(found) == {"Hội nghị quán triệt 35-NQ/TW", "Tập huấn cả ngày", "Hạn: Báo cáo sơ kết"}
    meeting = found["Hội nghị quán triệt 35-NQ/TW"]
    start, end = meeting.decoded("dtstart"), meeting.decoded("dtend")
    assert start == datetime.datetime.combine(soon, datetime.time(14), tzinfo=ZONE)
    assert end == datetime.datetime.combine(soon, datetime.time(17), tzinfo=ZONE)
    assert meeting["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(meeting["location"]) == "Hội trường Tỉnh ủy"
    assert "dtstamp" in meeting and str(meeting["url"]).startswith("http://testserver/")
    # All-day: a date, DTEND the day after the last day.
    deadline = found["Hạn: Báo cáo sơ kết"]
    assert deadline.decoded("dtstart") == soon
    assert deadline.decoded("dtend") == soon + datetime.timedelta(days=1)
    training = found["Tập huấn cả ngày"]
    assert training.decoded("dtend") == soon + datetime.timedelta(days=2)
    # The UIDs are stable: a second read gives the same ones, all distinct.
    again = events(client.get(feed_url(key)).content)
    uids = [str(event["uid"]) for event in found.values()]
    assert len(set(uids)) == 3 and uids == [str(event["uid"]) for event in again.values()]
    assert str(meeting["uid"]).startswith("meeting-")


def test_a_rotated_or_revoked_token_is_missing(client, owner, entries):
    first = calendar_token_rotate(user=owner)
    second = calendar_token_rotate(user=owner)
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    client.force_login(owner)
    client.post(FEED_PAGE, {"action": "revoke"})
    client.logout()
    assert client.get(feed_url(second)).status_code == 404
    assert client.get(feed_url("made-up")).status_code == 404
    # Only hashes are kept.
    assert not CalendarToken.objects.filter(key_hash__in=[first, second]).exists()


def test_the_feed_reads_its_users_scope_now(client, tree, owner, entries):
    key = calendar_token_rotate(user=owner)
    assert "Họp riêng xã Bình Minh" not in events(client.get(feed_url(key)).content)
    RoleAssignment.objects.filter(user=owner).delete()
    assert events(client.get(feed_url(key)).content) == {}
    owner.is_active = False
    owner.save()
    assert client.get(feed_url(key)).status_code == 404


def test_the_outsiders_feed_has_only_their_commune(client, outsider, entries):
    key = calendar_token_rotate(user=outsider)
    assert set(events(client.get(feed_url(key)).content)) == {"Họp riêng xã Bình Minh"}


def test_the_feed_page_shows_the_address_once(client, owner):
    assert client.get(FEED_PAGE).status_code == 302  # a login first
    client.force_login(owner)
    assert "Bạn chưa có địa chỉ lịch." in client.get(FEED_PAGE).content.decode()
    made = client.post(FEED_PAGE, {"action": "rotate"})
    url = made.context["feed_url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    assert made["Cache-Control"] == "no-store"
    key = url.rsplit("/", 1)[1].removesuffix(".ics")
    token = CalendarToken.objects.get(user=owner, revoked_at__isnull=True)
    assert token.key_hash == CalendarToken.hash_key(key) and token.prefix == key[:8]
    page = client.get(FEED_PAGE).content.decode()
    assert key not in page and token.prefix in page


def test_an_address_read_too_often_is_told_to_wait(client, owner, monkeypatch):
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: 60_000.0))  # one minute
    key = calendar_token_rotate(user=owner)
    statuses = [client.get(feed_url(key)).status_code for _ in range(FEED_READS_PER_MINUTE + 1)]
    assert statuses == [200] * FEED_READS_PER_MINUTE + [429]
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: 60_060.0))  # the next one
    assert client.get(feed_url(key)).status_code == 200
