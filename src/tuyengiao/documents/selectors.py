"""Reads for the document registry. Every list of documents starts from `documents_visible`."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_filter, scope_paths, units_in_scope
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.normalize import fold


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


def document_get_visible_or_404(*, user, pk) -> Document:
    """One document the user may read, or 404: a hidden one looks exactly like a missing one."""
    try:
        return documents_visible(user).select_related("orgunit", "issuer_unit").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def document_duplicate(
    *, user, symbol: str, issued_on: date | None, exclude_pk: int | None = None
) -> Document | None:
    """The registered document with this identity (symbol, issue date) that `user` may read.

    Only what the user may read: a document they cannot open is not theirs to learn of, so a
    clash with one is no clash and they register their own record (docs/design/
    document-visibility.md). Two registrations without a date count as the same document:
    SQL's NULLs are distinct in a unique constraint, so this check is the only guard for them.
    """
    found = documents_visible(user).filter(symbol=symbol)
    found = found.filter(issued_on=issued_on) if issued_on else found.filter(issued_on__isnull=True)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("pk").first()


def editor_units(user) -> QuerySet[OrgUnit]:
    """Open units where `user` may register documents (and set tasks, and inspect)."""
    return units_in_scope(user, role=Role.EDITOR).filter(closed_on__isnull=True).order_by("path")


def issuer_units(user) -> QuerySet[OrgUnit]:
    """Units `user` may name as a document's issuer: their subtrees and the units above
    them (the province issues, the commune registers)."""
    return scope_filter(OrgUnit.objects.all(), user, path_field="path", with_ancestors=True)


def issuer_unit_find(*, user, organ: str, column: Sequence[str] = ()) -> OrgUnit | None:
    """The unit of the tree that issued a document, from the names its header gives.

    `organ` is the issuer the header names ("BAN THƯỜNG VỤ TỈNH ỦY", "ĐẢNG ỦY XÃ AN BÌNH"),
    `column` the upper-case lines above its number, nearest first ("BAN TUYÊN GIÁO VÀ DÂN
    VẬN", "TỈNH ỦY HÒA LÂM"). Names are compared folded (case, diacritics and tone placement
    aside), only among `issuer_units(user)`: what the person could choose. First a unit
    named as the nearest line or the organ, then one named from the nearest line whose
    parent the line above names ("Ban Tuyên giáo và Dân vận Tỉnh ủy" under "Tỉnh ủy Hòa
    Lâm"). None when no unit or several fit: the person chooses.
    """
    units = issuer_units(user).select_related("parent")
    # The issuer is the nearest line (or the "CỦA …" line); the lines above it are the
    # bodies it belongs to, never the issuer.
    keys = list(dict.fromkeys(fold(name) for name in (*column[:1], organ) if name.strip()))
    for key in keys:
        named = [u for u in _named_like(units, key) if key in (fold(u.name), fold(u.short_name))]
        if found := _only(named):
            return found
    if len(column) >= 2:
        key, above = fold(column[0]), fold(column[1])
        under = [
            u
            for u in _named_like(units, key)
            if fold(u.name).startswith(f"{key} ")
            and u.parent is not None
            and above in (fold(u.parent.name), fold(u.parent.short_name))
        ]
        if found := _only(under):
            return found
    return None


def _named_like(units: QuerySet[OrgUnit], key: str) -> QuerySet[OrgUnit]:
    # search_key is the folded name, short name and code: a coarse filter, checked in Python.
    return units.filter(search_key__contains=key)[:50]


def _only(units: Iterable[OrgUnit]) -> OrgUnit | None:
    """The one unit, or the one still open (a unit merged away keeps its old name)."""
    units = list(units)
    if len(units) > 1:
        today = timezone.localdate()
        units = [u for u in units if u.was_open_during(today, today)]
    return units[0] if len(units) == 1 else None


def document_relations(
    *, user, document: Document
) -> tuple[list[DocumentRelation], list[DocumentRelation]]:
    """(outgoing, incoming) relations of `document`, each marked `visible`.

    Outgoing includes placeholders (no target: `visible` is False). An outgoing target the
    user may not read becomes a placeholder here, in memory only (never save these rows): a
    document the user cannot open looks exactly like one not registered, so that a link
    tells no one that a confidential or a neighbour's document exists. When the user reads
    a record of the same document (symbol and date) held elsewhere, the link shows that
    one. Incoming relations come only from documents the user may read: that a
    neighbouring unit, or a confidential plan, answers this document is not the user's to
    know.
    """
    outgoing = list(
        document.outgoing.select_related("target").order_by("kind", "target_symbol", "pk")
    )
    incoming = list(
        DocumentRelation.objects.filter(target=document, source__in=documents_visible(user))
        .select_related("source")
        .order_by("-source__issued_on", "source__symbol", "pk")
    )
    targets = {r.target_id for r in outgoing if r.target_id}
    readable = set(documents_visible(user).filter(pk__in=targets).values_list("pk", flat=True))
    hidden = [r.target for r in outgoing if r.target is not None and r.target.pk not in readable]
    twins = _visible_twins(user, hidden)
    for relation in outgoing:
        if relation.target is not None and relation.target.pk not in readable:
            relation.target = twins.get((relation.target.symbol, relation.target.issued_on))
        relation.visible = relation.target is not None  # type: ignore[attr-defined]
    for relation in incoming:
        relation.visible = True  # type: ignore[attr-defined]
    return outgoing, incoming


def _visible_twins(user, documents: list[Document]) -> dict[tuple[str, date | None], Document]:
    """The records `user` may read of the same documents (symbol, issue date) as `documents`."""
    if not documents:
        return {}
    same = Q(pk__in=[])
    for doc in documents:
        same |= Q(symbol=doc.symbol, issued_on=doc.issued_on)  # None reads as IS NULL
    twins: dict[tuple[str, date | None], Document] = {}
    for twin in documents_visible(user).filter(same).order_by("-pk"):
        twins[(twin.symbol, twin.issued_on)] = twin  # the first registered wins
    return twins


# A lower document carries out a higher one through these; repeal/amend/replace do not.
DERIVING = (
    RelationKind.CONTINUES,
    RelationKind.CONCRETIZES,
    RelationKind.IMPLEMENTS,
    RelationKind.GUIDES,
)
MAX_DEPTH = 12  # resolution → conclusion → plan → programme… real chains are 3–5 deep


@dataclass
class DerivationNode:
    document: Document
    unit: OrgUnit  # the unit that holds the document
    kind: str  # how it derives from its parent node
    children: list["DerivationNode"] = field(default_factory=list)


def derivation_tree(*, user, document: Document) -> list[DerivationNode]:
    """Every document the user may read that (transitively) continues, concretizes,
    implements or guides `document`.

    Each level is ordered by the holding unit (tree order), then issue date, so a template
    can group siblings by unit. A document reached twice appears once, under the first
    path found (breadth first: the shortest chain).
    """
    visible = documents_visible(user)
    roots: list[DerivationNode] = []
    children_of: dict[int, list[DerivationNode]] = {document.pk: roots}
    frontier = [document.pk]
    for _depth in range(MAX_DEPTH):
        if not frontier:
            break
        relations = (
            DocumentRelation.objects.filter(
                # Correlated: `source__in=visible` listed the whole registry in scope.
                Exists(visible.filter(pk=OuterRef("source_id"))),
                target_id__in=frontier,
                kind__in=DERIVING,
            )
            .select_related("source__orgunit")
            .order_by("pk")
        )
        frontier = []
        for relation in relations:
            if relation.source_id in children_of:
                continue
            node = DerivationNode(relation.source, relation.source.orgunit, relation.kind)
            children_of[relation.target_id].append(node)  # type: ignore[index]
            children_of[relation.source_id] = node.children
            frontier.append(relation.source_id)
    for siblings in children_of.values():
        siblings.sort(key=_node_order)
    return roots


def _node_order(node: DerivationNode) -> tuple[str, date, str]:
    return (node.unit.path, node.document.issued_on or date.min, node.document.symbol)
