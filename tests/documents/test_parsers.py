import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from tests.documents.bombs import pdf_file
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.parsers.header import header_lines
from tuyengiao.textkit.encodings import encode_legacy

DATA = Path(__file__).parent / "data"
KL88 = (DATA / "ket_luan_tinh_uy.txt").read_text(encoding="utf-8")


def make_docx(paragraphs, *, table=None) -> bytes:
    document = docx.Document()
    for text in paragraphs[:1]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_string(text: str | bytes) -> bytes:
    raw = text if isinstance(text, bytes) else text.encode("latin-1")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[str]] | list[list[bytes]]) -> bytes:
    """A minimal PDF with a text layer: Helvetica, WinAnsi (Latin-1 text or raw bytes)."""
    objects: list[bytes] = []
    kids = []
    font_id = 3 + 2 * len(pages)
    for index, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page_id} 0 R")
        body = b"BT /F1 12 Tf 72 760 Td 16 TL "
        body += b" ".join(b"(" + _pdf_string(line) + b") '" for line in lines) + b" ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    tree = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    return pdf_file([catalog, tree, *objects, font])


# ---------------------------------------------------------------- text


def test_utf8_text_comes_back_nfc():
    decomposed = unicodedata.normalize("NFD", KL88)
    parsed = parse_upload(filename="kl88.txt", data=decomposed.encode())
    assert parsed.text == KL88
    assert unicodedata.is_normalized("NFC", parsed.text)
    assert (parsed.encoding, parsed.pages) == ("utf-8", None)


def test_windows_line_ends_and_bom():
    data = b"\xef\xbb\xbf" + KL88.replace("\n", "\r\n").encode()
    assert parse_upload(filename="kl88.TXT", data=data).text == KL88


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encodings(encoding):
    data = encode_legacy(KL88, encoding)
    parsed = parse_upload(filename="kl88.txt", data=data)
    assert parsed.encoding == encoding
    assert "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU" in parsed.text


def test_utf16_from_word():
    parsed = parse_upload(filename="kl88.txt", data=KL88.encode("utf-16"))
    assert "Số 88-KL/TU" in parsed.text


def test_binary_data_named_txt_is_refused():
    with pytest.raises(ParseError, match="Không đọc được"):
        parse_upload(filename="anh.txt", data=bytes(range(256)) * 4)


