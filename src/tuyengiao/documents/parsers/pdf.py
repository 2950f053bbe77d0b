"""PDF with a text layer. A scan without one is refused: OCR is not done here.

A PDF's streams are compressed (FlateDecode and others): a few MB of file can hold gigabytes
of page content. Every stream is held to TUYENGIAO_MAX_EXPANDED_MB, the limit of every zipped
format, and so is the text taken from all the pages together. A zlib stream past it is found
before pypdf reads the file, by inflating it piece by piece and throwing the pieces away;
pypdf's own limits (its Configuration, set from the same number) stop any other encoding,
though only once it holds the limit's worth twice over.
"""

import io
import re
import zlib
from typing import Any

from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.documents.parsers.legacy import repaired
from tuyengiao.tabular.archives import archive_limit

# pypdf's limits on what one stream may decode to (its defaults are 75 MB to 300 MB).
_OUTPUT_LIMITS = (
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
    # A stream's raw data is part of the file, which the upload limit bounds.
    raw_limit = max(len(data), 1)
    try:
        if _inflates_past(data, limit):
            raise LimitReachedError
        limits: dict[str, Any] = dict.fromkeys(_OUTPUT_LIMITS, limit)
        with apply_configuration(None, **limits, maximum_declared_stream_length=raw_limit):
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


# Where a stream's data starts ("stream" and an end of line, not "endstream").
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_INPUT_PIECE = 64 * 1024
_OUTPUT_PIECE = 1024 * 1024


def _inflates_past(data: bytes, limit: int) -> bool:
    """Whether some zlib stream of the file inflates to more than `limit` bytes.

    Every stream is tried, whatever its dictionary says (a filter hidden behind an indirect
    object or an array would otherwise slip by): data that is not zlib fails in its first
    bytes. The file is read in small pieces and what they inflate to is only counted, so a
    bomb costs a megabyte of memory and the time to inflate the limit's worth. The whole
    look inflates at most twice the limit: a file of many streams just under it is left to
    pypdf's limits rather than costing minutes here.
    """
    view = memoryview(data)  # pieces without copies, however many "stream" the file holds
    budget = 2 * limit
    for match in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        inflated = 0
        try:
            for offset in range(match.end(), len(data), _INPUT_PIECE):
                piece: bytes | memoryview = view[offset : offset + _INPUT_PIECE]
                while piece:
                    inflated += len(inflater.decompress(piece, _OUTPUT_PIECE))
                    if inflated > limit:
                        return True
                    piece = inflater.unconsumed_tail
                if inflater.eof:
                    break
        except zlib.error:
            pass
        budget -= inflated
        if budget <= 0:
            break
    return False
