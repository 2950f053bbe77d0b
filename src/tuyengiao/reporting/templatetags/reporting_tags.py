from django import template
from django.utils.translation import get_language

from tuyengiao.reporting.periods import Period

register = template.Library()


@register.filter
def period_label(period: Period) -> str:
    """ "Tháng 10/2023" or "October 2023", in the language of the page."""
    return period.label("en" if (get_language() or "vi").startswith("en") else "vi")
