"""`{% load ui_formats %}`: `{{ total|number }}` → 4.825, `{{ rate|percent }}` → 32,5 %.

`{% date_input "until" id="grant-until" required=True %}`: the dd/mm/yyyy date box of a form
written by hand in a template (forms.py fields use `ui.widgets.DateField`).

The only way templates write figures (never `floatformat` or `intcomma`, which follow the
page's language and give 4,825.0 in English)."""

from django import template

from tuyengiao.ui.formats import format_number, format_percent
from tuyengiao.ui.widgets import DateInput

register = template.Library()


@register.filter
def number(value, places=None) -> str:
    """4825 → "4.825"; `|number:1` rounds to one decimal first. "—" for nothing."""
    if value is None or value == "":
        return "—"
    return format_number(value, places=None if places in (None, "") else int(places))


@register.filter
def percent(value, places=1) -> str:
    """32.5 → "32,5 %" (a figure already in percent); `|percent:0` → "33 %"."""
    return format_percent(value, places=int(places))


@register.simple_tag
def date_input(name: str, *, id: str, value=None, required: bool = False) -> str:
    attrs = {"id": id, **({"required": True} if required else {})}
    return DateInput(attrs).render(name, value)
