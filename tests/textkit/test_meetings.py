"""Meetings in invitations: the forms of times, days and places one by one (issue 17 §3)."""

import datetime

import pytest

from tuyengiao.textkit.meetings import Meeting, document_date, find_meetings
from tuyengiao.textkit.normalize import normalize
from tuyengiao.textkit.pipeline import extract

MONDAY = datetime.date(2026, 3, 2)


def meetings(text: str, issued: datetime.date | None = MONDAY) -> list[dict]:
    return [m.to_dict() for m in find_meetings(normalize(text), issued=issued)]


def starts(text: str, issued: datetime.date | None = MONDAY) -> list[str]:
    return [m["start"] for m in meetings(text, issued)]


@pytest.mark.parametrize(
    ("written", "start"),
    [
        ("vào lúc 14 giờ 00, ngày 05/3/2026", "2026-03-05T14:00"),
        ("vào lúc 14h00 ngày 05/3/2026", "2026-03-05T14:00"),
        ("lúc 14h ngày 05/3/2026", "2026-03-05T14:00"),
        ("lúc 7 giờ 30 phút ngày 05 tháng 3 năm 2026", "2026-03-05T07:30"),
        ("lúc 8g30, thứ Năm, ngày 05/3/2026", "2026-03-05T08:30"),
        ("lúc 14:00 ngày 05-3-2026", "2026-03-05T14:00"),
        ("LÚC 8H00 NGÀY 05/3/2026", "2026-03-05T08:00"),
        ("lúc 2 giờ chiều ngày 05/3/2026", "2026-03-05T14:00"),
        ("vào 19 giờ 30, tối thứ Sáu 06/3/2026", "2026-03-06T19:30"),
        ("vào buổi sáng ngày 05/3/2026", "2026-03-05"),
        ("vào 14h00 thứ Ba, ngày 24/3", "2026-03-24T14:00"),
    ],
)
def test_times_and_days_as_written(written: str, start: str) -> None:
    assert starts(f"Kính mời đồng chí dự hội nghị {written}, tại Hội trường A.") == [start]


def test_from_to_gives_the_end_and_a_two_day_meeting_ends_on_its_last_day() -> None:
    found = meetings("Thời gian: từ 14 giờ đến 17 giờ ngày 05/3/2026.\nĐịa điểm: Hội trường A.")
    assert found[0]["start"] == "2026-03-05T14:00"
    assert found[0]["end"] == "2026-03-05T17:00"
    two_days = meetings("Thời gian: từ 7 giờ 30 ngày 09/3/2026 đến 17 giờ 00 ngày 10/3/2026.")
    assert (two_days[0]["start"], two_days[0]["end"]) == ("2026-03-09T07:30", "2026-03-10T17:00")


@pytest.mark.parametrize(
    ("written", "issued", "start"),
    [
        ("Vào lúc 14h00 hôm nay (31/3), hội nghị khai mạc", datetime.date(2026, 3, 31), "T14:00"),
        ("Đúng 7 giờ 30 phút sáng mai, Đảng ủy họp", datetime.date(2026, 3, 16), "T07:30"),
        ("Giao ban vào 8 giờ sáng thứ Năm", MONDAY, "T08:00"),
        ("Giao ban vào 8 giờ sáng thứ Hai", MONDAY, "T08:00"),  # the issue day itself
        ("Họp vào 8h00 thứ Ba, ngày 05/01", datetime.date(2026, 12, 28), "T08:00"),
    ],
)
def test_days_relative_to_the_document(written: str, issued: datetime.date, start: str) -> None:
    expected = {
        "hôm nay": "2026-03-31",
        "sáng mai": "2026-03-17",
        "thứ Năm": "2026-03-05",
        "thứ Hai": "2026-03-02",
        "05/01": "2027-01-05",  # a day of January in a letter of late December
    }
    day = next(value for key, value in expected.items() if key in written)
    assert starts(f"{written}, tại Hội trường A.", issued) == [day + start]


def test_this_afternoon_and_a_closing_session_give_the_day_and_the_end() -> None:
    friday = datetime.date(2026, 6, 5)
    assert starts("Đúng 15 giờ chiều nay, Thường trực họp tại Phòng họp A.", friday) == [
        "2026-06-05T15:00"
    ]
    assert starts("Bài viết về thời đại ngày nay lúc 15 giờ.", friday) == []
    text = (
        "Thời gian: 03 ngày, từ ngày 15 đến ngày 17/6/2026.\n"
        "- Khai mạc: 7h30 ngày 15/6/2026.\n- Bế mạc: 11h00 ngày 17/6/2026.\n"
        "Địa điểm: Giảng đường A."
    )
    assert [(m["start"], m["end"]) for m in meetings(text)] == [
        ("2026-06-15T07:30", "2026-06-17T11:00")
    ]


