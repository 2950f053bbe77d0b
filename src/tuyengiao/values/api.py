"""Indicators, values and roll-ups over the API.

`POST /api/datavalues/` writes a list of values through `datavalues_write` (every row
checked, all written or none; a unit outside the caller's editor scope reads as unknown).
`GET /api/aggregates/` reads a rolled-up figure for a unit in the caller's scope, 404
otherwise, exactly as for a unit that does not exist: the approved figures unless
`state=entered` asks for every value entered, and the answer says which.
"""

from dataclasses import asdict
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.formats import format_number
from tuyengiao.values.models import Indicator, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import Figure, figures, figures_below, rollup_children_rows
from tuyengiao.values.services import Source, datavalues_write

router = Router(tags=["reporting"])
values_router = Router(tags=["reporting"])
aggregates_router = Router(tags=["reporting"])

# One request may carry a whole commune's year; a province's goes through the file import.
MAX_VALUES = 50_000
_RENDERER = JSONRenderer()


class OptionOut(Schema):
    code: str
    name: str


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    group: str
    value_type: str
    aggregation: str
    unit_of_measure: str
    formula: str
    options: list[OptionOut]

    @staticmethod
    def resolve_options(indicator: Indicator) -> list:
        breakdown = indicator.disaggregation
        return list(breakdown.options.all()) if breakdown else []


def _code(max_length: int, description: str = "") -> Any:
    """A required code: never empty nor only spaces, which the schema says, rather than a
    row error after."""
    return Field(
        ..., min_length=1, max_length=max_length, pattern=r"\S", description=description or None
    )


class DataValueIn(InputSchema):
    indicator: str = _code(40, "Mã chỉ tiêu, ví dụ HN_THONG_TIN_THOI_SU")
    orgunit: str = _code(40, "Mã đơn vị")
    period: str = _code(17, "Mã kỳ: 202310, 2023Q3, 2023S1, 2023")
    value: float | int | str | bool | None = Field(
        None, description="Số (12, 12.5 hoặc “1.234,5”), có/không, văn bản; trống để xóa"
    )
    option: str = Field("", max_length=40, description="Mục phân tổ, nếu chỉ tiêu có phân tổ")


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


class AggregateFilter(InputSchema):
    indicator: str = _code(40)
    orgunit: str = _code(40)
    period: str = _code(17, "202310, 2023Q3, 2023S1, 2023 hoặc 20230101-20230630")
    by: Literal["level"] | None = Field(None, description="level: thêm từng đơn vị cấp dưới")
    depth: int = Field(
        1, ge=1, le=10, description="Với by=level: mấy cấp dưới (1 là cấp ngay dưới)"
    )
    option: str | None = Field(None, max_length=40, description="Chỉ một mục phân tổ")
    state: Literal["approved", "entered"] = Field(
        "approved",
        description="approved: số liệu đã duyệt (mặc định); entered: mọi số đã nhập, "
        "kể cả chưa duyệt",
    )


class FigureOut(Schema):
    orgunit: str
    name: str
    value: int | float | None
    count: int


class AggregateOut(Schema):
    indicator: str
    orgunit: str
    name: str
    period: str
    period_label: str
    value: int | float | None
    count: int
    state: str = Field(description="approved hoặc entered: số liệu nào được tổng hợp")
    rows: list[FigureOut] | None = None


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@router.get(
    "/", response=list[IndicatorOut], url_name="indicator_list", summary="Danh mục chỉ tiêu"
)
def indicator_list(request: HttpRequest):
    """Các chỉ tiêu đang dùng, với phân tổ của chúng."""
    return Indicator.objects.filter(is_active=True).prefetch_related("disaggregation__options")


