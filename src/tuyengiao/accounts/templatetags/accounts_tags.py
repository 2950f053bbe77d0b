from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """A duration in whole minutes, rounded up: "wait 15 minutes", never "wait 0 minutes"."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)
