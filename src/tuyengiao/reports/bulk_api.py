"""The reports of every unit below, over the API (issue 18 §3; the paths are fixed).

`POST /api/reports/bulk/` with `{"orgunit": "<code>", "period": "<code>"}` starts the job and
answers 202 `{"job": 3}`; `GET /api/reports/bulk/<job>/` answers its progress,
`{"done": 12, "total": 30, "zip": "<url when finished, else null>"}`, and the .zip is at
`GET /api/reports/bulk/<job>/zip`. A unit or job out of scope is a 404, a unit the caller may
read but not write for a 403, as everywhere.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema, Status
from ninja.router import Router

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.bulk import archive_ready, bulk_start, jobs_visible
from tuyengiao.reports.bulk_views import archive_download
from tuyengiao.reports.models import BulkJob
from tuyengiao.values.periods import Period

router = Router(tags=["reports"])


class BulkIn(InputSchema):
    orgunit: str = Field(max_length=40, description="Mã đơn vị cấp trên")
    period: str = Field(max_length=17, description="Mã kỳ: 202603, 2026Q1, 2026S1, 2026")


class BulkStarted(Schema):
    job: int


class BulkOut(Schema):
    id: int
    orgunit: str
    period: str
    status: str = Field(description="queued, running, finished hoặc failed")
    done: int
    total: int
    zip: str | None = Field(description="Địa chỉ tải tệp .zip khi đã xong, còn lại null")
    error: str


def zip_url(job: BulkJob) -> str | None:
    return reverse("api:report_bulk_zip", args=[job.pk]) if archive_ready(job) else None


def bulk_out(job: BulkJob) -> dict:
    return {
        "id": job.pk,
        "orgunit": job.orgunit.code,
        "period": job.period,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "zip": zip_url(job),
        "error": job.error,
    }


@router.post(
    "/",
    response={202: BulkStarted, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="report_bulk_start",
    summary="Tạo báo cáo cho mọi đơn vị trực thuộc",
)
def report_bulk_start(request: HttpRequest, payload: BulkIn):
    """Tạo dự thảo báo cáo của kỳ cho mọi đơn vị ngay cấp dưới (chạy nền); trả lời mã công
    việc để theo dõi tiến độ và tải tệp .zip."""
    unit = get_in_scope_or_404(
        OrgUnit.objects.all(), request.user, path_field="path", code=payload.orgunit
    )
    try:
        period = Period.parse(payload.period)
    except ValueError as error:
        return Status(400, error_body(str(error)))
    job = bulk_start(user=request.user, orgunit=unit, period=period)
    return Status(202, {"job": job.pk})


@router.get(
    "/{int:job_id}/",
    response={200: BulkOut, 404: ErrorOut},
    url_name="report_bulk",
    summary="Tiến độ tạo báo cáo hàng loạt",
)
def report_bulk(request: HttpRequest, job_id: int):
    """Đã tạo bao nhiêu báo cáo trên tổng số, và địa chỉ tệp .zip khi xong."""
    job = get_object_or_404(jobs_visible(request.user).select_related("orgunit"), pk=job_id)
    return bulk_out(job)


@router.get(
    "/{int:job_id}/zip",
    url_name="report_bulk_zip",
    summary="Tải tệp .zip các báo cáo",
)
def report_bulk_zip(request: HttpRequest, job_id: int):
    """Tệp .zip: mỗi đơn vị một tệp .docx (404 khi chưa xong)."""
    return archive_download(request.user, job_id)
