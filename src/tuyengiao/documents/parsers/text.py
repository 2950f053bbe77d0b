"""Plain text in UTF-8, UTF-16 or a legacy Vietnamese encoding (TCVN3, VNI, VISCII, 1258)."""

from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.textkit.encodings import DecodeError, decode_bytes
from tuyengiao.textkit.normalize import normalize


def parse(data: bytes, *, filename: str) -> ParsedText:
    try:
        # repair: a .VnTime document saved "as Unicode" holds TCVN3 read as Windows-1252.
        decoded = decode_bytes(data, "auto", repair=True)
    except DecodeError:
        raise ParseError(
            _(
                "Không đọc được “%(name)s” như văn bản tiếng Việt (UTF-8, TCVN3, VNI, "
                "VISCII, Windows-1258)."
            )
            % {"name": filename}
        ) from None
    return ParsedText(normalize(decoded.text), decoded.encoding, None)
