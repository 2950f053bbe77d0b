"""The pages that answer progress reports and gather them: accepting or returning a report,
the notifications page, and the review (sơ kết, tổng kết) of a span with its .docx draft.
Each with its access test: the province that set the tasks, commune A's owner, editor and
member, the outsider of commune B, and anonymous users."""

import datetime
import io
import re
from html import unescape

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tracking.conftest import make_document
from tuyengiao.tracking.models import (
    Assignment,
    Notification,
    NotificationKind,
    ReviewState,
    Status,
)
from tuyengiao.tracking.reviews import default_span
from tuyengiao.tracking.services import progress_report_save

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SPAN = {"start": "01/07/2026", "end": "31/12/2026"}


def _report(assigned, unit, user, text, *, status=Status.IN_PROGRESS, period="2026S2"):
    item = Assignment.objects.get(task=assigned[1], orgunit=unit)
    return progress_report_save(
        user=user,
        assignment=item,
        period=period,
        status=status,
        results=text,
        shortcomings=f"Hạn chế: {text}",
        next_steps=f"Tiếp theo: {text}",
    )


@pytest.fixture
def report_a(assigned, tree, commune_editor):
    return _report(assigned, tree.commune_a, commune_editor, "Xã An Bình tổ chức 3 hội nghị")


@pytest.fixture
def report_b(assigned, tree, outsider):
    return _report(assigned, tree.commune_b, outsider, "Xã Bình Minh tổ chức 5 hội nghị")


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- anonymous users ---------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in_from_every_page(client, report_a, conclusion):
    for method, url in (
        ("post", reverse("tracking:report_review", args=[report_a.pk])),
        ("get", reverse("tracking:notifications")),
        ("post", reverse("tracking:notifications")),
        ("get", reverse("tracking:review", args=[conclusion.pk])),
        ("get", reverse("tracking:review", args=[conclusion.pk]) + "?format=docx"),
    ):
        response = getattr(client, method)(url, {"decision": "accept"} if method == "post" else {})
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
    report_a.refresh_from_db()
    assert report_a.review_state == ReviewState.SUBMITTED


# --- report_review -------------------------------------------------------------------------


def test_the_province_accepts_a_communes_report(client, report_a, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:report_review", args=[report_a.pk]), {"decision": "accept"}, follow=True
    )
    assert response.redirect_chain == [
        (reverse("tracking:assignment", args=[report_a.assignment_id]), 302)
    ]
    assert "Đã ghi ý kiến về báo cáo." in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.review_state == ReviewState.ACCEPTED
    assert report_a.reviewed_by == province_admin and report_a.reviewed_at is not None
    assert not Notification.objects.filter(kind=NotificationKind.RETURNED).exists()


def test_a_report_is_not_returned_without_a_reason(client, report_a, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:report_review", args=[report_a.pk]),
        {"decision": "return", "note": "   "},
        follow=True,
    )
    assert response.status_code == 200
    assert "Ghi lý do trả lại báo cáo." in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.review_state == ReviewState.SUBMITTED and report_a.reviewed_by is None
    assert not Notification.objects.filter(kind=NotificationKind.RETURNED).exists()


def test_a_review_without_a_decision_says_so_and_changes_nothing(client, report_a, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:report_review", args=[report_a.pk]), {"decision": "maybe"}, follow=True
    )
    assert "Chọn tiếp nhận hoặc trả lại báo cáo." in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.review_state == ReviewState.SUBMITTED


