"""Reports out, the pages and the API (issue 18 §2, §3): a draft made from the list page, its
sections saved with the commune's sentences picked, issued; the .docx; no .pdf without
LibreOffice; scope as everywhere (owner, member, outsider)."""

import io
import os
import time

import docx
import pytest
from django.urls import reverse

from tests.factories import make_token
from tests.reports.test_generating import MARCH, ingested, media, text_of, write  # noqa: F401
from tuyengiao.documents.models import Document
from tuyengiao.reports import pdf
from tuyengiao.reports.generating import report_docx, report_generate
from tuyengiao.reports.models import GeneratedReport, ReportStatus


def auth(user) -> dict:
    return {"authorization": f"Bearer {make_token(user)}"}


def test_pages_need_a_login(client, tree, owner):
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    for url in (reverse("reports:generated_list"), report.get_absolute_url(),
                reverse("reports:generated_docx", args=[report.pk])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_ingested_list_links_to_the_generated_ones(client, tree, owner):
    client.force_login(owner)
    page = client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:generated_list") in page


@pytest.fixture
def no_libreoffice(monkeypatch, tmp_path):
    """A server without LibreOffice, whether or not this machine has it."""
    monkeypatch.setenv("PATH", str(tmp_path))


@pytest.mark.usefixtures("no_libreoffice")
def test_the_province_makes_edits_picks_and_issues_its_report(client, tree, owner, province_admin):
    write(province_admin, tree.commune_a, 3)
    write(province_admin, tree.commune_b, 4)
    ingested(owner, tree.commune_a)
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:generated_list"), {"orgunit": tree.province.pk, "period": "202603"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = GeneratedReport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Đảng ủy xã An Bình" in page and "Phong trào học tập lan tỏa rộng khắp." in page
    assert 'id="pdf-missing"' in page and 'id="download-pdf"' not in page
    assert "1-BC/TU" in page  # the number suggested
    from tuyengiao.reports.assembling import sentences_below

    key = next(
        s.key
        for s in sentences_below(unit=tree.province, period=MARCH, sections={})
        if s.text.startswith("Phong trào")
    )
    form = {"summary": report.summary, "results": "Toàn tỉnh tổ chức tốt.", "limitations": "",
            "causes": "", "directions": "Tiếp tục.", "authority": "T/M BAN THƯỜNG VỤ",
            "signer_title": "PHÓ BÍ THƯ", "signer": "Nguyễn Văn A", "recipients": "Lưu Văn phòng.",
            "pick": [key]}  # fmt: skip
    assert client.post(report.get_absolute_url(), form).status_code == 302
    report.refresh_from_db()
    assert (
        report.sections["results"]
        == "Toàn tỉnh tổ chức tốt.\nPhong trào học tập lan tỏa rộng khắp."
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert "đã đưa vào" in page
    draft = client.get(reverse("reports:generated_docx", args=[report.pk]))
    assert draft["Content-Type"].startswith("application/vnd.openxmlformats")
    text = text_of(draft.content)
    assert "DỰ THẢO" in text and "Phong trào học tập lan tỏa rộng khắp." in text
    assert "Đảng ủy xã Bình Minh | 4" in text and "Nguyễn Văn A" in text
    issue = {"number": "12-BC/TU", "issued_on": "02/04/2026"}
    response = client.post(reverse("reports:generated_issue", args=[report.pk]), issue)
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED and report.frozen is not None
    assert Document.objects.get(symbol="12-BC/TU").attachments.count() == 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="draft-save"' not in page and 'id="issue-form"' not in page
    assert "12-BC/TU" in page
    issued = text_of(client.get(reverse("reports:generated_docx", args=[report.pk])).content)
    assert "DỰ THẢO" not in issued and "Số 12-BC/TU" in issued
    assert "Thử, ngày 2 tháng 4 năm 2026" in issued
    # An issued report takes no more edits.
    assert client.post(report.get_absolute_url(), form).status_code == 403


def test_a_taken_number_is_refused_with_its_reason(client, tree, province_admin):
    client.force_login(province_admin)
    first = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    second = report_generate(user=province_admin, orgunit=tree.province, period=MARCH.previous())
    issue = {"number": "12", "issued_on": "02/04/2026"}
    url = reverse("reports:generated_issue", args=[first.pk])
    assert client.post(url, issue).status_code == 302
    response = client.post(reverse("reports:generated_issue", args=[second.pk]), issue)
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == ReportStatus.DRAFT


def test_scope_of_the_pages(client, tree, owner, member, outsider):
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    urls = [report.get_absolute_url(), reverse("reports:generated_docx", args=[report.pk])]
    client.force_login(member)
    page = client.get(urls[0]).content.decode()
    assert 'id="draft-save"' not in page and 'id="issue-form"' not in page
    assert client.get(urls[1]).status_code == 200
    assert client.post(urls[0], {"summary": "x"}).status_code == 403
    issue = {"number": "1", "issued_on": "02/04/2026"}
    assert (
        client.post(reverse("reports:generated_issue", args=[report.pk]), issue).status_code == 403
    )
    listed = client.get(reverse("reports:generated_list")).content.decode()
    assert 'id="generate-no-role"' in listed and report.get_absolute_url() in listed
    response = client.post(
        reverse("reports:generated_list"), {"orgunit": tree.commune_a.pk, "period": "202603"}
    )
    assert response.status_code == 400  # the unit is not one the viewer may choose
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[0], {"summary": "x"}).status_code == 404
    assert (
        client.post(reverse("reports:generated_issue", args=[report.pk]), issue).status_code == 404
    )
    assert (
        reverse("reports:generated", args=[report.pk])
        not in client.get(reverse("reports:generated_list")).content.decode()
    )
    assert client.get(reverse("reports:generated_pdf", args=[report.pk])).status_code == 404


@pytest.mark.usefixtures("no_libreoffice")
def test_without_libreoffice_the_pdf_is_a_clear_404(client, tree, owner):
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    client.force_login(owner)
    response = client.get(reverse("reports:generated_pdf", args=[report.pk]))
    assert response.status_code == 404


# --------------------------------------------------------------------------------------- API


def test_the_api_generates_a_draft_and_answers_its_docx(client, tree, owner):
    write(owner, tree.commune_a, 3)
    response = client.post(
        "/api/reports/", {"orgunit": "XA-AB", "period": "202603"},
        content_type="application/json", headers=auth(owner),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["orgunit"] == "XA-AB" and body["period"] == "202603"
    assert body["status"] == "draft" and body["kind"] == "month"
    document = client.get(f"/api/reports/{body['id']}/docx", headers=auth(owner))
    assert document.status_code == 200
    assert "DỰ THẢO" in text_of(document.content)
    assert docx.Document(io.BytesIO(document.content)).tables
    ingested(owner, tree.commune_a)
    listed = client.get(
        "/api/reports/", {"orgunit": "XA-AB", "period": "202603"}, headers=auth(owner)
    )
    items = listed.json()["items"]
    assert listed.json()["count"] == 2
    assert {(i["type"], i["status"]) for i in items} == {
        ("generated", "draft"),
        ("ingested", "review"),
    }
    again = client.post(
        "/api/reports/", {"orgunit": "XA-AB", "period": "202603"},
        content_type="application/json", headers=auth(owner),
    )  # fmt: skip
    assert again.json()["id"] == body["id"]  # the draft refreshed, not a second one


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("member", 403), ("owner", 201)])
def test_the_api_generates_only_for_an_editor_in_scope(client, tree, request, who, status):
    response = client.post(
        "/api/reports/", {"orgunit": "XA-AB", "period": "202603"},
        content_type="application/json", headers=auth(request.getfixturevalue(who)),
    )  # fmt: skip
    assert response.status_code == status


