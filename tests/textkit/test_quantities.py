"""Figures: Vietnamese number formats, scales, qualifiers, ratios, units and the traps."""

import pytest

from tuyengiao.textkit.quantities import find_quantities, parse_number


def one(text: str, **kw):
    found = find_quantities(text, **kw)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.171", 1171), ("16,22", 16.22), ("2.000", 2000), ("1.234.567,5", 1234567.5)],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("text", "value", "total", "approx", "unit"),
    [
        ("đã có trên 2.000 cán bộ tham gia", 2000, None, "over", "cán bộ"),
        (
            "tổ chức 77 hội nghị thông tin thời sự cho",
            77,
            None,
            "exact",
            "hội nghị thông tin thời sự",
        ),
        ("thu hút hơn 3.700 lượt người nghe.", 3700, None, "over", "lượt người nghe"),
        ("đạt 16,22%.", 16.22, None, "exact", "%"),
        ("kinh phí 450 triệu đồng.", 450_000_000, None, "exact", "đồng"),
        ("kinh phí gần 1,5 tỷ đồng.", 1_500_000_000, None, "nearly", "đồng"),
        ("có 5/10 xã hoàn thành", 5, 10, "exact", "xã"),
        ("10/10 xã, thị trấn đã ban hành", 10, 10, "exact", "xã, thị trấn"),
        ("đăng 2.169 tin, bài trên cổng", 2169, None, "exact", "tin, bài"),
        ("khoảng 12 buổi.", 12, None, "about", "buổi"),
        ("dưới 5 lớp", 5, None, "under", "lớp"),
        ("có 3 nghìn lượt xem", 3000, None, "exact", "lượt xem"),
    ],
)
def test_quantities(text: str, value, total, approx: str, unit: str) -> None:
    q = one(text)
    assert (q.value, q.total, q.approx, q.unit) == (value, total, approx, unit)


def test_a_comma_list_ends_when_a_verb_follows() -> None:
    q = one("tổ chức 77 hội nghị, thu hút đông đảo")
    assert q.unit == "hội nghị"
    assert one("có 2.000 cán bộ, đảng viên tham gia").unit == "cán bộ, đảng viên"
    assert one("có 12 lớp, Đảng ủy xã đã").unit == "lớp"


@pytest.mark.parametrize(
    "text",
    [
        "Ảnh 1: Quang cảnh hội nghị",
        "Ban Chỉ đạo 35 tỉnh họp",
        "BCĐ 35 huyện họp",
        "Nghị quyết 35 của Bộ Chính trị",
        "nhiệm kỳ 2020-2025 của Đảng bộ",
        "trong năm 2023 tổ chức",
        "Chi bộ thôn 3 họp",
        "Hội nghị lần thứ 8 Ban Chấp hành",
        "Đề án 06 của Chính phủ",
        "con số 2023",
    ],
)
def test_names_labels_terms_and_years_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_chrome_counters_are_skipped() -> None:
    text = "Hôm nay: 1,996\nLượt truy cập: 12,345 lượt\nĐã tổ chức 5 hội nghị."
    assert [q.text for q in find_quantities(text)] == ["5 hội nghị"]


def test_taken_spans_hide_figures() -> None:
    text = "ngày 5/10 có 12 lớp"
    assert [q.text for q in find_quantities(text, taken=[(5, 9)])] == ["12 lớp"]


def test_a_figure_without_a_unit_is_not_reported() -> None:
    assert find_quantities("Tổng số: 120.") == []


@pytest.mark.parametrize(
    ("text", "value", "approx", "unit"),
    [
        ("mức chi tối đa 1,5 triệu đồng cho", 1_500_000, "under", "đồng"),
        ("không quá 800 nghìn đồng một buổi", 800_000, "under", "đồng"),
        ("ít nhất 2 hội nghị báo cáo viên.", 2, "over", "hội nghị báo cáo viên"),
        ("tăng lên 500 nghìn đồng/tháng.", 500_000, "exact", "đồng/tháng"),
        ("hiến gần 2.500 m2 đất.", 2500, "nearly", "m2 đất"),
        (
            "biên soạn 2.500 cuốn tài liệu hỏi - đáp phát đến chi bộ",
            2500,
            "exact",
            "cuốn tài liệu hỏi - đáp",
        ),
        ("kiểm tra 235 tổ chức đảng và", 235, "exact", "tổ chức đảng"),
        ("có 5.412 đảng viên, sinh hoạt tại 68 chi bộ", 5412, "exact", "đảng viên"),
        ("3 tuyến đường, tổng giá trị lớn", 3, "exact", "tuyến đường"),
        (
            "tuyên dương khoảng 50 tập thể, cá nhân điển hình.",
            50,
            "about",
            "tập thể, cá nhân điển hình",
        ),
    ],
)
def test_qualifiers_and_units(text: str, value: float, approx: str, unit: str) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.approx, q.unit) == (value, approx, unit)
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "Sau gần 2 năm triển khai",
        "trong 6 tháng, đội ngũ",
        "Hội nghị Trung ương 8 khóa XIII",
        "mô hình chính quyền địa phương 2 cấp",
        "có 6 tháng",
    ],
)
def test_durations_plenums_and_attributes_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []
