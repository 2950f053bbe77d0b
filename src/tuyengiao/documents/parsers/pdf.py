"""PDF with a text layer. A scan without one is refused: OCR is not done here.

A PDF's streams are compressed (FlateDecode and others): a few MB of file can hold gigabytes
of page content. Every stream is held to TUYENGIAO_MAX_EXPANDED_MB, the limit of every zipped
format, and so is the content of all the pages together and the text taken from them. A zlib
stream past it is found before pypdf reads the file, by inflating it piece by piece and
throwing the pieces away; pypdf's own limits (its Configuration, set from the same number)
stop any other encoding, though only once it holds the limit's worth twice over.

What a PDF costs to read is its page content, which pypdf parses in Python: a page held to
MAX_PAGE_CONTENT before pypdf parses it, and a file to TUYENGIAO_MAX_PDF_SECONDS, so that no
upload keeps a worker busy until gunicorn kills it.
"""

import io
import re
import time
import zlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.documents.parsers.legacy import repaired
from tuyengiao.tabular.archives import archive_limit
from tuyengiao.tabular.limits import megabytes

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

# The content a page draws (its /Contents and the forms it shows), decoded. pypdf parses
# content in Python, and some operators cost more than linearly (bench/README.md, "PDF pages
# and the reading time limit"). Not a setting: no real page comes near it, and above it one
# page alone could hold a worker for the whole time limit.
MAX_PAGE_CONTENT = 512 * 1024


class _TooHeavy(Exception):
    """A page draws more than MAX_PAGE_CONTENT; its number (from 1) is the argument."""


class _TooSlow(Exception):
    """Reading the file went past TUYENGIAO_MAX_PDF_SECONDS."""


