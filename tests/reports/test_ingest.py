"""Narrative reports in: read a commune's report, propose its figures, store nothing until a
person accepts; accepted figures go through the values core (and roll up), refused ones say
why; scope as everywhere (owner, member, outsider)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_token
from tuyengiao.reports.models import Decision, IngestedReport, Proposal
from tuyengiao.reports.services import proposals_accept, report_ingest
from tuyengiao.values.models import DataValue, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import figures

MARCH = Period.month(2026, 3)
REPORT = """ĐẢNG ỦY XÃ AN BÌNH
BÁO CÁO
Kết quả công tác tuyên giáo tháng 3 năm 2026

I. KẾT QUẢ ĐẠT ĐƯỢC
1. Công tác tuyên truyền miệng
Trong tháng, Đảng ủy đã tổ chức 3 hội nghị thông tin thời sự cho cán bộ, đảng viên và nhân
dân với 468 lượt người nghe. Tổ chức 2 hội nghị báo cáo viên cấp xã.
Triển khai học tập, quán triệt Nghị quyết số 35-NQ/TW của Bộ Chính trị.

II. HẠN CHẾ, TỒN TẠI
Một số chi bộ tổ chức sinh hoạt chưa đều.

III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 4
Phấn đấu tổ chức 5 hội nghị thông tin thời sự.
"""


def ingest(user, tree, text=REPORT):
    return report_ingest(user=user, orgunit=tree.commune_a, period=MARCH, text=text,
                         filename="bao-cao-thang-3.txt")  # fmt: skip


def proposed(report):
    return {p.indicator.code: p for p in report.proposals.select_related("indicator")}


def test_reading_proposes_figures_and_stores_none(tree, owner):
    report = ingest(owner, tree)
    found = proposed(report)
    assert found["HN_THONG_TIN_THOI_SU"].value == 3
    assert found["LUOT_NGUOI_NGHE"].value == 468
    assert found["HN_BAO_CAO_VIEN"].value == 2
    assert "468 lượt người nghe" in found["LUOT_NGUOI_NGHE"].sentence
    assert not DataValue.objects.exists()
    assert {"results", "limitations", "directions"} <= set(report.sections)
    assert report.references == [{"symbol": "35-NQ/TW", "document": None}]


def test_accepted_figures_are_saved_with_their_sentence_and_roll_up(tree, owner):
    report = ingest(owner, tree)
    found = proposed(report)
    outcomes = proposals_accept(user=owner, report=report, decisions=[
        {"id": found["HN_THONG_TIN_THOI_SU"].pk, "value": None},
        {"id": found["LUOT_NGUOI_NGHE"].pk, "value": "470"},
        {"id": found["HN_BAO_CAO_VIEN"].pk, "reject": True},
    ])  # fmt: skip
    assert [o.status for o in outcomes] == ["saved", "saved", "rejected"]
    value = DataValue.objects.get(indicator__code="LUOT_NGUOI_NGHE", orgunit=tree.commune_a)
    assert value.value == 470 and value.period == "202603" and value.source == SourceKind.REPORT
    assert value.source_url.endswith(f"#p-{found['LUOT_NGUOI_NGHE'].pk}")
    decisions = dict(Proposal.objects.values_list("indicator__code", "decision"))
    assert decisions["LUOT_NGUOI_NGHE"] == Decision.CORRECTED
    assert decisions["HN_THONG_TIN_THOI_SU"] == Decision.ACCEPTED
    assert not DataValue.objects.filter(indicator__code="HN_BAO_CAO_VIEN").exists()
    totals = figures(indicator=value.indicator, unit_ids=[tree.province.pk], period=MARCH,
                     state="entered")  # fmt: skip
    assert totals[tree.province.pk].value == 470


def test_a_cell_the_core_refuses_says_why_and_the_others_are_saved(tree, owner):
    report = ingest(owner, tree)
    found = proposed(report)
    outcomes = proposals_accept(user=owner, report=report, decisions=[
        {"id": found["HN_THONG_TIN_THOI_SU"].pk, "value": "-3"},
        {"id": found["LUOT_NGUOI_NGHE"].pk, "value": None},
    ])  # fmt: skip
    assert [o.status for o in outcomes] == ["refused", "saved"]
    assert outcomes[0].reason
    assert Proposal.objects.get(pk=found["HN_THONG_TIN_THOI_SU"].pk).decision == Decision.REFUSED


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_editor_of_the_unit_reads_a_report_in(tree, request, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ingest(request.getfixturevalue(who), tree)


# ---- the API ------------------------------------------------------------------------------


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def post_report(client, user, **fields):
    data = {"orgunit": "XA-AB", "period": "202603", **fields,
            "file": SimpleUploadedFile("bao-cao.txt", REPORT.encode("utf-8"))}  # fmt: skip
    return client.post("/api/reports/ingest/", data, headers=auth(user))


def test_the_api_answers_the_proposal_shape_then_saves_what_is_accepted(client, tree, owner):
    response = post_report(client, owner)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["orgunit"] == "XA-AB" and body["period"] == "202603"
    by_code = {p["indicator"]: p for p in body["proposals"]}
    briefing = by_code["HN_THONG_TIN_THOI_SU"]
    assert briefing["value"] == 3 and briefing["approx"] == "" and briefing["option"] == ""
    start, end = briefing["span"]
    assert body["text"][start:end].startswith("3 hội nghị")
    assert set(briefing) >= {"id", "indicator", "option", "value", "approx", "span",
                             "sentence", "alternatives"}  # fmt: skip
    assert body["references"] == [{"symbol": "35-NQ/TW", "document": None}]
    assert set(body["sections"]) == {"results", "limitations", "causes", "directions"}
    accept = client.post(f"/api/reports/ingest/{body['id']}/accept/",
                         json.dumps({"proposals": [{"id": briefing["id"], "value": 3}]}),
                         content_type="application/json", headers=auth(owner))  # fmt: skip
    assert accept.status_code == 200, accept.content
    saved = {"id": briefing["id"], "indicator": "HN_THONG_TIN_THOI_SU", "option": "",
             "status": "saved", "reason": ""}  # fmt: skip
    assert accept.json()["results"] == [saved]
    assert DataValue.objects.get(indicator__code="HN_THONG_TIN_THOI_SU").value == 3
    listed = client.get("/api/reports/", {"orgunit": "TU", "period": "202603"}, headers=auth(owner))
    assert listed.status_code == 404  # the province is above the owner's scope
    listed = client.get("/api/reports/", {"orgunit": "XA-AB"}, headers=auth(owner)).json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "review"


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("member", 403)])
def test_the_api_reads_in_only_for_an_editor_in_scope(client, tree, request, who, status):
    assert post_report(client, request.getfixturevalue(who)).status_code == status
    assert not IngestedReport.objects.exists()


def test_an_outsider_neither_reads_nor_accepts_anothers_report(client, tree, owner, outsider):
    report = ingest(owner, tree)
    pk = report.proposals.first().pk
    assert (
        client.get(f"/api/reports/ingest/{report.pk}/", headers=auth(outsider)).status_code == 404
    )
    accept = client.post(f"/api/reports/ingest/{report.pk}/accept/",
                         json.dumps({"proposals": [{"id": pk}]}),
                         content_type="application/json", headers=auth(outsider))  # fmt: skip
    assert accept.status_code == 404 and not DataValue.objects.exists()
    assert client.get("/api/reports/", headers=auth(outsider)).json()["count"] == 0


def test_a_bad_period_or_missing_file_is_a_clear_400(client, tree, owner):
    assert post_report(client, owner, period="tháng mười ba").status_code == 400
    response = client.post("/api/reports/ingest/", {"orgunit": "XA-AB", "period": "202603"},
                           headers=auth(owner))  # fmt: skip
    assert response.status_code == 400 and "(file)" in response.json()["detail"]


# ---- the pages ----------------------------------------------------------------------------


def test_pages_need_a_login(client, tree, owner):
    report = ingest(owner, tree)
    for url in (reverse("reports:list"), reverse("reports:review", args=[report.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_review_page_marks_figures_and_saves_decisions(client, tree, owner, member, outsider):
    client.force_login(owner)
    upload = SimpleUploadedFile("bao-cao.txt", REPORT.encode("utf-8"))
    response = client.post(reverse("reports:list"), {"orgunit": tree.commune_a.pk,
                           "period": "202603", "file": upload})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    report = IngestedReport.objects.get()
    page = client.get(response["Location"]).content.decode()
    found = proposed(report)
    briefing = found["HN_THONG_TIN_THOI_SU"]
    assert f'id="m-{briefing.pk}"' in page and f'id="p-{briefing.pk}"' in page
    form = {f"d-{p.pk}": "" for p in found.values()}
    form |= {f"d-{briefing.pk}": "accept", f"v-{briefing.pk}": "4"}
    assert client.post(response["Location"], form).status_code == 302
    assert DataValue.objects.get(indicator__code="HN_THONG_TIN_THOI_SU").value == 4
    client.force_login(member)
    page = client.get(response["Location"]).content.decode()
    assert 'id="review-submit"' not in page
    client.force_login(outsider)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"], form).status_code == 404


def test_the_reports_own_number_is_no_reference_and_registered_ones_are_linked(tree, owner):
    from pathlib import Path

    from tests.tracking.conftest import make_document

    cited = make_document(tree.province, owner, symbol="88-KL/TU", title="Kết luận về…")
    sample = Path(__file__).parents[2] / "docs/examples/bao-cao-thang-xa-lung-suong.txt"
    text = sample.read_text(encoding="utf-8")
    report = ingest(owner, tree, text=text)
    found = {ref["symbol"]: ref["document"] for ref in report.references}
    assert "45-BC/ĐU" not in found
    assert found["88-KL/TU"] == cited.pk and found["35-NQ/TW"] is None
    cells = {(p.indicator.code, p.value, p.approx) for p in report.proposals.all()}
    assert ("LUOT_NGUOI_NGHE", 350, "over") in cells
    assert ("GD_VAN_HOA", 1182, "") in cells and ("GD_TONG", 1375, "") in cells


def test_a_report_already_in_the_registry_is_read_from_its_text(client, tree, owner, outsider):
    from tests.tracking.conftest import make_document

    registered = make_document(tree.commune_a, owner, symbol="45-BC/ĐU", full_text=REPORT)
    client.force_login(owner)
    form = {"orgunit": tree.commune_a.pk, "period": "202603", "document": "45-bc/đu"}
    response = client.post(reverse("reports:list"), form)
    assert response.status_code == 302
    report = IngestedReport.objects.get()
    assert report.document == registered and report.filename == "45-BC/ĐU"
    assert proposed(report)["HN_THONG_TIN_THOI_SU"].value == 3
    both = client.post(reverse("reports:list"), form | {
        "file": SimpleUploadedFile("b.txt", b"x")})  # fmt: skip
    assert both.status_code == 400 and IngestedReport.objects.count() == 1
    api = client.post("/api/reports/ingest/", {"orgunit": "XA-AB", "period": "202603",
                      "document": registered.pk}, headers=auth(owner))  # fmt: skip
    assert api.status_code == 201 and api.json()["proposals"]
    hidden = client.post("/api/reports/ingest/", {"orgunit": "XA-BM", "period": "202603",
                         "document": registered.pk}, headers=auth(outsider))  # fmt: skip
    assert hidden.status_code == 404


def test_a_form_the_unit_does_not_report_is_refused(client, tree, owner):
    from tuyengiao.reporting.models import ReportForm

    other = ReportForm.objects.create(code="BM_B", name="Biểu của xã B", period_kind="month",
                                      owner=tree.province)  # fmt: skip
    other.units.add(tree.commune_b)
    response = post_report(client, owner, form="BM_B")
    assert (
        response.status_code == 400 and "không báo cáo theo biểu mẫu" in response.json()["detail"]
    )
    client.force_login(owner)
    upload = SimpleUploadedFile("bao-cao.txt", REPORT.encode("utf-8"))
    page = client.post(reverse("reports:list"), {"orgunit": tree.commune_a.pk,
                       "period": "202603", "form": other.pk, "file": upload})  # fmt: skip
    assert page.status_code == 400 and not IngestedReport.objects.exists()
    other.units.add(tree.commune_a)
    assert post_report(client, owner, form="BM_B").status_code == 201


def test_a_decision_is_taken_once_and_an_unknown_id_is_answered(client, tree, owner):
    report = ingest(owner, tree)
    briefing = proposed(report)["HN_THONG_TIN_THOI_SU"]
    first = proposals_accept(user=owner, report=report, decisions=[
        {"id": briefing.pk, "value": 1}, {"id": briefing.pk, "value": 999}])  # fmt: skip
    assert [o.status for o in first] == ["saved", "refused"]
    DataValue.objects.filter(indicator__code="HN_THONG_TIN_THOI_SU").update(value=10)
    again = proposals_accept(user=owner, report=report, decisions=[{"id": briefing.pk}])
    assert again[0].status == "refused" and "đã được xử lý" in again[0].reason
    assert DataValue.objects.get(indicator__code="HN_THONG_TIN_THOI_SU").value == 10
    body = json.dumps({"proposals": [{"id": 987654}]})
    answer = client.post(f"/api/reports/ingest/{report.pk}/accept/", body,
                         content_type="application/json", headers=auth(owner))  # fmt: skip
    assert answer.json()["results"][0]["status"] == "refused"


def test_only_the_units_own_report_in_the_registry_and_no_secret_one(client, tree, owner,
                                                                      province_admin):  # fmt: skip
    from tests.tracking.conftest import make_document

    secret = make_document(tree.commune_a, owner, symbol="9-BC/ĐU", full_text=REPORT,
                           confidential=True)  # fmt: skip
    beside = make_document(tree.commune_b, province_admin, symbol="8-BC/ĐU", full_text=REPORT)
    for document, who in ((secret, owner), (beside, province_admin)):
        answer = client.post("/api/reports/ingest/", {"orgunit": "XA-AB", "period": "202603",
                             "document": document.pk}, headers=auth(who))  # fmt: skip
        assert answer.status_code == 400, answer.content
    assert not IngestedReport.objects.exists()


def test_a_report_too_long_is_refused_with_its_limit(client, tree, owner, settings):
    from tuyengiao.reports import services

    too_long = REPORT + "x" * services.MAX_REPORT_CHARS
    data = {"orgunit": "XA-AB", "period": "202603",
            "file": SimpleUploadedFile("b.txt", too_long.encode())}  # fmt: skip
    answer = client.post("/api/reports/ingest/", data, headers=auth(owner))
    assert answer.status_code == 400 and "200.000 ký tự" in answer.json()["detail"]
