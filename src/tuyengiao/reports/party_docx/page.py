"""Paper, margins and page numbers of Hướng dẫn 36-HD/VPTW (DOMAIN.md §6)."""

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.section import Section
from docx.shared import Mm

from . import styles
from .ooxml import has_page_field, page_field

A4 = (Mm(210), Mm(297))
# The front face; the lower ends of the ranges 20–25, 20–25, 30–35 and 15–20 mm, which leave
# the widest text.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
HEADER_DISTANCE = Mm(10)


def set_page(section: Section) -> None:
    """A4 upright with the prescribed margins (the template's; a report keeps the template's)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)


def ensure_page_numbers(document: Document) -> None:
    """Number the pages from page 2, at the top in the centre, unless the template does already.

    Page 1 gets a header of its own (Word's "different first page"), left empty by the
    template, so the number shows from page 2 on.
    """
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    if first.is_linked_to_previous:
        first.is_linked_to_previous = False  # an empty header of its own
    header = section.header
    if header.is_linked_to_previous:
        header.is_linked_to_previous = False
    if has_page_field(header._element):
        return
    paragraphs = header.paragraphs
    paragraph = paragraphs[0] if paragraphs and not paragraphs[0].text else header.add_paragraph()
    paragraph.style = document.styles[styles.PAGE_NUMBER.name]
    page_field(paragraph._p)


def usable_width(document: Document) -> int:
    """The width of the text between the margins, in EMU."""
    section = document.sections[0]
    width = section.page_width or A4[0]
    left = section.left_margin if section.left_margin is not None else MARGINS["left"]
    right = section.right_margin if section.right_margin is not None else MARGINS["right"]
    return int(width - left - right)
