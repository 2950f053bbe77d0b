"""The drafts of every unit one level below, generated as background work, and their .zip
(issue 18 §2, "many at once").

`bulk_start` checks the role, records the job and enqueues `bulk_run` through Django's tasks
framework (settings.TASKS): with the immediate backend the job has run when it returns; with
the database backend `tuyengiao db_worker` runs it and the job page follows its progress,
which is kept on the job's record (`done` of `total`).

Each draft is made and rendered as the job's creator would make it by hand
(`report_generate`, `report_docx`), so the job can do nothing its creator may not.
"""

import logging
import tempfile
import zipfile
from collections.abc import Callable

from auditlog.context import set_actor
from django.core.files import File
from django.db.models import F, QuerySet
from django.dispatch import Signal
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role, scope_filter, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.generating import report_docx, report_generate, report_kind
from tuyengiao.reports.models import BulkJob, JobStatus
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values.periods import Period

logger = logging.getLogger(__name__)

# One .docx of a unit: one callable, so that the zip's writing is tested apart from the
# reports' assembling.
Render = Callable[[OrgUnit], bytes]

# Sent after each report is written, with job_id, done and total: the command line's
# progress bar when the job runs in its own process (the immediate backend).
job_progressed = Signal()


def bulk_units(*, user, orgunit: OrgUnit, period: Period) -> list[OrgUnit]:
    """The units one level below `orgunit` that existed during the period and for which
    `user` may write a report, in tree order."""
    below = OrgUnit.objects.filter(parent=orgunit).open_during(period.start, period.end)
    allowed = units_in_scope(user, role=Role.EDITOR).filter(pk__in=below.values("pk"))
    return tree_sorted(allowed.order_by("path"))


def bulk_start(*, user, orgunit: OrgUnit, period: Period) -> BulkJob:
    """A job making the draft of every unit below `orgunit` for `period`, enqueued (run at
    once with the immediate backend). Checks Role.EDITOR on the unit; raises ValidationError
    for a period no report is made for by itself (a custom range needs its kind)."""
    require_role(
        user,
        orgunit,
        role=Role.EDITOR,
        message=_("Bạn không có quyền tạo báo cáo cho các đơn vị trực thuộc %(unit)s.")
        % {"unit": orgunit},
    )
    report_kind(period=period)  # refused now, not as each unit's report fails in the job
    units = bulk_units(user=user, orgunit=orgunit, period=period)
    job = BulkJob.objects.create(
        orgunit=orgunit, period=period.code, created_by=user, total=len(units)
    )
    # The task takes what a queue can keep as JSON: ids, never objects.
    result = bulk_run.enqueue(job.pk, [unit.pk for unit in units])
    # With the immediate backend the task has already finished the job: write the id
    # alone, not the whole row this process read before the task ran.
    BulkJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@task
def bulk_run(job_id: int, unit_ids: list[int]) -> int:
    """The task: each unit's draft into the job's .zip, `done` counted as it goes. Returns
    the number of reports written."""
    job = BulkJob.objects.select_related("orgunit", "created_by").get(pk=job_id)
    BulkJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    by_pk = OrgUnit.objects.in_bulk(unit_ids)
    units = [by_pk[pk] for pk in unit_ids if pk in by_pk]
    period = Period.parse(job.period)
    user = job.created_by

    def render(unit: OrgUnit) -> bytes:
        report = report_generate(user=user, orgunit=unit, period=period)
        return report_docx(report=report)

    try:
        # The drafts' audit trail names the person who started the job, worker or not.
        with set_actor(user), tempfile.TemporaryFile() as spool:
            archive_write(job=job, units=units, render=render, out=spool)
            spool.seek(0)
            job.archive.save(archive_name(job), File(spool), save=False)
    except Exception as error:
        logger.exception("Bulk report job %s failed", job.pk)
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    BulkJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FINISHED, archive=job.archive.name, finished_at=timezone.now()
    )
    return len(units)


def archive_write(*, job: BulkJob, units: list[OrgUnit], render: Render, out) -> None:
    """A .zip into the binary file `out`: one .docx per unit, named by its code and the
    period; the job's `done` counts each one written."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, unit in enumerate(units, start=1):
            try:
                data = render(unit)
            except Exception as error:
                # Which unit stopped the job is what the person who started it needs to know.
                raise RuntimeError(
                    _("Báo cáo của %(unit)s: %(error)s") % {"unit": unit.name, "error": error}
                ) from error
            archive.writestr(member_name(unit, job.period), data)
            # One statement, not a save of the row: the page may be reading it meanwhile.
            BulkJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
            job_progressed.send(BulkJob, job_id=job.pk, done=done, total=len(units))


def member_name(unit: OrgUnit, period_code: str) -> str:
    """ "XA-AB-202603.docx": the unit's code (without what a file name cannot hold)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in unit.code)
    return f"{safe}-{period_code}.docx"


def archive_name(job: BulkJob) -> str:
    return f"{member_name(job.orgunit, job.period).removesuffix('.docx')}-{job.pk}.zip"


def download_name(job: BulkJob) -> str:
    """ "bao-cao-TU-202603.zip": what the person's browser saves it as."""
    return f"bao-cao-{member_name(job.orgunit, job.period).removesuffix('.docx')}.zip"


def archive_ready(job: BulkJob) -> bool:
    return job.status == JobStatus.FINISHED and bool(job.archive)


def jobs_visible(user) -> QuerySet[BulkJob]:
    """The jobs of units `user` may see: whoever may read a unit may follow its job and
    download its reports (each a draft they could open one by one)."""
    return scope_filter(BulkJob.objects.all(), user, path_field="orgunit__path")
