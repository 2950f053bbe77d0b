from django import template

from tuyengiao.documents.models import RelationKind

register = template.Library()


@register.filter
def relation_label(kind: str) -> str:
    """The Vietnamese words for a relation kind stored as its code ("concretizes")."""
    try:
        return str(RelationKind(kind).label)
    except ValueError:
        return kind
