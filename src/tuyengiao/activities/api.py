"""Activities over the API.

`GET /api/activities/` lists the activities of the units in the caller's scope, filtered by
unit (and its subtree), kind, document studied and period; `POST /api/activities/` records
one with its attendance as counts, and the unit's figures for its month follow at once;
`GET /api/activities/coverage/?document=` gives a document's study coverage by the units
below. A unit out of scope is a 404 to read and a 403 to write, as everywhere.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import (
    get_in_scope_or_404,
    has_role_on,
    units_in_scope,
)
from tuyengiao.activities.models import Activity, ActivityKind, ActivityReporter, ReporterRole
from tuyengiao.activities.selectors import StudyRow, activities_visible, study_coverage
from tuyengiao.activities.services import activity_save
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.documents.selectors import document_get_visible_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field
from tuyengiao.values.periods import Period

router = Router(tags=["activities"])

MAX_PAGE = 100


class ReporterIn(InputSchema):
    role: ReporterRole
    name: str = Field(min_length=1, max_length=120)
    position: str = Field("", max_length=200)


class ActivityOut(Schema):
    id: int
    kind: str = Field(description="Mã loại hoạt động")
    orgunit: str = Field(description="Mã đơn vị tổ chức")
    co_organisers: list[str] = Field(description="Mã các đơn vị phối hợp")
    title: str
    held_on: datetime.date
    ends_on: datetime.date | None
    starts_at: datetime.time | None
    ends_at: datetime.time | None
    place: str
    documents: list[int] = Field(description="Mã số (id) các văn bản học tập")
    reporters: list[ReporterIn]
    party_members: int
    cadres: int
    youth_members: int
    association_members: int
    public: int
    sessions: int | None = Field(description="Lớp học: số buổi học")
    enrolled: int | None = Field(description="Lớp học: số học viên")
    graduated: int | None = Field(description="Lớp học: số học viên tốt nghiệp")
    materials: str
    result_note: str


class ActivityPageOut(Schema):
    items: list[ActivityOut]
    count: int


class ActivityFilter(InputSchema):
    unit: str = Field("", max_length=40, description="Mã đơn vị: nó và các đơn vị dưới nó")
    kind: str = Field("", max_length=40, description="Mã loại hoạt động")
    document: int | None = Field(None, description="Mã số (id) văn bản được học tập")
    period: str = Field("", max_length=17, description="Kỳ: 202603, 2026Q1, 2026S1, 2026")
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


class ActivityIn(InputSchema):
    kind: str = Field(max_length=40, description="Mã loại hoạt động")
    orgunit: str = Field(max_length=40, description="Mã đơn vị tổ chức")
    co_organisers: list[str] = Field(default_factory=list, max_length=20)
    title: str = Field(min_length=1, max_length=255)
    held_on: datetime.date
    ends_on: datetime.date | None = None
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    place: str = Field("", max_length=255)
    documents: list[int] = Field(default_factory=list, max_length=50)
    reporters: list[ReporterIn] = Field(default_factory=list, max_length=20)
    party_members: int = Field(0, ge=0, le=1_000_000)
    cadres: int = Field(0, ge=0, le=1_000_000)
    youth_members: int = Field(0, ge=0, le=1_000_000)
    association_members: int = Field(0, ge=0, le=1_000_000)
    public: int = Field(0, ge=0, le=1_000_000)
    sessions: int | None = Field(None, ge=0, le=10_000)
    enrolled: int | None = Field(None, ge=0, le=1_000_000)
    graduated: int | None = Field(None, ge=0, le=1_000_000)
    materials: str = Field("", max_length=5000)
    result_note: str = Field("", max_length=5000)


_LISTS = ("kind", "orgunit", "co_organisers", "documents", "reporters")


def _out(activity: Activity) -> dict:
    return {
        **{name: getattr(activity, name) for name in ActivityIn.model_fields if name not in _LISTS},
        "id": activity.pk,
        "kind": activity.kind.code,
        "orgunit": activity.orgunit.code,
        "co_organisers": [unit.code for unit in activity.co_organisers.all()],
        # Listed: the documents the caller may read; just created: the ones they named.
        "documents": [
            d.pk for d in getattr(activity, "visible_documents", activity.documents.all())
        ],
        "reporters": [
            {"role": r.role, "name": r.name, "position": r.position}
            for r in activity.reporters.all()
        ],
    }  # fmt: skip


@router.get(
    "/",
    response={200: ActivityPageOut, 400: ErrorOut, 404: ErrorOut},
    url_name="activity_list",
    summary="Hoạt động",
)
def activity_list(request: HttpRequest, filters: Query[ActivityFilter]):
    """Các hoạt động của đơn vị trong phạm vi, mới nhất trước."""
    activities = activities_visible(request.user)
    if filters.unit:
        unit = get_in_scope_or_404(
            OrgUnit.objects.all(), request.user, path_field="path", code=filters.unit
        )
        activities = activities.filter(orgunit__path__startswith=unit.path)
    if filters.kind:
        activities = activities.filter(kind__code=filters.kind)
    if filters.document is not None:
        document = document_get_visible_or_404(user=request.user, pk=filters.document)
        activities = activities.filter(documents=document)
    if filters.period:
        try:
            period = Period.parse(filters.period)
        except ValueError as error:
            return Status(400, error_body(str(error)))
        activities = activities.filter(held_on__range=(period.start, period.end))
    page = activities.select_related("kind", "orgunit").prefetch_related(
        "co_organisers", "reporters"
    )
    start = filters.offset
    return {
        "items": [_out(a) for a in page[start : start + filters.limit]],
        "count": activities.count(),
    }


@router.post(
    "/",
    response={201: ActivityOut, 400: ErrorOut, 404: ErrorOut},
    url_name="activity_create",
    summary="Ghi một hoạt động",
)
def activity_create(request: HttpRequest, payload: ActivityIn):
    """Ghi một hoạt động với số người dự theo từng đối tượng; số liệu tháng của đơn vị được
    tính lại ngay. Tháng đã gửi báo cáo thì bị khóa như trên biểu mẫu (400, nêu lý do)."""
    user = request.user
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", code=payload.orgunit)
    kind = get_object_or_404(ActivityKind, code=payload.kind)
    documents = [document_get_visible_or_404(user=user, pk=pk) for pk in payload.documents]
    co_organisers = [_co_organiser(user, unit, code) for code in payload.co_organisers]
    reporters = [ActivityReporter(**r.dict()) for r in payload.reporters]
    activity = Activity(kind=kind, orgunit=unit, **payload.dict(exclude=set(_LISTS)))
    try:
        activity_save(
            user=user,
            activity=activity,
            documents=documents,
            co_organisers=co_organisers,
            reporters=reporters,
        )
    except ValidationError as error:
        return Status(
            400,
            error_body(
                _("Chưa ghi được hoạt động."),
                [
                    {"field": field if field != NON_FIELD_ERRORS else "held_on", "message": m}
                    for field, messages in _by_field(error).items()
                    for m in messages
                ],
            ),
        )
    return Status(201, _out(activity))


def _co_organiser(user, unit: OrgUnit, code: str) -> OrgUnit:
    """A unit the caller sees, or one above the holding unit (a district's department
    co-organising a commune's conference); any other is a 404, as if it did not exist."""
    co = OrgUnit.objects.filter(code=code).first()
    if co is None or not (unit.path.startswith(co.path) or has_role_on(user, co)):
        raise Http404(_("Không có đơn vị %(code)s.") % {"code": code})
    return co


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    return (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )


class StudyRowOut(Schema):
    orgunit: str
    name: str
    sessions: int = Field(description="Số buổi học tập, quán triệt văn bản (cả các đơn vị dưới)")
    party_members: int = Field(description="Lượt đảng viên dự")
    attendance: int = Field(description="Tổng lượt người dự")
    members: int | None = Field(
        description="Số đảng viên của đơn vị (số liệu năm nay hoặc năm trước)"
    )
    share: float | None = Field(description="Lượt đảng viên dự / số đảng viên, %")


class StudyOut(Schema):
    document: int
    symbol: str
    total: StudyRowOut
    units: list[StudyRowOut] = Field(description="Các đơn vị cấp dưới, kể cả đơn vị chưa học tập")


class StudyFilter(InputSchema):
    document: int = Field(description="Mã số (id) văn bản")
    unit: str = Field(
        "", max_length=40, description="Mã đơn vị (mặc định: đơn vị cao nhất trong phạm vi)"
    )


def _study_row(row: StudyRow) -> dict:
    return {
        "orgunit": row.unit.code,
        "name": row.unit.name,
        "sessions": row.sessions,
        "party_members": row.party_members,
        "attendance": row.attendance,
        "members": row.members,
        "share": None if row.share is None else float(row.share),
    }


@router.get(
    "/coverage/",
    response={200: StudyOut, 404: ErrorOut},
    url_name="study_coverage",
    summary="Kết quả học tập, quán triệt một văn bản",
)
def study_coverage_get(request: HttpRequest, filters: Query[StudyFilter]):
    """Đơn vị nào đã tổ chức học tập, quán triệt văn bản, bao nhiêu lượt đảng viên dự và tỷ lệ
    trên số đảng viên của đơn vị, theo từng đơn vị cấp dưới."""
    user = request.user
    document = document_get_visible_or_404(user=user, pk=filters.document)
    units = OrgUnit.objects.all()
    unit = (
        get_in_scope_or_404(units, user, path_field="path", code=filters.unit)
        if filters.unit
        else units_in_scope(user).order_by("path").first()
    )
    if unit is None:
        raise Http404(_("Không có đơn vị nào trong phạm vi của bạn."))
    total, rows = study_coverage(user=user, document=document, unit=unit)
    return {
        "document": document.pk,
        "symbol": document.symbol,
        "total": _study_row(total),
        "units": [_study_row(row) for row in rows],
    }
