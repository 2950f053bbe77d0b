import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.values.periods import (
    Period,
    PeriodKind,
    parse_label,
    period_for,
    periods_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("code", "kind", "start", "end", "vi", "en"),
    [
        ("202310", "month", D(2023, 10, 1), D(2023, 10, 31), "Tháng 10/2023", "October 2023"),
        ("202402", "month", D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024", "February 2024"),
        ("2023Q3", "quarter", D(2023, 7, 1), D(2023, 9, 30), "Quý III/2023", "Q3 2023"),
        ("2023Q4", "quarter", D(2023, 10, 1), D(2023, 12, 31), "Quý IV/2023", "Q4 2023"),
        ("2023S1", "half", D(2023, 1, 1), D(2023, 6, 30), "6 tháng đầu năm 2023", "H1 2023"),
        ("2023S2", "half", D(2023, 7, 1), D(2023, 12, 31), "6 tháng cuối năm 2023", "H2 2023"),
        ("2023", "year", D(2023, 1, 1), D(2023, 12, 31), "Năm 2023", "2023"),
        (
            "20230101-20230630",
            "custom",
            D(2023, 1, 1),
            D(2023, 6, 30),
            "Từ 01/01/2023 đến 30/06/2023",
            "01/01/2023 – 30/06/2023",
        ),
    ],
)
def test_codes_and_labels(code, kind, start, end, vi, en):
    period = Period.parse(code)
    assert period == Period(kind, start, end)
    assert period.kind is PeriodKind(kind)
    assert period.code == str(period) == code
    assert period.label() == vi
    assert period.label(language="en") == en
    assert parse_label(vi) == period


def test_constructors_match_codes():
    assert Period.month(2023, 10) == Period.parse("202310")
    assert Period.quarter(2023, 3) == Period.parse("2023Q3")
    assert Period.half(2023, 2) == Period.parse("2023S2")
    assert Period.year(2023) == Period.parse("2023")
    assert Period.custom(D(2023, 1, 5), D(2023, 1, 5)).code == "20230105-20230105"
    assert Period.year(33).code == "0033"
    assert Period.parse(" 2023Q3 ") == Period.quarter(2023, 3)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("202313", "Tháng không hợp lệ: 13"),
        ("202300", "Tháng không hợp lệ: 0"),
        ("2023Q5", "Quý không hợp lệ: 5"),
        ("2023S3", "Nửa năm không hợp lệ: 3"),
        ("0000", "Năm không hợp lệ"),
        ("23Q3", "Mã kỳ không hợp lệ"),
        ("2023q3", "Mã kỳ không hợp lệ"),
        ("", "Mã kỳ không hợp lệ"),
        ("２０２３", "Mã kỳ không hợp lệ"),
        ("20230230-20230301", "Ngày không hợp lệ '20230230'"),
        ("20230630-20230101", "Ngày bắt đầu 30/06/2023 sau ngày kết thúc 01/01/2023"),
    ],
)
def test_bad_codes_say_why_in_vietnamese(code, message):
    with pytest.raises(ValueError, match=message):
        Period.parse(code)


def test_fixed_kinds_must_sit_on_calendar_boundaries():
    with pytest.raises(ValueError, match="không khớp ranh giới lịch"):
        Period("quarter", D(2023, 2, 1), D(2023, 4, 30))
    with pytest.raises(ValueError, match="Loại kỳ không hợp lệ: 'week'"):
        Period("week", D(2023, 1, 2), D(2023, 1, 8))
    with pytest.raises(ValueError, match="Ngôn ngữ không hỗ trợ"):
        Period.year(2023).label("fr")


def test_period_for_and_neighbours():
    day = D(2023, 8, 15)
    assert period_for("month", day).code == "202308"
    assert period_for(PeriodKind.QUARTER, day).code == "2023Q3"
    assert period_for("half", day).code == "2023S2"
    assert period_for("year", day).code == "2023"
    with pytest.raises(ValueError, match="Kỳ tùy chọn"):
        period_for("custom", day)
    assert Period.parse("202312").next().code == "202401"
    assert Period.parse("2024Q1").previous().code == "2023Q4"
    assert Period.parse("2023S2").next().code == "2024S1"
    # Custom ranges move by their length in days.
    assert Period.parse("20230101-20230131").next().code == "20230201-20230303"
    assert Period.parse("20230105-20230110").previous().code == "20221230-20230104"
    with pytest.raises(ValueError, match="Không có kỳ sau kỳ 9999"):
        Period.year(9999).next()
    with pytest.raises(ValueError, match="Không có kỳ trước kỳ 000101"):
        Period.month(1, 1).previous()
    assert Period.parse("99991202-99991231").previous().code == "99991102-99991201"


