import datetime

from django import forms
from django.utils import translation

from tuyengiao.activities.forms import ActivityForm
from tuyengiao.activities.meeting_forms import MeetingForm
from tuyengiao.channels.forms import SlotForm
from tuyengiao.ui.widgets import DateField, TimeInput


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


class _Hours(forms.Form):
    at = forms.TimeField(required=False, widget=TimeInput)


def test_time_box_shows_hours_and_minutes_whatever_the_language():
    # Not <input type="time">, which an English browser shows as 02:00 PM.
    html = str(_Hours(initial={"at": datetime.time(14)})["at"])
    assert 'type="text"' in html and 'value="14:00"' in html
    assert 'placeholder="hh:mm"' in html and 'inputmode="numeric"' in html
    form = _Hours({"at": "7:30"})
    assert form.is_valid() and form.cleaned_data["at"] == datetime.time(7, 30)


def test_every_form_with_hours_uses_the_one_time_box():
    fields = [
        ActivityForm.base_fields["starts_at"], ActivityForm.base_fields["ends_at"],
        MeetingForm.base_fields["starts_at"], MeetingForm.base_fields["ends_at"],
        SlotForm.base_fields["starts_at"], SlotForm.base_fields["ends_at"],
    ]  # fmt: skip
    assert all(isinstance(field.widget, TimeInput) for field in fields)
