"""Channels over the API.

`GET /api/channels/` lists the channels of the units in the caller's scope, filtered by unit
(and its subtree) and kind; `POST /api/channels/` adds one. `GET /api/channels/<id>/output/`
lists a channel's monthly output (filtered by period), `POST` records a month's counts, and
the unit's figures follow at once. A unit out of scope is a 404 to read and a 403 to write.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import get_in_scope_or_404, scope_filter
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.channels.models import Channel, ChannelKind, ChannelOutput, Technology
from tuyengiao.channels.services import channel_save, output_save
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field
from tuyengiao.values.periods import Period, PeriodKind

router = Router(tags=["channels"])

MAX_PAGE = 100
COUNT = Field(0, ge=0, le=1_000_000)


class ChannelIn(InputSchema):
    orgunit: str = Field(max_length=40, description="Mã đơn vị")
    kind: ChannelKind = Field(description="Loại kênh")
    name: str = Field(min_length=1, max_length=255)
    address: str = Field("", max_length=500, description="Địa chỉ trên mạng (chỉ lưu địa chỉ)")
    outlet: str = Field("", max_length=255, description="Cơ quan báo, đài đăng phát chuyên mục")
    location: str = Field("", max_length=255, description="Vị trí lắp đặt (cụm loa)")
    technology: Technology | None = Field(None, description="Công nghệ (đài, cụm loa)")
    has_timer: bool = False
    opened_on: datetime.date | None = None
    working: bool = True
    status_since: datetime.date | None = None
    note: str = Field("", max_length=5000)


class ChannelOut(Schema):
    id: int
    orgunit: str = Field(description="Mã đơn vị")
    kind: ChannelKind
    name: str
    address: str
    outlet: str
    location: str
    technology: Technology | None
    has_timer: bool
    opened_on: datetime.date | None
    working: bool
    status_since: datetime.date | None
    note: str


class ChannelPageOut(Schema):
    items: list[ChannelOut]
    count: int


class ChannelFilter(InputSchema):
    unit: str = Field("", max_length=40, description="Mã đơn vị: nó và các đơn vị dưới nó")
    kind: ChannelKind | None = Field(None, description="Loại kênh")
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


class OutputIn(InputSchema):
    period: str = Field(max_length=6, description="Tháng: 202603")
    articles: int = COUNT
    news_items: int = COUNT
    programmes: int = COUNT
    minutes: int = COUNT
    note: str = Field("", max_length=500)


class OutputOut(Schema):
    period: str = Field(description="Tháng: 202603")
    articles: int
    news_items: int
    programmes: int
    minutes: int
    note: str


class OutputFilter(InputSchema):
    period: str = Field("", max_length=17, description="Kỳ: 202603, 2026Q1, 2026S1, 2026")


def _channel_out(channel: Channel) -> dict:
    fields = {name: getattr(channel, name) for name in ChannelOut.model_fields}
    return fields | {"orgunit": channel.orgunit.code, "technology": channel.technology or None}


def _output_out(output: ChannelOutput) -> dict:
    fields = {name: getattr(output, name) for name in OutputOut.model_fields if name != "period"}
    return fields | {"period": output.period.code}


def _refused(message: str, error: ValidationError, field: str) -> Status:
    messages = error.messages
    return Status(400, error_body(message, [{"field": field, "message": m} for m in messages]))


@router.get(
    "/",
    response={200: ChannelPageOut, 404: ErrorOut},
    url_name="channel_list",
    summary="Kênh thông tin",
)
def channel_list(request: HttpRequest, filters: Query[ChannelFilter]):
    """Các kênh thông tin của đơn vị trong phạm vi."""
    channels = scope_filter(Channel.objects.all(), request.user, path_field="orgunit__path")
    if filters.unit:
        unit = get_in_scope_or_404(
            OrgUnit.objects.all(), request.user, path_field="path", code=filters.unit
        )
        channels = channels.filter(orgunit__path__startswith=unit.path)
    if filters.kind:
        channels = channels.filter(kind=filters.kind)
    start = filters.offset
    page = channels.select_related("orgunit")[start : start + filters.limit]
    return {"items": [_channel_out(c) for c in page], "count": channels.count()}


@router.post(
    "/",
    response={201: ChannelOut, 400: ErrorOut, 404: ErrorOut},
    url_name="channel_create",
    summary="Thêm một kênh thông tin",
)
def channel_create(request: HttpRequest, payload: ChannelIn):
    """Thêm một kênh; số kênh, số cụm loa hoạt động của tháng này được tính lại."""
    user = request.user
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", code=payload.orgunit)
    fields = payload.dict(exclude={"orgunit"})
    fields["technology"] = fields["technology"] or ""
    channel = Channel(orgunit=unit, **fields)
    try:
        channel_save(user=user, channel=channel)
    except ValidationError as error:
        return _refused(_("Chưa thêm được kênh."), error, "channel")
    return Status(201, _channel_out(channel))


def _channel_or_404(request: HttpRequest, pk: int) -> Channel:
    return get_in_scope_or_404(
        Channel.objects.select_related("orgunit"), request.user, path_field="orgunit__path", pk=pk
    )


@router.get(
    "/{int:channel_id}/output/",
    response={200: list[OutputOut], 400: ErrorOut, 404: ErrorOut},
    url_name="channel_output_list",
    summary="Kết quả đăng phát của một kênh",
)
def output_list(request: HttpRequest, channel_id: int, filters: Query[OutputFilter]):
    """Số tin, bài, chương trình, phút phát sóng của kênh theo tháng, mới nhất trước."""
    channel = _channel_or_404(request, channel_id)
    outputs = channel.outputs.all()
    if filters.period:
        try:
            period = Period.parse(filters.period)
        except ValueError as error:
            return Status(400, error_body(str(error)))
        outputs = outputs.filter(month__range=(period.start, period.end))
    return [_output_out(output) for output in outputs]


@router.post(
    "/{int:channel_id}/output/",
    response={201: OutputOut, 400: ErrorOut, 404: ErrorOut},
    url_name="channel_output_record",
    summary="Ghi kết quả đăng phát của một tháng",
)
def output_record(request: HttpRequest, channel_id: int, payload: OutputIn):
    """Ghi (hoặc sửa) số liệu của kênh trong một tháng; số liệu của đơn vị được tính lại ngay.
    Tháng đã gửi báo cáo thì bị khóa như trên biểu mẫu (400, nêu lý do)."""
    channel = _channel_or_404(request, channel_id)
    try:
        period = Period.parse(payload.period)
    except ValueError as error:
        return Status(400, error_body(str(error)))
    if period.kind != PeriodKind.MONTH:
        return Status(400, error_body(_("Kết quả đăng phát ghi theo tháng, ví dụ 202603.")))
    counts = payload.dict(exclude={"period", "note"})
    try:
        output = output_save(user=request.user, channel=channel, month=period.start,
                             counts=counts, note=payload.note)  # fmt: skip
    except ValidationError as error:
        return _refused(_("Chưa ghi được kết quả đăng phát."), error, "period")
    return Status(201, _output_out(output))
