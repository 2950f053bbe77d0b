"""A PartyReport written into a .docx made from a template (DOMAIN.md §6).

The template gives the page, the headers and the styles; the renderer clears its body and
writes the document in the styles of `styles`, adding any style the template lacks.
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
from .model import Block, Heading, Paragraph, PartyReport, Table
from .styles import StyleSpec
from .text import (
    CONFIDENTIAL,
    DRAFT,
    MOTTO,
    RECIPIENTS,
    RULE,
    STAR,
    clean,
    lines,
    number_line,
    place_and_date,
    recipient_line,
    upper,
)

DEFAULT_TEMPLATE = Path(__file__).with_name("mau-bao-cao.docx")
# The left column's share of the header and of the signature block, for the usual names on
# one line at the margins of §6 (measured in Liberation Serif, Times New Roman's metrics):
# "BAN TUYÊN GIÁO VÀ DÂN VẬN" (14 pt bold, 77 mm) left of "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt
# bold, 81 mm); "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN" (14 pt bold, 88 mm) right of the recipients.
_HEADER_LEFT = 0.475
_SIGNATURE_LEFT = 0.42
_SIGNATURE_LINES = 4  # room for the signature and the seal


class TemplateError(ValueError):
    """The template given is not a .docx that can be opened."""


def render_docx(report: PartyReport, *, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx in the format of Hướng dẫn 36-HD/VPTW."""
    document = open_template(template or DEFAULT_TEMPLATE)
    write(document, report)
    _set_properties(document, report)
    out = io.BytesIO()
    document.save(out)
    return deterministic(out.getvalue())


def write(document: Document, report: PartyReport) -> None:
    """Replace the body of `document` with the report (its styles added where missing)."""
    _clear_body(document)
    styles.ensure_styles(document)
    page.ensure_page_numbers(document)
    if report.draft:
        _add(document, styles.DRAFT, DRAFT)
    _header(document, report)
    _add(document, styles.KIND, upper(report.kind))
    for line in lines(report.summary):
        _add(document, styles.SUMMARY, line)
    _add(document, styles.RULE, RULE)
    for block in report.blocks:
        _block(document, block)
    _signature(document, report)


def open_template(path: Path) -> Document:
    try:
        return docx.Document(str(path))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise TemplateError(f"{path}: not a .docx template ({error})") from error


def _clear_body(document: Document) -> None:
    """Remove everything of the template's body but its last section's settings."""
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def _set_properties(document: Document, report: PartyReport) -> None:
    properties = document.core_properties
    moment = datetime.datetime.combine(report.date, datetime.time(), tzinfo=datetime.UTC)
    properties.title = clean(f"{report.kind} {report.summary}").strip()
    properties.subject = clean(report.number)
    properties.author = clean(report.body)
    properties.category = clean(report.kind)
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


def _header(document: Document, report: PartyReport) -> None:
    """Issuer, star and number on the left; the Party's name, place and date on the right.

    Two rows, so that the number and the date stand on one line whatever the issuer's length.
    """
    table = tables.layout_table(document, _split(document, _HEADER_LEFT), 2, ruled=False)
    issuer, motto = table.rows[0].cells
    number, date = table.rows[1].cells
    parent = upper(report.parent_body).strip()
    if parent:
        _append(issuer, document, styles.ISSUER_PARENT, parent, first=True)
    _append(issuer, document, styles.ISSUER, upper(report.body).strip(), first=not parent)
    _append(issuer, document, styles.STAR, STAR, first=False)
    _append(motto, document, styles.MOTTO, MOTTO, first=True)
    _append(number, document, styles.NUMBER, number_line(report.number), first=True)
    if report.confidential:
        _append(number, document, styles.SECRET, CONFIDENTIAL, first=False)
    _append(
        date, document, styles.PLACE_DATE, place_and_date(report.place, report.date), first=True
    )


def _append(cell: _Cell, document: Document, spec: StyleSpec, text: str, *, first: bool) -> None:
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


def _signature(document: Document, report: PartyReport) -> None:
    """ "Nơi nhận:" and its list on the left, level with the authority and signer on the right."""
    table = tables.layout_table(document, _split(document, _SIGNATURE_LEFT), 1, ruled=False)
    tables.keep_whole(table.rows[0])  # the signature never stands apart from its title
    recipients, signature = table.rows[0].cells
    _append(recipients, document, styles.RECIPIENTS_TITLE, RECIPIENTS, first=True)
    for line in report.recipients:
        if clean(line).strip():
            _append(recipients, document, styles.RECIPIENTS, recipient_line(line), first=False)
    parts: list[tuple[StyleSpec, str]] = []
    if clean(report.authority).strip():
        parts.append((styles.AUTHORITY, upper(report.authority).strip()))
    parts.append((styles.SIGNER_TITLE, upper(report.signer_title).strip()))
    parts += [(styles.SIGNATURE_SPACE, "")] * _SIGNATURE_LINES
    parts.append((styles.SIGNER, clean(report.signer).strip()))
    for index, (spec, text) in enumerate(parts):
        _append(signature, document, spec, text, first=index == 0)


def _split(document: Document, share: float) -> list[int]:
    width = page.usable_width(document)
    left = int(width * share)
    return [left, width - left]
