import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from tuyengiao.values.period_fields import (
    PeriodField,
    parse_period,
    period_label,
    recent_periods,
    span_period,
)
from tuyengiao.values.periods import Period, PeriodKind


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("202611", "Tháng 11/2026", "November 2026"),
        ("2026Q4", "Quý IV/2026", "Q4 2026"),
        ("2026S2", "6 tháng cuối năm 2026", "H2 2026"),
        ("2026", "Năm 2026", "2026"),
    ],
)
def test_one_label_for_a_period_or_its_code_in_the_pages_language(code, vi, en):
    with translation.override("vi"):
        assert period_label(code) == vi == period_label(Period.parse(code))
    with translation.override("en"):
        assert period_label(code) == en


def test_the_filter_shows_the_label_never_the_code():
    page = Template("{% load periods %}{{ code|period_label }}")
    with translation.override("vi"):
        assert page.render(Context({"code": "2026S2"})) == "6 tháng cuối năm 2026"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("quý 4/2026", "2026Q4"),
        ("Quý IV/2026", "2026Q4"),
        ("6 tháng cuối năm 2026", "2026S2"),
        ("tháng 11/2026", "202611"),
        ("năm 2026", "2026"),
        ("2026S2", "2026S2"),
    ],
)
def test_a_typed_label_or_code_is_read(typed, code):
    assert parse_period(typed).code == code


def test_a_period_of_another_kind_is_refused_by_its_label():
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        parse_period("quý 4/2026", kinds=[PeriodKind.HALF])
    assert "Quý IV/2026" in raised.value.messages[0]
    assert "6 tháng" in raised.value.messages[0]


def test_an_unreadable_period_says_how_to_write_one():
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        parse_period("kỳ sau")
    assert "Quý IV/2026" in raised.value.messages[0]


class _Form(forms.Form):
    period = PeriodField()


def test_the_picker_lists_labels_grouped_by_kind_and_sends_codes():
    today = datetime.date(2026, 12, 6)
    form = _Form(initial={"period": "2026S2"})
    form.fields["period"].periods = recent_periods(
        [PeriodKind.HALF, PeriodKind.QUARTER], today=today
    )
    with translation.override("vi"):
        html = str(form["period"])
    assert '<optgroup label="6 tháng">' in html and '<optgroup label="Quý">' in html
    assert '<option value="2026S2" selected>6 tháng cuối năm 2026</option>' in html
    assert '<option value="2026Q4">Quý IV/2026</option>' in html
    assert ">2026S2<" not in html


def test_the_picker_takes_a_typed_label():
    form = _Form({"period": "quý 4/2026"})
    assert form.is_valid()
    assert form.cleaned_data["period"] == Period.quarter(2026, 4)


def test_a_span_on_a_periods_bounds_is_that_period():
    assert span_period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)).code == "2026S2"
    assert span_period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)).code == "2026Q3"
    assert span_period(datetime.date(2026, 7, 2), datetime.date(2026, 9, 30)).kind == "custom"