def test_a_returned_report_tells_its_sender_why_and_reopens_work_called_done(
    client, assigned, tree, commune_editor, province_admin
):
    report = _report(assigned, tree.commune_a, commune_editor, "Đã xong", status=Status.DONE)
    assert report.assignment.status == Status.DONE
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:report_review", args=[report.pk]),
        {"decision": "return", "note": "Thiếu   số liệu đảng viên"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review_state == ReviewState.RETURNED
    assert report.review_note == "Thiếu số liệu đảng viên"
    report.assignment.refresh_from_db()
    assert report.assignment.status == Status.IN_PROGRESS
    notice = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert notice.user == commune_editor and notice.assignment == report.assignment
    # The sender reads it on the notifications page, with a link to the work.
    client.force_login(commune_editor)
    body = client.get(reverse("tracking:notifications")).content.decode()
    assert "Thiếu số liệu đảng viên" in body
    assert reverse("tracking:assignment", args=[report.assignment_id]) in body


@pytest.mark.parametrize("who", ["member", "commune_editor", "owner"])
def test_the_reporting_commune_cannot_judge_its_own_report(client, report_a, who, request):
    client.force_login(request.getfixturevalue(who))
    for decision in ({"decision": "accept"}, {"decision": "return", "note": "Tự trả lại"}):
        response = client.post(reverse("tracking:report_review", args=[report_a.pk]), decision)
        assert response.status_code == 403, decision
    report_a.refresh_from_db()
    assert report_a.review_state == ReviewState.SUBMITTED and report_a.reviewed_by is None


def test_an_outsider_gets_404_for_another_communes_report(client, report_a, report_b, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("tracking:report_review", args=[report_a.pk]),
        {"decision": "return", "note": "Không phải của mình"},
    )
    assert response.status_code == 404
    # Its own commune's report it sees, but only the province judges it.
    own = client.post(reverse("tracking:report_review", args=[report_b.pk]), {"decision": "accept"})
    assert own.status_code == 403
    for report in (report_a, report_b):
        report.refresh_from_db()
        assert report.review_state == ReviewState.SUBMITTED
    assert not Notification.objects.filter(kind=NotificationKind.RETURNED).exists()


def test_report_review_takes_only_posts(client, report_a, province_admin):
    client.force_login(province_admin)
    assert client.get(reverse("tracking:report_review", args=[report_a.pk])).status_code == 405


# --- notifications -------------------------------------------------------------------------


@pytest.fixture
def notices(owner, outsider):
    Notification.objects.create(
        user=owner, kind=NotificationKind.ASSIGNED, message="Việc riêng của An Bình", url="/a/"
    )
    Notification.objects.create(
        user=owner, kind=NotificationKind.OVERDUE, message="Quá hạn của An Bình", url="/b/"
    )
    Notification.objects.create(
        user=outsider, kind=NotificationKind.ASSIGNED, message="Việc riêng của Bình Minh", url="/c/"
    )


def test_the_notifications_page_lists_the_users_own_notices_only(client, notices, owner):
    client.force_login(owner)
    response = client.get(reverse("tracking:notifications"))
    assert response.status_code == 200
    assert {n.message for n in response.context["items"]} == {
        "Việc riêng của An Bình",
        "Quá hạn của An Bình",
    }
    body = response.content.decode()
    assert "Việc riêng của An Bình" in body and "Việc riêng của Bình Minh" not in body
    assert body.count('class="unread"') == 2


def test_posting_marks_the_users_notices_read_and_no_one_elses(client, notices, owner, outsider):
    client.force_login(owner)
    response = client.post(reverse("tracking:notifications"))
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:notifications")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert Notification.objects.get(user=outsider).read_at is None
    body = client.get(reverse("tracking:notifications")).content.decode()
    assert "Việc riêng của An Bình" in body and 'class="unread"' not in body


def test_a_user_without_notices_is_told_so(client, notices, member):
    client.force_login(member)
    response = client.get(reverse("tracking:notifications"))
    assert response.status_code == 200 and response.context["items"] == []
    assert "Chưa có thông báo." in response.content.decode()


def test_notifications_take_only_get_and_post(client, member):
    client.force_login(member)
    assert client.delete(reverse("tracking:notifications")).status_code == 405


# --- review --------------------------------------------------------------------------------


def test_the_review_gathers_the_spans_reports_of_every_commune_for_the_province(
    client, report_a, report_b, conclusion, province_admin
):
    client.force_login(province_admin)
    response = client.get(reverse("tracking:review", args=[conclusion.pk]), SPAN)
    assert response.status_code == 200
    review = response.context["review"]
    assert review.report_count == 2
    assert (review.period.start, review.period.end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 12, 31),
    )
    body = response.content.decode()
    assert "Xã An Bình tổ chức 3 hội nghị" in body and "Xã Bình Minh tổ chức 5 hội nghị" in body


