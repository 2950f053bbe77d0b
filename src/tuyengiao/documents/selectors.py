"""Reads for the document registry. Every list of documents starts from `documents_visible`."""

from django.db.models import Q, QuerySet

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_filter, scope_paths
from tuyengiao.documents.models import Document


def documents_visible(user) -> QuerySet[Document]:
    """Documents `user` may read.

    Directives come down the tree: a user reads what the units of their subtrees hold and
    what the units above them hold, never what a neighbouring subtree holds. A confidential
    document is read only by approvers and unit administrators whose subtree holds it.
    """
    visible = scope_filter(
        Document.objects.all(), user, path_field="orgunit__path", with_ancestors=True
    )
    trusted = scope_paths(user, role=Role.APPROVER)
    if trusted is None:
        return visible
    if not trusted:
        return visible.filter(confidential=False)
    may_read_confidential = Q()
    for path in trusted:
        may_read_confidential |= Q(orgunit__path__startswith=path)
    return visible.filter(Q(confidential=False) | may_read_confidential)
