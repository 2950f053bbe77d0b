"""Template helpers every app may load: `{% load web_tags %}`."""

from django import template

from tuyengiao.ui.formats import name_in_language

register = template.Library()


@register.filter
def localized_name(obj) -> str:
    """`{{ unit.kind|localized_name }}`: an object's `name_en` in English, its `name` otherwise."""
    return name_in_language(str(getattr(obj, "name", obj)), getattr(obj, "name_en", "") or "")
