"""Text out of an uploaded file, one module per format (as paperless-ngx does).

`parse_upload` picks the parser from the file's first bytes, then from its extension: a
.txt that is really a PDF is read as a PDF, and a .doc from Word 97 is refused with a
message the person can act on rather than read as mojibake.
"""

from typing import NamedTuple

from django.utils.translation import gettext as _

from tuyengiao.tabular.limits import file_empty, file_too_large, upload_limit


class ParsedText(NamedTuple):
    text: str  # NFC, normalised (textkit.normalize): what spans and search keys point into
    encoding: str  # how the characters were read: "utf-8", "tcvn3", "docx", "pdf+vni"…
    pages: int | None  # PDF pages; None when the format has no fixed pages


class ParseError(ValueError):
    """The file cannot be read as text; the message (Vietnamese) tells the person why."""


_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc, old .xls
_TEXT_EXTENSIONS = frozenset({"txt", "text", "csv", "md", ""})


def parse_upload(*, filename: str, data: bytes) -> ParsedText:
    """The text of an uploaded .txt, .docx or .pdf; ParseError when it has none.

    Every way in (the registration page, the API, /api/extract/, the bulk import) comes
    through here, so the size limits below and in each parser hold for all of them.
    """
    # Imported here: each parser pulls in its library only when a file of that kind comes.
    from tuyengiao.documents.parsers import docx, pdf, text

    if not data:
        raise ParseError(file_empty(name=filename))
    if len(data) > upload_limit():  # a request holds no more; a file of the bulk import may
        raise ParseError(file_too_large(name=filename, size=len(data), limit=upload_limit()))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(_PDF_MAGIC):
        return pdf.parse(data, filename=filename)
    if data.startswith(_ZIP_MAGIC):
        return docx.parse(data, filename=filename)
    if data.startswith(_OLE_MAGIC) or extension == "doc":
        raise ParseError(
            _(
                "Tệp “%(name)s” là định dạng Word cũ (.doc): hãy lưu lại thành .docx "
                "hoặc .pdf rồi tải lên."
            )
            % {"name": filename}
        )
    if extension in ("pdf", "docx"):
        raise ParseError(
            _("Tệp “%(name)s” không phải tệp .%(ext)s hợp lệ.")
            % {"name": filename, "ext": extension}
        )
    if extension not in _TEXT_EXTENSIONS:
        raise ParseError(
            _("Chưa đọc được tệp .%(ext)s: chỉ nhận .txt, .docx và .pdf.") % {"ext": extension}
        )
    return text.parse(data, filename=filename)


__all__ = ["ParseError", "ParsedText", "parse_upload"]
