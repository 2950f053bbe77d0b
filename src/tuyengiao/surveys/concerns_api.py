"""`GET /api/concerns/`: concerns counted by unit, month and topic, read from the values
core's roll-ups (the figures entered), for staff in scope. Counts only: no summary, no text.

A unit outside the caller's scope answers 404, as one that does not exist; a period that is
not a month, or a span that runs backwards or is too long, 422.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import get_in_scope_or_404, units_in_scope
from tuyengiao.apikit import ErrorOut, InputSchema, invalid
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.concern_selectors import (
    MAX_MONTHS,
    counts_read,
    months_back,
    months_span,
)
from tuyengiao.surveys.concerns import concern_topics, current_month, topic_name
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import rollup_children

router = Router(tags=["concerns"])


class ConcernFilter(InputSchema):
    unit: str | None = Field(
        None, min_length=1, max_length=40, description="Mã đơn vị; mặc định: đơn vị cao nhất"
    )
    # Months are checked by the endpoint (Period.parse, months_span), so that a NUL is
    # refused as a NUL (InputSchema) before any pattern would call it malformed.
    from_: str | None = Field(
        None, alias="from", max_length=17, description="Tháng đầu, ví dụ 202601"
    )
    to: str | None = Field(
        None, max_length=17, description="Tháng cuối; mặc định tháng trước (tháng đã trọn)"
    )
    topic: str | None = Field(None, min_length=1, max_length=40, description="Mã chủ đề")
    children: bool = Field(False, description="true: các đơn vị ngay dưới thay cho đơn vị")


class ConcernOut(Schema):
    orgunit: str
    orgunit_name: str
    period: str
    topic: str
    topic_name: str
    heard: int | None = Field(description="Số ý kiến, kiến nghị tiếp nhận")
    resolved: int | None = Field(description="Số đã trả lời, giải quyết tại cơ sở")
    passed_up: int | None = Field(description="Số chuyển cấp trên")


def _refused(field: str, message: str) -> Status:
    return Status(422, invalid([{"field": field, "message": message}]))


@router.get(
    "/",
    response={200: list[ConcernOut], 404: ErrorOut, 422: ErrorOut},
    url_name="concern_list",
    summary="Số ý kiến, kiến nghị của nhân dân theo đơn vị, tháng và chủ đề",
    description="Tổng hợp (cộng cả các đơn vị trực thuộc) theo số liệu đã nhập; chỉ các "
    f"dòng có số liệu. Tối đa {MAX_MONTHS} tháng; mặc định 12 tháng đến `to`. 404: đơn vị "
    "không có hoặc ngoài phạm vi; 422: kỳ không phải tháng, khoảng tháng sai hoặc quá dài.",
)
def concern_list(request: HttpRequest, filters: Query[ConcernFilter]):
    user = request.user
    if filters.unit:
        unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path",
                                   code=filters.unit)  # fmt: skip
    else:
        found = units_in_scope(user).order_by("level", "path").first()
        if found is None:
            raise Http404
        unit = found
    try:
        end = Period.parse(filters.to) if filters.to else current_month().previous()
    except ValueError as error:
        return _refused("to", str(error))
    try:
        start = Period.parse(filters.from_) if filters.from_ else months_back(end, 12)[0]
    except ValueError as error:
        return _refused("from", str(error))
    try:
        months = months_span(start, end)
    except ValueError as error:
        return _refused("from", str(error))
    topics = concern_topics()
    if filters.topic:
        topics = [t for t in topics if t.code == filters.topic]
        if not topics:
            return _refused("topic", _("Không có chủ đề mã “%(code)s”.") % {"code": filters.topic})
    units = rollup_children(unit) if filters.children else [unit]
    found_counts = counts_read(units=units, months=months, topics=topics)
    return [
        {
            "orgunit": each.code,
            "orgunit_name": each.name,
            "period": month.code,
            "topic": topic.code,
            "topic_name": topic_name(topic),
            **found_counts[each.pk, month.code, topic.code],
        }
        for each in units
        for month in months
        for topic in topics
        if (each.pk, month.code, topic.code) in found_counts
    ]
