"""The dashboard shows approved figures unless asked for every value entered, says which on
the page and in the .xlsx, and marks the units whose figures are not all approved yet."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuyengiao.reporting import services
from tuyengiao.values.services import CellKey, datavalue_save

MARK = "Chưa duyệt hết"


@pytest.fixture
def sent(monthly_form, tree, owner, count):
    """Commune A's figure for this month, sent, not yet approved."""
    period = monthly_form.current
    datavalue_save(user=owner, key=CellKey(tree.commune_a, count, period), raw="12")
    return services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )


def board(client, user, unit, indicator, period, **extra):
    query = {"unit": unit.pk, "indicator": indicator.code, "period": period.code, **extra}
    client.force_login(user)
    return client.get(reverse("dashboards:dashboard"), query)


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("member", 200), ("outsider", 404), ("province_admin", 200)]
)
def test_commune_a_in_either_state_opens_to_its_users_only(
    request, client, sent, monthly_form, tree, count, who, status
):
    user = request.getfixturevalue(who)
    for state in ("approved", "entered"):
        response = board(client, user, tree.commune_a, count, monthly_form.current, state=state)
        assert response.status_code == status, (who, state)


def test_units_not_yet_approved_are_marked_until_their_report_is(
    client, sent, monthly_form, tree, province_admin, count
):
    period = monthly_form.current
    body = board(client, province_admin, tree.province, count, period).content.decode()
    assert "Số liệu đã duyệt" in body and 'id="total">—<' in body
    row = body[body.index(tree.commune_a.name) :].split("</tr>")[0]
    assert MARK in row
    assert MARK not in body[body.index(tree.commune_b.name) :].split("</tr>")[0]
    assert 'id="total-pending"' in body
    entered = board(client, province_admin, tree.province, count, period, state="entered")
    body = entered.content.decode()
    assert "Tất cả số đã nhập" in body and 'id="total">12<' in body
    assert 'name="state"' in body and 'value="entered" selected' in body
    services.submission_approve(user=province_admin, submission=sent)
    body = board(client, province_admin, tree.province, count, period).content.decode()
    assert 'id="total">12<' in body and MARK not in body


def test_the_xlsx_says_which_figures_and_names_the_units_not_yet_approved(
    client, sent, monthly_form, tree, province_admin, count
):
    client.force_login(province_admin)
    query = {"unit": tree.province.pk, "indicator": count.code, "period": monthly_form.current.code}
    for state, total in (("approved", None), ("entered", 12)):
        response = client.get(reverse("dashboards:table_xlsx"), query | {"state": state})
        assert f"-{state}.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [row for row in sheet.iter_rows(values_only=True)]
        label = "Số liệu đã duyệt" if state == "approved" else "Tất cả số đã nhập"
        assert cells[1][2].startswith(label)
        assert cells[2][0] == f"{MARK}: {tree.commune_a.name}"
        assert cells[-1] == ("TU", "Tổng", total, 1 if total else 0)
