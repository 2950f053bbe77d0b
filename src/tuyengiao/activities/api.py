"""Activities over the API.

`GET /api/activities/` lists the activities of the units in the caller's scope, filtered by
unit (and its subtree), kind, document studied and period; `POST /api/activities/` records
one with its attendance as counts, and the unit's figures for its month follow at once. A
unit out of scope is a 404 to read and a 403 to write, as everywhere.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import get_in_scope_or_404, scope_filter
from tuyengiao.activities.models import Activity, ActivityKind
from tuyengiao.activities.services import activity_save
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.documents.selectors import document_get_visible_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field
from tuyengiao.values.periods import Period

router = Router(tags=["activities"])

MAX_PAGE = 100


class ActivityOut(Schema):
    id: int
    kind: str = Field(description="Mã loại hoạt động")
    orgunit: str = Field(description="Mã đơn vị tổ chức")
    title: str
    held_on: datetime.date
    place: str
    documents: list[int] = Field(description="Mã số (id) các văn bản học tập")
    party_members: int
    cadres: int
    youth_members: int
    association_members: int
    public: int
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
    title: str = Field(min_length=1, max_length=255)
    held_on: datetime.date
    place: str = Field("", max_length=255)
    documents: list[int] = Field(default_factory=list, max_length=50)
    party_members: int = Field(0, ge=0, le=1_000_000)
    cadres: int = Field(0, ge=0, le=1_000_000)
    youth_members: int = Field(0, ge=0, le=1_000_000)
    association_members: int = Field(0, ge=0, le=1_000_000)
    public: int = Field(0, ge=0, le=1_000_000)
    result_note: str = Field("", max_length=5000)


def _out(activity: Activity) -> dict:
    return {
        **{name: getattr(activity, name) for name in ActivityIn.model_fields if name not in (
            "kind", "orgunit", "documents")},
        "id": activity.pk,
        "kind": activity.kind.code,
        "orgunit": activity.orgunit.code,
        "documents": [document.pk for document in activity.documents.all()],
    }  # fmt: skip


@router.get(
    "/",
    response={200: ActivityPageOut, 400: ErrorOut, 404: ErrorOut},
    url_name="activity_list",
    summary="Hoạt động",
)
def activity_list(request: HttpRequest, filters: Query[ActivityFilter]):
    """Các hoạt động của đơn vị trong phạm vi, mới nhất trước."""
    activities = scope_filter(Activity.objects.all(), request.user, path_field="orgunit__path")
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
    page = activities.select_related("kind", "orgunit").prefetch_related("documents")
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
    fields = payload.dict(exclude={"kind", "orgunit", "documents"})
    activity = Activity(kind=kind, orgunit=unit, **fields)
    try:
        activity_save(user=user, activity=activity, documents=documents)
    except ValidationError as error:
        return Status(
            400,
            error_body(
                _("Chưa ghi được hoạt động."),
                [{"field": "held_on", "message": message} for message in error.messages],
            ),
        )
    return Status(201, _out(activity))
