"""`tuyengiao values import FILE`: data values from an .xlsx or CSV file (the form template's
layout, or any file with the columns indicator, orgunit, period, value and option).

    tuyengiao values import bao-cao-thang-10.xlsx --user canbo

Every row is checked first; with any error nothing is written and each bad row is listed
with its line number. A progress bar runs on stderr while the values are written.

`tuyengiao values verify [--repair]`: every aggregate, entered and approved, against the
recount of its values (values.verifying, set-based SQL into temporary tables); the rows that
differ are listed and the command exits 1. With `--repair` those rows are written again from
the recount.
"""

import time
from pathlib import Path

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.accounts.selectors import command_user
from tuyengiao.reporting.files import read_rows
from tuyengiao.values.models import SourceKind
from tuyengiao.values.services import Source, datavalues_write
from tuyengiao.values.verifying import aggregates_verify

BAR_WIDTH = 30
MAX_LISTED = 50


class Command(BaseCommand):
    help = "Nhập số liệu từ tệp .xlsx hoặc .csv (import data values)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập số liệu từ một tệp .xlsx, .csv.")
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument(
            "--user",
            help="Người nhập (mặc định: quản trị hệ thống đầu tiên); quyền theo người này.",
        )
        verify = actions.add_parser(
            "verify", help="Đối chiếu mọi số tổng hợp với số liệu gốc; sai lệch thì thoát mã 1."
        )
        verify.add_argument(
            "--repair", action="store_true", help="Tính lại và ghi đè các số tổng hợp sai lệch."
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "verify":
            self._verify(repair=options["repair"])
        else:
            self._import(file=options["file"], user=options["user"])

    def _verify(self, *, repair: bool) -> None:
        started = time.perf_counter()
        found = aggregates_verify(repair=repair)
        seconds = time.perf_counter() - started
        for mismatch in found[:MAX_LISTED]:
            self.stdout.write(
                f"{mismatch.state}\t{mismatch.orgunit_id}\t{mismatch.indicator_id}\t"
                f"{mismatch.period}\t{mismatch.option}\t{mismatch.stored}\t{mismatch.recounted}"
            )
        if len(found) > MAX_LISTED:
            self.stdout.write(_("… và %(n)s dòng khác.") % {"n": len(found) - MAX_LISTED})
        if not found:
            self.stderr.write(
                _("Mọi số tổng hợp khớp với số liệu (%(s).1f giây).") % {"s": seconds}
            )
        elif repair:
            self.stderr.write(
                _("Đã sửa %(n)s số tổng hợp sai lệch (%(s).1f giây).")
                % {"n": len(found), "s": seconds}
            )
        else:
            raise CommandError(
                _("%(n)s số tổng hợp không khớp với số liệu; chạy lại với --repair để sửa.")
                % {"n": len(found)},
                returncode=1,
            )

    def _import(self, *, file: Path, user: str | None) -> None:
        account = command_user(user)
        try:
            # The path, not its bytes: the size is checked before the file is read.
            found = read_rows(file.name, file)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(_("Đã đọc %(n)s dòng; đang kiểm tra…") % {"n": len(found.rows)})
        with set_actor(account):
            report = datavalues_write(
                found.rows,
                user=account,
                source=Source(SourceKind.IMPORT, note=file.name),
                progress=self._progress,
            )
        if report.errors:
            for row_error in report.errors[:MAX_LISTED]:
                line = found.lines[row_error.row - 1]
                self.stderr.write(f"  dòng {line} [{row_error.field}]: {row_error.message}")
            if len(report.errors) > MAX_LISTED:
                self.stderr.write(_("  … và %(n)s lỗi khác.") % {
                    "n": len(report.errors) - MAX_LISTED})  # fmt: skip
            raise CommandError(
                _("%(n)s dòng có lỗi: chưa ghi số liệu nào.") % {"n": len(report.errors)}
            )
        self.stderr.write("")
        self.stdout.write(
            _("Xong: %(created)s số liệu mới, %(updated)s sửa, %(unchanged)s không đổi.")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        )

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done:,}/{total:,}", ending="")
        self.stderr.flush()
