"""Meetings: proposed from an invitation's text, saved within scope, shown and edited only
where the user may, and turned into an activity that keeps the link."""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.activities.invitations import invitation
from tests.factories import RoleAssignmentFactory, UserFactory, make_token
from tuyengiao.accounts.models import Role
from tuyengiao.activities.calendar_tokens import calendar_token_rotate
from tuyengiao.activities.meetings import (
    meeting_save,
    meeting_to_activity,
    meetings_proposed,
    meetings_visible,
)
from tuyengiao.activities.models import ActivityKind, Meeting
from tuyengiao.values.models import DataValue

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def document(tree, owner):
    return invitation(tree.commune_a, owner, issuer_unit=tree.province)


def a_meeting(tree, **fields) -> Meeting:
    values = {"orgunit": tree.commune_a, "title": "Hội nghị quán triệt", "held_on": DAY,
              "starts_at": datetime.time(14), "place": "Hội trường Tỉnh ủy"}  # fmt: skip
    return Meeting(**{**values, **fields})


def test_an_invitation_proposes_its_meeting_for_the_unit_that_holds_it(tree, owner, document):
    [proposal] = meetings_proposed(user=owner, document=document)
    meeting = proposal.meeting
    assert (meeting.held_on, meeting.starts_at, meeting.ends_at) == (DAY, datetime.time(14), None)
    assert meeting.place == "Hội trường Tỉnh ủy, số 04 Trần Phú, thành phố Nha Trang"
    assert meeting.host == tree.province and meeting.orgunit == tree.commune_a
    assert proposal.invited == [tree.commune_a]
    assert meeting.title.startswith("Giấy mời 116-GM/TU: Dự Hội nghị quán triệt")
    assert meeting.pk is None  # nothing saved before a person checks it


def test_only_an_editor_of_the_unit_and_of_every_invited_unit_saves(tree, owner, member, outsider):
    with pytest.raises(PermissionDenied):
        meeting_save(user=member, meeting=a_meeting(tree), invited=[tree.commune_a])
    with pytest.raises(PermissionDenied):
        meeting_save(user=outsider, meeting=a_meeting(tree), invited=[])
    with pytest.raises(PermissionDenied):  # not into a neighbour's calendar through `invited`
        meeting_save(user=owner, meeting=a_meeting(tree), invited=[tree.commune_b])
    saved = meeting_save(user=owner, meeting=a_meeting(tree), invited=[tree.cell_a1])
    assert saved.created_by == owner and list(saved.invited.all()) == [tree.cell_a1]
    with pytest.raises(ValidationError):
        meeting_save(user=owner, meeting=a_meeting(tree, ends_at=datetime.time(13)))


def test_who_sees_a_meeting(tree, owner, member, outsider, province_admin):
    saved = meeting_save(user=owner, meeting=a_meeting(tree, host=tree.province), invited=[])
    assert saved in meetings_visible(member)
    assert saved in meetings_visible(province_admin)  # the host's own users
    assert saved not in meetings_visible(outsider)
    other = meeting_save(user=outsider, meeting=a_meeting(tree, orgunit=tree.commune_b),
                         invited=[tree.commune_b])  # fmt: skip
    assert other not in meetings_visible(owner)


def test_a_held_meeting_becomes_an_activity_keeping_the_link(tree, owner, member, document):
    meeting = meeting_save(user=owner, meeting=a_meeting(tree, document=document), invited=[])
    kind = ActivityKind.objects.get(code="THONG_TIN_THOI_SU")
    with pytest.raises(PermissionDenied):
        meeting_to_activity(user=member, meeting=meeting, kind=kind)
    activity = meeting_to_activity(user=owner, meeting=meeting, kind=kind)
    meeting.refresh_from_db()
    assert meeting.activity == activity and activity.meeting == meeting
    assert (activity.held_on, activity.starts_at, activity.place) == (DAY, datetime.time(14),
                                                                     meeting.place)  # fmt: skip
    assert list(activity.documents.all()) == [document]
    # The activity counts in its month's figures like any other.
    held = DataValue.objects.get(indicator__code="HN_THONG_TIN_THOI_SU", orgunit=tree.commune_a)
    assert held.value == 1 and held.period == "202603"
    with pytest.raises(ValidationError):
        meeting_to_activity(user=owner, meeting=meeting, kind=kind)


