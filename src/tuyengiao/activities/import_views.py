"""Activities in files: the import page (an .xlsx or CSV file, checked row by row, saved all
or nothing) and the template to fill in. Thin: the file's logic is `bulk`'s, the saving and
its checks the services'."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.activities import bulk
from tuyengiao.activities.models import ActivityKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN = 500  # errors listed on the page; the rest are counted


@login_required
@require_http_methods(["GET", "POST"])
def activities_import(request: HttpRequest) -> HttpResponse:
    context: dict = {
        "kinds": ActivityKind.objects.all(),
        "may_enter": units_in_scope(request.user, role=Role.EDITOR).exists(),
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problem"] = _("Hãy chọn một tệp .xlsx hoặc .csv.")
        else:
            context |= _import(request.user, upload.name or "", upload)
    if request.headers.get("HX-Request"):
        # htmx swaps only a 2xx answer, and the form keeps the chosen file for a retry.
        return render(request, "activities/_import_result.html", context)
    status = 400 if context.get("problem") else 200
    return render(request, "activities/import.html", context, status=status)


def _import(user, name: str, upload: UploadedFile) -> dict:
    try:
        # The upload as a file: its size is checked before a byte of it is read.
        rows, lines = bulk.read_rows(name, upload)
    except ValidationError as error:
        return {"problem": " ".join(error.messages)}
    if not rows:
        return {"problem": _("Tệp không có dòng hoạt động nào dưới dòng tiêu đề.")}
    result = bulk.activities_file_import(user, rows, lines)
    return {
        "result": result,
        "errors": result.errors[:MAX_SHOWN],
        "more_errors": max(0, len(result.errors) - MAX_SHOWN),
        "filename": name,
        "problem": _("Tệp có lỗi: chưa ghi hoạt động nào.") if result.errors else "",
    }


@login_required
@require_GET
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The empty template, with the kinds and the user's units beside it (.xlsx)."""
    if fmt == "xlsx":
        content, content_type = bulk.template_xlsx(request.user), XLSX
    elif fmt == "csv":
        content, content_type = bulk.template_csv(), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"hoat-dong.{fmt}")
    return response