@values_router.post(
    "/",
    response={200: ImportOut, 400: ErrorOut},
    url_name="datavalue_import",
    summary="Ghi nhiều số liệu",
)
def datavalue_import(request: HttpRequest, values: list[DataValueIn]):
    """Ghi một danh sách số liệu. Mọi dòng được kiểm tra trước: có dòng sai thì không ghi
    dòng nào và trả về lỗi theo từng dòng (đánh số từ 1). Tổng hợp cập nhật ngay."""
    if len(values) > MAX_VALUES:
        raise HttpError(
            400,
            _("Tối đa %(max)s số liệu mỗi lần gửi.") % {"max": format_number(MAX_VALUES)},
        )
    # The token that wrote them is their source (a session's login has none: its user is).
    token = getattr(request, "api_token", None)
    source = Source(SourceKind.API, note=token.name if token else "", ref=token)
    report = datavalues_write([v.dict() for v in values], user=request.user, source=source)
    if not report.ok:
        return Status(
            400,
            error_body(
                _("Có %(count)s lỗi; chưa ghi số liệu nào.") % {"count": len(report.errors)},
                [asdict(error) for error in report.errors],
            ),
        )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@aggregates_router.get(
    "/",
    response={200: AggregateOut, 400: ErrorOut, 404: ErrorOut},
    url_name="aggregate_read",
    summary="Số liệu tổng hợp",
)
def aggregate_read(request: HttpRequest, filters: Query[AggregateFilter]):
    """Giá trị tổng hợp của một chỉ tiêu trên cả cây con của đơn vị trong kỳ (hoặc khoảng
    ngày), và số giá trị đã góp vào; `by=level` thêm từng đơn vị cấp dưới."""
    unit = get_in_scope_or_404(
        OrgUnit.objects.all(), request.user, path_field="path", code=filters.orgunit
    )
    indicator = Indicator.objects.filter(code=filters.indicator).first()
    if indicator is None:
        return Status(
            400, error_body(_("Không có chỉ tiêu mã “%(code)s”.") % {"code": filters.indicator})
        )
    try:
        period = Period.parse(filters.period)
    except ValueError as error:
        return Status(400, error_body(str(error)))
    state = filters.state
    found = figures(
        indicator=indicator, unit_ids=[unit.pk], period=period, option=filters.option, state=state
    )[unit.pk]
    below = None
    if filters.by:
        below = figures_below(
            indicator=indicator,
            unit=unit,
            period=period,
            depth=filters.depth,
            option=filters.option,
            state=state,
        )
    return aggregate_answer(
        request, unit=unit, indicator=indicator, period=period, state=state, figure=found,
        below=below, depth=filters.depth,
    )  # fmt: skip


def aggregate_answer(
    request: HttpRequest,
    *,
    unit: OrgUnit,
    indicator: Indicator,
    period: Period,
    state: str,
    figure: Figure,
    below: dict[int, Figure] | None,
    depth: int = 1,
) -> HttpResponse:
    """The answer of `/api/aggregates/`: `figure` for the unit's subtree and, when `below` is
    given, a row for each unit `depth` levels down (those without a figure included, empty).
    The benchmark's DuckDB endpoint answers through it too, so both do the same work."""
    result: dict[str, object] = {
        "indicator": indicator.code,
        "orgunit": unit.code,
        "name": unit.name,
        "period": period.code,
        "period_label": period.label("en" if request.LANGUAGE_CODE == "en" else "vi"),
        "value": _number(figure.value),
        "count": figure.count,
        "state": state,
        "rows": None,
    }
    if below is not None:
        empty = Figure(None, 0)
        result["rows"] = [
            {
                "orgunit": u.code,
                "name": u.name,
                "value": _number(below.get(u.pk, empty).value),
                "count": below.get(u.pk, empty).count,
            }
            for u in rollup_children_rows(unit, depth=depth)
        ]
    return _rendered(request, result)


def _rendered(request: HttpRequest, body: dict[str, object]) -> HttpResponse:
    """`body`, already in `AggregateOut`'s shape, rendered as the API renders a validated
    one (its renderer is ninja's default). Validated, each of a bloc committee's thousand
    rows went through ninja's getter: most of the request. `test_api` checks the answers
    against the schema instead."""
    content = _RENDERER.render(request, body, response_status=200)
    return HttpResponse(content, content_type=f"{_RENDERER.media_type}; charset=utf-8")
