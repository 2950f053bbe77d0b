"""`{% select_options widget %}`: the options of Django's select, written in Python.

Used by ui/templates/django/forms/widgets/select.html, which replaces Django's own for every
form (settings.FORM_RENDERER). Django writes each option through two included templates:
25 ms for a select of 300 options (a province's units, a registry's issuers), most of a
page's time; Django's `format_html` costs a third of that again. The markup is the same,
every name, value and label escaped."""

from html import escape as _escape

from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
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


_OPTION = "django/forms/widgets/select_option.html"


def _option(o: dict) -> str:
    if o["template_name"] != _OPTION:  # a widget's own option template is kept
        return render_to_string(o["template_name"], {"widget": o})
    # The label as the template writes it: localised (a date, a number), then escaped.
    label = escape(localize(o["label"]))
    return f'<option value="{escape(o["value"])}"{_attrs(o["attrs"])}>{label}</option>'


def _options(choices: list[dict]) -> str:
    return "\n".join(_option(o) for o in choices)


@register.simple_tag
def select_options(widget: dict) -> str:
    parts = [
        f'<optgroup label="{escape(name)}">\n{_options(choices)}\n</optgroup>'
        if name
        else _options(choices)
        for name, choices, _index in widget["optgroups"]
    ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every part escaped above
