"""`{% select_options widget %}`: the options of Django's select, written in Python.

Used by ui/templates/django/forms/widgets/select.html, which replaces Django's own for every
form (settings.FORM_RENDERER). Django writes each option through two included templates:
25 ms for a select of 300 options (a province's units, a registry's issuers), most of a
page's time; Django's `format_html` costs a third of that again. The markup is the same,
every name, value and label escaped."""

from html import escape as _escape

from django import template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


def escape(value) -> str:
    """As Django's `conditional_escape`: a text already marked safe is written as it is."""
    return str(value) if isinstance(value, SafeData) else _escape(str(value))


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _options(choices: list[dict]) -> str:
    return "\n".join(
        f'<option value="{escape(o["value"])}"{_attrs(o["attrs"])}>{escape(o["label"])}</option>'
        for o in choices
    )


@register.simple_tag
def select_options(widget: dict) -> str:
    parts = [
        f'<optgroup label="{escape(name)}">\n{_options(choices)}\n</optgroup>'
        if name
        else _options(choices)
        for name, choices, _index in widget["optgroups"]
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every part escaped above
