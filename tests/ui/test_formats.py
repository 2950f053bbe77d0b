import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tuyengiao.ui.formats import format_number, format_percent, parse_date


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (4825, "4.825"),
        (Decimal("1234.50"), "1.234,5"),
        (1234567.25, "1.234.567,25"),
        (0.1, "0,1"),
        (Decimal("100.000"), "100"),
        (-3200, "-3.200"),
        (0, "0"),
        (None, ""),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, shown):
    assert format_number(value) == shown


def test_places_round_half_away_from_zero():
    assert format_number(Decimal("2.25"), places=1) == "2,3"
    assert format_number(Decimal("-0.04"), places=1) == "0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(32.5, "32,5 %"), (100, "100 %"), (Decimal("89.84"), "89,8 %"), (None, "—")],
)
def test_one_percent_style(value, shown):
    assert format_percent(value) == shown


def test_filters_write_the_same_whatever_the_language():
    page = Template("{% load ui_formats %}{{ n|number }} · {{ r|percent }} · {{ r|percent:0 }}")
    for language in ("vi", "en"):
        with translation.override(language):
            shown = page.render(Context({"n": 4825.5, "r": 32.54}))
        assert shown == "4.825,5 · 32,5 % · 33 %"


@pytest.mark.parametrize(
    "text", ["30/06/2026", "30/6/2026", " 30-06-2026 ", "30.06.2026", "2026-06-30"]
)
def test_dates_are_read_day_first(text):
    assert parse_date(text) == datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("06/30/2026", "không có tháng 30"),
        ("31/02/2026", "tháng 2/2026 không có ngày 31"),
        ("ngày mai", "viết theo dạng ngày/tháng/năm"),
    ],
)
def test_wrong_dates_are_explained_in_vietnamese(text, message):
    with translation.override("vi"), pytest.raises(ValueError, match=message):
        parse_date(text)


def test_an_imports_counts_are_written_the_vietnamese_way_on_an_english_page():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    report = SimpleNamespace(created=12000, updated=1500, unchanged=0)
    with translation.override("en"):
        html = render_to_string(
            "reporting/_import_result.html",
            {"report": report, "rows": 13500, "filename": "so-lieu.xlsx"},
        )
    assert "13.500" in html and "12.000" in html and "1.500" in html
