"""The form builder's pages: forms created and edited by administrators of their owner
(404 for anyone else), input kept with its messages, and validation rules written by site
administrators only."""

from auditlog.models import LogEntry
from django.urls import reverse

from tests.reporting.test_builder import LAYOUT, _fields
from tuyengiao.reporting import workflow
from tuyengiao.reporting.builder import layout_parse
from tuyengiao.reporting.models import FormItem, ReportForm, ValidationRule
from tuyengiao.reporting.services import report_form_save


def _post(tree, **changes) -> dict:
    data = {
        "code": "BM_MOI",
        "name": "Báo cáo quý mới",
        "period_kind": "quarter",
        "owner": tree.commune_a.pk,
        "units": "CB-A1",
        "opens_before_end_days": "10",
        "closes_after_end_days": "7",
        "is_active": "on",
        "layout": LAYOUT,
    }
    return data | changes


def test_unit_admin_creates_then_edits_a_form(client, owner, tree, count, by_level):
    client.force_login(owner)
    response = client.post(reverse("reporting:form_new"), _post(tree))
    assert response.status_code == 302
    form = ReportForm.objects.get(code="BM_MOI")
    assert form.owner == tree.commune_a and list(form.units.all()) == [tree.cell_a1]
    assert [i.indicator.code for i in FormItem.objects.filter(form=form)] == ["T_HOI_NGHI", "T_LOP"]
    assert tree.cell_a1 in workflow.form_units(form, workflow.form_period(form, "2026Q1"))
    assert LogEntry.objects.get_for_object(form).exists()
    # Reordered, one indicator taken off: the code stays as it was.
    layout = "# Chỉ một phần\nT_LOP\n"
    edit = reverse("reporting:form_edit", args=["BM_MOI"])
    response = client.post(edit, _post(tree, layout=layout, code="DOI_MA"))
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.code == "BM_MOI"
    assert [i.indicator.code for i in form.items.all()] == ["T_LOP"]
    assert [s.title for s in form.sections.all()] == ["Chỉ một phần"]
    assert "T_LOP" in client.get(edit).content.decode()


def test_bad_input_is_kept_with_vietnamese_messages(client, owner, tree, count):
    client.force_login(owner)
    response = client.post(
        reverse("reporting:form_new"), _post(tree, units="KHONG-CO", layout="# A\nSAI_MA")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Không có đơn vị mã: KHONG-CO." in page
    assert "Dòng 2: không có chỉ tiêu mã “SAI_MA”." in page
    assert "SAI_MA" in page  # the typed layout is still there
    assert not ReportForm.objects.filter(code="BM_MOI").exists()
    response = client.post(reverse("reporting:form_new"), _post(tree, units=""))
    assert "Chọn ít nhất một loại đơn vị" in response.content.decode()


def test_owner_is_limited_to_the_admins_units(client, owner, tree, count, by_level):
    client.force_login(owner)
    response = client.post(reverse("reporting:form_new"), _post(tree, owner=tree.province.pk))
    assert response.status_code == 400 and not ReportForm.objects.filter(code="BM_MOI").exists()


def test_access_owner_member_outsider(client, owner, member, outsider, monthly_form, tree):
    """monthly_form belongs to the province: only its administrators edit it."""
    mine = report_form_save(
        user=owner,
        form=None,
        fields=_fields(tree),
        layout=layout_parse("# A\nT_HOI_NGHI"),
    )
    edit = reverse("reporting:form_edit", args=[mine.code])
    province_form = reverse("reporting:form_edit", args=[monthly_form.code])
    client.force_login(owner)
    assert client.get(reverse("reporting:manage")).status_code == 200
    assert client.get(edit).status_code == 200
    assert client.get(province_form).status_code == 404
    for user in (member, outsider):
        client.force_login(user)
        assert client.get(edit).status_code == 404
        assert client.post(edit, _post(tree, code=mine.code)).status_code == 404
    client.force_login(member)
    assert client.get(reverse("reporting:form_new")).status_code == 403
    assert mine.code not in client.get(reverse("reporting:manage")).content.decode()


def test_pages_need_a_login(client):
    response = client.get(reverse("reporting:manage"))
    assert response.status_code == 302 and "/login" in response["Location"]


def _rule(**changes) -> dict:
    data = {
        "code": "R_LOP",
        "left": "T_LOP.CAO_CAP",
        "operator": "<=",
        "right": "T_LOP.SO_CAP",
        "importance": "high",
        "message": "Lớp cao cấp không nhiều hơn lớp sơ cấp.",
        "is_active": "on",
    }
    return data | changes


def test_site_admin_writes_a_rule_checked_name_by_name(client, site_admin, by_level, count):
    client.force_login(site_admin)
    bad = client.post(reverse("reporting:rule_new"), _rule(left="T_LOP.TRUNG_CAP + KHONG_CO"))
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Không có chỉ tiêu mã “KHONG_CO”." in page
    assert "Chỉ tiêu T_LOP không có mục phân tổ “TRUNG_CAP”." in page
    broken = client.post(reverse("reporting:rule_new"), _rule(right="T_LOP.SO_CAP *"))
    assert broken.status_code == 400 and "vị trí" in broken.content.decode()
    assert client.post(reverse("reporting:rule_new"), _rule()).status_code == 302
    rule = ValidationRule.objects.get(code="R_LOP")
    assert (rule.importance, rule.operator) == ("high", "<=")
    assert LogEntry.objects.get_for_object(rule).exists()
    assert "R_LOP" in client.get(reverse("reporting:manage")).content.decode()


def test_only_site_admins_edit_rules(client, owner, province_admin, member, by_level):
    rule = ValidationRule.objects.create(
        code="R_LOP", left="T_LOP.CAO_CAP", operator="<=", right="T_LOP.SO_CAP", message="x"
    )
    for user in (owner, province_admin, member):
        client.force_login(user)
        assert client.get(reverse("reporting:rule_edit", args=[rule.code])).status_code == 403
        assert client.post(reverse("reporting:rule_new"), _rule(code="R_KHAC")).status_code == 403
        page = client.get(reverse("reporting:manage")).content.decode()
        assert 'id="new-rule"' not in page and "R_LOP" in page  # listed, read-only
    assert not ValidationRule.objects.filter(code="R_KHAC").exists()
