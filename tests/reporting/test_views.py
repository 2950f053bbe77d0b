"""The reporting pages: who reaches what (owner, member, outsider), the grid's saves cell
by cell and all at once, conflicts, history, the workflow buttons and the overviews."""

import pytest
from django.urls import reverse

from tuyengiao.reporting.models import Submission
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period
from tuyengiao.values.services import CellKey, datavalue_save


def report_url(name, form, unit, period=None):
    return reverse(f"reporting:{name}", args=[form.code, unit.pk, (period or form.current).code])


def cell_data(indicator, value, version=0, option=""):
    return {f"v-{indicator.pk}-{option}": value, f"ver-{indicator.pk}-{option}": str(version)}


def test_pages_need_a_login(client, monthly_form, tree):
    for target in (reverse("reporting:due"), report_url("entry", monthly_form, tree.commune_a)):
        response = client.get(target)
        assert response.status_code == 302 and "login" in response["Location"]


def test_outsider_reaches_no_report_of_commune_a(client, outsider, monthly_form, tree, count):
    client.force_login(outsider)
    for name in ("entry", "history"):
        target = report_url(name, monthly_form, tree.commune_a)
        assert client.get(target, {"indicator": count.pk}).status_code == 404, name
    for name in ("entry", "cell", "submit", "approve", "return", "exception"):
        target = report_url(name, monthly_form, tree.commune_a)
        assert client.post(target, cell_data(count, "5")).status_code == 404, name
    assert not DataValue.objects.exists()
    overview = reverse("reporting:overview", args=[monthly_form.code])
    assert client.get(overview, {"unit": tree.commune_a.pk}).status_code == 404
    # The province's overview lists only the outsider's own commune.
    page = client.get(overview).content.decode()
    assert tree.commune_b.name not in page or tree.commune_a.name not in page


def test_unit_that_does_not_report_the_form_is_404(client, site_admin, monthly_form, tree):
    client.force_login(site_admin)
    assert client.get(report_url("entry", monthly_form, tree.cell_a1)).status_code == 404
    wrong_kind = reverse("reporting:entry", args=[monthly_form.code, tree.commune_a.pk, "2025Q1"])
    assert client.get(wrong_kind).status_code == 404


def test_viewer_sees_the_grid_read_only_and_cannot_save(client, member, monthly_form, tree, count):
    client.force_login(member)
    page = client.get(report_url("entry", monthly_form, tree.commune_a)).content.decode()
    assert "readonly" in page and 'id="submit-report"' not in page
    response = client.post(report_url("cell", monthly_form, tree.commune_a), cell_data(count, "5"))
    assert "không có quyền" in response.content.decode()
    assert not DataValue.objects.exists()


