"""`GET /api/concerns/`: counts by unit, month and topic from the roll-ups, in scope."""

import pytest

from tuyengiao.accounts.services import token_create
from tuyengiao.surveys.concern_selectors import months_back
from tuyengiao.surveys.concerns import ConcernRow, concerns_save, current_month

pytestmark = pytest.mark.django_db

URL = "/api/concerns/"


@pytest.fixture
def month():
    return current_month().previous()


@pytest.fixture
def figures(tree, province_admin, month):
    for unit, period, row in [
        (tree.cell_a1, month, ConcernRow("DAT_DAI", heard="12", resolved="9", passed_up="2")),
        (tree.commune_a, month.previous(), ConcernRow("GPMB", heard="3", summary="Giá đền bù.")),
        (tree.commune_b, month, ConcernRow("DAT_DAI", heard="4", resolved="1")),
    ]:
        concerns_save(user=province_admin, orgunit=unit, period=period, rows=[row])


def _get(client, user, **params):
    token = token_create(user=user, name="test")[1]
    return client.get(URL, params, headers={"Authorization": f"Bearer {token}"})


def test_the_province_reads_its_total_by_month_and_topic(client, tree, province_admin, figures,
                                                         month):  # fmt: skip
    response = _get(client, province_admin)
    assert response.status_code == 200
    rows = response.json()
    assert {"orgunit": "TU", "orgunit_name": "Tỉnh ủy Thử", "period": month.code,
            "topic": "DAT_DAI", "topic_name": "Đất đai", "heard": 16, "resolved": 10,
            "passed_up": 2} in rows  # fmt: skip
    gpmb = next(r for r in rows if r["topic"] == "GPMB")
    assert gpmb["period"] == month.previous().code and gpmb["heard"] == 3
    assert gpmb["resolved"] is None  # not reported: not a zero
    assert "summary" not in gpmb  # counts only
    assert len(rows) == 2


def test_children_and_topic(client, tree, province_admin, figures, month):
    rows = _get(client, province_admin, children="true", topic="DAT_DAI").json()
    assert {(r["orgunit"], r["heard"]) for r in rows} == {("XA-AB", 12), ("XA-BM", 4)}
    rows = _get(client, province_admin, unit="XA-AB", children="true").json()
    assert [(r["orgunit"], r["topic"]) for r in rows] == [("CB-A1", "DAT_DAI")]


def test_a_span(client, tree, province_admin, figures, month):
    rows = _get(client, province_admin, **{"from": month.code, "to": month.code}).json()
    assert {r["period"] for r in rows} == {month.code}
    old = months_back(month, 20)[0]
    assert _get(client, province_admin, to=old.code).json() == []


def test_a_member_reads_its_commune_only(client, tree, member, figures):
    rows = _get(client, member).json()
    assert {r["orgunit"] for r in rows} == {"XA-AB"}
    assert sum(r["heard"] for r in rows) == 15
    assert _get(client, member, unit="TU").status_code == 404
    assert _get(client, member, unit="XA-BM").status_code == 404


def test_an_outsider_gets_404_for_a_unit_beside_it(client, tree, outsider, owner, figures):
    assert _get(client, outsider, unit="XA-AB").status_code == 404
    assert _get(client, outsider, unit="NOPE").status_code == 404
    rows = _get(client, outsider).json()
    assert {r["orgunit"] for r in rows} == {"XA-BM"}
    assert _get(client, owner, unit="CB-A1").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"from": "202613"},
        {"to": "2026Q1"},
        {"from": "abc"},
        {"from": "202612", "to": "202501"},
        {"from": "202001", "to": "202612"},
        {"topic": "NOPE"},
    ],
)
def test_bad_periods_are_422(client, tree, province_admin, params):
    response = _get(client, province_admin, **params)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_no_token_no_answer(client, tree):
    assert client.get(URL).status_code == 401


def test_a_session_works_too(client, tree, owner, figures):
    client.force_login(owner)
    assert client.get(URL).status_code == 200
