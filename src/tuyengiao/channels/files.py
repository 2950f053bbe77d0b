"""Channel output in files: a template of a unit's channels for a month (with what is already
recorded), and its import, checked row by row and written all or nothing."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.scope import scope_filter
from tuyengiao.channels.models import Channel, ChannelOutput
from tuyengiao.channels.services import output_save
from tuyengiao.tabular.reading import Source, UnreadableFile, sheet_rows
from tuyengiao.tabular.writing import csv_bytes, xlsx_bytes
from tuyengiao.values.periods import Period, PeriodKind

COUNTS = ("articles", "news_items", "programmes", "minutes")


def header() -> list[str]:
    return [_("Mã kênh"), _("Đơn vị"), _("Tên kênh"), _("Tháng (YYYYMM)"), _("Số bài"),
            _("Số tin"), _("Số chương trình"), _("Số phút phát sóng"), _("Ghi chú")]  # fmt: skip


def template_rows(channels: Iterable[Channel], period: Period) -> list[list[object]]:
    channels = list(channels)
    recorded = {
        output.channel_id: output
        for output in ChannelOutput.objects.filter(channel__in=channels, month=period.start)
    }
    rows = []
    for channel in channels:
        output = recorded.get(channel.pk)
        counts = [getattr(output, name) if output else None for name in COUNTS]
        rows.append([channel.pk, channel.orgunit.name, channel.name, period.code, *counts,
                     output.note if output else ""])  # fmt: skip
    return rows


def template_bytes(channels: Iterable[Channel], period: Period, fmt: str) -> bytes:
    rows = template_rows(channels, period)
    if fmt == "xlsx":
        return xlsx_bytes(rows, title=_("Kết quả đăng phát"), header=header())
    return csv_bytes(rows, header=header())


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    problem: str = ""


def outputs_import(*, user, source: Source, name: str) -> ImportResult:
    """Read every row, then record them in one transaction; with any error, none."""
    result = ImportResult()
    try:
        with sheet_rows(source, name=name) as rows:
            lines = [(line, list(cells)) for line, cells in rows]
    except UnreadableFile as error:
        result.problem = error.message
        return result
    lines = [(line, cells) for line, cells in lines[1:] if any(_text(c) for c in cells)]
    if not lines:
        result.problem = _("Tệp không có dòng số liệu nào dưới dòng tiêu đề.")
        return result
    channels = scope_filter(Channel.objects.select_related("orgunit"), user,
                            path_field="orgunit__path")  # fmt: skip
    with transaction.atomic():
        for line, cells in lines:
            try:
                _row_save(user, channels, cells)
                result.saved += 1
            except (ValidationError, PermissionDenied) as error:
                result.errors.append((line, _message(error)))
        if result.errors:
            transaction.set_rollback(True)
            result.saved = 0
            result.problem = _("Tệp có lỗi: chưa ghi số liệu nào.")
    return result


def _row_save(user, channels, cells: list) -> None:
    cells = [*cells, *[None] * (9 - len(cells))]
    try:
        channel = channels.get(pk=int(_text(cells[0])))
    except (ValueError, Channel.DoesNotExist):
        raise ValidationError(
            _("Không có kênh mã “%(code)s” trong phạm vi của bạn.") % {"code": _text(cells[0])}
        ) from None
    try:
        period = Period.parse(_text(cells[3]))
    except ValueError:
        period = None
    if period is None or period.kind != PeriodKind.MONTH:
        raise ValidationError(
            _("Tháng “%(text)s”: hãy ghi dạng 202603.") % {"text": _text(cells[3])}
        )
    counts = {name: _count(cells[4 + i]) for i, name in enumerate(COUNTS)}
    # Savepoint per row: a refused row must not break the transaction the others share.
    with transaction.atomic():
        output_save(user=user, channel=channel, month=period.start, counts=counts,
                    note=_text(cells[8])[:500])  # fmt: skip


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _count(cell: object) -> int:
    text = _text(cell).replace(".", "").replace(" ", "")
    if not text:
        return 0
    if not text.isdigit():
        raise ValidationError(_("“%(text)s” không phải một số đếm.") % {"text": _text(cell)})
    return int(text)


def _message(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or _("Bạn không có quyền ghi số liệu của đơn vị này.")
    return " ".join(error.messages)  # type: ignore[attr-defined]


def default_period() -> Period:
    """Last month: what a commune reports at the start of this one."""
    today = timezone.localdate()
    return Period.month(today.year, today.month).previous()
