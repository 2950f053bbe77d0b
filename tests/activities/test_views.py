"""The activity pages: who reaches what (owner, member, outsider), recording through the full
form and the phone's month page with the figures following, a locked month explained on the
form, deletion, and a document's study coverage."""

import datetime

import pytest
from django.urls import reverse

from tests.tracking.conftest import make_document
from tuyengiao.activities.models import Activity, ActivityKind
from tuyengiao.activities.services import activity_save
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period

MARCH = Period.month(2026, 3)


@pytest.fixture
def briefing(db):
    return ActivityKind.objects.get(code="THONG_TIN_THOI_SU")


@pytest.fixture
def activity(tree, owner, briefing):
    found = Activity(kind=briefing, orgunit=tree.commune_a, title="Thông tin thời sự tháng 3",
                     held_on=datetime.date(2026, 3, 5), public=50, party_members=20)  # fmt: skip
    return activity_save(user=owner, activity=found)


def pages(activity):
    return [
        reverse("activities:list"),
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:month", args=[activity.orgunit_id, "202603"]),
        reverse("activities:new"),
    ]


def test_pages_need_a_login(client, activity):
    for url in pages(activity):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_owner_and_member_read_an_outsider_does_not(client, activity, owner, member, outsider):
    for user in (owner, member):
        client.force_login(user)
        assert client.get(pages(activity)[1]).status_code == 200
        assert "Thông tin thời sự tháng 3" in client.get(pages(activity)[0]).content.decode()
    client.force_login(outsider)
    for url in pages(activity)[1:4]:
        assert client.get(url).status_code == 404, url
    assert "Thông tin thời sự tháng 3" not in client.get(pages(activity)[0]).content.decode()
    delete = reverse("activities:delete", args=[activity.pk])
    assert client.post(delete).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_a_member_sees_no_editing_and_cannot_change(client, activity, member, briefing):
    client.force_login(member)
    detail = client.get(pages(activity)[1]).content.decode()
    assert 'id="activity-edit"' not in detail
    month = client.get(pages(activity)[3]).content.decode()
    assert 'id="quick-form"' not in month
    response = client.post(pages(activity)[3], {"kind": briefing.pk, "held_on": "06/03/2026"})
    assert Activity.objects.count() == 1
    response = client.post(reverse("activities:delete", args=[activity.pk]))
    assert response.status_code in (302, 403) and Activity.objects.count() == 1


