"""The inspection pages (list, new delegation, one inspection, its findings and
recommendations per unit) and the access test of each: the province that inspects, commune
A's owner and member, the outsider of commune B, and anonymous users."""

import datetime

import pytest
from django.urls import reverse

from tests.tracking.conftest import SOON, START, make_document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tracking.inspections import findings_save, inspection_create
from tuyengiao.tracking.models import (
    Assignment,
    InspectedUnit,
    Inspection,
    InspectionMember,
    MemberRole,
    Notification,
    NotificationKind,
    Recommendation,
    Task,
)


@pytest.fixture
def only_a(tree, province_admin):
    """A delegation of the province to commune A alone."""
    return inspection_create(
        user=province_admin,
        orgunit=tree.province,
        title="Kiểm tra riêng xã An Bình",
        starts_on=START,
        ends_on=START,
        units=[tree.commune_a],
    )


def _unit(inspection, unit) -> InspectedUnit:
    return inspection.units.get(orgunit=unit)


def _new_data(orgunit, units=None, **fields) -> dict:
    """A valid "Lập đoàn kiểm tra" post: two members named, one blank row left as it came.
    `units` are unit codes (both communes unless given)."""
    codes = units or ["XA-AB", "XA-BM"]
    picked = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk"))
    data = {
        "orgunit": str(orgunit.pk),
        "title": "Kiểm tra công tác tuyên truyền năm 2026",
        "topics": "Tuyên truyền; học tập nghị quyết",
        "starts_on": "02/11/2026",
        "ends_on": "06/11/2026",
        "units": [str(picked.get(code, code)) for code in codes],
        "documents": "88-KL/TU",
        "member-TOTAL_FORMS": "3",
        "member-INITIAL_FORMS": "0",
        "member-0-name": "Nguyễn Văn An",
        "member-0-position": "Phó Trưởng Ban Tuyên giáo",
        "member-0-role": MemberRole.HEAD,
        "member-1-name": "Trần Thị Bình",
        "member-1-position": "",
        "member-1-role": MemberRole.SECRETARY,
        "member-2-name": "",
        "member-2-position": "",
        "member-2-role": MemberRole.MEMBER,
    }
    data.update(fields)
    return data


def _findings_data(inspected, strengths, shortcomings) -> dict:
    return {
        f"u{inspected.pk}-strengths": strengths,
        f"u{inspected.pk}-shortcomings": shortcomings,
    }


@pytest.mark.parametrize(
    ("method", "name", "needs"),
    [
        ("get", "tracking:inspections", ()),
        ("get", "tracking:inspection_new", ()),
        ("post", "tracking:inspection_new", ()),
        ("get", "tracking:inspection", ("pk",)),
        ("post", "tracking:findings", ("pk", "unit")),
        ("post", "tracking:recommendation", ("pk", "unit")),
    ],
)
def test_anonymous_users_are_sent_to_log_in_from_every_inspection_page(
    client, delegation, tree, method, name, needs
):
    args = [delegation.pk] if "pk" in needs else []
    if "unit" in needs:
        args.append(_unit(delegation, tree.commune_a).pk)
    response = getattr(client, method)(reverse(name, args=args), {})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert Inspection.objects.count() == 1 and not Recommendation.objects.exists()


