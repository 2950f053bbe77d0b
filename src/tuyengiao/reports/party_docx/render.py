"""A PartyReport written into a .docx made from a template (DOMAIN.md §6).

The template gives the page, the headers and the styles; the renderer clears its body and
writes the document in the styles of `styles`, adding any style the template lacks. The
report's `style` picks the format, the Party's or the State's (`formats`).
"""

import datetime
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import _Cell

from . import page, styles, tables
from .archive import deterministic
from .formats import FORMATS, Format
from .model import Article, Block, Centred, Heading, Paragraph, PartyReport, Table
from .styles import StyleSpec
from .text import (
    CONFIDENTIAL,
    DRAFT,
    RECIPIENTS,
    clean,
    lines,
    number_line,
    place_and_date,
    recipient_line,
    upper,
)

DEFAULT_TEMPLATE = Path(__file__).with_name("mau-bao-cao.docx")
# The left column's share of the signature block (the header's is the format's), for the
# usual names on one line at the margins of §6 (measured in Liberation Serif, Times New
# Roman's metrics): "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN" (14 pt bold, 88 mm) right of the
# recipients; "BAN TUYÊN GIÁO VÀ DÂN VẬN" (14 pt bold, 77 mm) left of "ĐẢNG CỘNG SẢN VIỆT
# NAM" (15 pt bold, 81 mm) with the Party's 0.475 of the header.
_SIGNATURE_LEFT = 0.42
_SIGNATURE_LINES = 4  # room for the signature and the seal


class TemplateError(ValueError):
    """The template given is not a .docx that can be opened."""


