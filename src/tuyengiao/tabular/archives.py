"""Zipped formats (.docx, .xlsx, .zip of documents) refused before a reader expands them.

A 2.7 MB .docx can expand to 1.1 GB, and python-docx and openpyxl read a part whole. Python's
zipfile stops reading a member at the size the archive declares for it (past it the CRC check
fails), so the declared sizes bound what any reader can be made to hold: summing them before
a reader opens the archive is the one check every zipped format needs, and costs a read of
the central directory only.
"""

import io
import zipfile
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from tuyengiao.tabular.limits import megabytes

# More members than any real .docx, .xlsx or folder of documents; each one costs a
# ZipInfo in memory before a size is even read.
MAX_MEMBERS = 20_000


class ArchiveRefused(ValueError):
    """The archive is not read; the message (Vietnamese) says why."""


def archive_limit() -> int:
    """Bytes an archive may expand to: TUYENGIAO_MAX_EXPANDED_MB."""
    return settings.MAX_EXPANDED_BYTES


def archive_check(source: bytes | BinaryIO, *, name: str, limit: int | None = None) -> None:
    """Raise ArchiveRefused unless `source` is a zip whose members expand to at most `limit`
    bytes together (the setting by default). Leaves a file object's position where it was.

    A source that is not a zip at all passes: the format's own reader says what it is.
    """
    limit = archive_limit() if limit is None else limit
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = stream.tell()
    try:
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return
        with archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ArchiveRefused(
                    _("Tệp “%(name)s” chứa quá nhiều phần (%(count)s, tối đa %(max)s).")
                    % {"name": name, "count": len(members), "max": MAX_MEMBERS}
                )
            expanded = sum(member.file_size for member in members)
    finally:
        stream.seek(position)
    if expanded > limit:
        raise ArchiveRefused(
            _(
                "Tệp “%(name)s” khi giải nén lên tới %(size)s MB, vượt giới hạn %(max)s MB: "
                "hãy chia nhỏ tệp hoặc kiểm tra lại tệp."
            )
            % {"name": name, "size": megabytes(expanded), "max": megabytes(limit)}
        )
