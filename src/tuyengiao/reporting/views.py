"""Pages of reporting: what is due, the entry grid with its cell-by-cell saves, the history
of a cell, the workflow buttons, and a form's completeness. Thin: units come through the
scope helper, reads through `grid`/`dues`, writes through `services`/`workflow`, which check
the roles again."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import dues, services, workflow
from tuyengiao.reporting.builder import manages_forms
from tuyengiao.reporting.grid import Cell, Grid, entry_grid
from tuyengiao.reporting.models import ReportForm
from tuyengiao.ui.formats import format_number, parse_date
from tuyengiao.values.cleaning import display
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period
from tuyengiao.values.services import CellKey, StaleValueError, datavalue_save


def _report(request: HttpRequest, code: str, unit_pk: int, period_code: str):
    """The form, unit (in the user's scope) and period of a URL, or 404."""
    form = get_object_or_404(ReportForm, code=code, is_active=True)
    unit = get_in_scope_or_404(
        OrgUnit.objects.select_related("parent"), request.user, path_field="path", pk=unit_pk
    )
    try:
        period = workflow.form_period(form, period_code)
    except ValidationError:
        raise Http404 from None
    if not workflow.form_units(form, period).filter(pk=unit.pk).exists():
        raise Http404
    return form, unit, period


def _url(name: str, form: ReportForm, unit: OrgUnit, period: Period) -> str:
    return reverse(f"reporting:{name}", args=[form.code, unit.pk, period.code])


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/due.html",
        {
            "to_fill": dues.reports_to_fill(request.user),
            "to_approve": dues.reports_to_approve(request.user),
            "manages_forms": manages_forms(request.user),
        },
    )


def _render_entry(request, grid: Grid, status: int = 200) -> HttpResponse:
    actions = workflow.report_actions(
        user=request.user,
        form=grid.form,
        unit=grid.unit,
        period=grid.period,
        submission=grid.submission,
    )
    steps = workflow.approval_steps(
        form=grid.form, unit=grid.unit, submission=grid.submission, events=grid.events
    )
    context = {"grid": grid, "actions": actions, "steps": steps, "today": datetime.date.today()}
    return render(request, "reporting/entry.html", context, status=status)


