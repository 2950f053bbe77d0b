"""The Party-format .docx (DOMAIN.md §6), read back with python-docx as Word would show it.

Formatting lives in the template's styles, so each check resolves what a run shows: the run's
own properties, then its paragraph's style and the styles it is based on, then the document's
defaults.
"""

import datetime
import io
import re
import shutil
import subprocess
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath
from pypdf import PdfReader

from tuyengiao.reports.party_docx import (
    DEFAULT_TEMPLATE,
    Heading,
    Paragraph,
    PartyReport,
    Table,
    TemplateError,
    place_and_date,
    render_docx,
    styles,
)
from tuyengiao.reports.party_docx.make_template import build_template, main
from tuyengiao.reports.party_docx.ooxml import _ORDER

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT = "Times New Roman"

COMMUNES = [
    ["1", "Xã Hòa Bình", "4", "1.250", "89,8"],
    ["2", "Xã Hòa Phú", "3", "980", "91,2"],
    ["3", "Xã Tân Lập", "5", "1.430", "87,5"],
    ["4", "Xã Đồng Tâm", "2", "640", "93,0"],
    ["5", "Thị trấn Hòa Lâm", "6", "2.115", "90,4"],
    ["", "Tổng cộng", "20", "6.415", "90,4"],
]
FIGURES = Table(
    caption="Bảng 1. Kết quả tuyên truyền tháng 11 năm 2026",
    header=["TT", "Đơn vị", "Hội nghị", "Lượt người nghe", "Gia đình văn hóa (%)"],
    rows=COMMUNES,
)
BODY_TEXT = (
    "Tổ chức quán triệt Nghị quyết số 35-NQ/TW đến trên 2.800 đảng viên; tỷ lệ gia đình "
    "văn hóa đạt 89,8 %."
)


def make_report(**changes: object) -> PartyReport:
    report = PartyReport(
        parent_body="Tỉnh ủy Hòa Lâm",
        body="Ban Tuyên giáo và Dân vận",
        number="27-BC/BTGDVTU",
        place="Hòa Lâm",
        date=datetime.date(2026, 3, 12),
        kind="Báo cáo",
        summary="kết quả công tác tuyên giáo tháng 11 năm 2026",
        blocks=[
            Heading("I. Kết quả đạt được", 0),
            Heading("1. Công tác tuyên truyền", 1),
            Heading("a) Hội nghị báo cáo viên", 2),
            Paragraph(BODY_TEXT),
            FIGURES,
            Heading("II. Phương hướng, nhiệm vụ", 0),
            Paragraph("Tiếp tục tuyên truyền.\nChuẩn bị sơ kết Chỉ thị số 05-CT/TW."),
        ],
        authority="T/M Ban Thường vụ",
        signer_title="Phó Bí thư",
        signer="Nguyễn Văn An",
        recipients=[
            "Ban Tuyên giáo và Dân vận Trung ương,",
            "Thường trực Tỉnh ủy,",
            "Lưu Văn phòng.",
        ],
    )
    return replace(report, **changes)  # type: ignore[arg-type]


def read(report: PartyReport | None = None, **kwargs: object) -> Document:
    blob = render_docx(report or make_report(), **kwargs)  # type: ignore[arg-type]
    return docx.Document(io.BytesIO(blob))


@pytest.fixture(scope="module")
def document() -> Document:
    return read()


# What a run shows, resolved through the styles ---------------------------------------------


def styles_of(paragraph: DocxParagraph) -> Iterator:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def shown(paragraph: DocxParagraph, run: Run, get: Callable) -> object:
    for font in [run.font, *(style.font for style in styles_of(paragraph))]:
        value = get(font)
        if value is not None:
            return value
    return None


def size(document: Document, paragraph: DocxParagraph, run: Run) -> float:
    value = shown(paragraph, run, lambda font: font.size)
    if value is None:
        default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        return int(default.get(f"{W}val")) / 2
    return value.pt  # type: ignore[attr-defined]


