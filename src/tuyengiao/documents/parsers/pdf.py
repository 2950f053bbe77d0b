"""PDF with a text layer. A scan without one is refused: OCR is not done here."""

import io

from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.documents.parsers.legacy import repaired


def parse(data: bytes, *, filename: str) -> ParsedText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(
                _("Tệp “%(name)s” được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lên.")
                % {"name": filename}
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except (PyPdfError, DependencyError, ValueError, KeyError, TypeError, OSError):
        raise ParseError(
            _("Tệp “%(name)s” không phải tệp PDF đọc được.") % {"name": filename}
        ) from None
    # A form feed between pages: normalize() turns it into a line break.
    text, encoding = repaired("\n".join(pages), container="pdf")
    if not text.strip():
        raise ParseError(
            _(
                "Tệp “%(name)s” không có lớp chữ (bản chụp, bản scan): hãy tải lên bản "
                "Word hoặc PDF có chữ."
            )
            % {"name": filename}
        )
    return ParsedText(text, encoding, len(pages))
