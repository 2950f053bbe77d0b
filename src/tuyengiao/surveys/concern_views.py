"""Pages of concerns: the overview of a unit's subtree, a unit's month (editable by its
editors, read-only for the others who see it), and opening a task for a topic. Thin: reads
through `concern_selectors` (scoped), writes through `concerns` (which checks the roles)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, has_role_on, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys import concern_selectors as selectors
from tuyengiao.surveys.concern_forms import MonthForm, TaskForm
from tuyengiao.surveys.concerns import (
    concern_task_open,
    concern_topics,
    concerns_save,
    current_month,
)
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values.period_fields import period_label
from tuyengiao.values.periods import Period, PeriodKind

SPAN = 12  # months the overview shows unless asked


def _unit(user, pk: int | str | None) -> OrgUnit:
    try:
        return get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", pk=int(pk or ""))
    except (TypeError, ValueError):
        raise Http404 from None


def _top_unit(user) -> OrgUnit:
    top = units_in_scope(user).order_by("level", "path").first()
    if top is None:
        raise Http404
    return top


def _month(code: object) -> Period:
    """A month not after this one, or 404."""
    try:
        period = Period.parse(str(code or ""))
    except ValueError:
        raise Http404 from None
    if period.kind != PeriodKind.MONTH or period.start > current_month().start:
        raise Http404
    return period


def _span(request: HttpRequest) -> tuple[list[Period], str]:
    """The months asked for (`from`, `to`), else the SPAN months to the last whole month
    (this month's count grows until it ends: set beside whole months it would read as a
    fall); and what was wrong with the asked ones, if anything."""
    to_code, from_code = request.GET.get("to", ""), request.GET.get("from", "")
    try:
        end = Period.parse(to_code) if to_code else current_month().previous()
        if from_code:
            return selectors.months_span(Period.parse(from_code), end), ""
        return selectors.months_span(selectors.months_back(end, SPAN)[0], end), ""
    except ValueError as error:
        return selectors.months_back(current_month().previous(), SPAN), str(error)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Concerns over a unit's subtree: topics by month, rising topics, resolution rates, and
    the units below for one topic."""
    user = request.user
    unit = _unit(user, request.GET["unit"]) if request.GET.get("unit") else _top_unit(user)
    months, problem = _span(request)
    if problem:
        messages.warning(request, problem)
    overview = selectors.Overview(
        user=user, unit=unit, months=months, topic=request.GET.get("topic", "")
    )
    # Two years to choose from: a list of 30 or more gets a search box (ui.js), which months
    # do not need; a longer span is asked for by its codes.
    recent = selectors.months_back(current_month(), 24)
    context = {
        "overview": overview,
        "unit": unit,
        "units": tree_sorted(units_in_scope(user).only("pk", "name", "parent_id", "path", "level")),
        "recent": list(reversed(recent)),
        "first": months[0],
        "last": months[-1],
        "can_enter": has_role_on(user, unit, role=Role.EDITOR),
        "rule": _("tăng từ 30% và từ 5 ý kiến trở lên so với trung bình 3 tháng trước"),
    }
    return render(request, "surveys/concerns/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def month(request: HttpRequest, unit_id: int, period: str) -> HttpResponse:
    """A unit's month by topic; its editors record it, the others who see the unit read it."""
    unit = _unit(request.user, unit_id)
    found = _month(period)
    can_edit = has_role_on(request.user, unit, role=Role.EDITOR)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    rows = selectors.concern_month(unit=unit, period=found)
    form = MonthForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            saved = concerns_save(user=request.user, orgunit=unit, period=found, rows=form.rows())
        except ValidationError as error:
            form.errors_from(error)
        else:
            messages.success(
                request, _("Đã ghi tâm tư, nguyện vọng %(month)s.") % {"month": period_label(found)}
            )
            for topic, removed in saved.redacted.items():
                messages.warning(
                    request,
                    _("Tóm tắt chủ đề “%(topic)s”: đã bỏ %(removed)s để giữ ẩn danh.")
                    % {"topic": topic, "removed": removed},
                )
            return redirect(request.path)
    context = {
        "unit": unit,
        "period": found,
        "form": form,
        "rows": rows,
        "can_edit": can_edit,
        "months": list(reversed(selectors.months_back(current_month(), 24))),
        "previous": found.previous(),
        "next": found.next() if found.start < current_month().start else None,
    }
    status = 400 if form.errors else 200
    return render(request, "surveys/concerns/month.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest) -> HttpResponse:
    """Open a task for a topic heard in a unit below: ?unit=holder&child=&topic=&period=."""
    holder = _unit(request.user, request.GET.get("unit"))
    if not has_role_on(request.user, holder, role=Role.EDITOR):
        raise PermissionDenied
    child = _unit(request.user, request.GET.get("child"))
    if child.pk == holder.pk or not child.path.startswith(holder.path):
        raise Http404
    topic = next((t for t in concern_topics() if t.code == request.GET.get("topic")), None)
    if topic is None:
        raise Http404
    period = _month(request.GET.get("period"))
    title, description = selectors.task_draft(request.user, unit=child, topic=topic,
                                              period=period)  # fmt: skip
    form = TaskForm(request.POST or None, initial={"title": title, "description": description})
    query: dict[str, str] = {"unit": str(holder.pk), "topic": topic.code, "to": period.code}
    back = f"{reverse('concerns:index')}?{urlencode(query)}"
    if request.method == "POST" and form.is_valid():
        try:
            opened = concern_task_open(
                user=request.user, holder=holder, orgunit=child, topic=topic, period=period,
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã giao nhiệm vụ “%(title)s”.") % {"title": opened.task.title}
            )
            return redirect(back)
    context = {"form": form, "holder": holder, "child": child, "topic": topic,
               "period": period, "back": back}  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "surveys/concerns/task_new.html", context, status=status)
