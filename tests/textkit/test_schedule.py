"""Deadlines and recurrences as a directive's items state them (issue 15, item 14)."""

import datetime

import pytest

from tuyengiao.textkit.schedule import deadline_find, recurrence_find

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các chi bộ hoàn thành trước ngày 30/6/2026.", D(2026, 6, 30)),
        ("Tổ chức quán triệt trước ngày 30/6/2026; báo cáo kết quả về Ban.", D(2026, 6, 30)),
        ("chậm nhất ngày 15-7-2026 gửi báo cáo", D(2026, 7, 15)),
        ("Chậm nhất là 05.8.2026", D(2026, 8, 5)),
        ("Thời hạn: tháng 10/2026.", D(2026, 10, 31)),
        ("Thời gian thực hiện: Quý II/2026", D(2026, 6, 30)),
        ("Biên soạn tài liệu hỏi - đáp, gửi các đảng ủy xã trong quý I/2026.", D(2026, 3, 31)),
        ("xong trong năm 2026", D(2026, 12, 31)),
        ("Hoàn thành trong 6 tháng đầu năm 2026", D(2026, 6, 30)),
        ("TRƯỚC NGÀY 31/12/2026", D(2026, 12, 31)),
        ("truoc ngay 30/6/2026 (không dấu)", D(2026, 6, 30)),
        # Decomposed (NFD) input, as some files carry it.
        ("hoa\u0300n tha\u0300nh tru\u031bo\u031b\u0301c nga\u0300y 30/6/2026", D(2026, 6, 30)),
    ],
)
def test_a_deadline_is_read(text, expected):
    assert deadline_find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "phấn đấu đến năm 2025 có trên 92% gia đình đạt danh hiệu gia đình văn hóa",
        "tiếp tục thực hiện Nghị quyết số 09-NQ/TU, ngày 18/10/2021 của Ban Chấp hành",
        "trong giai đoạn 2021-2025",
        "Tăng cường sự lãnh đạo của các cấp ủy đảng.",
        "trước ngày 30/6",  # no year, none given
        "",
    ],
)
def test_no_deadline_is_made_up(text):
    assert deadline_find(text) is None


def test_a_day_without_its_year_takes_the_directive_s():
    assert deadline_find("Hoàn thành trước ngày 30/6.", year=2026) == D(2026, 6, 30)
    assert deadline_find("trước ngày 31/2", year=2026) is None


def test_the_first_deadline_is_the_task_s():
    text = "Quán triệt trước ngày 30/6/2026; sơ kết trước ngày 15/12/2026."
    assert deadline_find(text) == D(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo kết quả hằng quý về Ban Thường vụ.", "quarter"),
        ("định kỳ hàng quý báo cáo", "quarter"),
        ("mỗi quý một lần", "quarter"),
        ("Đưa nội dung Quy định vào hội nghị báo cáo viên hằng tháng.", "month"),
        ("HÀNG THÁNG báo cáo", "month"),
        ("Hằng năm, các cấp ủy sơ kết, biểu dương tập thể.", "year"),
        ("sơ kết định kỳ 6 tháng", "half"),
        ("báo cáo sáu tháng một lần", "half"),
        ("hang quy (không dấu)", "quarter"),
        ("Báo cáo hằng tháng, sơ kết hằng năm", "month"),  # the first one said
        ("kết quả 6 tháng đầu năm 2026", ""),
        ("năm 2026 hoàn thành", ""),
        ("nhiệm vụ thường xuyên", ""),
    ],
)
def test_a_recurrence_is_read(text, expected):
    assert recurrence_find(text) == expected
