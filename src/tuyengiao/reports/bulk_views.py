"""The pages of the reports of every unit below: the form that starts a job, and the job's
page, whose progress bar htmx refreshes from the job's record until it is done."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.bulk import archive_ready, bulk_start, download_name, jobs_visible
from tuyengiao.reports.models import BulkJob, JobStatus
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.values.period_fields import PeriodField, recent_periods
from tuyengiao.values.periods import PeriodKind

_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]
RECENT_JOBS = 20
# Seconds between two looks at a running job: a report takes a fraction of a second.
POLL_SECONDS = 2


class BulkForm(forms.Form):
    orgunit = TreeChoiceField(label=_("Đơn vị cấp trên"), queryset=OrgUnit.objects.none())
    period = PeriodField(label=_("Kỳ báo cáo"), kinds=_KINDS)

    def __init__(self, *args, units, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = units  # type: ignore[attr-defined]
        self.fields["period"].periods = periods  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def bulk_new(request: HttpRequest) -> HttpResponse:
    """ "Tạo cho mọi đơn vị trực thuộc": a unit and a period; the jobs already started."""
    user = request.user
    # Only units with a unit below: the others would make an empty .zip.
    units = units_in_scope(user, role=Role.EDITOR).filter(
        pk__in=OrgUnit.objects.filter(parent__isnull=False).values("parent")
    )
    periods = recent_periods(_KINDS, today=timezone.localdate())
    # A link from a unit's report may name the unit and period: ?orgunit=<id>&period=<code>.
    initial = {name: request.GET[name] for name in ("orgunit", "period") if name in request.GET}
    form = BulkForm(request.POST or None, units=units, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = bulk_start(
                user=user,
                orgunit=form.cleaned_data["orgunit"],
                period=form.cleaned_data["period"],
            )
        except PermissionDenied as error:
            form.add_error("orgunit", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("reports_bulk:job", job.pk)
    jobs = jobs_visible(user).select_related("orgunit")[:RECENT_JOBS]
    context = {"form": form, "jobs": jobs, "may_start": units.exists()}
    return render(request, "reports/bulk.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def bulk_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; asked by htmx, only its progress (polled until the job is done)."""
    job = get_object_or_404(
        jobs_visible(request.user).select_related("orgunit", "created_by"), pk=pk
    )
    context = {
        "job": job,
        "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "ready": archive_ready(job),
        "poll_seconds": POLL_SECONDS,
    }
    if getattr(request, "htmx", False):
        return render(request, "reports/bulk_progress.html", context)
    return render(request, "reports/bulk_job.html", context)


@login_required
@require_GET
def bulk_zip(request: HttpRequest, pk: int) -> FileResponse:
    return archive_download(request.user, pk)


def archive_download(user, pk: int) -> FileResponse:
    """A finished job's .zip, for a user who sees its unit (the page's link and the API's);
    404 otherwise or before it is finished."""
    job: BulkJob = get_object_or_404(jobs_visible(user).select_related("orgunit"), pk=pk)
    if not archive_ready(job):
        raise Http404
    return FileResponse(
        job.archive.open("rb"),
        as_attachment=True,
        filename=download_name(job),
        content_type="application/zip",
    )
