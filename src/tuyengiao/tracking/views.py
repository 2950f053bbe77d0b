"""Pages of implementation tracking. Thin: reads through the selectors (which go through the
scope helper), writes through the services (which check the roles again)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, has_role_on, require_role, units_in_scope
from tuyengiao.documents.selectors import document_get_visible_or_404, editor_units
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.schedule import deadline_find, recurrence_find
from tuyengiao.textkit.sections import Section, tasks_propose
from tuyengiao.tracking import forms, reviews, selectors, services
from tuyengiao.tracking import notifications as notices
from tuyengiao.tracking.models import ProgressAttachment, ProgressReport
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import PeriodKind


def _today() -> datetime.date:
    return timezone.localdate()


def _document_url(document_pk: int) -> str:
    return reverse("tracking:document", args=[document_pk])


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What is overdue and what falls due within a week, across the user's scope."""
    today = _today()
    overdue, soon = selectors.assignments_due(user=request.user, today=today)
    context = {
        "overdue": overdue,
        "soon": soon,
        "today": today,
        "unread": notices.unread(request.user).count(),
    }
    return render(request, "tracking/home.html", context)


def _proposed_rows(text: str, *, year: int | None) -> list[dict]:
    """Formset rows from the toolkit's proposals: each item, then its lettered sub-items,
    with the deadline and recurrence its text states ("trước ngày 30/6/2026", "hằng quý");
    a sub-item that states none has its item's. `year`: the directive's, for a day
    written without one."""
    rows: list[dict] = []
    for section in tasks_propose(text):
        parent = str(len(rows))
        row = _proposed_row(section, number=section.number, year=year)
        rows.append(row)
        for sub in section.children:
            sub_row = _proposed_row(sub, number=f"{section.number}.{sub.number}", year=year)
            sub_row["deadline"] = sub_row["deadline"] or row["deadline"]
            sub_row["recurrence"] = sub_row["recurrence"] or row["recurrence"]
            rows.append({**sub_row, "parent": parent})
    rows.extend({"keep": True, "parent": ""} for _ in range(forms.EXTRA_ROWS))
    return rows


