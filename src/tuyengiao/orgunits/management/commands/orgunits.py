"""`tuyengiao orgunits import|export FILE`: the organisation tree to and from CSV or XLSX.

    tuyengiao orgunits import cay.xlsx --dry-run --user canbo
    tuyengiao orgunits export cay.csv

The format follows the file's extension. An import with errors writes nothing, lists every
error (line, column, message) and exits with status 1.
"""

import contextlib
import time
from pathlib import Path

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.orgunits.exporting import orgunits_export
from tuyengiao.orgunits.importing import orgunits_import
from tuyengiao.tabular.reading import UnreadableFile, sheet_format


class Command(BaseCommand):
    help = "Nhập, xuất cây tổ chức dạng CSV hoặc XLSX (import / export the organisation tree)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập từ tệp .csv hoặc .xlsx.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        importing.add_argument(
            "--user",
            help="Nhập với quyền của người dùng này (mặc định: quyền quản trị hệ thống).",
        )
        exporting = actions.add_parser("export", help="Xuất ra tệp .csv hoặc .xlsx.")
        exporting.add_argument("file", type=Path)
        exporting.add_argument(
            "--user", help="Chỉ xuất phạm vi của người dùng này (mặc định: toàn bộ cây)."
        )

    def handle(self, *args, action: str, file: Path, user: str | None, **options) -> None:
        account = self._user(user) if user else None
        try:
            fmt = sheet_format(file.name)
        except UnreadableFile as exc:
            raise CommandError(exc.message) from None
        if action == "export":
            self._export(file, fmt, account)
        else:
            self._import(file, account, dry_run=options["dry_run"])

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("Không có người dùng “%(username)s” đang hoạt động.") % {"username": username}
            ) from None

    def _export(self, file: Path, fmt: str, account) -> None:
        content = orgunits_export(user=account, file_format=fmt)
        file.write_bytes(content)
        self.stdout.write(
            _("Đã xuất cây tổ chức ra %(file)s (%(size)s byte).")
            % {"file": file, "size": len(content)}
        )

    def _import(self, file: Path, account, *, dry_run: bool) -> None:
        try:
            stream = file.open("rb")
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc}
            ) from None
        started = time.perf_counter()
        actor = set_actor(account) if account else contextlib.nullcontext()
        with actor, stream:
            result = orgunits_import(
                user=account,
                content=stream,
                filename=file.name,
                dry_run=dry_run,
                progress=self.stdout.write,
            )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(
                    _("Dòng %(line)s, cột %(column)s: %(message)s")
                    % {
                        "line": error.line or "—",
                        "column": error.column or "—",
                        "message": error.message,
                    }
                )
            raise CommandError(
                _("%(count)s lỗi; không có gì được ghi.") % {"count": len(result.errors)}
            )
        summary = _("Tạo mới: %(created)s, cập nhật: %(updated)s, không đổi: %(unchanged)s") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        seconds = time.perf_counter() - started
        if dry_run:
            summary = _("Kiểm tra xong, chưa ghi gì. %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(f"{summary} ({seconds:.1f} s)"))
