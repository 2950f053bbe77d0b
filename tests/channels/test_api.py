"""The channels API: list in scope with filters, create; a channel's output listed and
recorded with its figures; scope as everywhere (404 outside, 403 for a viewer's write)."""

import json

import pytest

from tests.factories import make_token
from tuyengiao.channels.models import Channel, ChannelOutput
from tuyengiao.values.models import DataValue

URL = "/api/channels/"


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def post(client, user, url=URL, **fields):
    body = {"orgunit": "XA-AB", "kind": "loudspeaker", "name": "Cụm loa thôn 1",
            "location": "Ngã ba thôn 1", "technology": "wireless", **fields}  # fmt: skip
    return client.post(url, json.dumps(body), content_type="application/json", headers=auth(user))


def test_a_channel_posted_is_listed_and_counted(client, tree, owner, province_admin):
    response = post(client, owner, has_timer=True)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["orgunit"] == "XA-AB" and body["technology"] == "wireless" and body["has_timer"]
    assert (
        DataValue.objects.get(indicator__code="CUM_LOA_HOAT_DONG", orgunit=tree.commune_a).value
        == 1
    )
    listed = client.get(URL, {"unit": "TU", "kind": "loudspeaker"}, headers=auth(province_admin))
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert client.get(URL, {"kind": "portal"}, headers=auth(province_admin)).json()["count"] == 0


def test_a_months_output_is_recorded_and_listed(client, tree, owner, station):
    url = f"{URL}{station.pk}/output/"
    response = post(client, owner, url, period="202603", programmes=12, minutes=360, articles=3)
    assert response.status_code == 201, response.content
    assert response.json() == {"period": "202603", "articles": 3, "news_items": 0,
                               "programmes": 12, "minutes": 360, "note": ""}  # fmt: skip
    value = DataValue.objects.get(indicator__code="CHUONG_TRINH_PT_TH", orgunit=tree.commune_a)
    assert value.value == 12 and value.period == "202603"
    listed = client.get(url, {"period": "2026Q1"}, headers=auth(owner))
    assert listed.status_code == 200 and [row["period"] for row in listed.json()] == ["202603"]
    assert client.get(url, {"period": "2026Q2"}, headers=auth(owner)).json() == []


def test_output_is_by_month(client, tree, owner, station):
    response = post(client, owner, f"{URL}{station.pk}/output/", period="2026Q1", programmes=1)
    assert response.status_code == 400 and response.json()["detail"]
    assert not ChannelOutput.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("member", 403)])
def test_only_an_editor_in_scope_writes(client, tree, request, station, who, status):
    user = request.getfixturevalue(who)
    assert post(client, user).status_code == status
    url = f"{URL}{station.pk}/output/"
    assert post(client, user, url, period="202603", programmes=1).status_code == status
    assert Channel.objects.count() == 1 and not ChannelOutput.objects.exists()


def test_a_listing_shows_only_the_callers_scope(client, tree, owner, outsider, station):
    assert client.get(URL, headers=auth(outsider)).json()["count"] == 0
    assert client.get(URL, {"unit": "XA-AB"}, headers=auth(outsider)).status_code == 404
    assert client.get(f"{URL}{station.pk}/output/", headers=auth(outsider)).status_code == 404
    assert client.get(URL, {"unit": "XA-AB"}, headers=auth(owner)).json()["count"] == 1
