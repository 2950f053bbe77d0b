"""The one date box and the one hour box of every form: dd/mm/yyyy and 14:00 whatever the
browser's language.

`<input type="date">` shows the browser's own format (mm/dd/yyyy in an English Chromium),
so dates are typed in a text box that shows and takes 30/06/2026; `ui/ui.js` adds a button
that opens the browser's calendar and writes the chosen day back in the same form. The
server reads the text with `parse_date` and answers in Vietnamese when it cannot. Hours
likewise: `<input type="time">` shows 02:00 PM in an English browser, so they are typed as
14:00 in a text box that Django's TimeField reads.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuyengiao.ui.formats import format_date, parse_date

__all__ = ["DateField", "DateInput", "TimeInput"]

# What the browser checks before sending; the server reads a little more (see parse_date).
_PATTERN = r"\s*[0-9]{1,2}[\/.\-][0-9]{1,2}[\/.\-][0-9]{4}\s*|\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*"


class DateInput(forms.TextInput):
    """A text box for dd/mm/yyyy, marked for the calendar button of `ui.js`."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "pattern": _PATTERN,
            "title": _("Ngày/tháng/năm, ví dụ 30/06/2026"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
            "maxlength": "10",
            "class": "date-input",
            "data-date-input": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_date(value)
        return super().format_value(value)


class TimeInput(forms.TimeInput):
    """A text box for hh:mm, 24 hours."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": "hh:mm",
            "pattern": r"\s*[0-9]{1,2}:[0-9]{2}\s*",
            "title": _("Giờ:phút, ví dụ 14:00"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "5",
            "maxlength": "5",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")


class DateField(forms.DateField):
    """A day typed as 30/06/2026 (or 30/6/2026, 2026-06-30)."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
