"""Document references: forms, canonical symbols, type from the words in front, clauses."""

from datetime import date

import pytest

from tuyengiao.textkit.docnum import canonical_symbol, find_documents, scan_documents


def one(text: str):
    docs = find_documents(text)
    assert len(docs) == 1, docs
    return docs[0]


@pytest.mark.parametrize(
    ("raw", "symbol"),
    [
        ("88-KL/TU", "88-KL/TU"),
        ("116-GM/ĐUK", "116-GM/ĐUK"),
        ("116-GM/DUK", "116-GM/ĐUK"),
        ("08-QĐi/TW", "08-QĐi/TW"),
        ("08 - QĐi / TƯ", "08-QĐi/TW"),
        ("35-nq/tw", "35-NQ/TW"),
        ("35-NQ/TƯ", "35-NQ/TW"),
        ("85-QÐ/TW", "85-QĐ/TW"),  # U+00D0 typed for Đ
        ("85-QD/TW", "85-QĐ/TW"),
        ("99-HD/BTGTW", "99-HD/BTGTW"),
        ("25/2024/TT-BTC", "25/2024/TT-BTC"),
        ("13/2023/NĐ-CP", "13/2023/NĐ-CP"),
        ("13/2023/ND-CP", "13/2023/NĐ-CP"),
        ("18/2020/QĐ-TTg", "18/2020/QĐ-TTg"),
        ("202/2025/QH15", "202/2025/QH15"),
        ("03/VBHN-VPQH", "03/VBHN-VPQH"),
        ("477/CT-UBND", "477/CT-UBND"),
        ("123/UBND-VX", "123/UBND-VX"),
        ("01/2016/TTLT-BTP-BNV", "01/2016/TTLT-BTP-BNV"),
        # Old State numbers, as written (issue 20 corpus README).
        ("28/CP", "28/CP"),
        ("58-CP", "58-CP"),
        ("18-HĐBT", "18-HĐBT"),
        ("66/HĐBT", "66/HĐBT"),
        ("37-BYT/QĐ", "37-BYT/QĐ"),
        ("3-LCT/HĐNN7", "3-LCT/HĐNN7"),
        # Spaces and a missing hyphen as pages type them.
        ("2033 /QĐ-UBND", "2033/QĐ-UBND"),
        ("16/TTr- STTTT", "16/TTr-STTTT"),
        ("28 NQ/TW", "28-NQ/TW"),
        ("16 -\nHD/BTCTW", "16-HD/BTCTW"),
        ("199/2013/NĐ\n- CP", "199/2013/NĐ-CP"),
    ],
)
def test_canonical_symbols(raw: str, symbol: str) -> None:
    assert canonical_symbol(raw) == symbol


@pytest.mark.parametrize(
    "raw", ["05/9/2023", "5/10", "2020-2025", "01-10-1997", "24/7", "5-XY/TU", "5/AB", "12-XYZ/QX"]
)
def test_dates_ratios_and_unknown_codes_are_not_documents(raw: str) -> None:
    assert find_documents(f"Ngày {raw} có 5/10 xã đạt.") == []


def test_tt_is_thong_tri_in_party_and_thong_tu_in_state_documents() -> None:
    assert one("Số 12-TT/TW").type_name == "Thông tri"
    assert one("Số 12/2024/TT-BTC").type_name == "Thông tư"


def test_words_in_front_decide_the_type() -> None:
    doc = one("Quy định số 85-QĐ/TW của Ban Bí thư")
    assert (doc.type_code, doc.type_name, doc.issuer) == ("QĐi", "Quy định", "Ban Bí thư")
    assert one("Theo Quyết định 85-QĐ/TW").type_name == "Quyết định"
    assert one("Công văn số 123/UBND-VX").type_name == "Công văn"
    assert one("Nghị quyết số 202/2025/QH15").type_name == "Nghị quyết"