def font(document: Document, paragraph: DocxParagraph, run: Run, slot: str) -> str | None:
    """The font of one script slot; a theme font outranks a named one at the same level."""
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    levels = [run._r.rPr, *(style.element.rPr for style in styles_of(paragraph)), defaults]
    theme = "cstheme" if slot == "cs" else f"{slot}Theme"
    for rpr in levels:
        fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
        if fonts is None:
            continue
        if fonts.get(qn(f"w:{theme}")):
            return "theme:" + fonts.get(qn(f"w:{theme}"))
        if fonts.get(qn(f"w:{slot}")):
            return fonts.get(qn(f"w:{slot}"))
    return None


def face(paragraph: DocxParagraph, run: Run | None = None) -> dict[str, object]:
    run = run or paragraph.runs[0]
    return {
        "bold": bool(shown(paragraph, run, lambda f: f.bold)),
        "italic": bool(shown(paragraph, run, lambda f: f.italic)),
        "underline": bool(shown(paragraph, run, lambda f: f.underline)),
    }


def alignment(paragraph: DocxParagraph) -> object:
    for fmt in [paragraph.paragraph_format, *(s.paragraph_format for s in styles_of(paragraph))]:
        if fmt.alignment is not None:
            return fmt.alignment
    return None


def first_line_indent(paragraph: DocxParagraph) -> int | None:
    for fmt in [paragraph.paragraph_format, *(s.paragraph_format for s in styles_of(paragraph))]:
        if fmt.first_line_indent is not None:
            return fmt.first_line_indent
    return None


def style_name(paragraph: DocxParagraph) -> str | None:
    return None if paragraph.style is None else paragraph.style.name


def paragraphs(document: Document) -> Iterator[DocxParagraph]:
    """Every paragraph: the body's, the tables' and the headers'."""

    def within(container) -> Iterator[DocxParagraph]:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from within(cell)

    yield from within(document)
    for section in document.sections:
        yield from within(section.header)
        yield from within(section.first_page_header)


