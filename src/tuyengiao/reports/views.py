"""The pages of narrative reports read in: the list with its upload form, and the review page
where a person accepts, corrects or rejects each figure the toolkit proposed."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, units_in_scope
from tuyengiao.documents.models import Document
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.reports.forms import IngestForm
from tuyengiao.reports.models import Decision, SectionKey
from tuyengiao.reports.selectors import forms_seen, reports_visible, text_segments
from tuyengiao.reports.services import proposals_accept, report_ingest
from tuyengiao.ui.formats import name_in_language
from tuyengiao.values.cleaning import parse_number
from tuyengiao.values.models import DisaggregationOption
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import PeriodKind

PAGE_SIZE = 50
_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports read for units in scope, and the form to read one more."""
    user = request.user
    editable = units_in_scope(user, role=Role.EDITOR)
    periods = recent_periods(_KINDS, today=timezone.localdate())
    form = IngestForm(
        request.POST or None,
        request.FILES or None,
        units=editable,
        periods=periods,
        documents=documents_visible(user),
        forms_seen=forms_seen(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            text, filename = _text_of(form.cleaned_data["file"], form.cleaned_data["document"])
        except ParseError as error:
            form.add_error("file", str(error))
        else:
            try:
                report = report_ingest(
                    user=user,
                    orgunit=form.cleaned_data["orgunit"],
                    period=form.cleaned_data["period"],
                    form=form.cleaned_data["form"],
                    text=text,
                    filename=filename,
                    document=form.cleaned_data["document"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(report)
    reports = reports_visible(user).select_related("orgunit", "form")[:PAGE_SIZE]
    context = {"form": form, "reports": reports, "may_enter": editable.exists()}
    status = 400 if form.errors else 200
    return render(request, "reports/list.html", context, status=status)


def _text_of(upload, document: Document | None) -> tuple[str, str]:
    """The report's text and the name shown for it: an uploaded file's, or a registered
    document's (its symbol)."""
    if document is not None:
        return document.full_text, document.symbol
    return parse_upload(filename=upload.name or "", data=upload.read()).text, upload.name or ""


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The text with each figure marked, and the cells beside it. Nothing is stored among
    the unit's figures until the person sends their decisions."""
    report = get_object_or_404(reports_visible(request.user).select_related("orgunit"), pk=pk)
    may_enter = has_role_on(request.user, report.orgunit, role=Role.EDITOR)
    proposals = list(report.proposals.select_related("indicator", "indicator__disaggregation"))
    problems: dict[int, str] = {}
    if request.method == "POST" and may_enter:
        decisions = _decisions(request, proposals, problems)
        outcomes = proposals_accept(user=request.user, report=report, decisions=decisions)
        saved = sum(outcome.status == "saved" for outcome in outcomes)
        refused = sum(outcome.status == "refused" for outcome in outcomes)
        if saved:
            messages.success(
                request, _("Đã lưu %(n)s số liệu vào chỉ tiêu của đơn vị.") % {"n": saved}
            )
        if refused or problems:
            messages.error(request, _("Có số liệu chưa lưu được: xem lý do ở từng ô."))
        if not problems:
            return redirect(report)
        proposals = list(report.proposals.select_related("indicator", "indicator__disaggregation"))
    _label_options(proposals)
    context = {
        "report": report,
        "section_labels": SectionKey.choices,
        "proposals": proposals,
        "segments": text_segments(report, proposals),
        "problems": problems,
        "may_enter": may_enter,
        "pending": sum(p.decision == Decision.PROPOSED for p in proposals),
    }
    return render(request, "reports/review.html", context, status=400 if problems else 200)


def _decisions(request: HttpRequest, proposals, problems: dict[int, str]) -> list[dict]:
    """The decisions of the review form: for each proposal still open, "accept" (with the
    value in its box, which the person may have corrected), "reject", or nothing yet."""
    decisions = []
    for proposal in proposals:
        if proposal.decision != Decision.PROPOSED:  # the page offers no choice for it
            continue
        choice = request.POST.get(f"d-{proposal.pk}", "")
        if choice == "reject":
            decisions.append({"id": proposal.pk, "reject": True})
        elif choice == "accept":
            raw = request.POST.get(f"v-{proposal.pk}", "").strip()
            try:
                value: Decimal | None = parse_number(raw) if raw else None
            except ValidationError as error:
                problems[proposal.pk] = " ".join(error.messages)
                continue
            decisions.append({"id": proposal.pk, "value": value})
    return decisions


def _label_options(proposals) -> None:
    """Each proposal's breakdown option by its name, in the page's language."""
    wanted = {p.indicator.disaggregation_id for p in proposals if p.option}
    names = {
        (o.disaggregation_id, o.code): name_in_language(o.name, o.name_en)
        for o in DisaggregationOption.objects.filter(disaggregation__in=wanted)
    }
    for p in proposals:
        p.option_label = names.get((p.indicator.disaggregation_id, p.option), p.option)