def test_state_fields() -> None:
    doc = one("Số: 25/2024/TT-BTC")
    assert (doc.system, doc.number, doc.year, doc.issuer_code) == ("state", "25", 2024, "BTC")
    admin = one("Chỉ thị số 477/CT-UBND")
    assert (admin.year, admin.type_code, admin.issuer_code) == (None, "CT", "UBND")
    cv = one("123/UBND-VX")
    assert (cv.type_code, cv.issuer_code, cv.symbol) == ("CV", "UBND", "123/UBND-VX")


def test_date_issuer_title_after_the_number() -> None:
    text = (
        "Nghị quyết số 35-NQ/TW, ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ "
        "nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch "
        "trong tình hình mới; Đảng ủy đã tổ chức hội nghị."
    )
    doc = one(text)
    assert doc.date == date(2018, 10, 22)
    assert doc.issuer == "Bộ Chính trị"
    assert doc.title == (
        "về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm "
        "sai trái, thù địch trong tình hình mới"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Quy định số 85-QĐ/TW ngày 26 tháng 6 năm 2014 của Bộ Chính trị",
        "Quy định số 85-QĐ/TW của Bộ Chính trị ngày 26/6/2014",
        "Quy định số 85-QĐ/TW (ngày 26-6-2014) của Bộ Chính trị",
        "Ngày 26/6/2014, Bộ Chính trị ban hành Quy định số 85-QĐ/TW",
    ],
)
def test_date_and_issuer_in_every_order(text: str) -> None:
    doc = one(text)
    assert (doc.date, doc.issuer) == (date(2014, 6, 26), "Bộ Chính trị")


def test_header_date_line() -> None:
    doc = one("Số: 88-KL/TU\nBình Dương, ngày 05 tháng 9 năm 2023\nKẾT LUẬN")
    assert doc.date == date(2023, 9, 5)


def test_title_keeps_the_document_it_continues_and_stops_there() -> None:
    docs = find_documents(
        "Kết luận số 88-KL/TU về tiếp tục thực hiện Nghị quyết số 09-NQ/TU ngày 18/10/2021 "
        "của Ban Chấp hành Đảng bộ tỉnh về phát triển văn hóa."
    )
    assert docs[0].title == "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU"
    assert docs[1].title == "về phát triển văn hóa"
    assert docs[1].issuer == "Ban Chấp hành Đảng bộ tỉnh"


def test_back_references_are_mentions_and_spans_point_at_text() -> None:
    text = (
        "Quán triệt Nghị quyết số 35-NQ/TW. Nghị quyết 35 của Bộ Chính trị được triển khai; "
        "Kết luận 88 chưa có. Nghị quyết 35-NQ/TƯ tiếp tục."
    )
    scan = scan_documents(text)
    assert [d.symbol for d in scan.documents] == ["35-NQ/TW"]
    slices = [text[a:b] for a, b in scan.documents[0].mentions]
    assert slices == ["35-NQ/TW", "Nghị quyết 35", "35-NQ/TƯ"]


def test_back_reference_needs_a_matching_type() -> None:
    doc = one("Kết luận số 88-KL/TU. Nghị quyết 88 khác.")
    assert len(doc.mentions) == 1


def test_same_symbol_with_another_date_is_another_document() -> None:
    docs = find_documents(
        "Kết luận số 01-KL/TW ngày 18/5/2021; Kết luận số 01-KL/TW ngày 01/3/2016; 01-KL/TW"
    )
    assert [d.date for d in docs] == [date(2021, 5, 18), date(2016, 3, 1)]
    assert [len(d.mentions) for d in docs] == [1, 2]  # a bare number: the latest one


