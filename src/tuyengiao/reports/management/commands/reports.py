"""`tuyengiao reports bulk --unit CODE --period CODE`: the reports of every unit below.

    tuyengiao reports bulk --unit HL --period 202611 --user tinh.bientap --out thang-11.zip

Starts the same job as the page and the API, as the user named (the first site
administrator by default). With the immediate backend it runs here, a progress bar on stderr
moving as each report is written; with the database backend `tuyengiao db_worker` runs it and
the bar follows the job's record until it is done. `--out` copies the .zip there.
"""

import shutil
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.accounts.selectors import command_user
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.bulk import bulk_start, job_progressed
from tuyengiao.reports.models import BulkJob, JobStatus
from tuyengiao.values.periods import Period

BAR_WIDTH = 30
POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = (
        "Tạo báo cáo cho mọi đơn vị trực thuộc, thành một tệp .zip (reports of every unit below)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        bulk = actions.add_parser("bulk", help="Dự thảo báo cáo của kỳ cho mọi đơn vị trực thuộc.")
        bulk.add_argument("--unit", required=True, help="Mã đơn vị cấp trên.")
        bulk.add_argument("--period", required=True, help="Mã kỳ: 202611, 2026Q4, 2026S2, 2026.")
        bulk.add_argument("--user", help="Người tạo (mặc định: quản trị hệ thống đầu tiên).")
        bulk.add_argument("--out", type=Path, help="Chép tệp .zip ra đường dẫn này khi xong.")

    def handle(self, *args, unit: str, period: str, user: str | None, out: Path | None, **opts):
        account = command_user(user)
        orgunit = OrgUnit.objects.filter(code=unit).first()
        if orgunit is None:
            raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": unit})
        try:
            span = Period.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from None

        def moved(sender, *, done: int, total: int, **kwargs) -> None:
            self._progress(done, total)

        job_progressed.connect(moved)
        try:
            job = bulk_start(user=account, orgunit=orgunit, period=span)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        finally:
            job_progressed.disconnect(moved)
        job = self._follow(job)
        self.stderr.write("")
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        target = job.archive.path
        if out is not None:
            with job.archive.open("rb") as source, out.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            target = str(out)
        self.stdout.write(
            _("Đã tạo %(done)s báo cáo: %(path)s") % {"done": job.done, "path": target}
        )

    def _follow(self, job: BulkJob) -> BulkJob:
        """The job until it is done: at once with the immediate backend, else as the worker
        records its progress."""
        while job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            self._progress(job.done, job.total)
            time.sleep(POLL_SECONDS)
            job.refresh_from_db()
        self._progress(job.done, job.total)
        return job

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stderr.flush()