def test_empty_too_big_and_unknown_files(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    # Said as the file box of every form says it (tabular.limits).
    with pytest.raises(ParseError, match=r"^Tệp “a\.txt” rỗng \(0 byte\)"):
        parse_upload(filename="a.txt", data=b"")
    with pytest.raises(ParseError, match=r"^Tệp “a\.txt” quá lớn \(1 MB, tối đa 1 MB\)\.$"):
        parse_upload(filename="a.txt", data=b"a" * 1001)
    with pytest.raises(ParseError, match=r"\.xlsx"):
        parse_upload(filename="bang.xlsx", data=b"ABC")
    with pytest.raises(ParseError, match=r"Word cũ"):
        parse_upload(filename="cu.doc", data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


# ---------------------------------------------------------------- docx


def test_docx_paragraphs_and_header_table_in_order():
    data = make_docx(
        ["Văn bản thử", "KẾT LUẬN", "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU"],
        table=[
            ["TỈNH ỦY SÔNG MÂY", "ĐẢNG CỘNG SẢN VIỆT NAM"],
            ["Số 88-KL/TU", "Sông Mây, ngày 05 tháng 9 năm 2023"],
        ],
    )
    parsed = parse_upload(filename="kl88.docx", data=data)
    assert parsed.encoding == "docx"
    assert parsed.pages is None
    assert parsed.text.split("\n") == [
        "Văn bản thử",
        "TỈNH ỦY SÔNG MÂY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 88-KL/TU",
        "Sông Mây, ngày 05 tháng 9 năm 2023",
        "KẾT LUẬN",
        "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU",
    ]


def test_docx_read_as_python_docx_reads_it():
    # Runs, tabs, breaks, a hyperlink's runs, a merged cell of two paragraphs: the parser's
    # own reading gives what python-docx's Paragraph.text and cell.text give.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    first = document.add_paragraph("Số ")
    first.add_run("88-KL/TU").bold = True
    first.add_run("\tngày 05").add_break()
    first.add_run("tháng 9 năm 2023")
    link = OxmlElement("w:hyperlink")
    for words in ("Nghị quyết ", "số 09-NQ/TU"):
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = words
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        link.append(run)
    cited = document.add_paragraph("Thực hiện ")
    cited._p.append(link)
    cited.add_run(", ban hành kế hoạch.")
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "TỈNH ỦY SÔNG MÂY"
    merged.add_paragraph("*")
    table.cell(1, 1).text = "Sông Mây"
    buffer = io.BytesIO()
    document.save(buffer)
    expected = [first.text, cited.text, merged.text, table.cell(1, 0).text, "Sông Mây"]
    assert "\t" in expected[0] and "\n" in expected[0] and "09-NQ/TU" in expected[1]
    parsed = parse_upload(filename="kl88.docx", data=buffer.getvalue())
    assert parsed.text == "\n".join(expected)


def test_docx_typed_with_a_legacy_font_is_repaired():
    # .VnTime text: TCVN3 bytes stored as the Windows-1252 characters they look like.
    lines = KL88.split("\n")[:12]
    mojibake = [encode_legacy(line, "tcvn3").decode("cp1252", errors="replace") for line in lines]
    parsed = parse_upload(filename="cu.docx", data=make_docx(mojibake))
    assert parsed.encoding == "docx+tcvn3"
    assert "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU" in parsed.text


def test_docx_detected_by_magic_bytes_whatever_its_name():
    parsed = parse_upload(filename="tai-lieu", data=make_docx(["Số 15-KH/ĐU"]))
    assert parsed.text == "Số 15-KH/ĐU"


def test_broken_or_empty_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(ParseError, match="Word"):
        parse_upload(filename="x.docx", data=buffer.getvalue())
    with pytest.raises(ParseError, match="không có chữ"):
        parse_upload(filename="x.docx", data=make_docx([""]))
    with pytest.raises(ParseError, match=r"không phải tệp \.docx"):
        parse_upload(filename="x.docx", data=b"plain text")


# ---------------------------------------------------------------- pdf


def test_pdf_text_layer_and_pages():
    data = make_pdf(
        [["Tinh uy Song May", "So 88-KL/TU", "KET LUAN"], ["ve tiep tuc thuc hien 09-NQ/TU"]]
    )
    parsed = parse_upload(filename="kl88.pdf", data=data)
    assert parsed.pages == 2
    assert parsed.encoding == "pdf"
    assert "So 88-KL/TU" in parsed.text
    assert "09-NQ/TU" in parsed.text
    assert parsed.text.index("KET LUAN") < parsed.text.index("ve tiep tuc")


def test_pdf_typed_with_a_legacy_font_is_repaired():
    # A .VnTime document printed to PDF: TCVN3 bytes shown through a WinAnsi font.
    lines = [encode_legacy(line, "tcvn3") for line in KL88.split("\n")[:12] if line]
    parsed = parse_upload(filename="kl88.pdf", data=make_pdf([lines]))
    assert parsed.encoding == "pdf+tcvn3"
    assert "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU" in parsed.text


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(ParseError, match="không có lớp chữ"):
        parse_upload(filename="scan.pdf", data=make_pdf([[]]))


def test_broken_pdf_is_refused():
    with pytest.raises(ParseError, match="PDF"):
        parse_upload(filename="hong.pdf", data=b"%PDF-1.4\ngarbage")


# ---------------------------------------------------------------- header layout


def test_header_lifts_the_organ_line_out():
    header = header_lines(KL88)
    assert header.organ == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert "KẾT LUẬN\nvề tiếp tục" in header.text
    assert header.text.endswith("Nguyễn Văn Minh\n")


def test_header_organ_above_the_number_without_mottos():
    text = "TỈNH ỦY SÔNG MÂY     ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 88-KL/TU\n"
    assert header_lines(text).organ == "TỈNH ỦY SÔNG MÂY"
    assert header_lines("Ban hành kèm theo\nSố 88-KL/TU").organ == ""
    assert header_lines("Không có số nào").organ == ""


def test_header_type_and_organ_on_one_line():
    header = header_lines("Số 88-KL/TU\nKẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề tiếp tục\n")
    assert header.organ == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert header.text == "Số 88-KL/TU\nKẾT LUẬN\nvề tiếp tục\n"


def test_header_state_organ_on_two_lines():
    text = "ỦY BAN NHÂN DÂN\nTỈNH SÔNG MÂY\n-------\nSố: 477/CT-UBND\n"
    assert header_lines(text).organ == "ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY"
    # A Party body above the issuer is not part of its name.
    text = "ĐẢNG BỘ TỈNH SÔNG MÂY\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố 15-KH/ĐU\n"
    assert header_lines(text).organ == "ĐẢNG ỦY XÃ AN BÌNH"
    assert header_lines("HUYỆN ỦY\nTỈNH ỦY SÔNG MÂY\nSố 1-KH/TU").organ == "TỈNH ỦY SÔNG MÂY"


def test_header_column_lists_the_issuer_and_the_bodies_above_it():
    """The issuer is found in the tree from these lines (issue 15, item 14)."""
    text = (
        "TỈNH ỦY HÒA LÂM\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\nSố 27-KH/BTGDVTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
    )
    header = header_lines(text)
    assert header.organ == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert header.column == ("BAN TUYÊN GIÁO VÀ DÂN VẬN", "TỈNH ỦY HÒA LÂM")
    text = "ỦY BAN NHÂN DÂN\nTỈNH SÔNG MÂY\n-------\nSố: 477/CT-UBND\n"
    assert header_lines(text).column == ("ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY",)
    assert header_lines("Ban hành kèm theo\nSố 88-KL/TU").column == ()
