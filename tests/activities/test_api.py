"""The activities API: list in scope with filters, create with its figures; scope as
everywhere (404 outside, 403 for a viewer's write)."""

import json

import pytest

from tests.factories import make_token
from tuyengiao.activities.models import Activity
from tuyengiao.values.models import DataValue

URL = "/api/activities/"


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def post(client, user, **fields):
    body = {"kind": "THONG_TIN_THOI_SU", "orgunit": "XA-AB", "title": "Thông tin thời sự tháng 3",
            "held_on": "2026-03-05", "public": 80, **fields}  # fmt: skip
    return client.post(URL, json.dumps(body), content_type="application/json", headers=auth(user))


def test_an_activity_posted_is_listed_and_counted(client, tree, owner, province_admin):
    response = post(client, owner, party_members=20)
    assert response.status_code == 201, response.content
    assert response.json()["orgunit"] == "XA-AB" and response.json()["public"] == 80
    value = DataValue.objects.get(indicator__code="LUOT_NGUOI_NGHE", orgunit=tree.commune_a)
    assert value.value == 100 and value.period == "202603"
    listed = client.get(URL, {"unit": "TU", "period": "2026Q1"}, headers=auth(province_admin))
    assert listed.status_code == 200 and listed.json()["count"] == 1
    other = client.get(URL, {"period": "2026Q2"}, headers=auth(province_admin)).json()
    assert other["count"] == 0


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("member", 403)])
def test_only_an_editor_in_scope_records(client, tree, request, who, status):
    response = post(client, request.getfixturevalue(who))
    assert response.status_code == status
    assert not Activity.objects.exists()


def test_a_listing_shows_only_the_callers_scope(client, tree, owner, outsider):
    assert post(client, owner).status_code == 201
    assert client.get(URL, headers=auth(outsider)).json()["count"] == 0
    assert client.get(URL, {"unit": "XA-AB"}, headers=auth(outsider)).status_code == 404


def test_unknown_kind_and_bad_period_are_explained(client, tree, owner):
    assert post(client, owner, kind="KHONG_CO").status_code == 404
    response = client.get(URL, {"period": "2026Q9"}, headers=auth(owner))
    assert response.status_code == 400 and response.json()["detail"]
