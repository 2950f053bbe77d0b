"""`tuyengiao documents import PATH…`: register many documents at once.

    tuyengiao documents import kho/ van-ban-2023.zip kl88.docx --user canbo --unit XA-AB
    tuyengiao documents import kho/ --dry-run

PATH is a file (.txt, .docx, .pdf), a folder (read recursively) or a .zip archive. Each file
is read, its header prefills the record and its references become relations (placeholders
link themselves as the documents they cite arrive, in any order). A progress bar runs on
stderr; the summary says what was created, linked and skipped, and why.
"""

import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, scope_paths
from tuyengiao.accounts.selectors import command_user
from tuyengiao.documents.importing import ImportOutcome, document_import
from tuyengiao.documents.models import DocumentRelation
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tabular.archives import MAX_MEMBERS, ArchiveRefused, archive_check
from tuyengiao.tabular.limits import upload_limit

BAR_WIDTH = 30
# A file in a folder or archive is one of ours only with these; the rest is listed as skipped.
READABLE = frozenset({".txt", ".docx", ".pdf"})

NOT_READABLE = "not readable"  # a marker; the summary counts these files on one line

type Item = tuple[str, Callable[[], bytes], int]  # (shown name, reader, size)


class Command(BaseCommand):
    help = "Nhập hàng loạt văn bản từ tệp, thư mục hoặc tệp .zip (bulk import of documents)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập tệp .txt, .docx, .pdf, thư mục, .zip.")
        importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        importing.add_argument(
            "--user", help="Người đăng ký (mặc định: quản trị hệ thống đầu tiên)."
        )
        importing.add_argument(
            "--unit", help="Mã đơn vị quản lý văn bản (mặc định: đơn vị duy nhất của người dùng)."
        )
        importing.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args, paths: list[Path], user: str | None, unit: str | None, **options):
        account = command_user(user)
        orgunit = self._unit(account, unit)
        items = list(self._items(paths))
        outcomes: list[ImportOutcome] = []
        seen: dict[tuple[str, object], str] = {}
        with set_actor(account):
            for index, (name, read, size) in enumerate(items, start=1):
                self._progress(index - 1, len(items), name)
                outcomes.append(
                    self._one(account, orgunit, name, read, size, options["dry_run"], seen)
                )
            self._progress(len(items), len(items), "")
        self.stderr.write("")
        self._summary(outcomes, dry_run=options["dry_run"])

    # ------------------------------------------------------------------ whom, where

    def _unit(self, account, code: str | None) -> OrgUnit:
        if code:
            unit = OrgUnit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": code})
        else:
            # The one subtree where the user may write: its root holds the documents.
            roots = scope_paths(account, role=Role.EDITOR)
            if roots is None or len(roots) != 1:
                raise CommandError(_("Hãy chỉ rõ đơn vị quản lý văn bản: --unit MÃ."))
            unit = OrgUnit.objects.get(path=roots[0])
        if not has_role_on(account, unit, role=Role.EDITOR):
            raise CommandError(
                _("%(user)s không có quyền nhập liệu cho %(unit)s.")
                % {"user": account.username, "unit": unit.name}
            )
        return unit

    # ------------------------------------------------------------------ files

    def _items(self, paths: list[Path]) -> Iterator[Item]:
        for path in paths:
            if path.is_dir():
                for file in sorted(p for p in path.rglob("*") if p.is_file()):
                    if not any(part.startswith(".") for part in file.relative_to(path).parts):
                        yield from self._file(file)
            elif path.is_file():
                yield from self._file(path)
            else:
                raise CommandError(_("Không tìm thấy %(path)s.") % {"path": path})

    def _file(self, path: Path) -> Iterator[Item]:
        if path.suffix.lower() == ".zip":
            yield from self._archive(path)
        else:
            yield str(path), path.read_bytes, path.stat().st_size

    def _archive(self, path: Path) -> Iterator[Item]:
        # A .zip of documents is a folder, not one document, so its total is not held to the
        # expanded limit: each member is read on its own, held to the upload limit by the
        # size it declares (zipfile reads no further), and a .docx in it is checked by the
        # parser. The archive itself is refused only for more members than any folder has.
        try:
            with path.open("rb") as stream:
                archive_check(stream, name=str(path), limit=MAX_MEMBERS * upload_limit())
        except ArchiveRefused as error:
            raise CommandError(str(error)) from None
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            yield str(path), lambda: b"", -1
            return
        for info in archive.infolist():
            parts = info.filename.split("/")
            if info.is_dir() or any(p.startswith((".", "__MACOSX")) for p in parts):
                continue
            # Names from old Windows archives are CP437 unless flagged UTF-8: as zipfile reads.
            yield f"{path}:{info.filename}", partial(archive.read, info), info.file_size

    def _one(self, account, orgunit, name, read, size, dry_run, seen) -> ImportOutcome:
        filename = name.rsplit(":", 1)[-1] if ".zip:" in name else name
        if size < 0:
            return ImportOutcome(name, skipped=_("tệp .zip hỏng"))
        if Path(filename).suffix.lower() not in READABLE:
            return ImportOutcome(name, skipped=NOT_READABLE)
        if size > upload_limit():
            return ImportOutcome(name, skipped=_("tệp quá lớn"))
        outcome = document_import(
            user=account,
            orgunit=orgunit,
            filename=Path(filename).name,
            data=read(),
            dry_run=dry_run,
        )
        outcome.filename = name
        if dry_run and not outcome.skipped:
            # Nothing is saved, so a second copy in the same run is caught here.
            key = (outcome.symbol, outcome.issued_on)
            if key in seen:
                outcome.skipped = _("trùng với %(name)s") % {"name": seen[key]}
            seen[key] = name
        return outcome

    # ------------------------------------------------------------------ output

    def _progress(self, done: int, total: int, name: str) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} {name[-40:]:<40}", ending="")
        self.stderr.flush()

    def _summary(self, outcomes: list[ImportOutcome], *, dry_run: bool) -> None:
        created = [o for o in outcomes if not o.skipped]
        skipped = [o for o in outcomes if o.skipped]
        not_ours = [o for o in skipped if o.skipped == NOT_READABLE]
        for outcome in skipped:
            if outcome.skipped != NOT_READABLE:
                self.stdout.write(
                    _("Bỏ qua %(name)s: %(reason)s")
                    % {"name": outcome.filename, "reason": outcome.skipped}
                )
        if not_ours:  # a folder's spreadsheets and pictures: one line, not one per file
            self.stdout.write(
                _("Bỏ qua %(count)s tệp không phải .txt, .docx, .pdf (%(first)s…)")
                % {"count": len(not_ours), "first": Path(not_ours[0].filename).name}
            )
        figures = {"created": len(created), "skipped": len(skipped)}
        if dry_run:
            figures["waiting"] = sum(o.placeholders for o in created)
        else:
            # Counted at the end: a placeholder of an early file may be filled by a later one.
            pks = [o.document.pk for o in created if o.document]
            relations = DocumentRelation.objects.filter(Q(source__in=pks) | Q(target__in=pks))
            figures["linked"] = relations.filter(target__isnull=False).count()
            figures["waiting"] = relations.filter(target__isnull=True).count()
        if dry_run:
            summary = _(
                "Kiểm tra xong, chưa ghi gì. Sẽ tạo mới: %(created)s, liên kết cần tạo: "
                "%(waiting)s, bỏ qua: %(skipped)s."
            )
        else:
            summary = _(
                "Tạo mới: %(created)s, đã liên kết: %(linked)s, chờ văn bản chưa có trong hệ "
                "thống: %(waiting)s, bỏ qua: %(skipped)s."
            )
        style = self.style.SUCCESS if created or not skipped else self.style.WARNING
        self.stdout.write(style(summary % figures))
