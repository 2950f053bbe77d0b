import datetime

from django import forms
from django.utils import translation

from tuyengiao.ui.widgets import DateField


class _Form(forms.Form):
    day = DateField(required=False)


def test_date_box_shows_day_month_year():
    html = str(_Form(initial={"day": datetime.date(2026, 6, 30)})["day"])
    assert 'type="text"' in html
    assert 'value="30/06/2026"' in html
    assert "data-date-input" in html


def test_date_box_reads_day_first_and_refuses_in_vietnamese():
    form = _Form({"day": "1/7/2025"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2025, 7, 1)
    with translation.override("vi"):
        form = _Form({"day": "07/31/2026"})
        assert not form.is_valid()
        assert "không có tháng 31" in form.errors["day"][0]
