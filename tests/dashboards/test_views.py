"""The dashboard: scope, the rolled-up figures right after a save, drill-down, charts as
SVG and PNG, and the table as .xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuyengiao.values.services import CellKey, datavalue_save


def test_dashboard_needs_a_login(client):
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 302


@pytest.mark.parametrize("user_fixture", ["owner", "member"])
def test_commune_a_opens_its_dashboard_charts_and_table(client, request, user_fixture, tree, count):
    client.force_login(request.getfixturevalue(user_fixture))
    query = {"unit": tree.commune_a.pk, "indicator": count.code}
    page = client.get(reverse("dashboards:dashboard"), query)
    assert page.status_code == 200 and tree.cell_a1.name in page.content.decode()
    chart = client.get(reverse("dashboards:chart", args=["bars", "svg"]), query)
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    table = client.get(reverse("dashboards:table_xlsx"), query)
    assert table.status_code == 200 and table.content.startswith(b"PK")
    # Not the province above it, nor the neighbouring commune.
    for unit in (tree.province, tree.commune_b):
        assert client.get(reverse("dashboards:dashboard"), {"unit": unit.pk}).status_code == 404


def test_outsider_cannot_open_commune_a(client, outsider, tree, count):
    client.force_login(outsider)
    query = {"unit": tree.commune_a.pk, "indicator": count.code}
    for target in (
        reverse("dashboards:dashboard"),
        reverse("dashboards:chart", args=["bars", "svg"]),
        reverse("dashboards:table_xlsx"),
    ):
        assert client.get(target, query).status_code == 404, target
    # Without a unit the outsider lands on their own commune.
    page = client.get(reverse("dashboards:dashboard"), {"indicator": count.code})
    assert tree.commune_b.name in page.content.decode()


def test_province_sees_a_value_the_moment_it_is_saved(
    client, owner, province_admin, tree, count, monthly_form
):
    period = monthly_form.current
    datavalue_save(user=owner, key=CellKey(tree.commune_a, count, period), raw="12")
    client.force_login(province_admin)
    # Typed into the form, not yet sent nor approved: among the figures entered.
    query = {
        "unit": tree.province.pk,
        "indicator": count.code,
        "period": period.code,
        "state": "entered",
    }
    body = client.get(reverse("dashboards:dashboard"), query).content.decode()
    assert 'id="total">12<' in body
    assert tree.commune_a.name in body and f"unit={tree.commune_a.pk}" in body
    svg = client.get(reverse("dashboards:chart", args=["bars", "svg"]), query)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert "An Bình".encode() in svg.content
    png = client.get(reverse("dashboards:chart", args=["line", "png"]), query | {"download": 1})
    assert png.content.startswith(b"\x89PNG") and "attachment" in png["Content-Disposition"]
    completeness = client.get(reverse("dashboards:chart", args=["completeness", "svg"]), query)
    assert completeness.status_code == 200
    sheet = load_workbook(io.BytesIO(client.get(reverse("dashboards:table_xlsx"), query).content))
    rows = list(sheet.active.iter_rows(values_only=True))
    assert ("XA-AB", tree.commune_a.name, 12, 1) in rows
    assert rows[-1] == ("TU", "Tổng", 12, 1)


def test_a_bad_period_falls_back_to_this_year(client, province_admin, count):
    client.force_login(province_admin)
    response = client.get(reverse("dashboards:dashboard"), {"period": "2025Q9"})
    assert response.status_code == 200 and "Kỳ không hợp lệ" in response.content.decode()


def test_unknown_chart_kind_is_404(client, province_admin):
    client.force_login(province_admin)
    assert client.get(reverse("dashboards:chart", args=["pie", "svg"])).status_code == 404


def test_a_merged_commune_is_named_but_not_linked_for_its_successors_users(
    client, outsider, province_admin, tree, count
):
    """The roll-up puts commune A under commune B once merged into it, but commune A still lies
    under the province, outside B's users' scope: B's dashboard names it without a link that
    would answer 404. The province still drills down into it."""
    import datetime

    from tuyengiao.orgunits.services import orgunit_merge

    orgunit_merge(
        units=[tree.commune_a],
        successor=tree.commune_b,
        merged_on=datetime.date(2025, 6, 30),
        move_children=True,
    )
    query = {"unit": tree.commune_b.pk, "indicator": count.code}
    client.force_login(outsider)
    body = client.get(reverse("dashboards:dashboard"), query).content.decode()
    assert tree.commune_a.name in body and f"unit={tree.commune_a.pk}&" not in body
    assert (
        client.get(reverse("dashboards:dashboard"), query | {"unit": tree.commune_a.pk}).status_code
        == 404
    )
    client.force_login(province_admin)
    body = client.get(reverse("dashboards:dashboard"), query).content.decode()
    assert f"unit={tree.commune_a.pk}&" in body


def test_the_page_costs_the_same_queries_whatever_its_children(client, province_admin, tree, count):
    """Each child row reads nothing more (a deferred field read per row was a query each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrgUnitFactory
    from tuyengiao.values.rollup import closure_rebuild

    client.force_login(province_admin)
    query = {"unit": tree.province.pk, "indicator": count.code}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboards:dashboard"), query).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        OrgUnitFactory(code=f"XA-N{n}", name=f"Xã Mới {n}", parent=tree.province)
    closure_rebuild()
    assert queries() == before
