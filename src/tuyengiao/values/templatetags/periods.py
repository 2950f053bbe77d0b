from django import template

from tuyengiao.values import period_fields
from tuyengiao.values.periods import Period

register = template.Library()


@register.filter
def period_label(period: Period | str | None) -> str:
    """ "Tháng 10/2023" or "October 2023", in the language of the page, for a period or its
    code (the one label of reporting.period_fields)."""
    return period_fields.period_label(period)


@register.simple_tag
def period_select(name: str, periods, value=None, *, id: str, empty: str = ""):
    """`{% period_select "period" periods period id="period-select" %}`: the period picker
    (reporting.period_fields.PeriodSelect) in a form written by hand; `empty` labels a first
    choice with no period ("kỳ hiện tại")."""
    picker = period_fields.PeriodSelect({"id": id}, periods=list(periods), empty_label=empty)
    return picker.render(name, value)
