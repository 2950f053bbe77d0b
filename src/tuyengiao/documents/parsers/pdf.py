"""PDF with a text layer. A scan without one is refused: OCR is not done here.

A PDF's streams are compressed (FlateDecode and others): a few MB of file can hold gigabytes
of page content. pypdf stops decoding a stream at the limits of its Configuration; these are
set from TUYENGIAO_MAX_EXPANDED_MB, the limit of every zipped format, and the text taken
from all the pages together is held to it too.
"""

import io

from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.documents.parsers.legacy import repaired
from tuyengiao.tabular.archives import archive_limit

# pypdf's limits on what one stream may decode to (its defaults are 75 MB to 300 MB).
_OUTPUT_LIMITS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "jbig2_maximum_output_length",
    "brotli_maximum_output_length",
    "image_maximum_buffer_size",
    "stream_decoding_work_maximum_length",
    "xfa_decoding_work_maximum_length",
)


def parse(data: bytes, *, filename: str) -> ParsedText:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    limit = archive_limit()
    try:
        with apply_configuration(**dict.fromkeys(_OUTPUT_LIMITS, limit)):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ParseError(
                    _("Tệp “%(name)s” được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lên.")
                    % {"name": filename}
                )
            pages: list[str] = []
            length = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                length += len(pages[-1])
                if length > limit:
                    raise LimitReachedError
    except ParseError:
        raise
    except LimitReachedError:
        raise ParseError(
            _(
                "Tệp “%(name)s” khi giải nén vượt giới hạn %(max)s MB: hãy chia nhỏ tệp "
                "hoặc kiểm tra lại tệp."
            )
            % {"name": filename, "max": limit // (1024 * 1024)}
        ) from None
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