def parse(data: bytes, *, filename: str) -> ParsedText:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    limit = archive_limit()
    seconds = settings.MAX_PDF_SECONDS
    deadline = time.monotonic() + seconds
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
            length = content = 0
            seen: set[int] = set()
            for number, page in enumerate(reader.pages, start=1):
                drawn, forms = _page_content(page, number=number, seen=seen)
                content += drawn
                if content > limit:
                    raise LimitReachedError
                pages.append(page.extract_text(**_watch(deadline) if forms else {}) or "")
                length += len(pages[-1])
                if length > limit:
                    raise LimitReachedError
                if time.monotonic() > deadline:
                    raise _TooSlow
    except ParseError:
        raise
    except LimitReachedError:
        raise ParseError(
            _(
                "Tệp “%(name)s” khi giải nén vượt giới hạn %(max)s MB: hãy chia nhỏ tệp "
                "hoặc kiểm tra lại tệp."
            )
            % {"name": filename, "max": megabytes(limit)}
        ) from None
    except _TooHeavy as heavy:
        raise ParseError(
            _(
                "Trang %(page)s của tệp “%(name)s” có nội dung vượt giới hạn %(max)s kB "
                "một trang: hãy kiểm tra lại tệp, hoặc tải lên bản Word."
            )
            % {"page": heavy.args[0], "name": filename, "max": MAX_PAGE_CONTENT // 1024}
        ) from None
    except _TooSlow:
        raise ParseError(
            _(
                "Tệp “%(name)s” cần quá %(seconds)s giây để đọc: hãy chia nhỏ tệp, "
                "hoặc tải lên bản Word."
            )
            % {"name": filename, "seconds": seconds}
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


def _watch(deadline: float) -> dict[str, Any]:
    """extract_text's arguments that stop it at `deadline` on a page that shows forms.

    A form is parsed again each time the page shows it (pypdf allows 5,000 a page), so such
    a page costs up to that many times its content: the time is checked before each one.
    pypdf logs and skips a form whose reading fails, so the stop is remembered and raised
    again at the next form shown by the page itself, or after the page.
    """

    def before(operator: bytes, *_: Any) -> None:
        if operator == b"Do" and time.monotonic() > deadline:
            raise _TooSlow

    return {"visitor_operand_before": before}


def _page_content(page: Any, *, number: int, seen: set[int]) -> tuple[int, bool]:
    """What the page draws, decoded, and whether it can show forms.

    Its content streams together are held to MAX_PAGE_CONTENT, and so is each form XObject
    it can show, alone: writers often give every page one dictionary of all the file's
    resources. A form is counted once in the file (`seen`). _TooHeavy past the limit.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    contents = _resolved(page.get("/Contents"))
    drawn = 0
    for stream in contents if isinstance(contents, ArrayObject) else [contents]:
        stream = _resolved(stream)
        if isinstance(stream, StreamObject):
            drawn += _decoded_size(stream, MAX_PAGE_CONTENT - drawn)
            if drawn > MAX_PAGE_CONTENT:
                raise _TooHeavy(number)
    forms = False
    resources = [page.get("/Resources")]
    while resources:
        found = _resolved(resources.pop())
        xobjects = _resolved(found.get("/XObject")) if isinstance(found, DictionaryObject) else 0
        if not isinstance(xobjects, DictionaryObject):
            continue
        for reference in xobjects.values():
            form = _resolved(reference)
            if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form":
                continue
            forms = True
            if id(form) in seen:
                continue
            seen.add(id(form))
            size = _decoded_size(form, MAX_PAGE_CONTENT)
            if size > MAX_PAGE_CONTENT:
                raise _TooHeavy(number)
            drawn += size
            resources.append(form.get("/Resources"))
    return drawn, forms


def _resolved(value: Any) -> Any:
    """An indirect object's target, an empty dictionary for what is missing."""
    from pypdf.generic import DictionaryObject

    return DictionaryObject() if value is None else value.get_object()


# Filters whose output is counted here piece by piece: pypdf would decode the whole stream
# first, holding up to twice the expanded-size limit for a hexadecimal-wrapped bomb.
_FLATE = frozenset({"/FlateDecode", "/Fl"})
_HEX = frozenset({"/ASCIIHexDecode", "/AHx"})


def _decoded_size(stream: Any, cap: int) -> int:
    """The stream's decoded size, counted past `cap` no further."""
    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else []
    names = [str(name) for name in (filters if isinstance(filters, list) else [filters])]
    raw = getattr(stream, "_data", None)  # the stream's bytes as in the file (decrypted)
    hexed = bool(names) and names[0] in _HEX
    rest = names[1:] if hexed else names
    if isinstance(raw, bytes) and len(rest) <= 1 and set(rest) <= _FLATE:
        try:
            pieces = _unhexed(raw) if hexed else _pieces(raw)
            if not rest:
                return sum(len(piece) for piece in pieces)
            inflated, whole = _inflated(pieces, cap)
            if whole:
                return inflated
        except ValueError:
            pass  # broken data: pypdf decides what to make of it
    return len(stream.get_data())  # another filter: held by pypdf's limits


# Where a stream's data starts ("stream" and an end of line, not "endstream").
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_INPUT_PIECE = 64 * 1024
_OUTPUT_PIECE = 1024 * 1024
_WHITESPACE = b" \t\r\n\f\x00"


def _pieces(data: bytes, start: int = 0) -> Iterator[memoryview]:
    view = memoryview(data)  # pieces without copies
    for offset in range(start, len(data), _INPUT_PIECE):
        yield view[offset : offset + _INPUT_PIECE]


def _unhexed(data: bytes) -> Iterator[bytes]:
    """ASCIIHexDecode piece by piece: whitespace skipped, '>' ends the data, an odd last
    digit is followed by a 0. ValueError on anything else."""
    carry = b""
    for piece in _pieces(data):
        end = bytes(piece).find(b">")
        digits = carry + bytes(piece[: end if end >= 0 else None]).translate(None, _WHITESPACE)
        even = len(digits) - len(digits) % 2
        yield bytes.fromhex(digits[:even].decode("ascii"))
        carry = digits[even:]
        if end >= 0:
            break
    if carry:
        yield bytes.fromhex((carry + b"0").decode("ascii"))


def _inflated(pieces: Iterator[bytes | memoryview], cap: int) -> tuple[int, bool]:
    """What zlib data inflates to, counted past `cap` no further, and whether it is zlib data
    to its end. The pieces inflated are thrown away, so a bomb costs a megabyte of memory."""
    inflater = zlib.decompressobj()
    inflated = 0
    try:
        for piece in pieces:
            # Past the end of the zlib data, what follows stays as the unconsumed tail.
            while piece and not inflater.eof:
                inflated += len(inflater.decompress(piece, _OUTPUT_PIECE))
                if inflated > cap:
                    return inflated, True
                piece = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return inflated, False
    return inflated, True


def _inflates_past(data: bytes, limit: int) -> bool:
    """Whether some zlib stream of the file inflates to more than `limit` bytes.

    Every stream is tried, whatever its dictionary says (a filter hidden behind an indirect
    object or an array would otherwise slip by): data that is not zlib fails in its first
    bytes. The file is read in small pieces and what they inflate to is only counted, so a
    bomb costs a megabyte of memory and the time to inflate the limit's worth. The whole
    look inflates at most twice the limit: a file of many streams just under it is left to
    pypdf's limits rather than costing minutes here.
    """
    budget = 2 * limit
    for match in _STREAM_START.finditer(data):
        inflated, _ = _inflated(_pieces(data, match.end()), limit)
        if inflated > limit:
            return True
        budget -= inflated
        if budget <= 0:
            break
    return False
