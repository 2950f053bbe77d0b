"""The named styles of a Party document, which an administrator can change in Word.

Every part of the document takes its font, size and alignment from one of these paragraph
styles, never from formatting typed onto its text, so that a template changed in Word changes
every report made from it. A template that lacks a style gets it with the defaults below; a
style the template has is never overwritten.
"""

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import _Element as Element

from .ooxml import child

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
INDENT = Cm(1.27)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    size: float
    align: WD_ALIGN_PARAGRAPH
    bold: bool = False
    italic: bool = False
    underline: bool = False
    boxed: bool = False  # a border round the words ("DỰ THẢO")
    indent: bool = False  # first-line indent of the body
    before: float = 0
    after: float = 0
    keep_with_next: bool = False
    outline: int | None = None  # level in Word's navigation pane
    # A solid line under the paragraph this far (mm) from either side (Nghị định 30/2020's
    # short rules under the issuing body and the summary); 0 for none.
    rule: float = 0


# Sizes and faces of Hướng dẫn 36-HD/VPTW (DOMAIN.md §6).
ISSUER_PARENT = StyleSpec("Party Issuer Parent", 14, CENTER)
ISSUER = StyleSpec("Party Issuer", 14, CENTER, bold=True)
STAR = StyleSpec("Party Star", 14, CENTER)
NUMBER = StyleSpec("Party Number", 14, CENTER)
SECRET = StyleSpec("Party Secret Mark", 14, CENTER, bold=True, boxed=True, before=3)
MOTTO = StyleSpec("Party Motto", 15, CENTER, bold=True, underline=True)
PLACE_DATE = StyleSpec("Party Place Date", 14, CENTER, italic=True)
DRAFT = StyleSpec("Party Draft Mark", 14, RIGHT, bold=True, boxed=True, after=6)
KIND = StyleSpec("Party Type", 16, CENTER, bold=True, before=18)
SUMMARY = StyleSpec("Party Summary", 14, CENTER, bold=True)
RULE = StyleSpec("Party Rule", 14, CENTER, after=12)
BODY = StyleSpec("Party Body", 14, JUSTIFY, indent=True, after=6)
HEADINGS = (
    StyleSpec("Party Heading 1", 14, JUSTIFY, bold=True, indent=True, before=6, after=6,
              keep_with_next=True, outline=0),
    StyleSpec("Party Heading 2", 14, JUSTIFY, bold=True, indent=True, after=6,
              keep_with_next=True, outline=1),
    StyleSpec("Party Heading 3", 14, JUSTIFY, italic=True, indent=True, after=6,
              keep_with_next=True, outline=2),
)  # fmt: skip
CAPTION = StyleSpec("Party Table Caption", 13, CENTER, bold=True, before=6, after=6,
                    keep_with_next=True)  # fmt: skip
TABLE_HEADING = StyleSpec("Party Table Heading", 13, CENTER, bold=True)
TABLE_TEXT = StyleSpec("Party Table Text", 13, LEFT)
TABLE_FIGURE = StyleSpec("Party Table Figure", 13, RIGHT)
TABLE_ORDINAL = StyleSpec("Party Table Ordinal", 13, CENTER)  # "1", "2"… under "TT"
AFTER_TABLE = StyleSpec("Party After Table", 6, LEFT)  # a thin gap before the next block
RECIPIENTS_TITLE = StyleSpec("Party Recipients Title", 14, LEFT, underline=True)
RECIPIENTS = StyleSpec("Party Recipients", 12, LEFT)
AUTHORITY = StyleSpec("Party Authority", 14, CENTER, bold=True)
SIGNER_TITLE = StyleSpec("Party Signer Title", 14, CENTER, bold=True)
SIGNATURE_SPACE = StyleSpec("Party Signature Space", 14, CENTER)
SIGNER = StyleSpec("Party Signer", 14, CENTER, bold=True)
PAGE_NUMBER = StyleSpec("Party Page Number", 13, CENTER)

# Nghị định 30/2020/NĐ-CP (Phụ lục I) for State documents; the body, tables and signature are
# set as in Party ones. Rules are a third of their column: 66 mm for the issuer, 165 mm for the
# summary at the margins of §6.
STATE_ISSUER_PARENT = StyleSpec("State Issuer Parent", 13, CENTER)
STATE_ISSUER = StyleSpec("State Issuer", 13, CENTER, bold=True)
STATE_ISSUER_RULE = StyleSpec("State Issuer Rule", 4, CENTER, rule=22)
STATE_NUMBER = StyleSpec("State Number", 13, CENTER, before=6)
STATE_NATION = StyleSpec("State Nation", 12, CENTER, bold=True)
STATE_MOTTO = StyleSpec("State Motto", 13, CENTER, bold=True, underline=True)
STATE_PLACE_DATE = StyleSpec("State Place Date", 14, CENTER, italic=True, before=6)
STATE_KIND = StyleSpec("State Type", 14, CENTER, bold=True, before=18)
STATE_RULE = StyleSpec("State Rule", 4, CENTER, after=12, rule=62)
STATE_RECIPIENTS_TITLE = StyleSpec("State Recipients Title", 12, LEFT, bold=True, italic=True)
STATE_RECIPIENTS = StyleSpec("State Recipients", 11, LEFT)

