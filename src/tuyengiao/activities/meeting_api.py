"""Meetings over the API: `GET /api/meetings/` lists the meetings a caller sees (kept by,
hosted by or inviting a unit of their scope), filtered by unit and days. The calendar as a
whole, with deadlines, is the private iCalendar feed (/calendar/feed/)."""

import datetime

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.activities.meetings import (
    meeting_document_shown,
    meeting_title_shown,
    meetings_visible,
)
from tuyengiao.activities.models import Meeting
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field

router = Router(tags=["meetings"])

MAX_PAGE = 100


class MeetingOut(Schema):
    id: int
    orgunit: str = Field(description="Mã đơn vị ghi lịch")
    title: str
    host: str | None = Field(description="Mã đơn vị chủ trì, nếu có trong cây tổ chức")
    host_name: str = Field(description="Cơ quan mời, khi không có trong cây tổ chức")
    invited: list[str] = Field(description="Mã các đơn vị được mời")
    held_on: datetime.date
    starts_at: datetime.time | None = Field(description="Không có giờ: cả ngày")
    ends_on: datetime.date | None
    ends_at: datetime.time | None
    place: str
    document: int | None = Field(description="Mã số (id) giấy mời, khi người gọi được đọc")
    activity: int | None = Field(description="Mã số (id) hoạt động mà cuộc họp đã thành")


class MeetingPageOut(Schema):
    items: list[MeetingOut]
    count: int


class MeetingFilter(InputSchema):
    unit: str = Field("", max_length=40, description="Mã đơn vị: ghi lịch, chủ trì hoặc được mời")
    # Text read here, not pydantic's lax dates (which take "0" for 1970-01-01).
    start: str = Field("", max_length=10, description="Từ ngày (yyyy-mm-dd)")
    end: str = Field("", max_length=10, description="Đến ngày (yyyy-mm-dd)")
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


@router.get(
    "/",
    response={200: MeetingPageOut, 400: ErrorOut, 404: ErrorOut},
    url_name="meeting_list",
    summary="Cuộc họp",
)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilter]):
    """Các cuộc họp trong phạm vi, theo ngày họp."""
    meetings = meetings_visible(request.user)
    if filters.unit:
        unit = get_in_scope_or_404(
            OrgUnit.objects.all(), request.user, path_field="path", code=filters.unit
        )
        meetings = meetings.filter(Q(orgunit=unit) | Q(host=unit) | Q(invited=unit)).distinct()
    try:
        first, last = _day(filters.start), _day(filters.end)
    except ValueError:
        return Status(400, error_body(_("Ngày không hợp lệ (yyyy-mm-dd).")))
    if first and last and last < first:
        return Status(400, error_body(_("Ngày cuối không được trước ngày đầu.")))
    if first:
        meetings = meetings.filter(Q(held_on__gte=first) | Q(ends_on__gte=first))
    if last:
        meetings = meetings.filter(held_on__lte=last)
    page = meetings.select_related("orgunit", "host", "document").prefetch_related("invited")
    page = page.order_by("held_on", "starts_at", "pk")
    start = filters.offset
    return {
        "items": [_out(m) for m in page[start : start + filters.limit]],
        "count": meetings.count(),
    }


def _day(text: str) -> datetime.date | None:
    if not text:
        return None
    if len(text) != 10:  # fromisoformat also reads "20260305"
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def _out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "orgunit": meeting.orgunit.code,
        "title": meeting_title_shown(meeting),
        "host": meeting.host.code if meeting.host else None,
        "host_name": meeting.host_name,
        "invited": sorted(unit.code for unit in meeting.invited.all()),
        "held_on": meeting.held_on,
        "starts_at": meeting.starts_at,
        "ends_on": meeting.ends_on,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "document": document.pk if (document := meeting_document_shown(meeting)) else None,
        "activity": meeting.activity_id,
    }