def _proposed_row(section: Section, *, number: str, year: int | None) -> dict:
    # The item's own text only: its sub-items' deadlines are theirs.
    said = f"{section.title}\n{section.body}"
    return {
        "keep": True,
        "number": number,
        "title": section.title,
        "description": section.body,
        "deadline": deadline_find(said, year=year),
        "recurrence": recurrence_find(said),
        "parent": "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def tasks_new(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tạo nhiệm vụ": the directive's numbered items proposed as tasks, edited, then saved."""
    document = document_get_visible_or_404(user=request.user, pk=pk)
    if not editor_units(request.user).exists():
        raise PermissionDenied
    if request.method == "POST":
        header = forms.TaskHeaderForm(request.POST, user=request.user)
        rows = forms.TaskRowFormSet(request.POST, prefix="task")
        if header.is_valid() and rows.is_valid():
            drafts = forms.drafts_from_rows(rows.cleaned_data)
            try:
                created = services.tasks_create(
                    user=request.user,
                    orgunit=header.cleaned_data["orgunit"],
                    document=document,
                    drafts=drafts,
                )
            except ValidationError as error:
                header.add_error(None, error)
            else:
                messages.success(request, _("Đã tạo %(n)d nhiệm vụ.") % {"n": len(created)})
                return redirect(_document_url(document.pk))
    else:
        default_unit = (
            document.orgunit
            if has_role_on(request.user, document.orgunit, role=Role.EDITOR)
            else editor_units(request.user).first()
        )
        header = forms.TaskHeaderForm(user=request.user, initial={"orgunit": default_unit})
        year = document.issued_on.year if document.issued_on else document.year
        rows = forms.TaskRowFormSet(
            initial=_proposed_rows(document.full_text, year=year), prefix="task"
        )
    return render(
        request, "tracking/tasks_new.html", {"document": document, "header": header, "rows": rows}
    )


@login_required
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A directive's tracking: its tasks, totals by level, and the matrix of units × tasks."""
    doc = document_get_visible_or_404(user=request.user, pk=pk)
    today = _today()
    filters = forms.MatrixFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    matrix = selectors.tracking_matrix(
        user=request.user,
        document=doc,
        today=today,
        page=data.get("page") or 1,
        status=data.get("status") or "",
    )
    context = {
        "document": doc,
        "matrix": matrix,
        "filters": filters,
        "status": data.get("status") or "",
        "today": today,
    }
    if request.headers.get("HX-Target") == "tracking-matrix":
        return render(request, "tracking/_matrix.html", context)
    context["levels"] = selectors.totals_by_level(user=request.user, document=doc, today=today)
    context["can_create"] = editor_units(request.user).exists()
    context["editable"] = {
        task.pk
        for task in matrix.tasks
        if has_role_on(request.user, task.orgunit, role=Role.EDITOR)
    }
    return render(request, "tracking/document.html", context)


@login_required
@require_GET
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """Which assigned units have answered the directive with a plan of their own."""
    doc = document_get_visible_or_404(user=request.user, pk=pk)
    rows = selectors.document_coverage(user=request.user, document=doc, today=_today())
    missing = request.GET.get("missing") == "1"
    shown = [row for row in rows if row.plan is None] if missing else rows
    return render(
        request,
        "tracking/coverage.html",
        {
            "document": doc,
            "rows": shown,
            "missing": missing,
            "answered": sum(1 for row in rows if row.plan),
            "assigned": len(rows),
        },
    )


def _task_to_edit(request: HttpRequest, pk: int):
    """A task the user reads (404 otherwise) and edits as its holder (403 otherwise)."""
    task = selectors.task_get_visible_or_404(user=request.user, pk=pk)
    require_role(request.user, task.orgunit, role=Role.EDITOR)
    return task


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_to_edit(request, pk)
    form = forms.AssignForm(request.POST or None, holder=task.orgunit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.assignments_create(
                user=request.user,
                task=task,
                units=form.chosen_units(),
                role=data["role"],
                deadline=data["deadline"],
                recurrence=data["recurrence"] or None,
                with_subtasks=data["with_subtasks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã giao %(n)d lượt nhiệm vụ.") % {"n": created})
            if task.document_id:
                return redirect(_document_url(task.document_id))
            return redirect("tracking:home")
    return render(request, "tracking/assign.html", {"task": task, "form": form})


@login_required
@require_GET
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.assignment_get_visible_or_404(user=request.user, pk=pk)
    can_report = has_role_on(request.user, item.orgunit, role=Role.EDITOR)
    initial = {"period": services.report_period_code(item, _today()), "status": item.status}
    form = forms.ProgressReportForm(
        initial=initial,
        indicators=item.task.indicators.all(),
        periods=services.report_periods(item, _today()),
    )
    return _assignment_page(request, item, form, can_report)


def _assignment_page(request, item, form, can_report: bool, status: int = 200) -> HttpResponse:
    reports = list(
        item.reports.select_related("submitted_by", "reviewed_by").prefetch_related("attachments")
    )
    current = "" if form.is_bound else form.initial["period"]
    periods = {r.period for r in reports} | ({current} if current else set())
    figures = selectors.report_figures(
        assignment=item, indicators=form.indicators, periods=list(periods)
    )
    for each in reports:
        each.figures = figures[each.period]
    # What the unit already holds for the period is shown, so that it is corrected, not retyped.
    for indicator, value in figures.get(current, []):
        form.initial[form.figure_name(indicator)] = value
    # The unit that set the task reads the reports, accepts or returns them, edits the task.
    holder_editor = has_role_on(request.user, item.task.orgunit, role=Role.EDITOR)
    context = {
        "item": item,
        "effective": item.effective_status(_today()),
        "reports": reports,
        "form": form if can_report else None,
        "can_review": holder_editor,
        "can_edit_task": holder_editor,
    }
    return render(request, "tracking/assignment.html", context, status=status)


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.assignment_get_visible_or_404(user=request.user, pk=pk)
    form = forms.ProgressReportForm(
        request.POST,
        request.FILES,
        indicators=item.task.indicators.all(),
        periods=services.report_periods(item, _today()),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_report_save(
                user=request.user,
                assignment=item,
                period=data["period"].code,
                status=data["status"],
                results=data["results"],
                shortcomings=data["shortcomings"],
                next_steps=data["next_steps"],
                files=data["files"],
                figures=form.figures(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect("tracking:assignment", pk=item.pk)
    return _assignment_page(request, item, form, True, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A task's title, deadline, recurrence and the figures its reports carry; or cancel it."""
    task = _task_to_edit(request, pk)
    back = _document_url(task.document_id) if task.document_id else reverse("tracking:home")
    if request.method == "POST" and request.POST.get("cancel_task"):
        services.task_cancel(user=request.user, task=task)
        messages.success(request, _("Đã hủy nhiệm vụ “%(task)s”.") % {"task": task.title})
        return redirect(back)
    initial = {name: getattr(task, name) for name in services.TASK_FIELDS}
    initial["indicators"] = list(task.indicators.all())
    form = forms.TaskEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                user=request.user,
                task=task,
                indicators=data["indicators"],
                **{name: data[name] for name in services.TASK_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(back)
    return render(request, "tracking/task_edit.html", {"task": task, "form": form, "back": back})


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        ProgressAttachment.objects.filter(
            report__assignment__in=selectors.assignments_visible(request.user)
        ),
        pk=pk,
    )
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type=item.content_type or "application/octet-stream",
    )


@login_required
@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything assigned to one unit."""
    org = get_in_scope_or_404(OrgUnit.objects.all(), request.user, path_field="path", pk=pk)
    items = selectors.unit_assignments(user=request.user, unit=org, today=_today())
    return render(request, "tracking/unit.html", {"unit": org, "items": items})


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a progress report, or return it with a reason."""
    item = get_object_or_404(
        ProgressReport.objects.filter(
            assignment__in=selectors.assignments_visible(request.user)
        ).select_related("assignment__task__orgunit", "assignment__orgunit", "submitted_by"),
        pk=pk,
    )
    form = forms.ReviewDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report_review(
                user=request.user,
                report=item,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi ý kiến về báo cáo."))
    else:
        messages.error(request, _("Chọn tiếp nhận hoặc trả lại báo cáo."))
    return redirect("tracking:assignment", pk=item.assignment_id)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first; POST marks them all read."""
    if request.method == "POST":
        notices.notifications_read(user=request.user)
        return redirect("tracking:notifications")
    items = notices.notifications_recent(user=request.user)
    return render(request, "tracking/notifications.html", {"items": items})


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A review (sơ kết, tổng kết) of the directive over a span, as a page or a .docx."""
    doc = document_get_visible_or_404(user=request.user, pk=pk)
    today = _today()
    default = reviews.default_span(today)
    span = forms.SpanForm(
        request.GET or None,
        initial={"period": default},
        periods=recent_periods([PeriodKind.HALF, PeriodKind.YEAR, PeriodKind.QUARTER], today=today),
    )
    period = span.chosen() or default
    result = reviews.review_collect(user=request.user, document=doc, period=period, today=today)
    if request.GET.get("format") == "docx":
        # The report is written by the user's own (highest) unit.
        top = units_in_scope(request.user).order_by("level", "path").first()
        data = reviews.review_docx(result, unit_name=top.name if top else "")
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = f"so-ket-{doc.symbol.replace('/', '-')}-{period.code}.docx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    return render(
        request,
        "tracking/review.html",
        {"document": doc, "review": result, "span": span, "period": period},
    )