def test_add_to_calendar_from_an_invitation_page(client, tree, owner, document):
    client.force_login(owner)
    url = reverse("activities:meeting_new") + f"?document={document.pk}"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["formset"].forms[0]
    assert form.initial["place"].startswith("Hội trường Tỉnh ủy")
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
        "form-0-keep": "on", "form-0-orgunit": tree.commune_a.pk,
        "form-0-title": form.initial["title"], "form-0-held_on": "05/03/2026",
        "form-0-starts_at": "14:00", "form-0-ends_at": "17:00",
        "form-0-place": form.initial["place"], "form-0-host": tree.province.pk,
        "form-0-invited": [tree.commune_a.pk, tree.cell_a1.pk],
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    meeting = Meeting.objects.get()
    assert meeting.document == document and meeting.ends_at == datetime.time(17)
    assert set(meeting.invited.all()) == {tree.commune_a, tree.cell_a1}
    assert "view=agenda" in response["Location"]
    page = client.get(reverse("activities:meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "14:00–17:00, 05/03/2026" in page.content.decode()


class _ListItems(HTMLParser):
    """Each <li> with its parent's tag and role: axe's `listitem` rule, read from the HTML."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.parents: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parents.append(self.open[-1])
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("role")))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass


def test_the_note_of_a_meeting_already_on_the_calendar_is_a_list_item_in_a_list(
    client, tree, owner, document
):
    """The note is a flash message: the live region that announces it must not take the list's
    role from its <ul>, or its <li> is an item outside any list (the crawl's axe `listitem`)."""
    meeting_save(user=owner, meeting=a_meeting(tree, document=document), invited=[])
    client.force_login(owner)
    url = reverse("activities:meeting_new") + f"?document={document.pk}"
    body = client.get(url).content.decode()
    assert "đã có 1 cuộc họp trên lịch" in body
    items = _ListItems()
    items.feed(body)
    assert items.parents
    outside = [(tag, role) for tag, role in items.parents
               if tag not in {"ul", "ol"} or role not in {None, "list"}]  # fmt: skip
    assert outside == []
    assert '<div role="status">' in body  # still announced to a screen reader


def test_an_invitation_the_user_cannot_read_is_missing(client, tree, owner, outsider, document):
    client.force_login(outsider)
    url = reverse("activities:meeting_new") + f"?document={document.pk}"
    assert client.get(url).status_code == 404
    assert client.get(reverse("activities:meeting_new") + "?document=x").status_code == 404


def test_meeting_pages_by_role(client, tree, owner, member, outsider):
    meeting = meeting_save(user=owner, meeting=a_meeting(tree), invited=[tree.commune_a])
    page = reverse("activities:meeting", args=[meeting.pk])
    client.force_login(member)
    assert client.get(page).status_code == 200
    assert client.post(page, {"title": "Đổi"}).status_code == 403
    assert client.post(reverse("activities:meeting_delete", args=[meeting.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    assert client.post(reverse("activities:meeting_delete", args=[meeting.pk])).status_code == 404
    kind = ActivityKind.objects.first()
    to_activity = reverse("activities:meeting_activity", args=[meeting.pk])
    assert client.post(to_activity, {"kind": kind.pk}).status_code == 404
    client.force_login(owner)
    assert client.post(to_activity, {"kind": kind.pk}).status_code == 302
    assert Meeting.objects.get().activity is not None
    assert client.post(reverse("activities:meeting_delete", args=[meeting.pk])).status_code == 302
    assert not Meeting.objects.exists()


def test_a_plain_new_meeting_and_an_invitation_without_a_time(client, tree, owner):
    client.force_login(owner)
    url = reverse("activities:meeting_new")
    assert client.get(url).status_code == 200
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-keep": "on",
        "form-0-orgunit": tree.commune_a.pk, "form-0-title": "Giao ban tháng",
        "form-0-held_on": "10/03/2026", "form-0-host_name": "Văn phòng Đảng ủy",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at is None and meeting.document is None  # all day
    # Unticked, a form is not saved; none ticked, nothing is.
    assert client.post(url, {**data, "form-0-keep": ""}).status_code == 200
    assert Meeting.objects.count() == 1
    silent = invitation(tree.commune_a, owner, text="Kính mời dự họp.")
    page = client.get(url, {"document": silent.pk})
    assert "Không tìm thấy thời gian, địa điểm họp" in page.content.decode()


def test_a_meeting_to_come_is_not_yet_an_activity(client, tree, owner):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    meeting = meeting_save(user=owner, meeting=a_meeting(tree, held_on=soon), invited=[])
    kind = ActivityKind.objects.get(code="THONG_TIN_THOI_SU")
    with pytest.raises(ValidationError, match="Chưa thể ghi hoạt động của ngày sau hôm nay"):
        meeting_to_activity(user=owner, meeting=meeting, kind=kind)
    client.force_login(owner)
    url = reverse("activities:meeting", args=[meeting.pk])
    page = client.get(url).content.decode()
    # No button to press before the day, a word of when instead.
    assert reverse("activities:meeting_activity", args=[meeting.pk]) not in page
    assert f"từ ngày {soon:%d/%m/%Y}" in page
    # Posted all the same (a page left open from before), the refusal is a message.
    response = client.post(reverse("activities:meeting_activity", args=[meeting.pk]),
                           {"kind": kind.pk}, follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "Chưa thể ghi hoạt động của ngày sau hôm nay" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.activity is None


def test_an_edit_keeps_the_invited_units_beyond_the_editors_reach(client, tree, owner,
                                                                 province_admin):  # fmt: skip
    meeting = meeting_save(user=province_admin, meeting=a_meeting(tree),
                           invited=[tree.commune_a, tree.commune_b])  # fmt: skip
    client.force_login(owner)  # commune A's admin: commune B is not theirs to choose
    url = reverse("activities:meeting", args=[meeting.pk])
    data = {"orgunit": tree.commune_a.pk, "title": "Hội nghị quán triệt (sửa)",
            "held_on": "05/03/2026", "starts_at": "14:00", "place": meeting.place,
            "invited": [tree.commune_a.pk, tree.cell_a1.pk]}  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Hội nghị quán triệt (sửa)"
    assert set(meeting.invited.all()) == {tree.commune_a, tree.cell_a1, tree.commune_b}
    # What the editor may choose they may also take away; the rest stays.
    meeting_save(user=owner, meeting=meeting, invited=[])
    assert set(meeting.invited.all()) == {tree.commune_b}
    with pytest.raises(PermissionDenied):  # adding a unit is still theirs only
        meeting_save(user=owner, meeting=meeting, invited=[tree.commune_b, tree.province])


SECRETS = ("116-GM/TU", "35-NQ/TW", "Dự Hội nghị quán triệt")


def test_a_confidential_invitation_is_not_told_through_its_meeting(client, tree, owner, member):
    """The meeting of a confidential invitation is on the calendar of every user of commune A,
    but only who may read the invitation learns its symbol or abstract."""
    secret = invitation(tree.commune_a, owner, issuer_unit=tree.province, confidential=True)
    soon = timezone.localdate() + datetime.timedelta(days=5)
    client.force_login(owner)
    url = reverse("activities:meeting_new") + f"?document={secret.pk}"
    proposed = client.get(url).context["formset"].forms[0].initial
    assert proposed["title"] == "Cuộc họp theo giấy mời"
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-keep": "on",
        "form-0-orgunit": tree.commune_a.pk, "form-0-title": proposed["title"],
        "form-0-held_on": f"{soon:%d/%m/%Y}", "form-0-starts_at": "14:00",
        "form-0-place": proposed["place"], "form-0-invited": [tree.commune_a.pk],
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    page = reverse("activities:meeting", args=[meeting.pk])
    assert "116-GM/TU" in client.get(page).content.decode()  # the owner may read it
    # A meeting saved before this rule, or whose invitation became confidential after, says
    # what its invitation said: the reader who may not open it sees a neutral title.
    Meeting.objects.update(title="Giấy mời 116-GM/TU: Dự Hội nghị quán triệt Nghị quyết 35-NQ/TW")
    client.force_login(member)
    agenda = {"unit": tree.commune_a.pk, "view": "agenda", "day": str(soon)}
    calendar = client.get(reverse("calendar:calendar"), agenda)
    meeting_page = client.get(page)
    feed = client.get(reverse("calendar:ics", args=[calendar_token_rotate(user=member)]))
    api = client.get("/api/meetings/", headers={"authorization": f"Bearer {make_token(member)}"})
    for response in (calendar, meeting_page, feed, api):
        assert response.status_code == 200
        text = response.content.decode().replace("\r\n ", "")  # the feed's lines unfolded
        text = json.dumps(api.json(), ensure_ascii=False) if response is api else text
        assert "Cuộc họp theo giấy mời" in text
        assert not [words for words in SECRETS if words in text], response.request["PATH_INFO"]
    assert reverse("documents:detail", args=[secret.pk]) not in meeting_page.content.decode()
    assert api.json()["items"][0]["document"] is None
    assert client.get(reverse("documents:detail", args=[secret.pk])).status_code == 404
    # An editor who may not read it edits the title they are shown, not the one it hides.
    editor = UserFactory(username="editor")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    client.force_login(editor)
    form = client.get(page).context["form"]
    assert form["title"].value() == "Cuộc họp theo giấy mời"


def test_a_meeting_naming_a_confidential_invitation_becomes_a_neutral_activity(tree, owner):
    secret = invitation(tree.commune_a, owner, issuer_unit=tree.province, confidential=True)
    kind = ActivityKind.objects.get(code="THONG_TIN_THOI_SU")
    named = meeting_save(user=owner, invited=[], meeting=a_meeting(
        tree, document=secret, title="Giấy mời 116-GM/TU: Dự Hội nghị quán triệt"))  # fmt: skip
    assert meeting_to_activity(user=owner, meeting=named, kind=kind).title == (
        "Cuộc họp theo giấy mời"
    )
    typed = meeting_save(user=owner, invited=[], meeting=a_meeting(
        tree, document=secret, title="Hội nghị Ban Chấp hành mở rộng"))  # fmt: skip
    activity = meeting_to_activity(user=owner, meeting=typed, kind=kind)
    assert activity.title == "Hội nghị Ban Chấp hành mở rộng"  # what a person wrote stays
