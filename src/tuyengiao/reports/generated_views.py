"""The pages of reports out (issue 18 §2): the list with the form to make one, the draft page
(figures live, the writer's sections, the sentences of the units below to pick, the
signature), issuing, and the .docx and .pdf."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, units_in_scope
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.reports import pdf
from tuyengiao.reports.assembling import Sentence, sentences_below
from tuyengiao.reports.forms import DraftForm, GenerateForm, IssueForm
from tuyengiao.reports.generating import (
    issued_name,
    report_docx,
    report_facts,
    report_generate,
    report_save,
)
from tuyengiao.reports.issuing import report_issue, suggested_number
from tuyengiao.reports.models import GeneratedReport, SectionKey
from tuyengiao.reports.selectors import generated_visible
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import Period, PeriodKind

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]


@login_required
@require_http_methods(["GET", "POST"])
def generated_list(request: HttpRequest) -> HttpResponse:
    """The reports made for units in scope, and the form to make one."""
    user = request.user
    editable = units_in_scope(user, role=Role.EDITOR)
    periods = recent_periods(_KINDS, today=timezone.localdate())
    form = GenerateForm(request.POST or None, units=editable, periods=periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        directive = None
        if data["directive"]:
            directive = (
                documents_visible(user)
                .filter(symbol__iexact=data["directive"].strip())
                .order_by("-issued_on")
                .first()
            )
            if directive is None:
                form.add_error("directive", _("Không tìm thấy văn bản này trong sổ."))
        if not form.errors:
            try:
                report = report_generate(
                    user=user, orgunit=data["orgunit"], period=data["period"],
                    kind=data["kind"], directive=directive,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(report)
    reports = generated_visible(user).select_related("orgunit")[:PAGE_SIZE]
    context = {"form": form, "reports": reports, "may_enter": editable.exists()}
    return render(
        request, "reports/generated_list.html", context, status=400 if form.errors else 200
    )


def _report(request: HttpRequest, pk: int) -> GeneratedReport:
    queryset = generated_visible(request.user).select_related("orgunit", "orgunit__kind")
    return get_object_or_404(queryset, pk=pk)


def _initial(report: GeneratedReport) -> dict:
    fields = ("summary", "authority", "signer_title", "signer", "recipients")
    initial = {name: getattr(report, name) for name in fields}
    return initial | {key: (report.sections or {}).get(key, "") for key in SectionKey.values}


def _merged(data: dict, picked: list[str], found: list[Sentence]) -> dict:
    """The writer's sections with the sentences they picked added, each under its section,
    once."""
    sections = {key: data.get(key, "").strip() for key in SectionKey.values}
    by_key = {sentence.key: sentence for sentence in found}
    for key in picked:
        sentence = by_key.get(key)
        if sentence is None or sentence.text in sections[sentence.section]:
            continue
        sections[sentence.section] = f"{sections[sentence.section]}\n{sentence.text}".strip()
    return sections


def _save(request: HttpRequest, report: GeneratedReport, form: DraftForm) -> GeneratedReport:
    """The writer's form saved, with the sentences they picked added to their sections."""
    data = form.cleaned_data
    period = Period.parse(report.period)
    found = sentences_below(unit=report.orgunit, period=period, sections=report.sections or {})
    sections = _merged(data, request.POST.getlist("pick"), found)
    return report_save(
        user=request.user, report=report, sections=sections, summary=data["summary"],
        authority=data["authority"], signer_title=data["signer_title"],
        signer=data["signer"], recipients=data["recipients"],
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def generated_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft the writer edits (an issued report the same, read-only)."""
    report = _report(request, pk)
    may_edit = report.is_draft and has_role_on(request.user, report.orgunit, role=Role.EDITOR)
    form = DraftForm(request.POST or None, initial=_initial(report))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Bạn không có quyền sửa báo cáo này."))
        if form.is_valid():
            _save(request, report, form)
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect(report)
    return _detail(request, report, form=form, issue_form=None, status=400 if form.errors else 200)


def _detail(request, report, *, form, issue_form, status=200) -> HttpResponse:
    period = Period.parse(report.period)
    may_edit = report.is_draft and has_role_on(request.user, report.orgunit, role=Role.EDITOR)
    today = timezone.localdate()
    if issue_form is None and may_edit:
        issue_form = IssueForm(
            initial={"number": suggested_number(unit=report.orgunit, day=today), "issued_on": today}
        )
    found = sentences_below(unit=report.orgunit, period=period, sections=report.sections or {})
    context = {
        "report": report,
        "period": period,
        "facts": report_facts(report),
        "form": form,
        "issue_form": issue_form,
        "may_edit": may_edit,
        "sentences": _grouped(found),
        "pdf_available": pdf.soffice() is not None,
    }
    return render(request, "reports/generated_detail.html", context, status=status)


def _grouped(found: list[Sentence]) -> list[dict]:
    """The sentences by unit, then section, for the merge panel."""
    labels = dict(SectionKey.choices)
    return [
        {"unit": unit, "label": labels[section], "sentences": list(items)}
        for (unit, section), items in groupby(found, key=lambda s: (s.unit, s.section))
    ]


@login_required
@require_POST
def generated_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Number, register and freeze the draft."""
    report = _report(request, pk)
    if not (report.is_draft and has_role_on(request.user, report.orgunit, role=Role.EDITOR)):
        raise PermissionDenied(_("Bạn không có quyền ban hành báo cáo này."))
    issue_form = IssueForm(request.POST)
    form = DraftForm(request.POST if "summary" in request.POST else None, initial=_initial(report))
    if form.is_bound and form.is_valid():
        # The writer's last changes go out with the report, as the page shows them.
        report = _save(request, report, form)
    if issue_form.is_valid() and not form.errors:
        try:
            report = report_issue(
                user=request.user, report=report, number=issue_form.cleaned_data["number"],
                issued_on=issue_form.cleaned_data["issued_on"],
            )  # fmt: skip
        except ValidationError as error:
            issue_form.add_error(None, error.messages[0] if error.messages else str(error))
        else:
            messages.success(
                request, _("Đã ban hành báo cáo số %(number)s.") % {"number": report.number}
            )
            return redirect(report)
    return _detail(request, report, form=form, issue_form=issue_form, status=400)


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def generated_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _attachment(report_docx(report=report), DOCX, issued_name(report))


@login_required
@require_GET
def generated_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if pdf.soffice() is None:
        raise Http404(_("Máy chủ chưa cài LibreOffice nên chưa xuất được .pdf."))
    try:
        data = pdf.docx_to_pdf(report_docx(report=report))
    except pdf.Busy:
        return HttpResponse(
            _("Máy chủ đang chuyển một báo cáo khác sang .pdf, hãy thử lại sau ít phút."),
            status=503,
        )
    except RuntimeError:
        return HttpResponse(_("Không chuyển được báo cáo sang .pdf."), status=502)
    return _attachment(data, "application/pdf", issued_name(report).replace(".docx", ".pdf"))
