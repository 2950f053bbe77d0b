"""How a status shows: the same label and colour on every tracking page."""

from django import template
from django.utils.html import format_html

from tuyengiao.tracking.models import OVERDUE, OVERDUE_LABEL, Status

register = template.Library()

_BADGE = {
    Status.DONE: "success",
    OVERDUE: "error",
    Status.IN_PROGRESS: "info",
    Status.NOT_STARTED: "",
    Status.CANCELLED: "muted",
}


def status_label(status: str) -> str:
    return str(OVERDUE_LABEL) if status == OVERDUE else str(Status(status).label)


@register.simple_tag
def status_badge(status: str):
    return format_html(
        '<span class="badge status-{} {}">{}</span>',
        status,
        _BADGE.get(status, ""),
        status_label(status),
    )


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
