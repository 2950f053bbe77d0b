"""Pages of a survey's results (viewers of the organiser), of the recording of its figures
and of the coding of its free text (editors of the organiser). Thin: the tables come from
`results` (protected by `disclosure`), the writes from `recording` and `coding`."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, has_role_on
from tuyengiao.surveys import coding, recording, results
from tuyengiao.surveys.models import FreeText, Status, Survey
from tuyengiao.surveys.selectors import count_shown
from tuyengiao.tabular.writing import csv_bytes, xlsx_bytes
from tuyengiao.values.period_fields import period_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _survey_or_404(request: HttpRequest, pk: int, *, role: Role = Role.VIEWER) -> Survey:
    """The survey, if the user holds `role` on its organiser; a 404 for anyone who cannot
    even see it, a 403 for a viewer asking to change it."""
    survey = get_in_scope_or_404(
        Survey.objects.select_related("orgunit"), request.user, path_field="orgunit__path", pk=pk
    )
    if role != Role.VIEWER and not has_role_on(request.user, survey.orgunit, role=role):
        raise PermissionDenied
    return survey


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The protected tables of a finished survey, by a breakdown; `?format=xlsx|csv` gives
    the same tables as a file."""
    survey = _survey_or_404(request, pk)
    can_edit = has_role_on(request.user, survey.orgunit, role=Role.EDITOR)
    context: dict = {"survey": survey, "can_edit": can_edit, "k": results.min_cell()}
    if not results.results_ready(survey):
        context |= {
            "not_ready": results.not_ready_message(survey),
            # None below k, as on the survey's page: the organiser's viewers would otherwise
            # see the count the results hide once published.
            "responses_so_far": count_shown(results.responses_count(survey), context["k"]),
            "can_record": can_edit and survey.status == Status.CLOSED,
        }
        return render(request, "surveys/results.html", context)
    choices = results.breakdowns(survey)
    by = request.GET.get("by", "")
    if by not in {value for value, _label in choices}:
        by = ""
    table = results.survey_results(survey=survey, by=by)
    tables = results.results_display(survey=survey, table=table)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        return _export(survey, by, tables, fmt)
    coding.freetexts_expire(survey=survey)
    context |= {
        "by": by,
        "choices": choices,
        "table": table,
        "tables": tables,
        "by_heading": results.breakdown_heading(survey, by),
        "figures": recording.month_figures(survey, table=table) if by == "" else None,
        "can_record": can_edit,
        "uncoded": coding.freetexts_uncoded(survey).count() if can_edit else 0,
    }
    return render(request, "surveys/results.html", context)


def _export(survey: Survey, by: str, tables: list, fmt: str) -> HttpResponse:
    header = [str(title) for title in results.EXPORT_HEADER]
    rows = results.export_rows(tables)
    name = f"ket-qua-khao-sat-{survey.pk}{'-' + by if by else ''}.{fmt}"
    if fmt == "xlsx":
        content = xlsx_bytes(rows, title=_("Kết quả khảo sát"), header=header)
        response = HttpResponse(content, content_type=XLSX)
    else:
        response = HttpResponse(csv_bytes(rows, header=header), content_type="text/csv")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_POST
def results_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the finished survey's figures into the indicators."""
    survey = _survey_or_404(request, pk, role=Role.EDITOR)
    try:
        month = recording.survey_results_record(user=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        written = [f"{f.label}: {f.value}" for f in month.sums if f.value is not None]
        withheld = [f"{f.label} ({f.reason})" for f in month.sums if f.value is None]
        text = _("Đã ghi vào chỉ tiêu %(period)s: %(written)s.") % {
            "period": period_label(month.period),
            "written": "; ".join(written) or _("không số nào"),
        }
        if withheld:
            text += " " + _("Không ghi: %(withheld)s.") % {"withheld": "; ".join(withheld)}
        messages.success(request, text)
    return redirect("surveys:results", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def coding_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's uncoded free text (already redacted), each to code into a topic; coding
    deletes the text."""
    survey = _survey_or_404(request, pk, role=Role.EDITOR)
    coding.freetexts_expire(survey=survey)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        key = _uuid_or_none(request.POST.get("freetext", ""))
        found = FreeText.objects.filter(pk=key, question__survey=survey) if key else None
        text = found.select_related("question__survey__orgunit").first() if found else None
        topic = request.POST.get("new_topic", "").strip() or request.POST.get("topic", "")
        if text is None:
            messages.error(request, _("Ý kiến này không còn (đã mã hóa hoặc đã hết hạn)."))
            return redirect("surveys:coding", pk=survey.pk)
        try:
            coding.freetext_code(user=request.user, freetext=text, topic=topic)
        except ValidationError as error:
            errors[str(text.pk)] = error.messages
        else:
            messages.success(request, _("Đã mã hóa vào chủ đề “%(topic)s”; nguyên văn đã xóa.")
                             % {"topic": text.topic})  # fmt: skip
            return redirect("surveys:coding", pk=survey.pk)
    show_all = request.GET.get("all") == "1"
    uncoded = coding.freetexts_uncoded(survey)
    count = uncoded.count()
    context = {
        "survey": survey,
        "texts": list(uncoded if show_all else uncoded[:1]),
        "count": count,
        "show_all": show_all,
        "topics": coding.topics_used(survey),
        "coded": coding.coded_count(survey),
        "coding_open": coding.coding_open(survey),
        "ends_on": coding.coding_ends_on(survey) if survey.status != Status.DRAFT else None,
        "errors": errors,
        "topic_max": coding.TOPIC_MAX,
    }
    return render(request, "surveys/coding.html", context, status=400 if errors else 200)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