def test_the_api_hides_anothers_report(client, tree, owner, outsider, member):
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    url = f"/api/reports/{report.pk}/docx"
    assert client.get(url, headers=auth(outsider)).status_code == 404
    assert client.get(url, headers=auth(member)).status_code == 200
    assert client.get("/api/reports/", headers=auth(outsider)).json()["count"] == 0
    listed = client.get("/api/reports/", headers=auth(member)).json()
    assert [i["type"] for i in listed["items"]] == ["generated"]


def test_the_api_refuses_a_bad_period(client, tree, owner):
    response = client.post(
        "/api/reports/", {"orgunit": "XA-AB", "period": "tháng mười ba"},
        content_type="application/json", headers=auth(owner),
    )  # fmt: skip
    assert response.status_code == 400


def test_issuing_saves_the_writers_last_changes_first(client, tree, owner):
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    client.force_login(owner)
    form = {"summary": report.summary, "results": "Viết xong lúc ban hành.", "limitations": "",
            "causes": "", "directions": "", "authority": "", "signer_title": "BÍ THƯ",
            "signer": "", "recipients": "", "number": "4", "issued_on": "02/04/2026"}  # fmt: skip
    response = client.post(reverse("reports:generated_issue", args=[report.pk]), form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED and report.number == "4-BC/ĐU"
    assert "Viết xong lúc ban hành." in text_of(report_docx(report=report))


FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: writes a .pdf named after the .docx into --outdir.
while [ $# -gt 0 ]; do
  case "$1" in --outdir) shift; out="$1";; *.docx) src="$1";; esac
  shift
