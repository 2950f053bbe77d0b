"""Template helpers every app may load: `{% load web_tags %}`."""

from django import template
from django.utils.translation import get_language

register = template.Library()


def name_in_language(name: str, name_en: str) -> str:
    """The English name when the page is in English and there is one, else the Vietnamese.

    Names of data (unit kinds…) are rows, not msgids, so gettext cannot translate them.
    """
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


@register.filter
def localized_name(obj) -> str:
    """`{{ unit.kind|localized_name }}`: an object's `name_en` in English, its `name` otherwise."""
    return name_in_language(str(getattr(obj, "name", obj)), getattr(obj, "name_en", "") or "")
