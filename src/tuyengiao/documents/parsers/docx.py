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

    text = _paragraph_reader()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield text(block._p)
        elif isinstance(block, Table):
            yield from _table(block, text)


def _table(table, text):
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell comes back once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield "\n".join(text(p) for p in cell._tc.p_lst)  # as `cell.text` reads it


def _paragraph_reader():
    """A paragraph's text as python-docx's `Paragraph.text` reads it (its runs and the runs of
    its hyperlinks; each run's text, tabs and breaks), through XPath compiled once: python-docx
    compiles its expressions again for every paragraph and run, 80 % of reading 50 pages."""
    from docx.oxml.ns import nsmap, qn
    from lxml import etree

    inner = etree.XPath("w:r | w:hyperlink", namespaces=nsmap)
    hyperlink_runs = etree.XPath("w:r", namespaces=nsmap)
    run_content = etree.XPath(
        "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab", namespaces=nsmap
    )
    hyperlink = qn("w:hyperlink")

    def text(paragraph) -> str:
        return "".join(
            str(piece)  # python-docx's own element classes: a tab is "\t", a break "\n"
            for element in inner(paragraph)
            for run in (hyperlink_runs(element) if element.tag == hyperlink else (element,))
            for piece in run_content(run)
        )

    return text
