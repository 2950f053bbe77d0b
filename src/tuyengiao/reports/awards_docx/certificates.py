"""Prize certificates (giấy chứng nhận): one per prize, each a landscape A4 page of its own.

Each certificate is a section of one .docx, so that a page never runs into the next and the
office prints them all at once. The header (issuing body, the Party's or the nation's name) is
the organiser's format's; the text is set in styles of its own, added to the template's.
"""

import io
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm

from tuyengiao.reports.party_docx import DEFAULT_TEMPLATE, styles, tables
from tuyengiao.reports.party_docx.archive import deterministic
from tuyengiao.reports.party_docx.formats import FORMATS, Format
from tuyengiao.reports.party_docx.render import (
    append,
    clear_body,
    open_template,
    properties_set,
    write_issuer,
    write_mottos,
    write_signature,
)
from tuyengiao.reports.party_docx.styles import CENTER, StyleSpec
from tuyengiao.reports.party_docx.text import clean, place_and_date

from .model import Awards, Prize, level_name, ranked

TITLE = "GIẤY CHỨNG NHẬN"
_TITLE = StyleSpec("Certificate Title", 30, CENTER, bold=True, before=24, after=18)
_LINE = StyleSpec("Certificate Line", 16, CENTER, after=6)
_LEVEL = StyleSpec("Certificate Level", 22, CENTER, bold=True, before=6, after=6)
_CONTEST = StyleSpec("Certificate Contest", 16, CENTER, bold=True, after=12)
# A4 on its side; even margins, as a certificate is framed, not bound.
_PAGE = (Mm(297), Mm(210))
_MARGIN_SIDES = Mm(20)
_MARGIN_ENDS = Mm(15)
_HEADER_LEFT = 0.42
_SIGNATURE_LEFT = 0.5


def render_certificates(awards: Awards, *, template: Path | None = None) -> bytes:
    """One certificate per prize, from the highest level down (the order of the decision's list),
    as the bytes of a .docx."""
    document = open_template(template or DEFAULT_TEMPLATE)
    clear_body(document)
    styles.ensure_styles(document)
    _without_page_numbers(document)
    _landscape(document)
    form = FORMATS[awards.organiser.style]
    for index, prize in enumerate(ranked(awards.prizes)):
        if index:
            document.add_section(WD_SECTION.NEW_PAGE)  # a copy of the page set above
        _certificate(document, form, awards, prize)
    _set_properties(document, awards)
    out = io.BytesIO()
    document.save(out)
    return deterministic(out.getvalue())


def _without_page_numbers(document: Document) -> None:
    """The template numbers pages from page 2; a certificate is a single page and bears none."""
    section = document.sections[0]
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = True  # drops the header and its number
    section.first_page_header.is_linked_to_previous = True


def _landscape(document: Document) -> None:
    section = document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = _PAGE
    section.left_margin = section.right_margin = _MARGIN_SIDES
    section.top_margin = section.bottom_margin = _MARGIN_ENDS


def _certificate(document: Document, form: Format, awards: Awards, prize: Prize) -> None:
    organiser = awards.organiser
    header = tables.layout_table(document, _split(_HEADER_LEFT), 1, ruled=False)
    issuer, mottos = header.rows[0].cells
    write_issuer(issuer, document, form, parent_body=organiser.parent_body, body=organiser.body)
    write_mottos(mottos, document, form)
    _add(document, _TITLE, [(TITLE, False)])
    authors = [clean(author).strip() for author in prize.authors if clean(author).strip()]
    label = "Nhóm tác giả: " if len(authors) > 1 else "Tác giả: "
    _add(document, _LINE, [(label, False), (", ".join(authors), True)])
    if clean(prize.unit).strip():
        _add(document, _LINE, [("Đơn vị: ", False), (clean(prize.unit).strip(), True)])
    _add(document, _LINE, [("Tác phẩm: ", False), (f"“{clean(prize.work).strip()}”", True)])
    _add(document, _LEVEL, [(f"Đạt giải {level_name(prize.level)}", False)])
    _add(document, _CONTEST, [(clean(awards.contest).strip(), False)])
    signing = tables.layout_table(document, _split(_SIGNATURE_LEFT), 1, ruled=False)
    tables.keep_whole(signing.rows[0])
    cell = signing.rows[0].cells[1]
    when = place_and_date(organiser.place, awards.date, leading_zero=form.leading_zero)
    append(cell, document, form.place_date, when, first=True)
    write_signature(
        cell,
        document,
        authority=organiser.authority,
        signer_title=organiser.signer_title,
        signer=organiser.signer,
        first=False,
    )


def _add(document: Document, spec: StyleSpec, runs: list[tuple[str, bool]]) -> None:
    """A paragraph of runs, each `(text, bold)`: a label plain, a name in bold."""
    paragraph = document.add_paragraph()
    styles.apply(document, paragraph, spec)
    for text, bold in runs:
        run = paragraph.add_run(text)
        if bold:
            run.font.bold = True


def _split(share: float) -> list[int]:
    width = int(_PAGE[0] - 2 * _MARGIN_SIDES)
    left = int(width * share)
    return [left, width - left]


def _set_properties(document: Document, awards: Awards) -> None:
    properties_set(
        document,
        title=f"{TITLE.capitalize()} {clean(awards.contest).strip()}",
        subject=clean(awards.number).strip(),
        author=clean(awards.organiser.body).strip(),
        category=TITLE.capitalize(),
        day=awards.date,
    )
