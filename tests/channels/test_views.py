"""The channels pages: each opened by the owner (an editor), the member (a viewer: reads,
never writes) and the outsider (a neighbour commune: nothing of commune A); the forms save
through the services and the figures follow."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from tuyengiao.channels.models import (
    BroadcastException,
    BroadcastSlot,
    Channel,
    ChannelOutput,
    CultureRecord,
)
from tuyengiao.values.models import DataValue


@pytest.fixture
def pages(tree, station, troupe):
    """(url, for editors only) of every page about commune A."""
    return [
        (f"/channels/?unit={tree.commune_a.pk}", False),
        (f"/channels/{station.pk}/", False),
        (f"/channels/{station.pk}/schedule/", False),
        (f"/channels/units/{tree.commune_a.pk}/schedule/", False),
        (f"/channels/culture/?unit={tree.commune_a.pk}", False),
        (f"/channels/template.xlsx?unit={tree.commune_a.pk}", False),
        (f"/channels/{station.pk}/edit/", True),
        (f"/channels/{station.pk}/output/", True),
        (f"/channels/culture/{troupe.pk}/edit/", True),
    ]


def test_anonymous_users_are_sent_to_log_in(client, pages):
    for url, _editors in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_each_page_opens_for_its_scope_only(client, request, pages, who):
    client.force_login(request.getfixturevalue(who))
    for url, editors in pages:
        status = client.get(url).status_code
        expected = {"owner": 200, "member": 403 if editors else 200, "outsider": 404}[who]
        assert status == expected, url


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("member", 403), ("outsider", 200)])
def test_the_new_and_import_pages_need_an_editor_somewhere(client, request, tree, who, status):
    client.force_login(request.getfixturevalue(who))
    for url in ("/channels/new/", "/channels/culture/new/", "/channels/import/"):
        assert client.get(url).status_code == status, url


def test_the_index_lists_the_scope_and_the_outsider_picks_nothing_of_a(
    client, tree, station, owner, outsider
):
    client.force_login(owner)
    assert station.name in client.get("/channels/").content.decode()
    client.force_login(outsider)
    assert station.name not in client.get("/channels/").content.decode()


def test_an_owner_adds_a_cluster_and_records_its_month(client, tree, owner, station):
    client.force_login(owner)
    response = client.post("/channels/new/", {
        "orgunit": tree.commune_a.pk, "kind": "loudspeaker", "name": "Cụm loa thôn 3",
        "location": "Chợ thôn 3", "technology": "ip", "has_timer": "on", "working": "on",
    })  # fmt: skip
    cluster = Channel.objects.get(name="Cụm loa thôn 3")
    assert response.status_code == 302 and response["Location"] == f"/channels/{cluster.pk}/"
    assert DataValue.objects.get(indicator__code="CUM_LOA_HOAT_DONG").value == 1
    response = client.post(f"/channels/{station.pk}/output/",
                           {"month": "202603", "programmes": 8, "articles": 0, "news_items": 20,
                            "minutes": 240})  # fmt: skip
    assert response.status_code == 302
    assert ChannelOutput.objects.get(channel=station).programmes == 8
    value = DataValue.objects.get(indicator__code="THOI_LUONG_PHAT_THANH", period="202603")
    assert value.value == 240


def test_the_outsider_cannot_add_a_channel_to_commune_a(client, tree, outsider):
    client.force_login(outsider)
    response = client.post("/channels/new/", {"orgunit": tree.commune_a.pk, "kind": "portal",
                                              "name": "Cổng", "working": "on"})  # fmt: skip
    assert response.status_code == 400 and not Channel.objects.filter(name="Cổng").exists()


def test_a_member_cannot_post_output_or_schedule(client, member, station):
    client.force_login(member)
    assert client.post(f"/channels/{station.pk}/output/", {"month": "202603"}).status_code == 403
    slot = {"slot-weekday": 0, "slot-starts_at": "06:00", "slot-ends_at": "06:30",
            "slot-programme": "Thời sự"}  # fmt: skip
    assert client.post(f"/channels/{station.pk}/schedule/", slot).status_code == 403
    assert not ChannelOutput.objects.exists() and not BroadcastSlot.objects.exists()


def test_the_schedule_takes_slots_and_exceptions_and_prints_them(client, tree, owner, station):
    client.force_login(owner)
    slot = {"slot-weekday": 0, "slot-starts_at": "06:00", "slot-ends_at": "06:30",
            "slot-programme": "Tiếp âm thời sự"}  # fmt: skip
    assert client.post(f"/channels/{station.pk}/schedule/", slot).status_code == 302
    bad = {**slot, "slot-ends_at": "05:00"}
    assert client.post(f"/channels/{station.pk}/schedule/", bad).status_code == 400
    today = datetime.date.today()
    exception = {"exception-starts_on": today.isoformat(), "exception-ends_on": today.isoformat(),
                 "exception-note": "Tuyên truyền bầu cử"}  # fmt: skip
    assert client.post(f"/channels/{station.pk}/schedule/", exception).status_code == 302
    assert BroadcastSlot.objects.count() == 1 and BroadcastException.objects.count() == 1
    printed = client.get(f"/channels/units/{tree.commune_a.pk}/schedule/").content.decode()
    assert "Tiếp âm thời sự" in printed and "Tuyên truyền bầu cử" in printed
    slot_pk = BroadcastSlot.objects.get().pk
    client.post(f"/channels/{station.pk}/schedule/slots/{slot_pk}/remove/")
    assert not BroadcastSlot.objects.exists()


def test_a_culture_record_is_added_and_counted(client, tree, owner):
    client.force_login(owner)
    response = client.post("/channels/culture/new/", {
        "orgunit": tree.commune_a.pk, "register": "house", "name": "Nhà văn hóa thôn 1",
        "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert CultureRecord.objects.get().name == "Nhà văn hóa thôn 1"
    assert DataValue.objects.get(indicator__code="NHA_VAN_HOA").value == 1


def test_the_template_round_trips_through_the_import(client, tree, owner, station):
    client.force_login(owner)
    response = client.get(f"/channels/template.xlsx?unit={tree.commune_a.pk}&month=202603")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    sheet.cell(row=2, column=6, value=9)  # programmes
    sheet.cell(row=2, column=8, value=300)  # minutes
    out = io.BytesIO()
    book.save(out)
    out.name = "kenh.xlsx"
    out.seek(0)
    response = client.post("/channels/import/", {"file": out})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ChannelOutput.objects.get(channel=station).minutes == 300


def test_an_import_with_one_bad_row_writes_nothing(client, tree, owner, station, cluster):
    client.force_login(owner)
    rows = (
        "Mã kênh,Đơn vị,Tên,Tháng,Bài,Tin,Chương trình,Phút,Ghi chú\n"
        f"{station.pk},,,202603,1,2,3,4,\n{cluster.pk},,,2026Q1,,,,,\n9999,,,202603,,,,,\n"
    )
    upload = io.BytesIO(rows.encode())
    upload.name = "kenh.csv"
    response = client.post("/channels/import/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "202603" in page and "9999" in page
    assert not ChannelOutput.objects.exists() and not DataValue.objects.exists()


def test_a_months_output_is_removed_by_an_editor_only(client, tree, owner, member, station):
    from tuyengiao.channels.services import output_save

    output_save(user=owner, channel=station, month=datetime.date(2026, 3, 1),
                counts={"programmes": 4})  # fmt: skip
    url = f"/channels/{station.pk}/output/202603/remove/"
    client.force_login(member)
    assert client.post(url).status_code == 403
    client.force_login(owner)
    page = client.get(f"/channels/{station.pk}/output/?month=202603").content.decode()
    assert url in page
    assert client.post(url).status_code == 302
    assert not ChannelOutput.objects.exists()
    assert DataValue.objects.get(indicator__code="CHUONG_TRINH_PT_TH").value is None
