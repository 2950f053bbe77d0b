"""Values in files: the import page (an .xlsx or CSV file, checked row by row, written all
or nothing) and a form's template to fill in, which is also its export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, scope_filter, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import files, workflow
from tuyengiao.reporting.models import ReportForm
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values.models import SourceKind
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import PeriodKind
from tuyengiao.values.services import RowError, Source, WriteReport, datavalues_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNIT = ("pk", "name", "parent_id", "path", "level")


@login_required
@require_http_methods(["GET", "POST"])
def values_import(request: HttpRequest) -> HttpResponse:
    forms = ReportForm.objects.filter(is_active=True)
    kinds = [kind for kind in PeriodKind if any(form.period_kind == kind for form in forms)]
    context: dict = {
        "forms": forms,
        # The tree in Vietnamese order, searchable when long (ui.js): a province has ~360.
        "units": tree_sorted(units_in_scope(request.user, role=Role.EDITOR).only(*_UNIT)),
        "periods": recent_periods(kinds, today=timezone.localdate()),
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problem"] = _("Hãy chọn một tệp .xlsx hoặc .csv.")
        else:
            context |= _import(request.user, upload.name or "", upload)
    if request.headers.get("HX-Request"):
        # htmx swaps only a 2xx answer: the errors are the content.
        return render(request, "reporting/_import_result.html", context)
    return render(
        request, "reporting/import.html", context, status=400 if context.get("problem") else 200
    )


def _import(user, name: str, upload: UploadedFile) -> dict:
    try:
        # The upload as a file: its size is checked before a byte of it is read.
        found = files.read_rows(name, upload)
    except ValidationError as error:
        return {"problem": " ".join(error.messages)}
    if not found.rows:
        return {"problem": _("Tệp không có dòng số liệu nào dưới dòng tiêu đề.")}
    source = Source(SourceKind.IMPORT, note=name)
    report: WriteReport = datavalues_write(found.rows, user=user, source=source)
    # Errors name the row as the spreadsheet numbers it, not as the list does.
    errors = [RowError(found.lines[e.row - 1], e.field, e.message) for e in report.errors]
    return {
        "report": report,
        "errors": errors[:500],
        "more_errors": max(0, len(errors) - 500),
        "filename": name,
        "rows": len(found.rows),
        "problem": _("Tệp có lỗi: chưa ghi số liệu nào.") if errors else "",
    }


@login_required
@require_GET
def template(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The form's rows for a period and the units below a unit (in scope), as .xlsx or CSV."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    form = get_object_or_404(ReportForm, code=code, is_active=True)
    try:
        period = workflow.form_period(form, request.GET.get("period", ""))
    except ValidationError:
        period = workflow.form_current_period(form, timezone.localdate())
    unit_pk = request.GET.get("unit")
    if unit_pk:
        try:
            under = get_in_scope_or_404(OrgUnit.objects.all(), request.user, path_field="path",
                                        pk=int(unit_pk))  # fmt: skip
        except ValueError:
            raise Http404 from None
        units = workflow.form_units(form, period).filter(path__startswith=under.path)
    else:
        units = workflow.form_units(form, period)
    units = scope_filter(units, request.user, path_field="path").order_by("path")
    build = files.template_xlsx if fmt == "xlsx" else files.template_csv
    content = build(form=form, period=period, units=list(units))
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx" else "text/csv")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{form.code}-{period.code}.{fmt}"
    )
    return response