def test_the_list_shows_each_user_the_delegations_of_their_scope(
    client, delegation, only_a, province_admin, member, outsider
):
    url = reverse("tracking:inspections")
    client.force_login(province_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert {item.pk for item in response.context["items"]} == {delegation.pk, only_a.pk}
    assert reverse("tracking:inspection_new") in response.content.decode()
    client.force_login(member)
    response = client.get(url)
    assert {item.pk for item in response.context["items"]} == {delegation.pk, only_a.pk}
    assert reverse("tracking:inspection_new") not in response.content.decode()
    client.force_login(outsider)
    body = client.get(url).content.decode()
    assert delegation.title in body and "Kiểm tra riêng xã An Bình" not in body


def test_a_viewer_can_neither_open_nor_post_a_new_delegation(client, tree, conclusion, member):
    client.force_login(member)
    assert client.get(reverse("tracking:inspection_new")).status_code == 403
    response = client.post(reverse("tracking:inspection_new"), _new_data(tree.commune_a))
    assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_the_province_registers_a_delegation_with_its_members_units_and_documents(
    client, tree, conclusion, province_admin
):
    client.force_login(province_admin)
    page = client.get(reverse("tracking:inspection_new"))
    assert page.status_code == 200
    offered = page.context["form"].fields["orgunit"].queryset
    assert [u.code for u in offered] == ["TU", "XA-AB", "CB-A1", "XA-BM", "CB-B1"]
    response = client.post(reverse("tracking:inspection_new"), _new_data(tree.province))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:inspection", args=[inspection.pk])
    assert (inspection.orgunit, inspection.created_by) == (tree.province, province_admin)
    assert inspection.title == "Kiểm tra công tác tuyên truyền năm 2026"
    assert (inspection.starts_on, inspection.ends_on) == (START, datetime.date(2026, 11, 6))
    assert [(m.name, m.position, m.role) for m in inspection.members.all()] == [
        ("Nguyễn Văn An", "Phó Trưởng Ban Tuyên giáo", MemberRole.HEAD),
        ("Trần Thị Bình", "", MemberRole.SECRETARY),
    ]
    assert [u.orgunit.code for u in inspection.units.all()] == ["XA-AB", "XA-BM"]
    assert list(inspection.documents.all()) == [conclusion]
    body = client.get(response["Location"]).content.decode()
    assert "Đã lập đoàn kiểm tra." in body and "Nguyễn Văn An" in body


@pytest.mark.parametrize(
    ("orgunit", "fields", "error"),
    [
        ("province", {"ends_on": "01/11/2026"}, "Ngày kết thúc trước ngày bắt đầu."),
        ("commune_b", {"units": ["XA-AB"]}, "Chỉ kiểm tra được đơn vị trực thuộc"),
        ("province", {"units": ["XA-AB", "TU"]}, "Chỉ kiểm tra được đơn vị trực thuộc"),
        ("province", {"units": ["XA-AB", "999999"]}, "999999"),
        ("province", {"documents": "88-KL/TU, 99-NQ/TU"}, "Không tìm thấy văn bản: 99-NQ/TU."),
        ("province", {"starts_on": "2026-13-40"}, "không có tháng 13 (tháng từ 1 đến 12)"),
    ],
    ids=[
        "end-before-start",
        "unit-outside",
        "the-unit-itself",
        "unknown-unit",
        "unknown-doc",
        "bad-date",
    ],
)
def test_a_bad_delegation_is_shown_again_with_the_error_and_saves_nothing(
    client, tree, conclusion, province_admin, orgunit, fields, error
):
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:inspection_new"), _new_data(getattr(tree, orgunit), **fields)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert error in body
    assert "Nguyễn Văn An" in body  # what was typed comes back
    assert not Inspection.objects.exists() and not InspectionMember.objects.exists()
    assert not InspectedUnit.objects.exists()


def test_a_commune_inspects_its_own_cell_but_cannot_name_its_neighbours(client, tree, owner):
    client.force_login(owner)
    url = reverse("tracking:inspection_new")
    refused = client.post(url, _new_data(tree.commune_a, units=["CB-B1"], documents=""))
    assert refused.status_code == 200
    assert str(tree.cell_b1.pk) in refused.context["form"].errors["units"][0]
    offered = refused.context["form"].fields["units"].queryset
    assert [u.code for u in offered] == ["XA-AB", "CB-A1"]
    assert not Inspection.objects.exists()
    response = client.post(url, _new_data(tree.commune_a, units=["CB-A1"], documents=""))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.orgunit == tree.commune_a
    assert [u.orgunit for u in inspection.units.all()] == [tree.cell_a1]


def test_an_outsider_cannot_register_a_delegation_in_the_provinces_name(
    client, tree, conclusion, outsider
):
    client.force_login(outsider)
    response = client.post(reverse("tracking:inspection_new"), _new_data(tree.province))
    assert response.status_code == 200
    assert "orgunit" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_the_province_sees_every_inspected_unit_with_a_findings_form(
    client, delegation, province_admin
):
    client.force_login(province_admin)
    response = client.get(reverse("tracking:inspection", args=[delegation.pk]))
    assert response.status_code == 200
    assert response.context["editable"] is True
    assert [u.orgunit.code for u in response.context["units"]] == ["XA-AB", "XA-BM"]
    body = response.content.decode()
    assert 'id="inspected-XA-AB"' in body and 'id="inspected-XA-BM"' in body
    for inspected in delegation.units.all():
        assert reverse("tracking:findings", args=[delegation.pk, inspected.pk]) in body
        assert reverse("tracking:recommendation", args=[delegation.pk, inspected.pk]) in body
    assert "Nguyễn Văn Trưởng" in body and "88-KL/TU" in body


def test_findings_are_saved_for_the_unit_they_were_written_for(
    client, delegation, tree, province_admin
):
    inspected_a = _unit(delegation, tree.commune_a)
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:findings", args=[delegation.pk, inspected_a.pk]),
        _findings_data(inspected_a, "  Học tập đầy đủ, đúng thời gian  ", "Kế hoạch ban hành chậm"),
        follow=True,
    )
    assert response.redirect_chain == [(reverse("tracking:inspection", args=[delegation.pk]), 302)]
    assert "Đã lưu kết quả kiểm tra của" in response.content.decode()
    inspected_a.refresh_from_db()
    assert inspected_a.strengths == "Học tập đầy đủ, đúng thời gian"
    assert inspected_a.shortcomings == "Kế hoạch ban hành chậm"
    untouched = _unit(delegation, tree.commune_b)
    assert (untouched.strengths, untouched.shortcomings) == ("", "")
    # The form on the page now holds what was saved, to be corrected rather than retyped.
    form = response.context["findings_forms"][inspected_a.pk]
    assert form.initial["strengths"] == "Học tập đầy đủ, đúng thời gian"