def test_issuer_names_end_where_the_name_ends() -> None:
    docs = find_documents(
        "Kết luận số 21-KL/TW ngày 25/10/2021 của Hội nghị lần thứ tư Ban Chấp hành Trung "
        "ương Đảng khóa XIII về đẩy mạnh xây dựng Đảng. Quyết định số 1058-QĐ/TU ngày "
        "12/7/2022 của Ban Thường vụ Tỉnh ủy thành lập 4 đoàn kiểm tra; Quyết định số "
        "135/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Đề án."
    )
    assert [d.issuer for d in docs] == [
        "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII",
        "Ban Thường vụ Tỉnh ủy",
        "Thủ tướng Chính phủ",
    ]
    assert [d.title for d in docs] == [
        "về đẩy mạnh xây dựng Đảng",
        "thành lập 4 đoàn kiểm tra",
        "phê duyệt Đề án",
    ]


def test_issuer_before_and_shared_by_coordinated_documents() -> None:
    docs = find_documents(
        "Ngày 30/11/2024, Hội đồng nhân dân tỉnh khóa X, kỳ họp thứ 22 thông qua Nghị quyết "
        "số 15/2024/NQ-HĐND. Ủy ban Kiểm tra Tỉnh ủy đã tham mưu Ban Thường vụ Huyện ủy ban "
        "hành Kế hoạch số 58-KH/HU và Chương trình số 09-CTr/HU."
    )
    assert (docs[0].date, docs[0].issuer) == (date(2024, 11, 30), "Hội đồng nhân dân tỉnh khóa X")
    assert [d.issuer for d in docs[1:]] == ["Ban Thường vụ Huyện ủy"] * 2


def test_a_date_before_belongs_to_its_own_clause_only() -> None:
    docs = find_documents(
        "Thực hiện Chỉ thị số 15-CT/TW ngày 28/8/2002 của Ban Bí thư về biên soạn lịch sử "
        "Đảng, Ban Thường vụ Huyện ủy đã ban hành Kế hoạch số 12-KH/HU."
    )
    assert docs[1].date is None
    assert docs[1].issuer == "Ban Thường vụ Huyện ủy"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Thông tri số 12-TT/TW về việc chuẩn bị đại hội các cấp là văn bản của Đảng.",
            "về việc chuẩn bị đại hội các cấp",
        ),
        (
            "Hướng dẫn số 12-HD/BTGDVTW về tuyên truyền kỷ niệm 50 năm Ngày Giải phóng miền "
            "Nam, thống nhất đất nước (30/4/1975 - 30/4/2025).",
            "về tuyên truyền kỷ niệm 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước",
        ),
        (
            "Kế hoạch số 05-KH/ĐU về công tác tuyên giáo năm 2025, trong quý III/2025 đã xong.",
            "về công tác tuyên giáo năm 2025",
        ),
        (
            "Thông tư 01/2011/TT-BNV về thể thức văn bản và Nghị định số 30/2020/NĐ-CP.",
            "về thể thức văn bản",
        ),
        (
            "Nghị định số 78/2024/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số "
            "30/2020/NĐ-CP.",
            "sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP",
        ),
    ],
)
def test_where_titles_end(text: str, title: str) -> None:
    assert find_documents(text)[0].title == title


def test_header_issuer_type_line_and_title_line() -> None:
    doc = find_documents(
        "ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY\nSố: 477/CT-UBND\nSông Mây, ngày 14 tháng 3 năm 2024\n\n"
        "CHỈ THỊ\nVề tăng cường công tác thông tin cơ sở\n\nNội dung."
    )[0]
    assert (doc.issuer, doc.date, doc.title) == (
        "ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY",
        date(2024, 3, 14),
        "Về tăng cường công tác thông tin cơ sở",
    )


def test_an_issuer_is_shared_only_by_numbers_issued_together() -> None:
    docs = find_documents(
        "Hướng dẫn 03-HD/BTGTW, Luật số 15/2023/QH15; Quyết định 1846/QĐ-UBND năm 2024 của "
        "UBND tỉnh."
    )
    assert [d.issuer for d in docs] == ["Ban Tuyên giáo Trung ương", "Quốc hội", "UBND tỉnh"]