@login_required
def entry(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    """The grid. A POST saves every changed cell: the page works without JavaScript."""
    form, orgunit, the_period = _report(request, code, unit, period)
    if request.method != "POST":
        return _render_entry(request, entry_grid(form=form, unit=orgunit, period=the_period))
    posted = _posted_cells(request)
    grid = entry_grid(form=form, unit=orgunit, period=the_period)
    failed = [cell for cell in _save_cells(request, grid, posted) if cell.error]
    if failed:
        # Re-read what was saved; keep what failed as typed, with its message.
        fresh = entry_grid(form=form, unit=orgunit, period=the_period)
        for cell in failed:
            target = fresh.cell(cell.indicator.pk, cell.option)
            if target is not None:
                target.typed, target.error = cell.typed, cell.error
        messages.error(request, _("Có %(n)s ô chưa lưu được: xem thông báo ở từng ô.") % {
            "n": format_number(len(failed))})  # fmt: skip
        return _render_entry(request, fresh, status=400)
    messages.success(request, _("Đã lưu số liệu."))
    return redirect(_url("entry", form, orgunit, the_period))


def _posted_cells(request: HttpRequest) -> dict[tuple[int, str], tuple[str, int]]:
    """(indicator id, option) → (value typed, version seen), from `v-…` and `ver-…` fields."""
    found: dict[tuple[int, str], tuple[str, int]] = {}
    for name, raw in request.POST.items():
        if not name.startswith("v-"):
            continue
        indicator, _sep, option = name[2:].partition("-")
        try:
            version = int(request.POST.get("ver-" + name[2:], ""))
            found[int(indicator), option] = (str(raw), version)
        except ValueError:
            continue
    return found


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _save_cells(request, grid: Grid, posted) -> list[Cell]:
    """Save the posted cells whose value changed; each comes back with its outcome."""
    done = []
    for (indicator_id, option), (raw, version) in posted.items():
        cell = grid.cell(indicator_id, option)
        if cell is None:
            continue
        if raw.strip() == cell.shown and version == cell.version:
            continue
        key = CellKey(grid.unit, cell.indicator, grid.period, cell.option)
        _save_cell(request.user, key, cell, raw, version)
        done.append(cell)
    return done


def _save_cell(user, key: CellKey, cell: Cell, raw: str, version: int) -> None:
    """Save one cell; `cell` comes back with the outcome (saved, or what was typed and why
    it was not)."""
    try:
        cell.value = datavalue_save(user=user, key=key, raw=raw, expected_version=version)
        cell.saved, cell.typed, cell.error = True, None, ""
    except StaleValueError as error:
        # Their value is kept in the input; the next save is against the current version.
        cell.value, cell.typed, cell.error = error.current, raw, " ".join(error.messages)
    except (ValidationError, PermissionDenied) as error:
        cell.typed = raw
        cell.error = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@login_required
@require_POST
def cell(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    """One cell saved as it is typed (HTMX): the cell again, and the checks out of band."""
    form, orgunit, the_period = _report(request, code, unit, period)
    posted = _posted_cells(request)
    # Inside the grid's <form>, htmx sends every field: the header names the one typed in.
    trigger = request.headers.get("HX-Trigger-Name", "")
    if trigger.startswith("v-"):
        indicator, _sep, option = trigger[2:].partition("-")
        posted = {key: posted[key] for key in posted if key == (_int(indicator), option)}
    if len(posted) != 1:
        return HttpResponse(_("Yêu cầu không hợp lệ."), status=400)
    (indicator_id, option), (raw, version) = next(iter(posted.items()))
    item = form.items.select_related("indicator").filter(indicator_id=indicator_id).first()
    if item is None:
        raise Http404
    # The save first, then the grid once: its checks and derived figures see the new value.
    outcome = Cell(item.indicator, option, "", None)
    _save_cell(request.user, CellKey(orgunit, item.indicator, the_period, option), outcome,
               raw, version)  # fmt: skip
    grid = entry_grid(form=form, unit=orgunit, period=the_period)
    target = grid.cell(indicator_id, option)
    if target is None:  # an option the indicator does not have: nothing was saved
        raise Http404
    target.saved, target.typed, target.error = outcome.saved, outcome.typed, outcome.error
    context = {"grid": grid, "cell": target, "can_edit": True}
    return render(request, "reporting/_cell_response.html", context)


@login_required
@require_GET
def history(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    form, orgunit, the_period = _report(request, code, unit, period)
    try:
        indicator_id = int(request.GET.get("indicator", ""))
    except ValueError:
        raise Http404 from None
    option = request.GET.get("option", "")
    item = get_object_or_404(form.items.select_related("indicator"), indicator_id=indicator_id)
    value = (
        DataValue.objects.filter(
            orgunit=orgunit, indicator_id=indicator_id, option=option, period=the_period.code
        )
        .select_related("created_by")
        .first()
    )
    changes = list(value.changes.select_related("changed_by")) if value else []
    context = {
        "form": form,
        "unit": orgunit,
        "period": the_period,
        "indicator": item.indicator,
        "option": option,
        "value": value,
        "changes": changes,
        # The row keeps the current value; the first one is the oldest change's "before".
        "first_value": changes[-1].old_value if changes else (display(value) if value else ""),
    }
    return render(request, "reporting/history.html", context)


def _workflow_action(request, code, unit, period, act) -> HttpResponse:
    form, orgunit, the_period = _report(request, code, unit, period)
    try:
        message = act(form, orgunit, the_period)
        messages.success(request, message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(_url("entry", form, orgunit, the_period))


def _submission(form, unit, period):
    submission = workflow.submission_get(form, unit, period)
    if submission is None:
        raise ValidationError(_("Báo cáo này chưa được gửi."))
    return submission


@login_required
@require_POST
def submit(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    def act(form, orgunit, the_period):
        services.submission_submit(user=request.user, form=form, unit=orgunit, period=the_period)
        return _("Đã gửi báo cáo lên cấp trên.")

    return _workflow_action(request, code, unit, period, act)


@login_required
@require_POST
def approve(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    def act(form, orgunit, the_period):
        done = services.submission_approve(
            user=request.user, submission=_submission(form, orgunit, the_period)
        )
        level = done.approved_up_to.name if done.approved_up_to else ""
        return _("Đã duyệt báo cáo ở cấp %(level)s.") % {"level": level}

    return _workflow_action(request, code, unit, period, act)


@login_required
@require_POST
def send_back(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    def act(form, orgunit, the_period):
        services.submission_return(
            user=request.user,
            submission=_submission(form, orgunit, the_period),
            reason=request.POST.get("reason", ""),
        )
        return _("Đã trả lại báo cáo cho đơn vị.")

    return _workflow_action(request, code, unit, period, act)


@login_required
@require_POST
def grant(request: HttpRequest, code: str, unit: int, period: str) -> HttpResponse:
    def act(form, orgunit, the_period):
        try:
            until = parse_date(request.POST.get("until", ""))
        except ValueError as error:
            raise ValidationError(str(error)) from None
        services.exception_grant(
            user=request.user,
            form=form,
            unit=orgunit,
            period=the_period,
            until=until,
            reason=request.POST.get("reason", ""),
        )
        return _("Đã cho phép đơn vị nhập đến hết ngày %(day)s.") % {"day": f"{until:%d/%m/%Y}"}

    return _workflow_action(request, code, unit, period, act)


@login_required
@require_GET
def overview(request: HttpRequest, code: str) -> HttpResponse:
    """Completeness and timeliness of a form for a period, under a unit of the user's scope."""
    form = get_object_or_404(ReportForm, code=code, is_active=True)
    today = datetime.date.today()
    try:
        period = workflow.form_period(form, request.GET["period"])
    except (KeyError, ValidationError):
        period = workflow.form_current_period(form, today)
    unit_pk = request.GET.get("unit")
    if unit_pk:
        try:
            unit = get_in_scope_or_404(
                OrgUnit.objects.all(), request.user, path_field="path", pk=unit_pk
            )
        except (ValueError, TypeError):
            raise Http404 from None
    else:
        root = dues.completeness_root(user=request.user, form=form)
        if root is None:
            raise Http404
        unit = root
    report = dues.completeness(user=request.user, form=form, period=period, under=unit)
    context = {
        "form": form,
        "unit": unit,
        "period": period,
        "report": report,
        "periods": dues.form_recent_periods(form, today),
    }
    return render(request, "reporting/overview.html", context)