def test_contains_periods_and_days():
    year = Period.year(2023)
    assert year.contains(Period.quarter(2023, 4))
    assert year.contains(year)
    assert not year.contains(Period.parse("20231201-20240131"))
    assert Period.half(2023, 1).contains(D(2023, 6, 30))
    assert not Period.half(2023, 1).contains(D(2023, 7, 1))
    assert not Period.month(2023, 1).contains(year)


def test_months_and_periods_between():
    assert [p.code for p in Period.quarter(2023, 3).months()] == ["202307", "202308", "202309"]
    # A custom range gets the months it touches, too.
    assert [p.code for p in Period.parse("20230115-20230302").months()] == [
        "202301",
        "202302",
        "202303",
    ]
    quarters = periods_between("quarter", D(2022, 11, 30), D(2023, 4, 1))
    assert [p.code for p in quarters] == ["2022Q4", "2023Q1", "2023Q2"]
    halves = periods_between("half", Period.year(2022), Period.year(2023))
    assert [p.code for p in halves] == ["2022S1", "2022S2", "2023S1", "2023S2"]
    assert periods_between("month", D(2023, 2, 1), D(2023, 1, 1)) == []


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("tháng 10 năm 2023", "202310"),
        ("tháng 1/2024", "202401"),
        ("quý 3 năm 2023", "2023Q3"),
        ("QUÝ IV/2023", "2023Q4"),
        ("nửa cuối năm 2023", "2023S2"),
        ("năm 2023.", "2023"),
        ("9 tháng đầu năm 2023", "20230101-20230930"),
        ("3 tháng cuối năm 2023", "20231001-20231231"),
        ("từ tháng 10/2021 đến tháng 5/2023", "20211001-20230531"),
        ("giai đoạn 2021 - 2025", "20210101-20251231"),
        ("ngày 05/9/2023", "20230905-20230905"),
        ("2023Q3", "2023Q3"),
    ],
)
def test_parse_label_reads_what_people_write(label, code):
    assert parse_label(label).code == code


@pytest.mark.parametrize(
    "label",
    [
        "",
        "hôm qua",
        "2023 và 2024",
        "năm 2023, năm 2024",
        "quý 5/2023",
        "từ năm 2020 đến nay",
        "báo cáo năm 2023",
    ],
)
def test_parse_label_refuses_what_is_not_one_period(label):
    with pytest.raises(ValueError, match="Không đọc được kỳ báo cáo"):
        parse_label(label)


_days = st.dates(min_value=D(1000, 1, 1), max_value=D(9998, 12, 31))
_fixed = st.builds(period_for, st.sampled_from(["month", "quarter", "half", "year"]), _days)
# Custom ranges kept far enough from year 1 and 9999 that their neighbours exist.
_recent = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
_custom = st.tuples(_recent, _recent).map(lambda pair: Period.custom(min(pair), max(pair)))
_recent_fixed = st.builds(period_for, st.sampled_from(["month", "quarter", "year"]), _recent)
_month_aligned = st.tuples(_recent_fixed, _recent_fixed).map(
    lambda pair: Period.custom(min(p.start for p in pair), max(p.end for p in pair))
)
_periods = st.one_of(_fixed, _custom, _month_aligned)


@given(_periods)
def test_code_round_trip(period):
    assert Period.parse(period.code) == period
    # The text toolkit reads years 1800–2099 only.
    if period.start.year >= 1800 and period.end.year <= 2099:
        assert parse_label(period.label()) == period


@given(_fixed)
def test_months_partition_a_fixed_period(period):
    months = period.months()
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for before, after in itertools.pairwise(months):
        assert before.end + datetime.timedelta(days=1) == after.start
    assert all(period.contains(month) and month.kind == "month" for month in months)


@given(_periods)
def test_next_undoes_previous(period):
    assert period.previous().next() == period
    assert period.next().previous() == period
    assert period.next().start == period.end + datetime.timedelta(days=1)