done
name=$(basename "$src" .docx)
printf '%%PDF-1.4 fake' > "$out/$name.pdf"
"""


def test_with_libreoffice_the_page_links_the_pdf(client, tree, owner, tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    client.force_login(owner)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="download-pdf"' in page and 'id="pdf-missing"' not in page
    response = client.get(reverse("reports:generated_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.4 fake"


def test_the_api_refuses_a_kind_that_does_not_fit_the_period(client, tree, owner):
    for period, kind in (("2026", "month"), ("10000101-99991231", "so_ket")):
        response = client.post(
            "/api/reports/", {"orgunit": "XA-AB", "period": period, "kind": kind},
            content_type="application/json", headers=auth(owner),
        )  # fmt: skip
        assert response.status_code == 400, response.content
    assert not GeneratedReport.objects.exists()


SLOW_SOFFICE = """#!/bin/sh
# Stands in for a stuck LibreOffice: its soffice.bin (here a sleep) never ends.
sleep 300 &
echo $! > "{pids}"
wait
"""


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(script)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")


def test_a_stuck_libreoffice_is_killed_and_answered_502(client, tree, owner, tmp_path,
                                                        monkeypatch):  # fmt: skip
    pids = tmp_path / "pids"
    fake_soffice(tmp_path, monkeypatch, SLOW_SOFFICE.format(pids=pids))
    monkeypatch.setattr(pdf, "TIMEOUT", 1)
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    client.force_login(owner)
    started = time.monotonic()
    response = client.get(reverse("reports:generated_pdf", args=[report.pk]))
    assert response.status_code == 502
    assert time.monotonic() - started < 10
    child = int(pids.read_text())
    for _ in range(50):  # the kill is sent; the child's end may take a moment to show
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the stuck soffice's child was left running")


def test_a_second_conversion_at_once_is_asked_to_come_back(client, tree, owner, tmp_path,
                                                          monkeypatch):  # fmt: skip
    fake_soffice(tmp_path, monkeypatch, FAKE_SOFFICE)
    monkeypatch.setattr(pdf, "BUSY_WAIT", 0.1)
    report = report_generate(user=owner, orgunit=tree.commune_a, period=MARCH)
    client.force_login(owner)
    with pdf._converting:  # another request's conversion, under way
        response = client.get(reverse("reports:generated_pdf", args=[report.pk]))
    assert response.status_code == 503
    assert "thử lại sau ít phút" in response.content.decode()
    assert client.get(reverse("reports:generated_pdf", args=[report.pk])).status_code == 200


def test_the_list_page_refuses_a_kind_that_does_not_fit_the_period(client, tree, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:generated_list"),
        {"orgunit": tree.province.pk, "period": "202603", "kind": "year"},
    )
    assert response.status_code == 400
    assert "không khớp với kỳ" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_draft_made_before_periods_were_checked_still_opens(client, tree, owner):
    """Made when any range was taken: its tables have no period before to compare with."""
    write(owner, tree.commune_a, 3)
    report = GeneratedReport.objects.create(
        orgunit=tree.commune_a, period="10000101-99991231", kind="so_ket", summary="sơ kết",
        created_by=owner,
    )  # fmt: skip
    client.force_login(owner)
    assert client.get(report.get_absolute_url()).status_code == 200
    response = client.get(reverse("reports:generated_docx", args=[report.pk]))
    assert response.status_code == 200
    assert "BÁO CÁO" in text_of(response.content)
