"""A contest's decision on prizes and its certificates, in the State's and the Party's format,
read back with python-docx; and the Party's reports as they were before the State's format."""

import datetime
import hashlib
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from tuyengiao.reports.awards_docx import (
    Awards,
    Organiser,
    Prize,
    level_name,
    render_certificates,
    render_decision,
)
from tuyengiao.reports.party_docx import PartyReport, place_and_date, render_docx
from tuyengiao.reports.party_docx.ooxml import _ORDER
from tuyengiao.reports.party_docx.sample import SAMPLE

CONTEST = "Cuộc thi viết chính luận về bảo vệ nền tảng tư tưởng của Đảng năm 2026"
STATE = Organiser(
    parent_body="UBND tỉnh Hòa Lâm",
    body="Sở Văn hóa, Thể thao và Du lịch",
    style="state",
    place="Hòa Lâm",
    authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer="Trần Văn Bình",
    deciding="Giám đốc Sở Văn hóa, Thể thao và Du lịch",
)
PROVINCE = replace(
    STATE,
    parent_body="",
    body="Ủy ban nhân dân tỉnh Hòa Lâm",
    authority="TM. Ủy ban nhân dân",
    signer_title="KT. Chủ tịch\nPhó Chủ tịch",
    signer="Lê Văn Cường",
    deciding="Chủ tịch Ủy ban nhân dân tỉnh Hòa Lâm",
)
PARTY = Organiser(
    parent_body="Tỉnh ủy Hòa Lâm",
    body="Ban Tuyên giáo và Dân vận",
    style="party",
    place="Hòa Lâm",
    authority="",
    signer_title="Trưởng ban",
    signer="Nguyễn Thị Mai",
)
PRIZES = [
    Prize("B", "Giữ vững trận địa tư tưởng ở cơ sở", ["Nguyễn Văn An"], "Đảng bộ xã Hòa Bình",
          5_000_000),
    Prize("A", "Niềm tin từ những mùa vàng", ["Lê Thị Hoa", "Phạm Văn Minh"], "Báo Hòa Lâm",
          10_000_000),
    Prize("khuyến khích", "Ánh sáng nơi bản xa", ["Đỗ Văn Tư"], "Xã Hòa Phú", 1_000_000),
    Prize("C", "Phản bác luận điệu sai trái trên mạng", ["Vũ Thị Lan"], "Phường Hòa Lâm",
          3_000_000),
]  # fmt: skip


def make_awards(organiser: Organiser = STATE, **changes: object) -> Awards:
    awards = Awards(
        contest=CONTEST,
        organiser=organiser,
        number="12/QĐ-SVHTTDL" if organiser.style == "state" else "45-QĐ/BTGDVTU",
        date=datetime.date(2026, 2, 5),
        plan_number="05/KH-SVHTTDL" if organiser.style == "state" else "05-KH/BTGDVTU",
        plan_date=datetime.date(2026, 3, 10),
        proposal="Hội đồng giám khảo Cuộc thi tại Tờ trình số 03/TTr-HĐGK",
        prizes=PRIZES,
    )
    return replace(awards, **changes)  # type: ignore[arg-type]


def read(blob: bytes) -> Document:
    return docx.Document(io.BytesIO(blob))


def cell_texts(table: DocxTable, row: int, column: int) -> list[str]:
    return [p.text for p in table.rows[row].cells[column].paragraphs]