def test_a_day_without_a_year_needs_the_documents_date() -> None:
    assert starts("Họp vào 14h00 ngày 24/3, tại Hội trường A.", issued=None) == []
    header = "Nha Trang, ngày 16 tháng 3 năm 2026\n\nHọp vào 14h00 ngày 24/3, tại Hội trường A."
    assert starts(header, issued=None) == ["2026-03-24T14:00"]


def test_document_date_reads_the_header_line_only() -> None:
    assert document_date("Số 116-GM/ĐUK\nNha Trang, ngày 02 tháng 3 năm 2026\n") == (MONDAY)
    assert document_date("TP. Hồ Chí Minh, ngày 5/3/2026\n") == datetime.date(2026, 3, 5)
    assert document_date("Theo Kế hoạch số 45-KH/TU, ngày 20/02/2026 của Tỉnh ủy") is None
    assert document_date("Không có ngày.") is None


def test_sub_sessions_are_one_meeting_from_first_start_to_last_end() -> None:
    text = (
        "Thời gian: ngày 12/3/2026 (thứ Năm).\n"
        "Địa điểm: Hội trường Tỉnh ủy.\n"
        "- Từ 7 giờ 30 đến 7 giờ 40: ổn định tổ chức;\n"
        "- Từ 8 giờ 30 đến 12 giờ 00: thông tin thời sự.\n"
    )
    assert meetings(text) == [
        {
            "start": "2026-03-12T07:30",
            "end": "2026-03-12T12:00",
            "place": "Hội trường Tỉnh ủy",
            "span": meetings(text)[0]["span"],
        }
    ]


def test_two_meetings_in_text_order_each_with_its_place() -> None:
    text = (
        "1. Hội nghị sơ kết: 8 giờ 00 ngày 12/3/2026, tại Phòng họp A.\n"
        "2. Hội nghị tập huấn: 14 giờ 00 ngày 13/3/2026, tại Phòng họp B.\n"
    )
    found = meetings(text)
    assert [(m["start"], m["place"]) for m in found] == [
        ("2026-03-12T08:00", "Phòng họp A"),
        ("2026-03-13T14:00", "Phòng họp B"),
    ]
    assert found[0]["span"][1] <= found[1]["span"][0]


def test_deadlines_citations_and_the_header_date_are_not_meetings() -> None:
    text = (
        "Sông Mây, ngày 02 tháng 3 năm 2026\n"
        "Thực hiện Kế hoạch số 45-KH/TU ngày 20/02/2026 của Ban Thường vụ Tỉnh ủy.\n"
        "Báo cáo gửi về trước 16 giờ 00 ngày 04/3/2026. Đại biểu có mặt trước 7 giờ 15.\n"
    )
    assert meetings(text) == []


def test_a_postponed_meeting_is_listed_at_its_new_time_only() -> None:
    text = (
        "Sở thông báo hoãn Hội nghị dự kiến tổ chức vào 14 giờ 00 ngày 05/3/2026 tại Hội "
        "trường Sở sang 8 giờ 00 ngày 10/3/2026. Địa điểm không thay đổi."
    )
    assert [(m["start"], m["place"]) for m in meetings(text)] == [
        ("2026-03-10T08:00", "Hội trường Sở")
    ]
    assert meetings("Tạm hoãn Hội nghị (dự kiến vào 7 giờ 30 ngày 26/3/2026). ") == []


@pytest.mark.parametrize(
    ("written", "place"),
    [
        (
            " tại Hội trường A, số 04 Trần Phú, TP. Nha Trang.",
            "Hội trường A, số 04 Trần Phú, TP. Nha Trang",
        ),
        (
            "\nĐịa điểm: Tại Văn Miếu Mao Điền, huyện Cẩm Giàng.",
            "Văn Miếu Mao Điền, huyện Cẩm Giàng",
        ),
        (
            "\nĐịa điểm: Hội trường Trung tâm Chính trị, khu phố 3,\nthị trấn Rừng Thông.",
            "Hội trường Trung tâm Chính trị, khu phố 3, thị trấn Rừng Thông",
        ),
        (", tại Trụ sở Tỉnh ủy, đồng chí Bí thư chủ trì buổi làm việc.", "Trụ sở Tỉnh ủy"),
        (" tại Phòng họp số 2 (theo Giấy mời số 12/GM-UBND).", "Phòng họp số 2"),
    ],
)
def test_the_place_ends_with_its_clause_or_line(written: str, place: str) -> None:
    found = meetings(f"Họp vào 14h00 ngày 05/3/2026{written}")
    assert [m["place"] for m in found] == [place]


