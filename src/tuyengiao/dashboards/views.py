"""The dashboard page of a unit, its charts as SVG or PNG and its table as .xlsx. Units come
through the scope helper; every figure is a roll-up read, of the approved figures unless
`state=entered` asks for every value entered; each page and file says which."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from tuyengiao.accounts.scope import get_in_scope_or_404, units_in_scope
from tuyengiao.dashboards import charts
from tuyengiao.dashboards.selectors import Dashboard
from tuyengiao.tabular.writing import BOLD, XlsxSheet
from tuyengiao.values.models import Indicator
from tuyengiao.values.period_fields import parse_period, period_label
from tuyengiao.values.periods import Period, PeriodKind, period_for, periods_between
from tuyengiao.values.rollup import APPROVED, ENTERED

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_KINDS = ("bars", "line", "completeness")


def state_label(state: str) -> str:
    """Which figures a page or file shows, as it says so."""
    if state == ENTERED:
        return _("Tất cả số đã nhập (kể cả chưa duyệt)")
    return _("Số liệu đã duyệt")


def _choices(today: datetime.date) -> list[Period]:
    """The periods offered in the picker: two years, this year's quarters and halves, and
    the last twelve months."""
    year = period_for(PeriodKind.YEAR, today)
    last_year = period_for(PeriodKind.YEAR, year.start - datetime.timedelta(days=1))
    months = periods_between(PeriodKind.MONTH, today - datetime.timedelta(days=335), today)
    return [
        year,
        last_year,
        *periods_between(PeriodKind.HALF, year.start, today),
        *periods_between(PeriodKind.QUARTER, year.start, today),
        *reversed(months),
    ]


def _params(request: HttpRequest) -> tuple[Dashboard, bool]:
    """The dashboard the query string asks for; True when a period was refused."""
    user = request.user
    unit_pk = request.GET.get("unit")
    if unit_pk:
        try:
            unit = get_in_scope_or_404(
                units_in_scope(user), user, path_field="path", pk=int(unit_pk)
            )
        except ValueError:
            raise Http404 from None
    else:
        top = units_in_scope(user).order_by("level", "path").first()
        if top is None:
            raise Http404
        unit = top
    indicators = Indicator.objects.filter(is_active=True).exclude(value_type="text")
    code = request.GET.get("indicator")
    indicator = indicators.filter(code=code).first() if code else indicators.first()
    if indicator is None:
        raise Http404
    today = timezone.localdate()
    refused = False
    try:
        period = parse_period(request.GET.get("period", ""))
    except ValidationError:
        period, refused = period_for(PeriodKind.YEAR, today), bool(request.GET.get("period"))
    # Anything but "entered" shows what an office may quote: the approved figures.
    state = ENTERED if request.GET.get("state") == ENTERED else APPROVED
    board = Dashboard(user=user, unit=unit, indicator=indicator, period=period, state=state)
    return board, refused


def _query(board: Dashboard) -> str:
    return urlencode(
        {
            "unit": str(board.unit.pk),
            "indicator": board.indicator.code,
            "period": board.period.code,
            "state": board.state,
        }
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board, refused = _params(request)
    if refused:
        messages.warning(request, _("Kỳ không hợp lệ; đang xem năm nay."))
    ancestors = units_in_scope(request.user).filter(pk__in=board.unit.ancestor_ids())
    context = {
        "board": board,
        "query": _query(board),
        "ancestors": ancestors.order_by("level"),
        "indicators": Indicator.objects.filter(is_active=True).exclude(value_type="text"),
        "periods": _choices(timezone.localdate()),
        "states": [(state, state_label(state)) for state in (APPROVED, ENTERED)],
        "state_label": state_label(board.state),
    }
    return render(request, "dashboards/dashboard.html", context)


def _chart(board: Dashboard, kind: str):
    name, unit = board.indicator_name, board.indicator.unit_of_measure
    if kind == "bars":
        labels = [child.name for child, _figure in board.below]
        values = [_float(figure.value) for _child, figure in board.below]
        return charts.bars(labels, values, title=name, unit=unit)
    if kind == "line":
        labels = [period_label(period) for period, _figure in board.series]
        values = [_float(figure.value) for _period, figure in board.series]
        return charts.line(labels, values, title=name, unit=unit)
    labels = [period_label(period) for period, _rate in board.completeness]
    title = _("Tỷ lệ đơn vị đã gửi: %(form)s") % {"form": board.form.name if board.form else ""}
    return charts.percent_bars(labels, [rate for _p, rate in board.completeness], title=title)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# A chart is an image of its own: matplotlib's SVG styles its shapes with style attributes.
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]})
@login_required
@require_GET
def chart(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in CHART_KINDS or fmt not in ("svg", "png"):
        raise Http404
    board, _refused = _params(request)
    content = charts.render(_chart(board, kind), fmt)
    response = HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    if request.GET.get("download"):
        filename = f"{board.indicator.code}-{board.unit.code}-{board.period.code}-{kind}.{fmt}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def table_xlsx(request: HttpRequest) -> HttpResponse:
    board, _refused = _params(request)
    # Units are named by people: written as text, a name like "=HYPERLINK(…)" stays a name.
    sheet = XlsxSheet(board.period.code, widths=(None, 45), size=(len(board.below) + 5, 4))
    sheet.append([board.indicator_name])
    sheet.append([board.unit.name, period_label(board.period), state_label(board.state)])
    pending = [child.name for child, _figure in board.below if child.pk in board.pending]
    # The table keeps its four columns; the units not yet approved are named above it.
    sheet.append(
        [_("Chưa duyệt hết: %(units)s") % {"units": ", ".join(pending)}] if pending else []
    )
    sheet.append([_("Mã đơn vị"), _("Đơn vị"), board.indicator.unit_of_measure or _("Giá trị"),
                  _("Số số liệu")], font=BOLD)  # fmt: skip
    for child, figure in board.below:
        sheet.append([child.code, child.name, _float(figure.value), figure.count])
    total = [board.unit.code, _("Tổng"), _float(board.total.value), board.total.count]
    sheet.append(total, font=BOLD)
    response = HttpResponse(sheet.to_bytes(), content_type=XLSX)
    filename = f"{board.indicator.code}-{board.unit.code}-{board.period.code}-{board.state}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