def find(paragraphs: list[DocxParagraph], text: str) -> DocxParagraph:
    matches = [p for p in paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def resolved(paragraph: DocxParagraph, attribute: str) -> bool:
    """A face of the paragraph's first run, through its style and the styles it is based on."""
    value = getattr(paragraph.runs[0].font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.font, attribute), style.base_style
    return bool(value)


def has_rule(paragraph: DocxParagraph) -> bool:
    """A solid line under the paragraph (a bottom border), from the paragraph or its style."""
    style = paragraph.style
    elements = [paragraph._p, *([style.element] if style is not None else [])]
    return any(element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
               for element in elements)  # fmt: skip


# The header of each format ----------------------------------------------------------------


def test_state_header_per_decree_30():
    document = read(render_decision(make_awards()))
    header = document.tables[0]
    issuer = cell_texts(header, 0, 0)
    assert issuer[:2] == ["UBND TỈNH HÒA LÂM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert issuer[2:] == [""] and has_rule(header.rows[0].cells[0].paragraphs[2])  # no star
    assert "*" not in issuer
    assert cell_texts(header, 0, 1) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert cell_texts(header, 1, 0) == ["Số: 12/QĐ-SVHTTDL"]  # a colon after "Số"
    # Nghị định 30: a leading zero on days below 10 and on the months 1 and 2.
    assert cell_texts(header, 1, 1) == ["Hòa Lâm, ngày 05 tháng 02 năm 2026"]
    nation, motto = header.rows[0].cells[1].paragraphs
    assert resolved(nation, "bold") and not resolved(nation, "underline")
    assert resolved(motto, "bold") and resolved(motto, "underline")
    assert len(motto.runs) == 1  # the line as long as the words
    parent, body = header.rows[0].cells[0].paragraphs[:2]
    assert resolved(body, "bold") and not resolved(parent, "bold")
    assert resolved(header.rows[1].cells[1].paragraphs[0], "italic")


def test_party_header_keeps_the_party_format():
    document = read(render_decision(make_awards(PARTY)))
    header = document.tables[0]
    assert cell_texts(header, 0, 0) == ["TỈNH ỦY HÒA LÂM", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert cell_texts(header, 0, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert cell_texts(header, 1, 0) == ["Số 45-QĐ/BTGDVTU"]  # no colon
    assert cell_texts(header, 1, 1) == ["Hòa Lâm, ngày 5 tháng 2 năm 2026"]
    texts = [p.text for p in document.paragraphs]
    assert "-----" in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts


def test_a_state_number_not_yet_given_is_left_blank():
    report = replace(SAMPLE, style="state", number="/QĐ-UBND")
    header = read(render_docx(report)).tables[0]
    assert cell_texts(header, 1, 0) == ["Số: " + "\u00a0" * 8 + "/QĐ-UBND"]


def test_state_dates_carry_leading_zeros_party_dates_none():
    day = datetime.date(2026, 3, 5)
    assert place_and_date("Hòa Lâm", day, leading_zero=True) == "Hòa Lâm, ngày 05 tháng 3 năm 2026"
    assert place_and_date("Hòa Lâm", datetime.date(2026, 1, 20), leading_zero=True) == (
        "Hòa Lâm, ngày 20 tháng 01 năm 2026"
    )
    assert place_and_date("Hòa Lâm", day) == "Hòa Lâm, ngày 5 tháng 3 năm 2026"


# The decision ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decision() -> Document:
    return read(render_decision(make_awards(PROVINCE)))


def test_title_bases_and_the_three_articles(decision):
    texts = [p.text for p in decision.paragraphs]
    start = texts.index("QUYẾT ĐỊNH")
    assert texts[start + 1] == f"Về việc tặng giải {CONTEST}"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA LÂM" in texts
    bases = [text for text in texts if text.startswith("Căn cứ")]
    assert bases[0] == (
        f"Căn cứ Kế hoạch số 05/KH-SVHTTDL ngày 10 tháng 3 năm 2026 về tổ chức {CONTEST};"
    )
    assert "đề nghị của Hội đồng giám khảo Cuộc thi tại Tờ trình số 03/TTr-HĐGK" in bases[1]
    decides = texts.index("QUYẾT ĐỊNH:")
    assert texts.index(bases[-1]) < decides
    articles = [p for p in decision.paragraphs if p.text.startswith("Điều ")]
    assert [p.text.split(" ", 2)[:2] for p in articles] == [["Điều", "1."], ["Điều", "2."],
                                                             ["Điều", "3."]]  # fmt: skip
    assert all(texts.index(p.text) > decides for p in articles)
    first = articles[0]
    assert first.text.startswith(f"Điều 1. Tặng giải {CONTEST} cho các tác giả, tác phẩm (có ")
    assert "(có danh sách kèm theo)" in first.text
    assert "01 giải A, 01 giải B, 01 giải C và 01 giải khuyến khích" in first.text
    assert "Tổng số tiền thưởng: 19.000.000 đồng." in first.text
    for article in articles:  # the label in bold, the text not
        label, text = article.runs
        assert label.font.bold and not text.font.bold
    assert "thi hành Quyết định này" in articles[2].text


def test_a_party_decision_summary_is_lower_case():
    texts = [p.text for p in read(render_decision(make_awards(PARTY))).paragraphs]
    assert f"về việc tặng giải {CONTEST}" in texts
    assert any(t.startswith("Căn cứ Kế hoạch số 05-KH/BTGDVTU ngày 10-3-2026") for t in texts)


def test_state_signature_and_recipients(decision):
    signature = decision.tables[1]
    recipients, signer = signature.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    title = recipients.paragraphs[0]
    assert resolved(title, "bold") and resolved(title, "italic")
    assert not resolved(title, "underline")
    assert recipients.paragraphs[1].style.font.size.pt == 11
    texts = [p.text for p in signer.paragraphs]
    assert texts[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert texts[-1] == "Lê Văn Cường"


def test_party_recipients_stay_underlined():
    signature = read(render_decision(make_awards(PARTY))).tables[1]
    recipients = signature.rows[0].cells[0]
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Như Điều 3,",
        "- Lưu Văn phòng.",
    ]
    assert resolved(recipients.paragraphs[0], "underline")


def test_the_list_is_appended_one_row_per_prize(decision):
    table = decision.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Giải", "Tác phẩm", "Tác giả", "Đơn vị", "Tiền thưởng (đồng)",
    ]  # fmt: skip
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(PRIZES)
    assert [row[1] for row in rows] == ["Giải A", "Giải B", "Giải C", "Giải khuyến khích"]
    assert rows[0] == ["1", "Giải A", "Niềm tin từ những mùa vàng", "Lê Thị Hoa, Phạm Văn Minh",
                       "Báo Hòa Lâm", "10.000.000"]  # fmt: skip
    # After the signature, on a page of its own, under its title.
    body = list(decision.element.body)
    assert body.index(table._tbl) > body.index(decision.tables[1]._tbl)
    breaks = [b for b in decision.element.body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    assert len(breaks) == 1
    texts = [p.text for p in decision.paragraphs]
    assert "DANH SÁCH TÁC GIẢ, TÁC PHẨM ĐẠT GIẢI" in texts
    assert (
        "(Kèm theo Quyết định số 12/QĐ-SVHTTDL ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân "
        "tỉnh Hòa Lâm)"
    ) in texts


def test_without_money_there_is_no_money_column():
    unpaid = [replace(prize, amount=None) for prize in PRIZES]
    document = read(render_decision(make_awards(prizes=unpaid)))
    assert len(document.tables[-1].columns) == 5
    texts = " ".join(p.text for p in document.paragraphs)
    assert "tiền thưởng" not in texts and "Giấy chứng nhận" in texts


def test_levels_as_written_by_contests():
    assert [level_name(x) for x in ["a", "Giải B", "KK", "khuyến khích", "Nhì", "Xuất sắc"]] == [
        "A", "B", "khuyến khích", "khuyến khích", "Nhì", "Xuất sắc",
    ]  # fmt: skip


# Certificates ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates() -> Document:
    return read(render_certificates(make_awards()))


def sections_texts(document: Document) -> Iterator[list[str]]:
    """The texts of each section, its tables' included, in the body's order."""
    texts: list[str] = []
    for element in document.element.body:
        if element.tag == qn("w:tbl"):
            texts += [p.text for p in DocxTable(element, document).rows[0].cells[0].paragraphs]
            texts += [p.text for p in DocxTable(element, document).rows[0].cells[-1].paragraphs]
        elif element.tag == qn("w:p"):
            texts.append(DocxParagraph(element, document).text)
            if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                yield texts
                texts = []
    yield texts  # the last section's, closed by the body's own sectPr


def test_one_landscape_page_per_prize(certificates):
    assert len(certificates.sections) == len(PRIZES)
    for section in certificates.sections:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
        assert section.start_type == WD_SECTION.NEW_PAGE
    # No page number: a certificate is one page, and the template's number starts on page 2.
    headers = [p for p in certificates.part.package.iter_parts() if "header" in p.partname]
    assert all(b"PAGE" not in part.blob for part in headers)
    assert not any(section.different_first_page_header_footer for section in certificates.sections)


def test_each_certificate_names_its_author_level_and_contest(certificates):
    sections = list(sections_texts(certificates))
    assert len(sections) == len(PRIZES)
    expected = [
        ("Nhóm tác giả: Lê Thị Hoa, Phạm Văn Minh", "Đạt giải A"),
        ("Tác giả: Nguyễn Văn An", "Đạt giải B"),
        ("Tác giả: Vũ Thị Lan", "Đạt giải C"),
        ("Tác giả: Đỗ Văn Tư", "Đạt giải khuyến khích"),
    ]
    for texts, (authors, level) in zip(sections, expected, strict=True):
        assert texts.count("GIẤY CHỨNG NHẬN") == 1
        assert authors in texts and level in texts and CONTEST in texts
        assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in texts
        assert "Độc lập - Tự do - Hạnh phúc" in texts
        assert "Hòa Lâm, ngày 05 tháng 02 năm 2026" in texts
        assert "PHÓ GIÁM ĐỐC" in texts and "Trần Văn Bình" in texts
    assert "Đơn vị: Báo Hòa Lâm" in sections[0]
    assert "Tác phẩm: “Niềm tin từ những mùa vàng”" in sections[0]
    others = {text for texts in sections[1:] for text in texts}
    assert "Nhóm tác giả: Lê Thị Hoa, Phạm Văn Minh" not in others


def test_party_certificates_carry_the_party_header():
    document = read(render_certificates(make_awards(PARTY)))
    header = document.tables[0]
    assert cell_texts(header, 0, 0) == ["TỈNH ỦY HÒA LÂM", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert cell_texts(header, 0, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]


def test_names_come_out_in_nfc_exactly():
    decomposed = [
        replace(prize, authors=[unicodedata.normalize("NFD", a) for a in prize.authors])
        for prize in PRIZES
    ]
    awards = make_awards(prizes=decomposed, contest=unicodedata.normalize("NFD", CONTEST))
    for blob in (render_decision(awards), render_certificates(awards)):
        document = read(blob)
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert all(unicodedata.is_normalized("NFC", text) for text in texts)
        assert any("Nguyễn Văn An" in text for text in texts)
        assert any(CONTEST in text for text in texts)


def test_the_same_results_give_the_same_bytes():
    assert render_certificates(make_awards()) == render_certificates(make_awards())
    assert render_decision(make_awards()) == render_decision(make_awards())


# The Party's reports are as they were ---------------------------------------------------

# sha256 of the whole .docx, recorded on main before the State format was added: a Party
# report's every part (body, styles, properties) is byte for byte what it was. A deliberate
# change of the Party format records new ones.
_BEFORE = {
    "sample": "c26055370dfc7135588ed17f84b3f3e6e610f6f410635048de5431a5b553782e",
    "draft": "a4ee21e7ad03cfc302cc5a1a3d9fc4a26ffd2574445e4f7718284ef2d448ec52",
}


def _variants() -> dict[str, PartyReport]:
    draft = replace(
        SAMPLE, draft=True, confidential=True, number="-BC/BTGDVTU", signer="", authority=""
    )
    return {"sample": SAMPLE, "draft": draft}


@pytest.mark.parametrize("name", sorted(_BEFORE))
def test_party_reports_are_byte_for_byte_as_before(name):
    blob = render_docx(_variants()[name])
    assert hashlib.sha256(blob).hexdigest() == _BEFORE[name]
    styles = {style.name for style in read(blob).styles}
    assert not {name for name in styles if name.startswith(("State ", "Certificate "))}


def test_properties_are_in_the_schema_order(decision, certificates):
    """Word refuses a file whose properties are out of order (the State's rules and indents,
    the certificates' sections); python-docx does not check."""
    for document in (decision, certificates):
        for part in (document.element, document.styles.element):
            for parent_tag, order in _ORDER.items():
                ranks = {qn(tag): rank for rank, tag in enumerate(order)}
                for parent in part.iter(qn(parent_tag)):
                    seen = [ranks[node.tag] for node in parent if node.tag in ranks]
                    assert seen == sorted(seen), (parent_tag, [node.tag for node in parent])