def test_a_review_leaves_out_the_reports_outside_the_span(
    client, assigned, tree, commune_editor, conclusion, province_admin
):
    _report(assigned, tree.commune_a, commune_editor, "Báo cáo sáu tháng đầu", period="2026S1")
    client.force_login(province_admin)
    response = client.get(reverse("tracking:review", args=[conclusion.pk]), SPAN)
    assert response.context["review"].report_count == 0
    assert "Báo cáo sáu tháng đầu" not in response.content.decode()


def test_a_commune_reviews_only_its_own_reports(client, report_a, report_b, conclusion, member):
    client.force_login(member)
    url = reverse("tracking:review", args=[conclusion.pk])
    response = client.get(url, SPAN)
    assert response.status_code == 200
    assert response.context["review"].report_count == 1
    body = response.content.decode()
    assert "Xã An Bình tổ chức 3 hội nghị" in body
    assert "Bình Minh" not in body
    download = client.get(url, {**SPAN, "format": "docx"})
    text = _docx_text(download.content)
    assert "Xã An Bình tổ chức 3 hội nghị" in text and "Bình Minh" not in text
    assert "Đơn vị tổng hợp: Đảng ủy xã An Bình" in text


def test_the_review_downloads_as_a_docx_draft(
    client, report_a, report_b, conclusion, province_admin
):
    client.force_login(province_admin)
    response = client.get(
        reverse("tracking:review", args=[conclusion.pk]), {**SPAN, "format": "docx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="so-ket-88-KL-TU-')
    assert disposition.endswith('.docx"')
    text = _docx_text(response.content)
    assert "88-KL/TU" in text and "Đơn vị tổng hợp: Tỉnh ủy Thử" in text
    assert "Đảng ủy xã An Bình (6 tháng cuối năm 2026): Xã An Bình tổ chức 3 hội nghị" in text
    assert "Đảng ủy xã Bình Minh (6 tháng cuối năm 2026): Xã Bình Minh tổ chức 5 hội nghị" in text
    assert "Hạn chế: Xã An Bình tổ chức 3 hội nghị" in text
    assert "Tiếp theo: Xã Bình Minh tổ chức 5 hội nghị" in text


def test_the_pages_docx_link_covers_the_span_shown(client, report_a, conclusion, province_admin):
    client.force_login(province_admin)
    url = reverse("tracking:review", args=[conclusion.pk])
    body = client.get(url, SPAN).content.decode()
    [href] = re.findall(r'href="([^"]*)" id="review-docx"', body)
    download = client.get(url + unescape(href))
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    assert "Xã An Bình tổ chức 3 hội nghị" in _docx_text(download.content)


def test_a_span_ending_before_it_starts_is_refused_and_the_default_span_shown(
    client, report_a, conclusion, province_admin
):
    client.force_login(province_admin)
    response = client.get(
        reverse("tracking:review", args=[conclusion.pk]),
        {"start": "31/12/2026", "end": "01/07/2026"},
    )
    assert response.status_code == 200
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()
    default = default_span(timezone.localdate())  # the view's today, in its time zone
    assert (response.context["period"].start, response.context["period"].end) == (
        default.start,
        default.end,
    )


def test_an_outsider_gets_404_for_the_review_of_a_document_it_cannot_read(
    client, tree, owner, outsider
):
    plan = make_document(tree.commune_a, owner, symbol="12-KH/XA")
    client.force_login(outsider)
    url = reverse("tracking:review", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "docx"}).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200


def test_the_docx_of_a_symbol_with_a_vietnamese_letter_still_downloads_as_an_attachment(
    client, tree, owner
):
    plan = make_document(tree.commune_a, owner, symbol="12-KH/ĐU")
    client.force_login(owner)
    response = client.get(reverse("tracking:review", args=[plan.pk]), {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
