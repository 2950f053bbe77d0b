"""`tuyengiao activities import FILE`: activities from an .xlsx or CSV file (the layout of
the template at /activities/import/template.xlsx).

    tuyengiao activities import hoat-dong-2026.xlsx --user xa.lungsuong.bientap

Every row is checked first; with any error nothing is saved and each problem is listed with
its line and column. The figures of each month the activities fall in follow, as on the page.
"""

from pathlib import Path

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.accounts.selectors import command_user
from tuyengiao.activities.bulk import activities_file_import, read_rows

MAX_LISTED = 50


class Command(BaseCommand):
    help = "Nhập hoạt động từ tệp .xlsx hoặc .csv (import activities)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập hoạt động từ một tệp .xlsx, .csv.")
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument(
            "--user",
            help="Người nhập (mặc định: quản trị hệ thống đầu tiên); quyền theo người này.",
        )

    def handle(self, *args, file: Path, user: str | None, **options) -> None:
        account = command_user(user)
        try:
            # The path, not its bytes: the size is checked before the file is read.
            rows, lines = read_rows(file.name, file)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not rows:
            raise CommandError(_("Tệp không có dòng hoạt động nào dưới dòng tiêu đề."))
        self.stderr.write(_("Đã đọc %(n)s dòng; đang kiểm tra và ghi…") % {"n": len(rows)})
        with set_actor(account):
            result = activities_file_import(account, rows, lines)
        if result.errors:
            for problem in result.errors[:MAX_LISTED]:
                self.stderr.write(f"  dòng {problem.row} [{problem.field}]: {problem.message}")
            if len(result.errors) > MAX_LISTED:
                self.stderr.write(_("  … và %(n)s lỗi khác.") % {
                    "n": len(result.errors) - MAX_LISTED})  # fmt: skip
            raise CommandError(_("%(n)s lỗi: chưa ghi hoạt động nào.") % {"n": len(result.errors)})
        self.stdout.write(
            _("Xong: đã ghi %(n)s hoạt động; số liệu các tháng đã được tính lại.")
            % {"n": len(result.saved)}
        )
