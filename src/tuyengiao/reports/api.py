"""Reports over the API (issue 18 §3; the paths and the proposal shape are fixed: other
tools read them).

`POST /api/reports/ingest/` reads a unit's narrative report (multipart: `file`, `orgunit`,
`period`, optional `form`) and answers what the toolkit proposes; nothing is stored among
the unit's figures until `POST /api/reports/ingest/<id>/accept/` names the proposals a person
accepted, each then saved through the values core or refused with its reason.
`GET /api/reports/` lists the reports of units in scope, read in and generated;
`POST /api/reports/` makes (or refreshes) a unit's draft in the Party's format and
`GET /api/reports/<id>/docx` gives its .docx. A unit out of scope is a 404, a
unit the caller may read but not enter for a 403, as everywhere.
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError
from ninja.router import Router

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, has_role_on, role_denied
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.selectors import document_get_visible_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field
from tuyengiao.reports.generating import issued_name, report_docx, report_generate
from tuyengiao.reports.models import Decision, IngestedReport, Proposal, ReportKind
from tuyengiao.reports.selectors import (
    form_applies,
    form_not_applying,
    forms_seen,
    generated_visible,
    reports_visible,
)
from tuyengiao.reports.services import proposals_accept, report_ingest
from tuyengiao.values.periods import Period

router = Router(tags=["reports"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Alternative(Schema):
    value: float | int
    span: list[int]


class ProposalOut(Schema):
    id: int
    indicator: str
    option: str
    value: float | int
    approx: str = Field(description='"", "over", "under" hoặc "about"')
    span: list[int] = Field(description="Vị trí số liệu trong `text` đã chuẩn hóa")
    sentence: str
    alternatives: list[Alternative]
    decision: str = Field(description="proposed, accepted, corrected, rejected, refused")


class Reference(Schema):
    symbol: str
    document: int | None = Field(description="Mã số văn bản trong sổ; null nếu chưa đăng ký")


class Sections(Schema):
    results: str = ""
    limitations: str = ""
    causes: str = ""
    directions: str = ""


class IngestOut(Schema):
    id: int
    orgunit: str
    period: str
    proposals: list[ProposalOut]
    references: list[Reference]
    sections: Sections
    text: str = Field(description="Văn bản đã chuẩn hóa mà mọi vị trí (span) trỏ vào")


class AcceptItem(InputSchema):
    id: int
    value: Decimal | None = Field(
        None, description="Số đã đọc hoặc số đã sửa; bỏ trống: số đề xuất"
    )
    reject: bool = Field(False, description="Bỏ đề xuất này")


class AcceptIn(InputSchema):
    proposals: list[AcceptItem] = Field(max_length=1000)


class AcceptResult(Schema):
    id: int
    indicator: str
    option: str
    status: str = Field(description="saved, rejected hoặc refused")
    reason: str


class AcceptOut(Schema):
    results: list[AcceptResult]


class ReportFilter(InputSchema):
    orgunit: str = Field("", max_length=40, description="Mã đơn vị: nó và các đơn vị dưới nó")
    period: str = Field("", max_length=17, description="Mã kỳ: 202603, 2026Q1, 2026S1, 2026")
    limit: int = limit_field(default=20, maximum=100)
    offset: Offset = 0


class ReportItem(Schema):
    id: int
    type: str = Field(
        description="ingested (báo cáo của đơn vị gửi lên) hoặc generated (báo cáo tổng hợp)"
    )
    orgunit: str
    period: str
    status: str = Field(
        description="ingested: review (còn đề xuất chờ xem xét) hoặc reviewed; "
        "generated: draft (dự thảo) hoặc issued (đã ban hành)"
    )
    filename: str = ""
    kind: str = Field("", description="generated: month, quarter, half, year, so_ket, tong_ket")
    number: str = Field("", description="generated: số, ký hiệu khi đã ban hành")
    created_at: datetime.datetime


class GenerateIn(InputSchema):
    orgunit: str = Field(max_length=40, description="Mã đơn vị")
    period: str = Field(max_length=17, description="Mã kỳ: 202603, 2026Q1, 2026S1, 2026")
    kind: str = Field("", max_length=10, description="Bỏ trống: theo loại kỳ")


class GeneratedOut(Schema):
    id: int
    orgunit: str
    period: str
    kind: str
    status: str = Field(description="draft (dự thảo) hoặc issued (đã ban hành)")
    summary: str
    number: str
    issued_on: datetime.date | None
    docx: str = Field(description="Đường dẫn tải .docx")


class ReportPage(Schema):
    items: list[ReportItem]
    count: int


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral() else float(value)


def _proposal(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "indicator": proposal.indicator.code,
        "option": proposal.option,
        "value": _number(proposal.value),
        "approx": proposal.approx,
        "span": [proposal.start, proposal.end],
        "sentence": proposal.sentence,
        "alternatives": proposal.alternatives,
        "decision": proposal.decision,
    }


def ingest_out(report: IngestedReport) -> dict:
    proposals = report.proposals.select_related("indicator")
    return {
        "id": report.pk,
        "orgunit": report.orgunit.code,
        "period": report.period,
        "proposals": [_proposal(p) for p in proposals],
        "references": report.references,
        "sections": report.sections,
        "text": report.text,
    }


def _field(request: HttpRequest, name: str) -> str:
    return (request.POST.get(name) or "").strip()


@router.post(
    "/ingest/",
    response={201: IngestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="report_ingest",
    summary="Đọc báo cáo của đơn vị",
)
def report_ingest_api(request: HttpRequest):
    """Biểu mẫu có tệp (multipart): `file` (.docx, .pdf, .txt) hoặc `document` (mã số một
    báo cáo đã có trong sổ văn bản), `orgunit` (mã đơn vị), `period` (mã kỳ), `form` (mã biểu
    mẫu, không bắt buộc). Trả lời các số liệu đề xuất
    (mỗi ô một đề xuất), văn bản dẫn chiếu và các phần của báo cáo; chưa lưu số liệu nào."""
    user = request.user
    code = _field(request, "orgunit")
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", code=code)
    # Before the file is read: reading costs the worker its time and memory.
    if not has_role_on(user, unit, role=Role.EDITOR):
        raise HttpError(403, str(role_denied(unit, role=Role.EDITOR)))
    try:
        period = Period.parse(_field(request, "period"))
    except ValueError as error:
        return Status(400, error_body(str(error)))
    form = None
    if _field(request, "form"):
        form = get_object_or_404(forms_seen(user), code=_field(request, "form"))
        if not form_applies(form, unit):
            return Status(400, error_body(form_not_applying(form, unit)))
    upload, document = request.FILES.get("file"), None
    if upload is not None:
        try:
            text = parse_upload(filename=upload.name or "", data=upload.read()).text
        except ParseError as error:
            return Status(400, error_body(str(error)))
        filename = upload.name or ""
    elif _field(request, "document").isdigit():
        document = document_get_visible_or_404(user=user, pk=int(_field(request, "document")))
        text, filename = document.full_text, document.symbol
    else:
        missing = _("Thiếu báo cáo: gửi tệp (file) hoặc mã số văn bản trong sổ (document).")
        return Status(400, error_body(missing))
    report = report_ingest(
        user=user, orgunit=unit, period=period, text=text, filename=filename, form=form,
        document=document,
    )  # fmt: skip
    return Status(201, ingest_out(report))


@router.get(
    "/ingest/{report_id}/",
    response={200: IngestOut, 404: ErrorOut},
    url_name="report_ingested",
    summary="Một báo cáo đã đọc",
)
def report_ingested(request: HttpRequest, report_id: int):
    """Các đề xuất của một báo cáo đã đọc, với trạng thái xử lý của từng đề xuất."""
    return ingest_out(get_object_or_404(reports_visible(request.user), pk=report_id))


@router.post(
    "/ingest/{report_id}/accept/",
    response={200: AcceptOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="report_accept",
    summary="Nhận các số liệu đề xuất",
)
def report_accept(request: HttpRequest, report_id: int, payload: AcceptIn):
    """`{"proposals": [{"id": 31, "value": 3}, {"id": 32, "reject": true}]}`: mỗi số được
    lưu qua lõi số liệu như trên biểu mẫu, hoặc bị từ chối kèm lý do (kỳ đã khóa…)."""
    report = get_object_or_404(reports_visible(request.user), pk=report_id)
    outcomes = proposals_accept(
        user=request.user, report=report, decisions=[item.dict() for item in payload.proposals]
    )
    return {
        "results": [
            {"id": o.id, "indicator": o.proposal.indicator.code if o.proposal else "",
             "option": o.proposal.option if o.proposal else "", "status": o.status,
             "reason": o.reason}
            for o in outcomes
        ]
    }  # fmt: skip


@router.get(
    "/",
    response={200: ReportPage, 400: ErrorOut, 404: ErrorOut},
    url_name="report_list",
    summary="Báo cáo",
)
def report_list(request: HttpRequest, filters: Query[ReportFilter]):
    """Các báo cáo của đơn vị trong phạm vi, đã đọc và tổng hợp, mới nhất trước."""
    user = request.user
    ingested, generated = reports_visible(user), generated_visible(user)
    if filters.orgunit:
        unit = get_in_scope_or_404(
            OrgUnit.objects.all(), user, path_field="path", code=filters.orgunit
        )
        ingested = ingested.filter(orgunit__path__startswith=unit.path)
        generated = generated.filter(orgunit__path__startswith=unit.path)
    if filters.period:
        try:
            code = Period.parse(filters.period).code
        except ValueError as error:
            return Status(400, error_body(str(error)))
        ingested, generated = ingested.filter(period=code), generated.filter(period=code)
    # The newest of both kinds: each read up to the end of the page, then merged.
    end = filters.offset + filters.limit
    count = ingested.count() + generated.count()
    ingested = ingested.select_related("orgunit")[:end]
    pending = set(
        Proposal.objects.filter(
            report__in=[r.pk for r in ingested], decision=Decision.PROPOSED
        ).values_list("report_id", flat=True)
    )
    items = [
        {"id": r.pk, "type": "ingested", "orgunit": r.orgunit.code, "period": r.period,
         "status": "review" if r.pk in pending else "reviewed", "filename": r.filename,
         "created_at": r.created_at}
        for r in ingested
    ] + [
        {"id": r.pk, "type": "generated", "orgunit": r.orgunit.code, "period": r.period,
         "status": r.status, "kind": r.kind, "number": r.number, "created_at": r.created_at}
        for r in generated.select_related("orgunit").order_by("-created_at", "-pk")[:end]
    ]  # fmt: skip
    items.sort(key=lambda item: item["created_at"], reverse=True)
    return {
        "items": items[filters.offset : end],
        "count": count,
    }


def _generated(report) -> dict:
    return {
        "id": report.pk,
        "orgunit": report.orgunit.code,
        "period": report.period,
        "kind": report.kind,
        "status": report.status,
        "summary": report.summary,
        "number": report.number,
        "issued_on": report.issued_on,
        "docx": reverse("api:report_docx", args=[report.pk]),
    }


@router.post(
    "/",
    response={201: GeneratedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="report_generate",
    summary="Tạo báo cáo tổng hợp",
)
def report_generate_api(request: HttpRequest, payload: GenerateIn):
    """`{"orgunit": "TU", "period": "202611"}`: dự thảo báo cáo của đơn vị cho kỳ (tạo mới,
    hoặc cập nhật dự thảo đã có); số liệu luôn lấy theo số hiện có cho đến khi ban hành."""
    user = request.user
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", code=payload.orgunit)
    if not has_role_on(user, unit, role=Role.EDITOR):
        raise HttpError(403, str(role_denied(unit, role=Role.EDITOR)))
    if payload.kind and payload.kind not in ReportKind.values:
        return Status(
            400, error_body(_("Loại báo cáo không hợp lệ: %(kind)s") % {"kind": payload.kind})
        )
    try:
        period = Period.parse(payload.period)
    except ValueError as error:
        return Status(400, error_body(str(error)))
    report = report_generate(user=user, orgunit=unit, period=period, kind=payload.kind)
    return Status(201, _generated(report))


@router.get(
    "/{report_id}/docx",
    response={200: None, 404: ErrorOut},
    url_name="report_docx",
    summary="Báo cáo tổng hợp dạng .docx",
)
def report_docx_api(request: HttpRequest, report_id: int):
    """Tệp .docx theo thể thức Hướng dẫn 36-HD/VPTW; dự thảo có dòng "DỰ THẢO"."""
    report = get_object_or_404(
        generated_visible(request.user).select_related("orgunit", "orgunit__kind"), pk=report_id
    )
    response = HttpResponse(report_docx(report=report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{issued_name(report)}"'
    return response
