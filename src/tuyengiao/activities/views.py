"""Pages of activities. Thin: reads go through the selectors (which go through the scope
helper), writes through the services (which check the roles again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import (
    get_in_scope_or_404,
    has_role_on,
    openable_ids,
    units_in_scope,
)
from tuyengiao.activities import forms, selectors, services
from tuyengiao.activities.models import Activity
from tuyengiao.documents.selectors import document_get_visible_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import Period, PeriodKind, period_for

PAGE_SIZE = 30


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """The activities in the user's scope, newest first, by unit, period and kind."""
    user = request.user
    today = timezone.localdate()
    form = forms.ListFilter(request.GET, units=units_in_scope(user))
    form.fields["period"].periods = recent_periods(  # type: ignore[attr-defined]
        [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR], today=today
    )
    activities = selectors.activities_visible(user)
    chosen = form.cleaned_data if form.is_valid() else {}
    unit, period, kind = chosen.get("unit"), chosen.get("period"), chosen.get("kind")
    if unit:
        activities = activities.filter(orgunit__path__startswith=unit.path)
    if period:
        activities = activities.filter(held_on__range=(period.start, period.end))
    if kind:
        activities = activities.filter(kind=kind)
    activities = activities.select_related("kind", "orgunit")
    page = Paginator(activities, PAGE_SIZE).get_page(chosen.get("page") or 1)
    month = period if period and period.kind == PeriodKind.MONTH else period_for("month", today)
    quick_unit = unit or _own_unit(user)
    context = {"form": form, "page": page, "unit": unit, "period": period,
               "quick_unit": quick_unit, "quick_month": month}  # fmt: skip
    return render(request, "activities/list.html", context)


def _own_unit(user) -> OrgUnit | None:
    """The unit a user enters for, when there is one: the first where they are an editor."""
    return units_in_scope(user, role=Role.EDITOR).order_by("path").first()


def _activity_or_404(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        selectors.activities_visible(request.user).select_related("kind", "orgunit"), pk=pk
    )


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    context = {
        "activity": activity,
        "can_edit": has_role_on(request.user, activity.orgunit, role=Role.EDITOR),
    }
    return render(request, "activities/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET[key] for key in ("orgunit", "kind") if key in request.GET}
    return _edit(request, Activity(), initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _activity_or_404(request, pk))


def _edit(request: HttpRequest, activity: Activity, *, initial=None) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = forms.ActivityForm(data, instance=activity, user=user, initial=initial)
    reporters = forms.ReporterFormSet(data, instance=activity, prefix="reporters")
    if data is not None and form.is_valid() and reporters.is_valid():
        saved = form.save(commit=False)
        kept = [
            row.instance
            for row in reporters.forms
            if (row.instance.pk or row.has_changed()) and not row.cleaned_data.get("DELETE")
        ]
        try:
            with transaction.atomic():
                services.activity_save(
                    user=user,
                    activity=saved,
                    documents=form.documents,
                    co_organisers=form.cleaned_data["co_organisers"],
                    reporters=kept,
                )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu hoạt động; số liệu của tháng đã được tính lại."))
            return redirect("activities:detail", pk=saved.pk)
    context = {"form": form, "reporters": reporters, "activity": activity}
    return render(request, "activities/edit.html", context)


def _errors_to_form(form, error: ValidationError) -> None:
    """The service's refusal, on the field it is about (a locked month is the day's)."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {"held_on": error.messages}
    for field, field_messages in by_field.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for message in field_messages:
            form.add_error(target, message)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_or_404(request, pk)
    unit, month = activity.orgunit, period_for("month", activity.held_on)
    try:
        services.activity_delete(user=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:detail", pk=pk)
    messages.success(request, _("Đã xóa hoạt động; số liệu của tháng đã được tính lại."))
    return redirect("activities:month", unit_pk=unit.pk, period=month.code)


@login_required
@require_http_methods(["GET", "POST"])
def month(request: HttpRequest, unit_pk: int, period: str) -> HttpResponse:
    """A unit's month on one screen, made for a phone: record a conference in a few fields,
    see the month's activities and the figures they give."""
    user = request.user
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", pk=unit_pk)
    chosen = _month_or_404(period)
    can_edit = has_role_on(user, unit, role=Role.EDITOR)
    form = forms.QuickForm(request.POST if request.method == "POST" else None,
                           initial={"held_on": _default_day(chosen)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.orgunit = unit
        try:
            services.activity_save(user=user, activity=activity)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi: %(title)s.") % {"title": activity.title})
            month_of = period_for("month", activity.held_on)
            return redirect("activities:month", unit_pk=unit.pk, period=month_of.code)
    activities = (
        selectors.activities_visible(user)
        .filter(orgunit=unit, held_on__range=(chosen.start, chosen.end))
        .select_related("kind")
    )
    context = {
        "unit": unit,
        "month": chosen,
        "previous": chosen.previous(),
        "next": chosen.next() if chosen.end < timezone.localdate() else None,
        "form": form,
        "can_edit": can_edit,
        "activities": activities,
        "figures": selectors.month_figures(unit, chosen),
    }
    return render(request, "activities/month.html", context)


def _month_or_404(code: str) -> Period:
    try:
        found = Period.parse(code)
    except ValueError as error:
        raise Http404(str(error)) from error
    if found.kind != PeriodKind.MONTH:
        raise Http404(_("Chỉ xem theo tháng."))
    return found


def _default_day(chosen: Period):
    today = timezone.localdate()
    return today if chosen.start <= today <= chosen.end else chosen.start


@login_required
@require_GET
def study(request: HttpRequest, pk: int) -> HttpResponse:
    """Which units studied a document and how many of their members came."""
    user = request.user
    document = document_get_visible_or_404(user=user, pk=pk)
    unit_pk = request.GET.get("unit", "")
    unit: OrgUnit | None = (
        get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", pk=unit_pk)
        if unit_pk.isdigit()
        else units_in_scope(user).order_by("path").first()
    )
    total, rows = (
        selectors.study_coverage(user=user, document=document, unit=unit) if unit else (None, [])
    )
    # The roll-up puts a merged commune under its successor, though it still lies (and is
    # scoped) under its former parent: the successor's users see its row but no link to it.
    openable = openable_ids(user, [row.unit for row in rows])
    context = {
        "document": document,
        "unit": unit,
        "total": total,
        "rows": rows,
        "openable": openable,
    }
    return render(request, "activities/study.html", context)