def test_a_recommendation_becomes_a_task_assigned_to_the_inspected_unit(
    client, delegation, tree, province_admin, owner
):
    inspected_a = _unit(delegation, tree.commune_a)
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:recommendation", args=[delegation.pk, inspected_a.pk]),
        {"text": "Ban hành kế hoạch cụ thể hóa Kết luận", "deadline": SOON.isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:inspection", args=[delegation.pk])
    recommendation = Recommendation.objects.get()
    assert recommendation.inspected == inspected_a and recommendation.deadline == SOON
    task = Task.objects.get(inspection=delegation)
    assert recommendation.task == task
    assert (task.orgunit, task.document, task.title) == (
        tree.province,
        None,
        "Ban hành kế hoạch cụ thể hóa Kết luận",
    )
    [assignment] = Assignment.objects.filter(task=task)
    assert (assignment.orgunit, assignment.deadline) == (tree.commune_a, SOON)
    # The inspected commune hears of it like of any task, and the page links to the work.
    assert Notification.objects.filter(
        user=owner, kind=NotificationKind.ASSIGNED, assignment=assignment
    ).exists()
    body = client.get(response["Location"]).content.decode()
    assert "Ban hành kế hoạch cụ thể hóa Kết luận" in body
    assert reverse("tracking:assignment", args=[assignment.pk]) in body


def test_a_recommendation_takes_a_day_typed_the_vietnamese_way(
    client, delegation, tree, province_admin
):
    inspected_b = _unit(delegation, tree.commune_b)
    client.force_login(province_admin)
    client.post(
        reverse("tracking:recommendation", args=[delegation.pk, inspected_b.pk]),
        {"text": "Bổ sung hồ sơ", "deadline": "31/12/2026"},
    )
    [assignment] = Assignment.objects.filter(task__inspection=delegation)
    assert assignment.orgunit == tree.commune_b
    assert assignment.deadline == datetime.date(2026, 12, 31)


def test_a_recommendation_without_text_is_refused_with_a_message(
    client, delegation, tree, province_admin
):
    inspected_a = _unit(delegation, tree.commune_a)
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:recommendation", args=[delegation.pk, inspected_a.pk]),
        {"text": "   ", "deadline": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kiến nghị chưa có nội dung." in response.content.decode()
    assert not Recommendation.objects.exists()
    assert not Task.objects.filter(inspection=delegation).exists()


def test_an_inspected_commune_reads_only_its_own_findings_and_recommendations(
    client, delegation, tree, province_admin, member
):
    inspected_a = _unit(delegation, tree.commune_a)
    inspected_b = _unit(delegation, tree.commune_b)
    client.force_login(province_admin)
    for inspected, label in ((inspected_a, "An Bình"), (inspected_b, "Bình Minh")):
        client.post(
            reverse("tracking:findings", args=[delegation.pk, inspected.pk]),
            _findings_data(inspected, f"Ưu điểm của {label}", f"Hạn chế của {label}"),
            follow=True,  # the messages (kept in a cookie) are read here, not by the member
        )
        client.post(
            reverse("tracking:recommendation", args=[delegation.pk, inspected.pk]),
            {"text": f"Kiến nghị cho {label}"},
            follow=True,
        )
    client.force_login(member)
    response = client.get(reverse("tracking:inspection", args=[delegation.pk]))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert [u.orgunit.code for u in response.context["units"]] == ["XA-AB"]
    body = response.content.decode()
    assert "Ưu điểm của An Bình" in body and "Hạn chế của An Bình" in body
    assert "Kiến nghị cho An Bình" in body
    assert "Bình Minh" not in body
    assert 'class="findings-form"' not in body and 'class="recommendation-form"' not in body
    [assignment] = Assignment.objects.filter(task__inspection=delegation, orgunit=tree.commune_a)
    assert reverse("tracking:assignment", args=[assignment.pk]) in body


@pytest.mark.parametrize("who", ["member", "owner", "commune_editor"])
def test_commune_a_cannot_write_the_provinces_findings_or_recommendations(
    client, delegation, tree, who, request
):
    inspected_a = _unit(delegation, tree.commune_a)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("tracking:inspection", args=[delegation.pk])).status_code == 200
    findings = client.post(
        reverse("tracking:findings", args=[delegation.pk, inspected_a.pk]),
        _findings_data(inspected_a, "Tự khen", ""),
    )
    assert findings.status_code == 403
    recommendation = client.post(
        reverse("tracking:recommendation", args=[delegation.pk, inspected_a.pk]),
        {"text": "Tự giao"},
    )
    assert recommendation.status_code == 403
    inspected_a.refresh_from_db()
    assert inspected_a.strengths == "" and not Recommendation.objects.exists()
    assert not Task.objects.filter(inspection=delegation).exists()


def test_an_outsider_gets_404_for_an_inspection_that_did_not_visit_it(
    client, only_a, tree, outsider
):
    inspected_a = _unit(only_a, tree.commune_a)
    client.force_login(outsider)
    assert client.get(reverse("tracking:inspection", args=[only_a.pk])).status_code == 404
    findings = client.post(
        reverse("tracking:findings", args=[only_a.pk, inspected_a.pk]),
        _findings_data(inspected_a, "x", "y"),
    )
    assert findings.status_code == 404
    recommendation = client.post(
        reverse("tracking:recommendation", args=[only_a.pk, inspected_a.pk]), {"text": "x"}
    )
    assert recommendation.status_code == 404
    inspected_a.refresh_from_db()
    assert inspected_a.strengths == "" and not Recommendation.objects.exists()


def test_an_outsider_does_not_reach_commune_as_findings_by_changing_the_unit_id(
    client, delegation, tree, province_admin, outsider
):
    inspected_a = _unit(delegation, tree.commune_a)
    findings_save(
        user=province_admin,
        inspected=inspected_a,
        strengths="Ưu điểm riêng của An Bình",
        shortcomings="Hạn chế riêng của An Bình",
    )
    client.force_login(outsider)
    response = client.get(reverse("tracking:inspection", args=[delegation.pk]))
    assert response.status_code == 200  # the delegation also visited commune B
    assert [u.orgunit.code for u in response.context["units"]] == ["XA-BM"]
    body = response.content.decode()
    assert "An Bình" not in body
    for name in ("tracking:findings", "tracking:recommendation"):
        posted = client.post(
            reverse(name, args=[delegation.pk, inspected_a.pk]),
            {**_findings_data(inspected_a, "x", "y"), "text": "x"},
        )
        assert posted.status_code == 404, name
    inspected_a.refresh_from_db()
    assert inspected_a.strengths == "Ưu điểm riêng của An Bình"
    assert not Recommendation.objects.exists()


def test_a_unit_of_another_inspection_is_not_found_under_this_one(
    client, delegation, only_a, tree, province_admin
):
    inspected_b = _unit(delegation, tree.commune_b)
    client.force_login(province_admin)
    for name in ("tracking:findings", "tracking:recommendation"):
        posted = client.post(
            reverse(name, args=[only_a.pk, inspected_b.pk]),
            {**_findings_data(inspected_b, "x", "y"), "text": "x"},
        )
        assert posted.status_code == 404, name
    inspected_b.refresh_from_db()
    assert inspected_b.strengths == "" and not Recommendation.objects.exists()


def test_an_unknown_inspection_is_a_plain_404(client, delegation, province_admin):
    client.force_login(province_admin)
    missing = delegation.pk + 1000
    assert client.get(reverse("tracking:inspection", args=[missing])).status_code == 404


def test_findings_and_recommendations_take_only_posts(client, delegation, tree, province_admin):
    inspected_a = _unit(delegation, tree.commune_a)
    client.force_login(province_admin)
    for name in ("tracking:findings", "tracking:recommendation"):
        assert client.get(reverse(name, args=[delegation.pk, inspected_a.pk])).status_code == 405


def test_a_confidential_directive_of_the_delegation_is_not_named_to_a_commune_that_cannot_read_it(
    client, tree, province_admin, member
):
    secret = make_document(tree.province, province_admin, symbol="05-NQ/TU", confidential=True)
    inspection = inspection_create(
        user=province_admin,
        orgunit=tree.province,
        title="Kiểm tra theo chuyên đề",
        starts_on=START,
        ends_on=START,
        units=[tree.commune_a],
        documents=[secret],
    )
    client.force_login(member)
    assert client.get(reverse("documents:detail", args=[secret.pk])).status_code == 404
    response = client.get(reverse("tracking:inspection", args=[inspection.pk]))
    assert response.status_code == 200
    assert "05-NQ/TU" not in response.content.decode()