def test_cell_saves_as_typed_and_answers_with_its_new_version(
    client, owner, monthly_form, tree, count
):
    client.force_login(owner)
    url = report_url("cell", monthly_form, tree.commune_a)
    response = client.post(url, cell_data(count, "1.234"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "Đã lưu" in body
    assert f'name="ver-{count.pk}-" value="1"' in body and 'id="checks"' in body
    assert DataValue.objects.get().value == 1234


def test_bad_value_is_kept_with_its_message(client, owner, monthly_form, tree, count):
    client.force_login(owner)
    url = report_url("cell", monthly_form, tree.commune_a)
    body = client.post(url, cell_data(count, "abc")).content.decode()
    assert 'value="abc"' in body and 'aria-invalid="true"' in body
    assert not DataValue.objects.exists()


def test_a_stale_cell_is_refused_with_who_and_what(client, owner, monthly_form, tree, count):
    datavalue_save(user=owner, key=CellKey(tree.commune_a, count, monthly_form.current), raw="7")
    client.force_login(owner)
    url = report_url("cell", monthly_form, tree.commune_a)
    body = client.post(url, cell_data(count, "9", version=0)).content.decode()
    assert "đã sửa ô này" in body and "“7”" in body and 'value="9"' in body
    # The input now carries the current version: the next save goes through.
    assert f'name="ver-{count.pk}-" value="1"' in body
    assert DataValue.objects.get().value == 7


def test_whole_form_post_saves_every_changed_cell(
    client, owner, monthly_form, tree, count, by_level
):
    client.force_login(owner)
    data = cell_data(count, "3") | cell_data(by_level, "2", option="SO_CAP")
    data |= cell_data(by_level, "", option="CAO_CAP")
    response = client.post(report_url("entry", monthly_form, tree.commune_a), data)
    assert response.status_code == 302
    assert sorted(DataValue.objects.values_list("option", "value")) == [("", 3), ("SO_CAP", 2)]
    data = cell_data(count, "x", version=1)
    response = client.post(report_url("entry", monthly_form, tree.commune_a), data)
    assert response.status_code == 400 and 'value="x"' in response.content.decode()


def test_history_lists_every_change(client, owner, monthly_form, tree, count):
    key = CellKey(tree.commune_a, count, monthly_form.current)
    datavalue_save(user=owner, key=key, raw="1")
    datavalue_save(user=owner, key=key, raw="2", expected_version=1)
    client.force_login(owner)
    page = client.get(report_url("history", monthly_form, tree.commune_a), {"indicator": count.pk})
    body = page.content.decode()
    assert page.status_code == 200 and body.count("<tr>") == 3  # head, the change, the first


def test_submit_approve_return_through_the_pages(
    client, owner, province_admin, monthly_form, tree, count
):
    client.force_login(owner)
    client.post(report_url("cell", monthly_form, tree.commune_a), cell_data(count, "4"))
    client.post(report_url("submit", monthly_form, tree.commune_a))
    submission = Submission.objects.get()
    assert submission.status == "submitted"
    page = client.get(report_url("entry", monthly_form, tree.commune_a)).content.decode()
    assert 'id="entry-block"' in page and 'id="approve-report"' not in page
    assert "Đang chờ cấp này duyệt" in page  # the province, the one level above
    client.force_login(province_admin)
    assert "Báo cáo tháng thử" in client.get(reverse("reporting:due")).content.decode()
    client.post(report_url("return", monthly_form, tree.commune_a), {"reason": "Thiếu số lớp"})
    submission.refresh_from_db()
    assert (submission.status, submission.return_reason) == ("returned", "Thiếu số lớp")
    client.force_login(owner)
    page = client.get(report_url("entry", monthly_form, tree.commune_a)).content.decode()
    assert "Thiếu số lớp" in page and 'id="submit-report"' in page
    client.post(report_url("submit", monthly_form, tree.commune_a))
    client.force_login(province_admin)
    client.post(report_url("approve", monthly_form, tree.commune_a))
    submission.refresh_from_db()
    assert submission.status == "approved"
    page = client.get(report_url("entry", monthly_form, tree.commune_a)).content.decode()
    steps = page[page.index('id="approval-steps"') :]
    assert "Đã duyệt" in steps[: steps.index("</ol>")]


@pytest.mark.parametrize("user_fixture", ["owner", "member"])
def test_due_page_lists_the_units_forms(client, request, user_fixture, monthly_form):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    body = client.get(reverse("reporting:due")).content.decode()
    # Only an editor has forms to fill.
    assert ("Báo cáo tháng thử" in body) == (user_fixture == "owner")


def test_overview_counts_sent_and_on_time(client, owner, province_admin, monthly_form, tree):
    from tuyengiao.reporting import services

    services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=monthly_form.current
    )
    client.force_login(province_admin)
    page = client.get(reverse("reporting:overview", args=[monthly_form.code]))
    body = page.content.decode()
    assert page.status_code == 200 and 'id="sent-percent">50 %' in body
    assert 'id="on-time-percent">50 %' in body


def test_a_commune_opens_the_form_overview_its_entry_page_links(client, owner, monthly_form, tree):
    """The entry page's breadcrumb links the form's overview, which opens on the form's owner
    (the province): a commune's user, who may not see the province, lands on their own
    commune instead of a 404."""
    import re

    client.force_login(owner)
    entry = client.get(report_url("entry", monthly_form, tree.commune_a)).content.decode()
    overview_path = reverse("reporting:overview", args=[monthly_form.code])
    link = re.search(rf'href="({re.escape(overview_path)}[^"]*)"', entry)
    assert link is not None
    page = client.get(link.group(1).replace("&amp;", "&"))
    body = page.content.decode()
    assert page.status_code == 200 and tree.commune_a.name in body
    assert tree.commune_b.name not in body


def test_a_broken_rule_shows_its_two_sides_in_vietnamese_format_in_english_too():
    from decimal import Decimal
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    rule = SimpleNamespace(left="A", right="B")
    broken = SimpleNamespace(
        is_serious=True, message="", rule=rule, left=Decimal("4825.5"), right=Decimal(12)
    )
    grid = SimpleNamespace(violations=[broken], hints=[])
    with translation.override("en"):
        shown = render_to_string("reporting/_checks.html", {"grid": grid})
    assert "A = 4.825,5; B = 12" in shown


def test_a_cell_overlapping_the_units_other_figures_says_why(
    client, owner, site_admin, monthly_form, tree, count
):
    month = monthly_form.current
    quarter = Period.quarter(month.start.year, (month.start.month - 1) // 3 + 1)
    datavalue_save(user=site_admin, key=CellKey(tree.commune_a, count, quarter), raw="9")
    client.force_login(owner)
    url = report_url("cell", monthly_form, tree.commune_a)
    body = client.post(url, cell_data(count, "3")).content.decode()
    assert "cộng hai lần" in body and 'aria-invalid="true"' in body
    assert DataValue.objects.get().period == quarter.code


def test_history_says_where_each_version_came_from(client, owner, monthly_form, tree, count):
    from tests.values.conftest import import_rows

    period = monthly_form.current
    row = {"indicator": count.code, "orgunit": tree.commune_a.code, "period": period.code}
    assert import_rows(user=owner, rows=[{**row, "value": 1}]).ok
    datavalue_save(user=owner, key=CellKey(tree.commune_a, count, period), raw="2")
    client.force_login(owner)
    page = client.get(report_url("history", monthly_form, tree.commune_a), {"indicator": count.pk})
    body = page.content.decode()
    assert "Tạo mới: Nhập từ tệp · thu.xlsx" in body and "Nhập trên biểu mẫu" in body
