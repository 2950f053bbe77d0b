"""GET /api/orgunits/ and /api/orgunits/<id>/: children, scope, search, pagination."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import OrgUnitFactory, UnitKindFactory, make_token

LIST = "/api/orgunits/"


def detail(pk: int) -> str:
    return f"/api/orgunits/{pk}/"


def get(client, user, url: str, **params):
    return client.get(url, params, headers={"Authorization": f"Bearer {make_token(user)}"})


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_urls_are_fixed():
    assert reverse("api:orgunit_list") == LIST
    assert reverse("api:orgunit_detail", args=[7]) == detail(7)


def test_member_sees_children_of_own_commune(client, tree, member):
    response = get(client, member, LIST, parent=tree.commune_a.pk)
    assert codes(response) == ["CB-A1"]
    item = response.json()["items"][0]
    assert item == {
        "id": tree.cell_a1.pk,
        "code": "CB-A1",
        "name": "Chi bộ thôn 1",
        "short_name": "",
        "kind": "chi-bo",
        "kind_name": "Chi bộ",
        "parent": tree.commune_a.pk,
        "level": 2,
        "path": tree.cell_a1.path,
        "opened_on": None,
        "closed_on": None,
        "successor": None,
        "children_count": 0,
    }


def test_outsider_gets_404_for_children_of_commune_a(client, tree, outsider):
    response = get(client, outsider, LIST, parent=tree.commune_a.pk)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": []}


def test_outsider_gets_404_for_commune_a_and_its_cell(client, tree, outsider):
    for unit in (tree.commune_a, tree.cell_a1, tree.province):
        assert get(client, outsider, detail(unit.pk)).status_code == 404


def test_outsider_search_does_not_leak_commune_a(client, tree, outsider):
    for q in ("xa-ab", "cb-a1", "an binh thu"):
        assert codes(get(client, outsider, LIST, q=q)) == []
    assert codes(get(client, outsider, LIST, q="chi bo")) == ["CB-B1"]


def test_member_cannot_climb_to_the_province(client, tree, member):
    assert get(client, member, LIST, parent=tree.province.pk).status_code == 404
    assert get(client, member, detail(tree.province.pk)).status_code == 404


def test_missing_parent_is_404(client, tree, site_admin):
    assert get(client, site_admin, LIST, parent=999999).status_code == 404


def test_without_parent_lists_scope_roots(client, tree, member, province_admin, site_admin):
    assert codes(get(client, member, LIST)) == ["XA-AB"]
    assert codes(get(client, province_admin, LIST)) == ["TU"]
    assert codes(get(client, site_admin, LIST)) == ["TU"]


def test_site_admin_sees_everything(client, tree, site_admin):
    response = get(client, site_admin, LIST, parent=tree.province.pk)
    assert codes(response) == ["XA-AB", "XA-BM"]
    assert [item["children_count"] for item in response.json()["items"]] == [1, 1]
    assert get(client, site_admin, detail(tree.cell_b1.pk)).json()["code"] == "CB-B1"


def test_detail(client, tree, owner):
    body = get(client, owner, detail(tree.commune_a.pk)).json()
    assert body["code"] == "XA-AB"
    assert body["parent"] == tree.province.pk
    assert body["children_count"] == 1
    assert body["kind_name"] == "Đảng ủy xã"


def test_detail_of_unknown_id_is_404(client, tree, site_admin):
    assert get(client, site_admin, detail(999999)).status_code == 404


@pytest.fixture
def merged(tree):
    """Commune A absorbed a former commune: closed, with a successor."""
    former = OrgUnitFactory(
        code="XA-CU",
        name="Đảng ủy xã Cũ",
        kind=tree.commune_a.kind,
        parent=tree.province,
        opened_on=datetime.date(1990, 1, 1),
        closed_on=datetime.date(2025, 6, 30),
        successor=tree.commune_a,
    )
    OrgUnitFactory(
        code="CB-CU",
        name="Chi bộ cũ",
        kind=tree.cell_a1.kind,
        parent=tree.commune_a,
        closed_on=datetime.date(2025, 6, 30),
    )
    return former


def test_closed_units_hidden_unless_asked(client, tree, site_admin, merged):
    assert codes(get(client, site_admin, LIST, parent=tree.province.pk)) == ["XA-AB", "XA-BM"]
    response = get(client, site_admin, LIST, parent=tree.province.pk, include_closed=True)
    assert codes(response) == ["XA-AB", "XA-BM", "XA-CU"]
    items = {item["code"]: item for item in response.json()["items"]}
    assert items["XA-CU"]["successor"] == tree.commune_a.pk
    assert items["XA-CU"]["closed_on"] == "2025-06-30"
    # With closed units shown, commune A counts its closed cell too.
    assert items["XA-AB"]["children_count"] == 2


def test_unit_closing_later_is_still_open(client, tree, owner):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    OrgUnitFactory(
        code="CB-SAU",
        name="Chi bộ thôn 9",
        kind=tree.cell_a1.kind,
        parent=tree.commune_a,
        closed_on=tomorrow,
    )
    assert codes(get(client, owner, LIST, parent=tree.commune_a.pk)) == ["CB-A1", "CB-SAU"]
    assert get(client, owner, detail(tree.commune_a.pk)).json()["children_count"] == 2


def test_children_count_follows_include_closed(client, tree, owner, merged):
    assert get(client, owner, detail(tree.commune_a.pk)).json()["children_count"] == 1
    response = get(client, owner, detail(tree.commune_a.pk), include_closed=True)
    assert response.json()["children_count"] == 2


def test_search_ignores_diacritics_and_case(client, tree, site_admin):
    OrgUnitFactory(
        code="XA-TU",
        name="Đảng ủy xã Tân Uyển Đông",
        kind=tree.commune_a.kind,
        parent=tree.province,
    )
    assert codes(get(client, site_admin, LIST, q="xa tan uyen")) == ["XA-TU"]
    assert codes(get(client, site_admin, LIST, q="  TÂN   uyển ")) == ["XA-TU"]
    assert codes(get(client, site_admin, LIST, q="dang uy xa")) == ["XA-AB", "XA-BM", "XA-TU"]


def test_search_stays_under_parent(client, tree, site_admin):
    assert codes(get(client, site_admin, LIST, parent=tree.commune_a.pk, q="chi bo")) == ["CB-A1"]
    # The parent itself is not one of its own results.
    assert codes(get(client, site_admin, LIST, parent=tree.commune_a.pk, q="an binh")) == []


def test_member_search_covers_only_the_scope(client, tree, member):
    assert codes(get(client, member, LIST, q="thon")) == ["CB-A1"]


def test_pagination_is_complete_and_stable(client, tree, site_admin):
    kind = UnitKindFactory(code="chi-bo")
    for n in range(25):
        OrgUnitFactory(
            code=f"CB-P{n:02d}", name=f"Chi bộ khu {n:02d}", kind=kind, parent=tree.commune_b
        )
    seen: list[str] = []
    for offset in range(0, 30, 7):
        response = get(client, site_admin, LIST, parent=tree.commune_b.pk, limit=7, offset=offset)
        assert response.json()["count"] == 26
        seen += codes(response)
    assert len(seen) == len(set(seen)) == 26
    assert seen[:3] == ["CB-P00", "CB-P01", "CB-P02"]


def test_limit_past_the_maximum_is_refused(client, tree, site_admin):
    assert get(client, site_admin, LIST, parent=tree.province.pk, limit=500).status_code == 200
    response = get(client, site_admin, LIST, parent=tree.province.pk, limit=501)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "limit", "message": "Phải từ 500 trở xuống.", "row": None}
    ]


def test_bad_query_is_422(client, tree, site_admin):
    assert get(client, site_admin, LIST, parent="abc").status_code == 422