def find(document: Document, text: str) -> DocxParagraph:
    matches = [p for p in paragraphs(document) if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def borders(table: DocxTable) -> set[str]:
    box = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {side.get(qn("w:val")) for side in box}


# The page --------------------------------------------------------------------------------


def test_a4_with_the_margins_of_the_front_face(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_every_character_is_times_new_roman_in_every_script(document):
    runs = [(p, r) for p in paragraphs(document) for r in p.runs]
    assert len(runs) > 50
    for paragraph, run in runs:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert font(document, paragraph, run, slot) == FONT, (run.text, slot)


def test_page_numbers_from_page_2_at_the_top_in_the_centre(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header._element
    instructions = [node.text.strip() for node in header.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert alignment(section.header.paragraphs[0]) == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText")))
    assert all(not p.text for p in first.paragraphs)


# The header ------------------------------------------------------------------------------


def test_header_is_a_borderless_table_of_issuer_and_party(document):
    header = document.tables[0]
    assert borders(header) == {"nil"}
    issuer, party = header.rows[0].cells
    number, date = header.rows[1].cells
    assert cell_texts(issuer) == ["TỈNH ỦY HÒA LÂM", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert cell_texts(party) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert cell_texts(number) == ["Số 27-BC/BTGDVTU"]  # no colon after "Số"
    assert cell_texts(date) == ["Hòa Lâm, ngày 12 tháng 3 năm 2026"]
    widths = [cell.width for cell in header.rows[0].cells]
    assert sum(widths) == pytest.approx(Mm(165), rel=0.001)


def test_header_faces_and_sizes(document):
    header = document.tables[0]
    expected = {
        "TỈNH ỦY HÒA LÂM": (14, False, False, False),
        "BAN TUYÊN GIÁO VÀ DÂN VẬN": (14, True, False, False),
        "*": (14, False, False, False),
        "ĐẢNG CỘNG SẢN VIỆT NAM": (15, True, False, True),
        "Số 27-BC/BTGDVTU": (14, False, False, False),
        "Hòa Lâm, ngày 12 tháng 3 năm 2026": (14, False, True, False),
    }
    cells = [cell for row in header.rows for cell in row.cells]
    for paragraph in (p for cell in cells for p in cell.paragraphs):
        run = paragraph.runs[0]
        shape = face(paragraph)
        assert (
            size(document, paragraph, run),
            shape["bold"],
            shape["italic"],
            shape["underline"],
        ) == expected[paragraph.text], paragraph.text
        assert alignment(paragraph) == WD_ALIGN_PARAGRAPH.CENTER


def test_the_party_line_is_underlined_solid_under_the_words_only(document):
    motto = find(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert len(motto.runs) == 1  # the line is as long as the words, not the cell
    assert shown(motto, motto.runs[0], lambda f: f.underline) is True  # single, solid


SERIF = Path("/usr/share/fonts/truetype/liberation")  # Times New Roman's metrics
FACES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}


def width_mm(text: str, points: float, bold: bool, italic: bool) -> float:
    path = SERIF / f"LiberationSerif-{FACES[bold, italic]}.ttf"
    outline = TextPath((0, 0), text, size=points, prop=FontProperties(fname=path))
    return outline.get_extents().width / 72 * 25.4


@pytest.mark.skipif(
    not (SERIF / "LiberationSerif-Bold.ttf").exists(),
    reason="Liberation Serif (fonts-liberation) is not installed: names are not measured",
)
def test_the_usual_names_stand_on_one_line():
    report = make_report(
        date=datetime.date(2026, 12, 28),
        authority="T/M Ban Tuyên giáo và Dân vận",
        signer_title="Trưởng ban",
    )
    document = read(report)
    cells = [*document.tables[0]._cells, document.tables[-1].rows[0].cells[1]]
    for cell in cells:
        room = cell.width.mm  # the layout tables have no padding
        for paragraph in (p for p in cell.paragraphs if p.text):
            shape = face(paragraph)
            points = size(document, paragraph, paragraph.runs[0])
            needed = width_mm(paragraph.text, points, shape["bold"], shape["italic"])
            assert needed < room, f"{paragraph.text!r} needs {needed:.1f} mm of {room:.1f}"


def test_a_committee_has_no_parent_line():
    header = read(make_report(parent_body="", body="Tỉnh ủy Hòa Lâm")).tables[0]
    issuer = header.rows[0].cells[0]
    assert cell_texts(issuer) == ["TỈNH ỦY HÒA LÂM", "*"]
    assert face(issuer.paragraphs[0])["bold"]


@pytest.mark.parametrize(
    ("number", "shown_as"),
    [("-BC/BTGDVTU", "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU"),
     ("", "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0")],
)  # fmt: skip
def test_a_draft_without_a_number_leaves_it_blank(number, shown_as):
    header = read(make_report(number=number, draft=True)).tables[0]
    assert cell_texts(header.rows[1].cells[0]) == [shown_as]


def test_dates_carry_no_leading_zero():
    assert (
        place_and_date("Hòa Lâm", datetime.date(2026, 3, 5)) == "Hòa Lâm, ngày 5 tháng 3 năm 2026"
    )
    assert place_and_date("Hòa Lâm", datetime.date(2026, 11, 30)) == (
        "Hòa Lâm, ngày 30 tháng 11 năm 2026"
    )


def test_draft_mark_only_on_drafts(document):
    assert "DỰ THẢO" not in [p.text for p in paragraphs(document)]
    draft = read(make_report(draft=True))
    first = draft.paragraphs[0]
    assert first.text == "DỰ THẢO"
    assert draft.element.body[0] is first._p  # above the header, at the top of page 1
    assert face(first)["bold"]
    assert [p.text for p in paragraphs(draft)].count("DỰ THẢO") == 1


def test_secret_mark_under_the_number_when_confidential(document):
    assert "MẬT" not in [p.text for p in paragraphs(document)]
    secret = read(make_report(confidential=True))
    assert cell_texts(secret.tables[0].rows[1].cells[0]) == ["Số 27-BC/BTGDVTU", "MẬT"]
    assert face(find(secret, "MẬT"))["bold"]


# Title and body --------------------------------------------------------------------------


def test_type_summary_and_dashes(document):
    texts = [p.text for p in document.paragraphs]
    start = texts.index("BÁO CÁO")
    assert texts[start : start + 3] == [
        "BÁO CÁO",
        "kết quả công tác tuyên giáo tháng 11 năm 2026",
        "-----",
    ]
    kind, summary, dashes = document.paragraphs[start : start + 3]
    assert size(document, kind, kind.runs[0]) in (15, 16) and face(kind)["bold"]
    assert size(document, summary, summary.runs[0]) == 14 and face(summary)["bold"]
    for paragraph in (kind, summary, dashes):
        assert alignment(paragraph) == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_14_point_justified_with_a_first_line_indent(document):
    body = find(document, BODY_TEXT)
    assert size(document, body, body.runs[0]) == 14
    assert alignment(body) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert first_line_indent(body) == pytest.approx(Cm(1.27), abs=Mm(0.1))
    assert face(body) == {"bold": False, "italic": False, "underline": False}
    # Each line of a paragraph's text is a paragraph of its own.
    assert style_name(find(document, "Tiếp tục tuyên truyền.")) == style_name(body)


@pytest.mark.parametrize(
    ("text", "bold", "italic", "outline"),
    [
        ("I. KẾT QUẢ ĐẠT ĐƯỢC", True, False, "0"),  # level 0 in upper case
        ("1. Công tác tuyên truyền", True, False, "1"),
        ("a) Hội nghị báo cáo viên", False, True, "2"),
    ],
)
def test_headings_in_the_party_order(document, text, bold, italic, outline):
    heading = find(document, text)
    assert face(heading)["bold"] is bold and face(heading)["italic"] is italic
    assert size(document, heading, heading.runs[0]) == 14
    style = heading.style
    assert style is not None and style.paragraph_format.keep_with_next
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == outline


def test_table_of_figures(document):
    table = document.tables[1]
    assert borders(table) == {"single"}
    assert [c.text for c in table.rows[0].cells] == FIGURES.header
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    for cell in table.rows[0].cells:
        paragraph = cell.paragraphs[0]
        assert face(paragraph)["bold"] and alignment(paragraph) == WD_ALIGN_PARAGRAPH.CENTER
    for row, values in zip(table.rows[1:], COMMUNES, strict=True):
        assert [c.text for c in row.cells] == values
        ordinal, name, *figures = (cell.paragraphs[0] for cell in row.cells)
        assert alignment(name) == WD_ALIGN_PARAGRAPH.LEFT
        for figure in figures:
            assert alignment(figure) == WD_ALIGN_PARAGRAPH.RIGHT
            assert size(document, figure, figure.runs[0]) in (12, 13)
        if ordinal.text:
            assert alignment(ordinal) == WD_ALIGN_PARAGRAPH.CENTER
    bold = [all(face(c.paragraphs[0])["bold"] for c in row.cells if c.text) for row in table.rows]
    assert bold == [True, False, False, False, False, False, True]  # header and total
    caption = find(document, FIGURES.caption)
    assert caption._p.getnext() is table._tbl
    # Words get three shares of the width, figures one, the ordinal less.
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[1] == pytest.approx(3 * widths[2], rel=0.01) and widths[0] < widths[2]


def test_widths_given_are_shares_of_the_text_width():
    table = Table("", ["Đơn vị", "Số"], [["Xã A", "1"]], widths=[3.0, 1.0])
    widths = [c.width for c in read(make_report(blocks=[table])).tables[1].rows[0].cells]
    assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)
    assert sum(widths) == pytest.approx(Mm(165), rel=0.001)


def test_two_tables_in_a_row_stay_two_tables():
    report = make_report(blocks=[FIGURES, replace(FIGURES, caption="")])
    document = read(report)
    assert len(document.tables) == 4  # header, two tables, signature
    second = document.tables[1]._tbl.getnext()
    assert second.tag == qn("w:p")  # a paragraph between them, or Word joins them


def test_rows_short_of_cells_end_in_blanks_and_longer_ones_are_refused():
    table = Table("Bảng 2", ["Đơn vị", "Hội nghị", "Lượt"], [["Xã A", "1"]])
    cells = read(make_report(blocks=[table])).tables[1].rows[1].cells
    assert [c.text for c in cells] == ["Xã A", "1", ""]
    with pytest.raises(ValueError, match="Bảng 2"):
        render_docx(make_report(blocks=[replace(table, rows=[["Xã A", "1", "2", "3"]])]))


def test_a_total_is_bold_only_in_the_last_row():
    rows = [["Tổng số xã", "5"], ["Xã A", "1"]]
    table = read(make_report(blocks=[Table("", ["Đơn vị", "Số"], rows)])).tables[1]
    assert not any(face(c.paragraphs[0])["bold"] for c in table.rows[1].cells)


# Signature and recipients ----------------------------------------------------------------


def test_signature_block(document):
    table = document.tables[-1]
    assert borders(table) == {"nil"}
    recipients, signature = table.rows[0].cells
    assert cell_texts(recipients) == [
        "Nơi nhận:",
        "- Ban Tuyên giáo và Dân vận Trung ương,",
        "- Thường trực Tỉnh ủy,",
        "- Lưu Văn phòng.",
    ]
    title = recipients.paragraphs[0]
    assert face(title)["underline"]
    for line in recipients.paragraphs[1:]:
        assert size(document, line, line.runs[0]) == 12
        assert alignment(line) == WD_ALIGN_PARAGRAPH.LEFT
    texts = cell_texts(signature)
    assert texts[:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    assert texts[-1] == "Nguyễn Văn An"
    assert texts[2:-1] == [""] * len(texts[2:-1]) and len(texts[2:-1]) >= 3  # signature, seal
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # on one page
    for paragraph in (signature.paragraphs[0], signature.paragraphs[1], signature.paragraphs[-1]):
        assert face(paragraph)["bold"] and alignment(paragraph) == WD_ALIGN_PARAGRAPH.CENTER
        assert size(document, paragraph, paragraph.runs[0]) == 14


def test_recipients_already_dashed_are_not_dashed_twice():
    signature = read(make_report(recipients=["- Như trên,", "Lưu Văn phòng."])).tables[-1]
    assert cell_texts(signature.rows[0].cells[0])[1:] == ["- Như trên,", "- Lưu Văn phòng."]


def test_without_an_authority_or_a_name_the_title_signs():
    signature = read(make_report(authority="", signer="")).tables[-1].rows[0].cells[1]
    texts = cell_texts(signature)
    assert texts[0] == "PHÓ BÍ THƯ" and not any(texts[1:])


# Text ------------------------------------------------------------------------------------


def test_vietnamese_text_is_kept_exactly_in_nfc():
    decomposed = unicodedata.normalize("NFD", BODY_TEXT)
    assert decomposed != BODY_TEXT
    document = read(make_report(blocks=[Paragraph(decomposed)], summary="\x0bkết quả"))
    texts = [p.text for p in paragraphs(document)]
    assert BODY_TEXT in texts  # composed, every letter and tone mark as written
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    assert "kết quả" in texts  # Word's soft break is not a character of the .docx


def test_properties_name_the_document(document):
    properties = document.core_properties
    assert properties.title == "Báo cáo kết quả công tác tuyên giáo tháng 11 năm 2026"
    assert properties.language == "vi-VN"
    assert properties.author == "Ban Tuyên giáo và Dân vận"


def test_the_same_report_gives_the_same_bytes():
    assert render_docx(make_report()) == render_docx(make_report())


def test_properties_are_in_the_schema_order(document):
    """Word refuses a file whose properties are out of order; python-docx does not check."""
    parts = [document.element, document.styles.element, document.sections[0].header._element]
    for part in parts:
        for parent_tag, order in _ORDER.items():
            ranks = {qn(tag): rank for rank, tag in enumerate(order)}
            for parent in part.iter(qn(parent_tag)):
                seen = [ranks[node.tag] for node in parent if node.tag in ranks]
                assert seen == sorted(seen), (parent_tag, [node.tag for node in parent])


# Templates -------------------------------------------------------------------------------


def test_shipped_template_is_what_the_script_makes():
    assert DEFAULT_TEMPLATE.read_bytes() == build_template(), (
        "run: python -m tuyengiao.reports.party_docx.make_template"
    )


def test_the_template_shows_every_style_at_work():
    template = docx.Document(str(DEFAULT_TEMPLATE))
    names = {style.name for style in template.styles}
    assert {spec.name for spec in styles.ALL} <= names
    used = {style_name(p) for p in paragraphs(template)}
    unused = {spec.name for spec in styles.ALL} - used
    assert unused == {styles.SECRET.name, styles.DRAFT.name}  # marks of some documents only
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in [p.text for p in paragraphs(template)]


def test_the_script_writes_where_it_is_told(tmp_path, capsys):
    main([str(tmp_path / "mau.docx")])
    assert (tmp_path / "mau.docx").read_bytes() == build_template()
    assert capsys.readouterr().out.strip() == str(tmp_path / "mau.docx")


def test_a_changed_template_is_honoured(tmp_path):
    template = docx.Document(str(DEFAULT_TEMPLATE))
    section = template.sections[0]
    section.top_margin, section.left_margin, section.right_margin = Mm(25), Mm(35), Mm(20)
    template.styles["Party Body"].font.size = Pt(13)
    template.add_paragraph("Nội dung mẫu sẽ bị xóa")
    path = tmp_path / "mau-cua-tinh.docx"
    template.save(str(path))
    document = read(template=path)
    section = document.sections[0]
    margins = [section.top_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins if m is not None] == [25, 35, 20]
    body = find(document, BODY_TEXT)
    assert size(document, body, body.runs[0]) == 13
    assert "Nội dung mẫu sẽ bị xóa" not in [p.text for p in document.paragraphs]
    widths = [cell.width for cell in document.tables[0].rows[0].cells]
    assert sum(widths) == pytest.approx(Mm(155), rel=0.001)  # the narrower text


def test_a_plain_word_file_as_template_gets_the_styles_and_page_numbers(tmp_path):
    path = tmp_path / "trang.docx"
    docx.Document().save(str(path))
    document = read(template=path)
    motto = find(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert face(motto)["underline"] and font(document, motto, motto.runs[0], "eastAsia") == FONT
    assert [
        n.text.strip() for n in document.sections[0].header._element.iter(qn("w:instrText"))
    ] == ["PAGE"]


def test_a_template_that_is_not_a_docx_is_refused(tmp_path):
    path = tmp_path / "mau.docx"
    path.write_text("không phải .docx")
    with pytest.raises(TemplateError, match=r"mau\.docx"):
        render_docx(make_report(), template=path)
    with pytest.raises(TemplateError):
        render_docx(make_report(), template=tmp_path / "khong-co.docx")


def test_the_template_ships_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = config["tool"]["setuptools"]["package-data"]
    relative = DEFAULT_TEMPLATE.relative_to(ROOT / "src")
    package, name = ".".join(relative.parent.parts), relative.name
    patterns = package_data.get(package, []) + package_data.get("*", [])
    assert any(fnmatch(name, pattern) for pattern in patterns)


# Rendered by LibreOffice, for a person to look at -----------------------------------------


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: the .docx is not rendered to PDF and PNG",
)
def test_libreoffice_renders_it_to_pdf_and_png(tmp_path):
    source = tmp_path / "bao-cao.docx"
    long_body = [Paragraph(BODY_TEXT * 6)] * 8  # two pages at least, for the page number
    source.write_bytes(render_docx(make_report(draft=True, blocks=[*long_body, FIGURES])))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = PdfReader(tmp_path / "bao-cao.pdf")
    assert len(pdf.pages) >= 2
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    # Where the serif font lacks a Vietnamese letter, LibreOffice draws it from another font and
    # the extracted text puts it apart ("Đ NG C NG S N VI T NAMẢ Ộ Ả Ệ"): compare the letters
    # every font has, in order.
    first = _skeleton(pdf.pages[0].extract_text())
    assert _skeleton("ĐẢNG CỘNG SẢN VIỆT NAM") in first and _skeleton("DỰ THẢO") in first
    second = pdf.pages[1].extract_text().split()
    assert second[:1] == ["2"]  # the page number at the top of page 2
    # Writer alone has no PNG export: poppler draws the pages, for a person to look at.
    if shutil.which("pdftoppm"):
        pages = tmp_path / "bao-cao"
        subprocess.run(["pdftoppm", "-r", "60", "-png", f"{pages}.pdf", str(pages)], check=True)
        assert (tmp_path / "bao-cao-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _skeleton(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFC", text))