def test_words_that_only_look_like_times() -> None:
    text = (
        "Phủ sóng mạng 5G đến 100% xã; Hội nghị lần thứ năm; sáng tạo trong tuyên truyền; "
        "đồng chí Nguyễn Thị Mai phát biểu; kéo dài 2 giờ."
    )
    assert meetings(text) == []


def test_to_dict_shape_and_span() -> None:
    text = normalize("Kính mời dự họp vào lúc 14 giờ 00, ngày 05/3/2026, tại Phòng họp số 1.")
    (meeting,) = find_meetings(text, issued=MONDAY)
    assert isinstance(meeting, Meeting)
    assert meeting.start == datetime.datetime(2026, 3, 5, 14, 0)
    data = meeting.to_dict()
    assert list(data) == ["start", "end", "place", "span"]
    assert data["end"] is None
    start, end = data["span"]
    assert text[start:end] == "14 giờ 00, ngày 05/3/2026, tại Phòng họp số 1"


def test_extract_json_carries_the_meetings_read_against_the_header_date() -> None:
    text = (
        "Số 116-GM/ĐUK\nNha Trang, ngày 02 tháng 3 năm 2026\n\nGIẤY MỜI\n"
        "Thời gian: 14 giờ 00, thứ Năm, ngày 05/3.\nĐịa điểm: Hội trường Đảng ủy Khối.\n"
    )
    data = extract(text).to_dict()
    assert [(m["start"], m["place"]) for m in data["meetings"]] == [
        ("2026-03-05T14:00", "Hội trường Đảng ủy Khối")
    ]
    start, end = data["meetings"][0]["span"]
    assert "14 giờ 00" in data["text"][start:end]


@pytest.mark.parametrize(
    "written",
    [
        "ngày 14/4/2026 (sáng từ 7h30, chiều từ 13h30)",
        "ngày 14/4/2026, sáng từ 7h30, chiều từ 13h30",
        "buổi sáng 7h30, buổi chiều 13h30 ngày 14/4/2026",
        "7h30 sáng, 13h30 chiều ngày 14/4/2026",
    ],
)
def test_a_session_word_is_the_time_next_to_it_only(written: str) -> None:
    text = f"- Thời gian: {written}.\n- Địa điểm: Hội trường."
    assert [(m["start"], m["end"]) for m in meetings(text)] == [("2026-04-14T07:30", None)]
    assert starts("Họp từ 2 giờ đến 5 giờ chiều ngày 14/4/2026 tại Hội trường.") == [
        "2026-04-14T14:00"
    ]
    afternoon = meetings("Họp sáng 8h00 đến 11h00, chiều 14h00 đến 5 giờ ngày 14/4/2026.")
    assert [(m["start"], m["end"]) for m in afternoon] == [("2026-04-14T08:00", "2026-04-14T17:00")]


@pytest.mark.parametrize(
    "written",
    [
        "từ ngày 14/4/2026 đến ngày 15/4/2026",
        "từ ngày 14/4/2026 đến hết ngày 15/4/2026",
        "02 ngày, từ ngày 14 đến ngày 15/4/2026",
        "ngày 14-15/4/2026",
    ],
)
def test_a_meeting_over_days_without_hours_ends_on_its_last_day(written: str) -> None:
    text = f"- Thời gian: {written}.\n- Địa điểm: Trường Chính trị tỉnh."
    (meeting,) = find_meetings(normalize(text), issued=MONDAY)
    assert (meeting.start, meeting.end) == (datetime.date(2026, 4, 14), datetime.date(2026, 4, 15))
    assert meeting.to_dict()["end"] == "2026-04-15"
    assert meeting.place == "Trường Chính trị tỉnh"
    timed = meetings("Họp từ 7h30 ngày 14/4/2026 đến hết ngày 15/4/2026, tại Hội trường.")
    assert [(m["start"], m["end"]) for m in timed] == [("2026-04-14T07:30", "2026-04-15")]