def test_the_full_form_records_with_documents_and_speakers(client, tree, owner, briefing):
    document = make_document(tree.province, owner, symbol="88-KL/TU")
    client.force_login(owner)
    data = {
        "kind": briefing.pk, "orgunit": tree.commune_a.pk, "title": "Hội nghị thông tin",
        "held_on": "05/03/2026", "starts_at": "14:00", "ends_at": "16:30",
        "place": "Hội trường xã", "documents_text": "88-KL/TU", "party_members": "30",
        "cadres": "5", "youth_members": "0", "association_members": "0", "public": "65",
        "co_organisers": [tree.province.pk],
        "reporters-TOTAL_FORMS": "2", "reporters-INITIAL_FORMS": "0",
        "reporters-0-role": "speaker", "reporters-0-name": "Trần Thị B",
        "reporters-0-position": "Báo cáo viên Tỉnh ủy",
    }  # fmt: skip
    response = client.post(reverse("activities:new"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    saved = Activity.objects.get()
    assert list(saved.documents.all()) == [document]
    assert [r.name for r in saved.reporters.all()] == ["Trần Thị B"]
    listeners = DataValue.objects.get(indicator__code="LUOT_NGUOI_NGHE", orgunit=tree.commune_a)
    assert listeners.value == 100 and listeners.period == "202603"


def test_an_unknown_symbol_is_explained_and_nothing_is_saved(client, tree, owner, briefing):
    client.force_login(owner)
    data = {"kind": briefing.pk, "orgunit": tree.commune_a.pk, "title": "Hội nghị",
            "held_on": "05/03/2026", "documents_text": "99-NQ/TW", "party_members": "1",
            "cadres": "0", "youth_members": "0", "association_members": "0", "public": "0",
            "reporters-TOTAL_FORMS": "0", "reporters-INITIAL_FORMS": "0"}  # fmt: skip
    body = client.post(reverse("activities:new"), data).content.decode()
    assert "Không tìm thấy văn bản: 99-NQ/TW" in body
    assert not Activity.objects.exists()


def test_the_month_page_records_in_a_few_fields(client, tree, owner, briefing):
    client.force_login(owner)
    url = reverse("activities:month", args=[tree.commune_a.pk, "202603"])
    data = {"kind": briefing.pk, "held_on": "12/03/2026", "party_members": "10", "cadres": "0",
            "youth_members": "0", "association_members": "0", "public": "40"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    saved = Activity.objects.get()
    assert saved.title == briefing.name and saved.orgunit == tree.commune_a
    page = client.get(url).content.decode()
    assert briefing.name in page and "50" in page
    assert DataValue.objects.get(indicator__code="HN_THONG_TIN_THOI_SU").value == 1


def test_a_month_that_is_not_one_is_404(client, tree, owner):
    client.force_login(owner)
    for code in ("2026Q1", "abc", "202613"):
        url = reverse("activities:month", args=[tree.commune_a.pk, code])
        assert client.get(url).status_code == 404, code


def test_a_locked_month_is_explained_on_the_form(client, tree, owner, briefing, monkeypatch):
    from tuyengiao.values import guards

    def locked(*, user, cells, by_hand):
        return {cell: "Báo cáo tháng đã gửi" for cell in cells}

    monkeypatch.setattr(guards, "_guards", [locked])
    client.force_login(owner)
    url = reverse("activities:month", args=[tree.commune_a.pk, "202603"])
    data = {"kind": briefing.pk, "held_on": "12/03/2026", "party_members": "10", "cadres": "0",
            "youth_members": "0", "association_members": "0", "public": "40"}  # fmt: skip
    body = client.post(url, data).content.decode()
    assert "Báo cáo tháng đã gửi" in body and not Activity.objects.exists()


def test_deleting_recounts_the_month(client, activity, owner, tree):
    client.force_login(owner)
    response = client.post(reverse("activities:delete", args=[activity.pk]))
    assert response.status_code == 302 and not Activity.objects.exists()
    value = DataValue.objects.get(indicator__code="LUOT_NGUOI_NGHE", orgunit=tree.commune_a)
    assert value.value is None


def test_study_coverage_names_who_studied_and_who_did_not(
    client, tree, owner, province_admin, outsider, briefing
):
    document = make_document(tree.province, province_admin, symbol="88-KL/TU")
    kind = ActivityKind.objects.get(code="HN_QUAN_TRIET")
    studied = Activity(kind=kind, orgunit=tree.commune_a, title="Quán triệt 88-KL/TU",
                       held_on=datetime.date(2026, 3, 9), party_members=45, cadres=5)  # fmt: skip
    activity_save(user=owner, activity=studied, documents=[document])
    client.force_login(province_admin)
    url = reverse("activities:study", args=[document.pk])
    page = client.get(url).content.decode()
    assert tree.commune_a.name in page and tree.commune_b.name in page
    assert "Chưa học tập" in page and "45" in page
    client.force_login(outsider)  # commune B's admin: the province's document is not theirs
    assert client.get(url).status_code in (200, 404)
    assert client.get(url, {"unit": tree.commune_a.pk}).status_code == 404


def test_study_names_a_merged_commune_without_a_link_its_successors_users_cannot_open(
    client, tree, outsider, province_admin
):
    """The roll-up puts commune A under commune B once merged into it, but A still lies
    under the province, outside B's users' scope: B's study page names A without the link
    that answered them 404 (the demo's xã Lũng Sương and its former communes). The province
    still opens it."""
    from tuyengiao.orgunits.services import orgunit_merge

    orgunit_merge(units=[tree.commune_a], successor=tree.commune_b,
                  merged_on=datetime.date(2025, 6, 30), move_children=True)  # fmt: skip
    document = make_document(tree.province, province_admin, symbol="88-KL/TU")
    url = reverse("activities:study", args=[document.pk])
    link = f'href="?unit={tree.commune_a.pk}"'
    client.force_login(outsider)
    page = client.get(url, {"unit": tree.commune_b.pk}).content.decode()
    assert tree.commune_a.name in page and link not in page
    assert client.get(url, {"unit": tree.commune_a.pk}).status_code == 404
    client.force_login(province_admin)
    assert link in client.get(url, {"unit": tree.commune_b.pk}).content.decode()


def edit_data(activity, **changes):
    data = {
        "kind": activity.kind_id, "orgunit": activity.orgunit_id, "title": activity.title,
        "held_on": f"{activity.held_on:%d/%m/%Y}", "party_members": "20", "cadres": "0",
        "youth_members": "0", "association_members": "0", "public": "50",
        "reporters-TOTAL_FORMS": "0", "reporters-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def test_an_edit_keeps_what_the_editor_cannot_see_or_choose(
    client, tree, activity, owner, province_admin
):
    """A confidential document the commune's editor may not read, a unit beside theirs that
    the province named, a speaker left as it was: all kept by the commune's edit."""
    from tuyengiao.activities.models import ActivityReporter

    secret = make_document(tree.province, province_admin, symbol="99-CV/TU", confidential=True)
    activity.documents.add(secret)
    activity.co_organisers.add(tree.commune_b)
    speaker = ActivityReporter.objects.create(activity=activity, role="speaker", name="Trần C")
    client.force_login(owner)
    url = reverse("activities:edit", args=[activity.pk])
    form = client.get(url).content.decode()
    assert "99-CV/TU" not in form
    assert (
        "99-CV/TU"
        not in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    )
    data = edit_data(activity, title="Sửa tên", **{
        "reporters-TOTAL_FORMS": "1", "reporters-INITIAL_FORMS": "1",
        "reporters-0-id": str(speaker.pk), "reporters-0-role": "speaker",
        "reporters-0-name": "Trần C", "reporters-0-position": "",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    activity.refresh_from_db()
    assert activity.title == "Sửa tên"
    assert list(activity.documents.all()) == [secret]
    assert list(activity.co_organisers.all()) == [tree.commune_b]
    assert [r.pk for r in activity.reporters.all()] == [speaker.pk]


def test_the_pager_goes_to_the_next_page_keeping_the_filters(client, tree, owner, briefing):
    for day in range(1, 32):
        Activity.objects.create(kind=briefing, orgunit=tree.commune_a, title=f"Buổi {day}",
                                held_on=datetime.date(2026, 3, day))  # fmt: skip
    client.force_login(owner)
    url = reverse("activities:list") + f"?kind={briefing.pk}"
    first = client.get(url).content.decode()
    assert f'href="?kind={briefing.pk}&amp;page=2"' in first
    second = client.get(url + "&page=2").content.decode()
    assert f'href="?kind={briefing.pk}&amp;page=1"' in second and "Buổi 1<" in second


def test_the_study_page_costs_the_same_queries_whatever_the_units_below(
    client, tree, owner, province_admin
):
    """One grouped read of the sessions: a query per unit below was 1,000 queries under a
    commune with its 1,000 grassroots organisations."""
    from tests.factories import OrgUnitFactory
    from tests.queries import assert_queries_flat
    from tuyengiao.values.rollup import closure_rebuild

    document = make_document(tree.province, province_admin, symbol="88-KL/TU")
    kind = ActivityKind.objects.get(code="HN_QUAN_TRIET")
    studied = Activity(kind=kind, orgunit=tree.cell_a1, title="Quán triệt 88-KL/TU",
                       held_on=datetime.date(2026, 3, 9), party_members=45, cadres=5)  # fmt: skip
    activity_save(user=owner, activity=studied, documents=[document])
    client.force_login(province_admin)
    url = reverse("activities:study", args=[document.pk])

    def add() -> None:
        for n in range(4):
            OrgUnitFactory(code=f"XA-N{n}", name=f"Xã Mới {n}", parent=tree.province)
        closure_rebuild()

    assert_queries_flat(lambda: client.get(url, {"unit": tree.province.pk}), add)
    page = client.get(url, {"unit": tree.province.pk}).content.decode()
    assert "Xã Mới 3" in page and "45" in page  # the cell's session counts for commune A