# Lines of a decision (quyết định): the deciding authority and "QUYẾT ĐỊNH:" centred in bold,
# an appendix's "(Kèm theo …)" centred in italics.
CENTRED = StyleSpec("Party Centred", 14, CENTER, bold=True, before=6, after=6,
                    keep_with_next=True)  # fmt: skip
CENTRED_ITALIC = StyleSpec("Party Centred Italic", 14, CENTER, italic=True, after=6,
                           keep_with_next=True)  # fmt: skip

ALL = (
    ISSUER_PARENT, ISSUER, STAR, NUMBER, SECRET, MOTTO, PLACE_DATE, DRAFT, KIND, SUMMARY, RULE,
    BODY, *HEADINGS, CAPTION, TABLE_HEADING, TABLE_TEXT, TABLE_FIGURE, TABLE_ORDINAL,
    AFTER_TABLE, RECIPIENTS_TITLE, RECIPIENTS, AUTHORITY, SIGNER_TITLE, SIGNATURE_SPACE, SIGNER,
    PAGE_NUMBER,
)  # fmt: skip


def set_fonts(rpr: Element, name: str = FONT) -> None:
    """Name the font for every script (Latin, East Asian, complex) and drop theme fonts.

    Word picks the font of a character by its script, and a theme font outranks a named one:
    naming only the Latin font lets Word set Vietnamese letters it counts as East Asian in
    another face.
    """
    fonts = child(rpr, "w:rFonts")
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in _FONT_SLOTS:
        fonts.set(qn(f"w:{slot}"), name)


def set_defaults(document: Document) -> None:
    """The document's defaults: Times New Roman 14, Vietnamese, no spacing (the template's)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        document.styles.element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_fonts(rpr)
    child(rpr, "w:sz", val="28")
    child(rpr, "w:szCs", val="28")
    child(rpr, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def apply(document: Document, paragraph: Paragraph, spec: StyleSpec) -> None:
    """Give the paragraph the style of `spec` by its id, adding the style if the document lacks it.

    python-docx's own setter looks for the default style among all of them on every call,
    and its lookup by name searches the styles part again each time: together most of the
    time of a report. The ids are read once per document, after `ensure_styles`. A style
    outside `ALL` (a State document's, a certificate's) is added when first used, so that a
    Party report's styles stay those of `ALL`.
    """
    ids = _STYLE_IDS.get(document.part)
    if ids is None or spec.name not in ids:
        if spec.name not in {style.name for style in document.styles}:
            _add_style(document, spec)
        ids = _STYLE_IDS[document.part] = {style.name: style.style_id for style in document.styles}
    paragraph._p.style = ids[spec.name]


# A document's style ids by name, for as long as the document lives.
_STYLE_IDS: "WeakKeyDictionary[object, dict[str, str]]" = WeakKeyDictionary()


def ensure_styles(document: Document) -> None:
    """Add the Party styles the document lacks, leaving those it has as they are."""
    existing = {style.name for style in document.styles}
    for spec in ALL:
        if spec.name not in existing:
            _add_style(document, spec)


def _add_style(document: Document, spec: StyleSpec) -> None:
    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr)
    font = style.font
    font.size = Pt(spec.size)
    child(rpr, "w:szCs", val=str(round(spec.size * 2)))
    font.bold = spec.bold
    font.italic = spec.italic
    font.underline = spec.underline
    if spec.boxed:
        child(rpr, "w:bdr", val="single", sz="8", space="1", color="auto")
    paragraph = style.paragraph_format
    paragraph.alignment = spec.align
    paragraph.first_line_indent = INDENT if spec.indent else Cm(0)
    paragraph.left_indent = Cm(0)
    paragraph.space_before = Pt(spec.before)
    paragraph.space_after = Pt(spec.after)
    paragraph.line_spacing = 1.0
    paragraph.keep_with_next = spec.keep_with_next
    if spec.outline is not None:
        child(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(spec.outline))
    if spec.rule:
        paragraph.left_indent = paragraph.right_indent = Mm(spec.rule)
        rule = child(style.element.get_or_add_pPr(), "w:pBdr")
        child(rule, "w:bottom", val="single", sz="6", space="1", color="auto")
