"""Reports out as .docx in the Party's format (Hướng dẫn 36-HD/VPTW, DOMAIN.md §6), or in the
State's (Nghị định 30/2020/NĐ-CP) for a report whose `style` is "state".

A pure renderer: `render_docx(PartyReport(...))` gives the bytes of the .docx, made from the
default template shipped here (mau-bao-cao.docx, written by `make_template`) or an
administrator's copy of it. No database and no Django: the caller maps its models onto
`PartyReport`.
"""

from .model import Article, Block, Centred, Heading, Paragraph, PartyReport, Style, Table
from .render import DEFAULT_TEMPLATE, TemplateError, render_docx
from .text import place_and_date

__all__ = [
    "DEFAULT_TEMPLATE",
    "Article",
    "Block",
    "Centred",
    "Heading",
    "Paragraph",
    "PartyReport",
    "Style",
    "Table",
    "TemplateError",
    "place_and_date",
    "render_docx",
]
