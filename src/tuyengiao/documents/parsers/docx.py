"""Word .docx: paragraphs and table cells in document order (headers of official documents
are often laid out in a two-column table: issuer left, "Số 88-KL/TU" and date right)."""

import io
import zipfile

from django.utils.translation import gettext as _

from tuyengiao.documents.parsers import ParsedText, ParseError
from tuyengiao.documents.parsers.legacy import repaired
from tuyengiao.tabular.archives import ArchiveRefused, archive_check


def parse(data: bytes, *, filename: str) -> ParsedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        # python-docx reads every part whole: a 2.7 MB bomb would be 1.1 GB of XML.
        archive_check(data, name=filename)
    except ArchiveRefused as error:
        raise ParseError(str(error)) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ParseError(
            _("Tệp “%(name)s” không phải tệp Word .docx đọc được.") % {"name": filename}
        ) from None
    lines = list(_blocks(document))
    text, encoding = repaired("\n".join(lines), container="docx")
    if not text.strip():
        raise ParseError(_("Tệp “%(name)s” không có chữ.") % {"name": filename})
    return ParsedText(text, encoding, None)


def _blocks(document):
    """Text of the body's paragraphs and tables, in the order they appear."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table(block)


def _table(table):
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell comes back once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield cell.text