def render_docx(report: PartyReport, *, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx in the format of Hướng dẫn 36-HD/VPTW (or, for a
    State body's report, of Nghị định 30/2020/NĐ-CP)."""
    document = open_template(template or DEFAULT_TEMPLATE)
    write(document, report)
    _set_properties(document, report)
    out = io.BytesIO()
    document.save(out)
    return deterministic(out.getvalue())


def write(document: Document, report: PartyReport) -> None:
    """Replace the body of `document` with the report (its styles added where missing)."""
    form = FORMATS[report.style]
    clear_body(document)
    styles.ensure_styles(document)
    page.ensure_page_numbers(document)
    if report.draft:
        _add(document, styles.DRAFT, DRAFT)
    _header(document, report, form)
    _add(document, form.kind, upper(report.kind))
    for line in lines(report.summary):
        _add(document, styles.SUMMARY, line)
    _add(document, *form.rule)
    for block in report.blocks:
        _block(document, block)
    _signature(document, report, form)
    if report.appendix:
        document.add_page_break()
        for block in report.appendix:
            _block(document, block)


def open_template(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise TemplateError(f"{path}: not a .docx template ({error})") from error


def clear_body(document: Document) -> None:
    """Remove everything of the template's body but its last section's settings."""
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def _set_properties(document: Document, report: PartyReport) -> None:
    properties_set(
        document,
        title=clean(f"{report.kind} {report.summary}").strip(),
        subject=clean(report.number),
        author=clean(report.body),
        category=clean(report.kind),
        day=report.date,
    )


def properties_set(
    document: Document, *, title: str, subject: str, author: str, category: str, day: datetime.date
) -> None:
    """The file's properties, dated by the document and free of the renderer's machine and
    user, so that the same document always gives the same bytes."""
    properties = document.core_properties
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.category = category
    properties.language = styles.LANGUAGE
    properties.last_modified_by = ""
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    properties.created = moment
    properties.modified = moment


def _add(document: Document, spec: StyleSpec, text: str) -> None:
    paragraph = document.add_paragraph()
    styles.apply(document, paragraph, spec)
    if text:
        paragraph.add_run(text)


def _header(document: Document, report: PartyReport, form: Format) -> None:
    """Issuer, star (State: a rule) and number on the left; the Party's name (State: the
    nation's name and motto), place and date on the right.

    Two rows, so that the number and the date stand on one line whatever the issuer's length.
    """
    table = tables.layout_table(document, split(document, form.header_left), 2, ruled=False)
    issuer, motto = table.rows[0].cells
    number, date = table.rows[1].cells
    write_issuer(issuer, document, form, parent_body=report.parent_body, body=report.body)
    write_mottos(motto, document, form)
    append(number, document, form.number, number_line(report.number, colon=form.colon), first=True)
    if report.confidential:
        append(number, document, styles.SECRET, CONFIDENTIAL, first=False)
    when = place_and_date(report.place, report.date, leading_zero=form.leading_zero)
    append(date, document, form.place_date, when, first=True)


def write_issuer(
    cell: _Cell, document: Document, form: Format, *, parent_body: str, body: str
) -> None:
    """The issuing body in upper case, its parent above it, the star or rule under it."""
    parent = upper(parent_body).strip()
    if parent:
        append(cell, document, form.issuer_parent, parent, first=True)
    append(cell, document, form.issuer, upper(body).strip(), first=not parent)
    append(cell, document, *form.issuer_mark, first=False)


def write_mottos(cell: _Cell, document: Document, form: Format) -> None:
    for index, (spec, text) in enumerate(form.mottos):
        append(cell, document, spec, text, first=index == 0)


def append(cell: _Cell, document: Document, spec: StyleSpec, text: str, *, first: bool) -> None:
    """A paragraph of `text` in the cell: its first (the one a new cell has) if `first`."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    styles.apply(document, paragraph, spec)
    if text:
        paragraph.add_run(text)


def _block(document: Document, block: Block) -> None:
    if isinstance(block, Heading):
        level = min(max(block.level, 0), len(styles.HEADINGS) - 1)
        text = clean(block.text).strip()
        _add(document, styles.HEADINGS[level], text.upper() if level == 0 else text)
    elif isinstance(block, Paragraph):
        for line in lines(block.text):
            _add(document, styles.BODY, line)
    elif isinstance(block, Table):
        _figures(document, block)
    elif isinstance(block, Centred):
        for line in lines(block.text):
            _add(document, styles.CENTRED_ITALIC if block.italic else styles.CENTRED, line)
    elif isinstance(block, Article):
        paragraph = document.add_paragraph()
        styles.apply(document, paragraph, styles.BODY)
        paragraph.add_run(clean(block.label).strip()).font.bold = True
        paragraph.add_run(" " + " ".join(lines(block.text)))
    else:
        raise TypeError(f"not a block of a Party document: {block!r}")


def _figures(document: Document, block: Table) -> None:
    if clean(block.caption).strip():
        _add(document, styles.CAPTION, clean(block.caption).strip())
    header = [clean(title).strip() for title in block.header]
    rows = [[clean(cell).strip() for cell in row] for row in block.rows]
    weights = block.widths or tables.column_weights(header, rows)
    if len(weights) != len(header):
        raise ValueError(f"{len(weights)} widths for {len(header)} columns")
    if any(len(row) > len(header) for row in rows):
        raise ValueError(
            f"a row of {block.caption!r} has more cells than its {len(header)} columns"
        )
    widths = tables.scale(list(weights), page.usable_width(document))
    tables.figures_table(document, header, rows, widths)
    # Two tables in a row would run into one: a thin paragraph keeps them apart.
    _add(document, styles.AFTER_TABLE, "")


def _signature(document: Document, report: PartyReport, form: Format) -> None:
    """ "Nơi nhận:" and its list on the left, level with the authority and signer on the right."""
    table = tables.layout_table(document, split(document, _SIGNATURE_LEFT), 1, ruled=False)
    tables.keep_whole(table.rows[0])  # the signature never stands apart from its title
    recipients, signature = table.rows[0].cells
    append(recipients, document, form.recipients_title, RECIPIENTS, first=True)
    for line in report.recipients:
        if clean(line).strip():
            append(recipients, document, form.recipients, recipient_line(line), first=False)
    write_signature(
        signature,
        document,
        authority=report.authority,
        signer_title=report.signer_title,
        signer=report.signer,
    )


def write_signature(
    cell: _Cell,
    document: Document,
    *,
    authority: str,
    signer_title: str,
    signer: str,
    first: bool = True,
) -> None:
    """The authority ("T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN"), the title's lines ("KT. CHỦ
    TỊCH", "PHÓ CHỦ TỊCH"), room for the signature and seal, the signer's name; in the cell's
    first paragraph if `first`, else after what the cell holds."""
    parts: list[tuple[StyleSpec, str]] = []
    if clean(authority).strip():
        parts.append((styles.AUTHORITY, upper(authority).strip()))
    parts += [(styles.SIGNER_TITLE, line.upper()) for line in lines(signer_title) or [""]]
    parts += [(styles.SIGNATURE_SPACE, "")] * _SIGNATURE_LINES
    parts.append((styles.SIGNER, clean(signer).strip()))
    for index, (spec, text) in enumerate(parts):
        append(cell, document, spec, text, first=first and index == 0)


def split(document: Document, share: float) -> list[int]:
    """The width of the text in two columns, the left one `share` of it (EMU)."""
    width = page.usable_width(document)
    left = int(width * share)
    return [left, width - left]
