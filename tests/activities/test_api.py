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


def test_a_class_counts_its_enrolled_and_keeps_its_speakers(client, tree, owner):
    response = post(
        client, owner, kind="LOP_KET_NAP", title="Lớp đối tượng kết nạp đảng", public=30,
        sessions=5, enrolled=28, graduated=27, starts_at="07:30", ends_at="11:00",
        reporters=[{"role": "lecturer", "name": "Nguyễn Văn A", "position": "Phó Bí thư"}],
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["enrolled"] == 28 and body["starts_at"] == "07:30:00"
    assert body["reporters"] == [
        {"role": "lecturer", "name": "Nguyễn Văn A", "position": "Phó Bí thư"}
    ]
    learners = DataValue.objects.get(indicator__code="HOC_VIEN", orgunit=tree.commune_a)
    assert learners.value == 28  # those enrolled, not the 30 who came to the opening


def test_inconsistent_counts_are_explained_by_field(client, tree, owner):
    response = post(client, owner, kind="LOP_KET_NAP", enrolled=10, graduated=12)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["graduated"]
    response = post(client, owner, starts_at="14:00", ends_at="13:00")
    assert [e["field"] for e in response.json()["errors"]] == ["ends_at"]
    assert not Activity.objects.exists()


def test_a_co_organiser_is_a_unit_seen_or_one_above(client, tree, owner, outsider):
    above = post(client, owner, co_organisers=[tree.province.code])
    assert above.status_code == 201, above.content
    assert above.json()["co_organisers"] == [tree.province.code]
    # a unit in another subtree, neither seen nor above, is as if it did not exist
    aside = post(client, owner, co_organisers=[tree.commune_b.code])
    assert aside.status_code == 404


def test_a_documents_study_coverage_by_the_units_below(
    client, tree, owner, province_admin, outsider
):
    from tests.tracking.conftest import make_document

    document = make_document(tree.province, province_admin, symbol="88-KL/TU")
    response = post(client, owner, kind="HN_QUAN_TRIET", documents=[document.pk],
                    party_members=45, public=0)  # fmt: skip
    assert response.status_code == 201, response.content
    url = f"{URL}coverage/"
    body = client.get(url, {"document": document.pk}, headers=auth(province_admin)).json()
    assert body["symbol"] == "88-KL/TU" and body["total"]["orgunit"] == "TU"
    assert body["total"]["sessions"] == 1 and body["total"]["party_members"] == 45
    by_unit = {row["orgunit"]: row["sessions"] for row in body["units"]}
    assert by_unit == {"XA-AB": 1, "XA-BM": 0}
    # commune B's administrator reaches neither the province's figures nor commune A's
    asked = {"document": document.pk, "unit": "XA-AB"}
    assert client.get(url, asked, headers=auth(outsider)).status_code == 404


def test_the_study_coverage_costs_the_same_queries_whatever_the_units_below(
    client, tree, owner, province_admin
):
    """One grouped read of the sessions, not one per unit below."""
    from tests.factories import OrgUnitFactory
    from tests.queries import assert_queries_flat
    from tests.tracking.conftest import make_document
    from tuyengiao.values.rollup import closure_rebuild

    document = make_document(tree.province, province_admin, symbol="88-KL/TU")
    post(client, owner, kind="HN_QUAN_TRIET", documents=[document.pk], party_members=45)
    headers = auth(province_admin)

    def add() -> None:
        for n in range(4):
            OrgUnitFactory(code=f"XA-N{n}", name=f"Xã Mới {n}", parent=tree.province)
        closure_rebuild()

    url = f"{URL}coverage/"
    assert_queries_flat(lambda: client.get(url, {"document": document.pk}, headers=headers), add)
    body = client.get(url, {"document": document.pk}, headers=headers).json()
    by_unit = {row["orgunit"]: row["sessions"] for row in body["units"]}
    assert by_unit == {"XA-AB": 1, "XA-BM": 0} | {f"XA-N{n}": 0 for n in range(4)}
