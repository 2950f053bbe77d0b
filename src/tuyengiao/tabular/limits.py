"""The limit on the size of what people send, and the one way a refusal says a size (an
empty file's too).

Read from the settings at each use, so that TUYENGIAO_MAX_UPLOAD_MB (or a test's override)
holds the same for every way in: a request's body (web.uploads), a spreadsheet
(tabular.reading), a document to register and the bulk import (documents).
"""

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024


def upload_limit() -> int:
    """Bytes a request, and so any file sent in it, may have: TUYENGIAO_MAX_UPLOAD_MB."""
    return settings.MAX_UPLOAD_BYTES


def megabytes(size: int) -> int:
    """`size` in whole MB, rounded up: a file just over a limit never reads as within it."""
    return -(-size // MB)


def file_empty(*, name: str) -> str:
    """The refusal of a file of 0 bytes, named: the person may have sent several."""
    return _("Tệp “%(name)s” rỗng (0 byte): hãy chọn tệp có nội dung.") % {"name": name}


def file_too_large(*, name: str, size: int, limit: int) -> str:
    """The refusal of a file past `limit` bytes, in Vietnamese."""
    return _("Tệp “%(name)s” quá lớn (%(size)s MB, tối đa %(max)s MB).") % {
        "name": name,
        "size": megabytes(size),
        "max": megabytes(limit),
    }
