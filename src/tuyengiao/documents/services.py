"""Writes for the document registry: prefill from a text, register, edit, link.

Relations are facts stated by the texts: a link is made to any registered document with the
cited symbol (and date when the text gives it), whoever may see it; the selectors hide what a
user may not read. A citation of a document not registered yet is kept as a placeholder,
which links itself when that document is registered.

What a user may learn of a document they cannot open is nothing, not even that it exists
(docs/design/document-visibility.md): registration refuses a duplicate only among the
documents the registering user may read.
"""

import hashlib
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import (
    Attachment,
    Document,
    DocumentRelation,
    RelationKind,
    System,
)
from tuyengiao.documents.parsers.header import HEADER_CHARS, header_lines
from tuyengiao.documents.selectors import (
    document_duplicate,
    documents_visible,
    issuer_unit_find,
)
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit import vocab
from tuyengiao.textkit.docnum import DocumentRef, canonical_symbol, scan_documents
from tuyengiao.textkit.normalize import normalize
from tuyengiao.textkit.relations import Relation, find_relations

# "Số 88-KL/TU", "Số: 25/2024/TT-BTC", "SỐ 91-KH/HU" opening a line (or a column of a
# flattened two-column header), not "Nghị quyết số 09-NQ/TU" inside a sentence.
_HEADER_NUMBER = re.compile(r"(?:^|\n|\t| {2})[ \t]*số\s*:?\s*$", re.IGNORECASE)
# The document naming itself in its body, right before a relation's cue.
_TYPE_WORDS = "|".join(sorted(map(re.escape, vocab.TYPE_WORDS), key=len, reverse=True))
_THIS_CUES = (
    r"(?=\s+(?:bãi bỏ|thay thế|sửa đổi|bổ sung|hướng dẫn|thực hiện|triển khai|cụ thể hóa"
    r"|cụ thể hoá|tiếp tục)(?!\w))"
)
_THIS_DOCUMENT = re.compile(rf"(?<!\w)(?P<tw>{_TYPE_WORDS}) này{_THIS_CUES}", re.IGNORECASE)
# The same, found from its "này": a pattern that opens with a group of 29 words is tried at
# every position of the text (15 ms over 50 pages), one that opens with a letter is not.
_THIS = re.compile(rf"này{_THIS_CUES}", re.IGNORECASE)
_TYPE_BEFORE = re.compile(rf"(?<!\w)(?:{_TYPE_WORDS}) \Z", re.IGNORECASE)
_LONGEST_TYPE = max(map(len, vocab.TYPE_WORDS)) + 1


@dataclass
class PrefillRelation:
    kind: str
    target_symbol: str
    target_date: date | None = None


@dataclass
class Prefill:
    """What the toolkit reads in a text: the document's own header, and what it cites."""

    system: str = ""
    type_code: str = ""
    type_name: str = ""
    number: str = ""
    year: int | None = None
    issuer_code: str = ""
    issuer_name: str = ""
    symbol: str = ""
    issued_on: date | None = None
    title: str = ""
    references: list[PrefillRelation] = field(default_factory=list)
    issuer_unit: OrgUnit | None = None
    user: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def duplicate(self) -> Document | None:
        """The registered record of this document that `user` may read, looked up when
        asked: a registration does not ask, `document_register` checks under its lock."""
        if self.user is None or not self.symbol:
            return None
        return document_duplicate(user=self.user, symbol=self.symbol, issued_on=self.issued_on)


class DuplicateDocument(ValidationError):
    """The same document (symbol and issue date) is already registered."""

    def __init__(self, existing: Document):
        self.existing = existing
        when = existing.issued_on.strftime("%d/%m/%Y") if existing.issued_on else _("không rõ")
        super().__init__(
            _("Văn bản %(symbol)s (ngày ban hành: %(date)s) đã được đăng ký.")
            % {"symbol": existing.symbol, "date": when},
            code="duplicate",
        )


# ------------------------------------------------------------------------------- prefill


def document_prefill(*, text: str, user=None) -> Prefill:
    """Read the header of `text` to fill the registration form; nothing is saved.

    With `user`, `duplicate` is the registered record of this document that they may read
    (looked up when read) and `issuer_unit` the unit of the tree the header names as issuer,
    among those they may choose. A Party symbol carries no year: `year` is then the issue
    date's.
    """
    header = header_lines(normalize(text))
    read, documents, relations = _documents_and_relations(header.text)
    own, in_header = _own_header(read, documents)
    if own is None:
        return Prefill()
    relations = relations + _self_named_relations(read, own.symbol)
    # Two documents under one symbol (two terms): the relation does not say which is meant.
    dates: dict[str, date | None] = {}
    for doc in documents:
        dates[doc.symbol] = doc.date if dates.get(doc.symbol, doc.date) == doc.date else None
    references: list[PrefillRelation] = []
    seen: set[tuple[str, str]] = set()
    for relation in relations:
        key = (relation.kind, relation.target)
        if relation.source != own.symbol or relation.target == own.symbol or key in seen:
            continue
        seen.add(key)
        references.append(PrefillRelation(relation.kind, relation.target, dates[relation.target]))
    return Prefill(
        system=own.system,
        type_code=own.type_code or "",
        type_name=own.type_name or "",
        number=own.number,
        year=own.year or (own.date.year if own.date else None),
        issuer_code=own.issuer_code or "",
        issuer_name=own.issuer or (header.organ if in_header else ""),
        symbol=own.symbol,
        issued_on=own.date,
        title=own.title or "",
        references=references,
        user=user,
        issuer_unit=None
        if user is None or not in_header
        else issuer_unit_find(user=user, organ=header.organ, column=header.column),
    )


def _documents_and_relations(text: str) -> tuple[str, list[DocumentRef], list[Relation]]:
    """The normalised text, the documents it cites and the relations it states: what
    `extract` gives of them. Its dates, figures and meetings are not read here: on a long
    report they are two thirds of its time (bench/README.md, `register.py`)."""
    read = normalize(text)
    scan = scan_documents(read)
    return read, scan.documents, find_relations(read, scan)


def _self_named_relations(text: str, symbol: str) -> list[Relation]:
    """ "Thông tư này thay thế Thông tư số 76/2018/TT-BTC": the paragraphs where the document
    names itself are read again with its number in place of "này", so the toolkit sees who
    replaces what. Only those paragraphs: the whole text would cost a second extraction."""
    paragraphs = []
    end = 0
    for this in _THIS.finditer(text):
        # The type word right before "này", the longest that fits (as _THIS_DOCUMENT reads).
        named = _TYPE_BEFORE.search(text, max(0, this.start() - _LONGEST_TYPE), this.start())
        if named is None or named.start() < end:
            continue
        start = text.rfind("\n", 0, named.start()) + 1
        end = text.find("\n", this.end())
        end = len(text) if end < 0 else end
        paragraphs.append(text[start:end])
    if not paragraphs:
        return []
    named_text = _THIS_DOCUMENT.sub(lambda m: f"{m['tw']} số {symbol}", "\n".join(paragraphs))
    return [r for r in _documents_and_relations(named_text)[2] if r.source == symbol]


def _own_header(text: str, documents: list[DocumentRef]) -> tuple[DocumentRef | None, bool]:
    """The number written "Số …" near the top (and True), else the first document the text
    names (and False: a news article or an extract, with no header)."""
    best: tuple[int, DocumentRef] | None = None
    for doc in documents:
        for start, _end in doc.mentions:
            if start >= HEADER_CHARS:
                break
            if _HEADER_NUMBER.search(text, max(0, start - 12), start):
                if best is None or start < best[0]:
                    best = (start, doc)
                break
    if best is not None:
        return best[1], True
    return (documents[0] if documents else None), False


# ------------------------------------------------------------------------------- register


def document_register(
    *,
    user,
    orgunit: OrgUnit,
    system: str,
    symbol: str,
    number: str,
    type_code: str = "",
    type_name: str = "",
    year: int | None = None,
    issuer_code: str = "",
    issuer_name: str = "",
    issuer_unit: OrgUnit | None = None,
    issued_on: date | None = None,
    title: str = "",
    summary: str = "",
    full_text: str = "",
    confidential: bool = False,
    references: Iterable[PrefillRelation | Mapping[str, Any]] = (),
    upload=None,
) -> Document:
    """Register a document held by `orgunit`, its references and its file, in one transaction.

    `upload` is a Django File (an UploadedFile, or a ContentFile with a name). Raises
    PermissionDenied without the editor role on `orgunit`, DuplicateDocument when the user
    may read a document with the same (symbol, issue date), ValidationError for bad fields.
    """
    require_role(user, orgunit, role=Role.EDITOR)
    document = Document(
        system=system,
        type_code=type_code.strip(),
        type_name=normalize(type_name).strip(),
        number=number.strip(),
        year=year,
        issuer_code=issuer_code.strip(),
        issuer_name=normalize(issuer_name).strip(),
        issuer_unit=issuer_unit,
        symbol=_canonical(symbol),
        issued_on=issued_on,
        title=normalize(title).strip(),
        summary=normalize(summary).strip(),
        full_text=normalize(full_text),
        confidential=confidential,
        orgunit=orgunit,
        registered_by=user,
    )
    with transaction.atomic():
        _check_fields(document)
        _save_unique(document, user=user)
        _relations_create(document, references)
        _placeholders_link(document)
        if upload is not None:
            _attachment_create(document, upload, user=user)
    return document


def _require_editable(user, document: Document) -> None:
    require_role(user, document.orgunit, role=Role.EDITOR)
    if not documents_visible(user).filter(pk=document.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))


def _canonical(symbol: str) -> str:
    """`35 - nq/tư` → `35-NQ/TW`; a symbol the toolkit cannot parse is kept as typed."""
    typed = " ".join(normalize(symbol).split())
    return canonical_symbol(typed) or typed


def _check_fields(document: Document) -> None:
    if not document.symbol:
        raise ValidationError({"symbol": _("Cần nhập số, ký hiệu văn bản.")})
    if not document.number:
        raise ValidationError({"number": _("Cần nhập số văn bản.")})
    if document.system not in System.values:
        raise ValidationError({"system": _("Hệ thống văn bản không hợp lệ.")})
    # Constraints are checked by _save_unique, with the message that links to the first.
    document.full_clean(exclude=["registered_by", "orgunit"], validate_constraints=False)


def _identity_lock(symbol: str) -> None:
    """One registration or edit of a symbol at a time, until the transaction ends, so that
    two records of one document cannot both pass the check. The database cannot refuse
    them itself: two records of one identity are allowed when one may not see the other.

    PostgreSQL only, by an advisory lock (the single-key space: the reporting workflow's
    two-key locks never meet it). SQLite needs none: a write transaction holds the
    database's one write lock from its start (settings: IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"document:{symbol}"])


def _save_unique(document: Document, *, user) -> None:
    _identity_lock(document.symbol)
    existing = document_duplicate(
        user=user, symbol=document.symbol, issued_on=document.issued_on, exclude_pk=document.pk
    )
    if existing is not None:
        raise DuplicateDocument(existing)
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL aborts the transaction otherwise
            document.save()
    except IntegrityError:
        # The unit already holds it (the constraint's case, which its editors always see).
        existing = document_duplicate(
            user=user, symbol=document.symbol, issued_on=document.issued_on
        )
        if existing is None:
            raise
        raise DuplicateDocument(existing) from None


# ------------------------------------------------------------------------------- relations


def _reference(ref: PrefillRelation | Mapping[str, Any]) -> PrefillRelation:
    if isinstance(ref, Mapping):
        ref = PrefillRelation(
            kind=ref["kind"], target_symbol=ref["target_symbol"], target_date=ref.get("target_date")
        )
    target_date = ref.target_date
    if isinstance(target_date, str):  # JSON and form data: "2023-09-05"
        try:
            target_date = date.fromisoformat(target_date) if target_date else None
        except ValueError:
            raise ValidationError(
                {"references": _("Ngày không hợp lệ: %(value)s") % {"value": target_date}}
            ) from None
    if ref.kind not in RelationKind.values:
        raise ValidationError(
            {"references": _("Loại liên kết không hợp lệ: %(kind)s") % {"kind": ref.kind}}
        )
    return PrefillRelation(ref.kind, _canonical(ref.target_symbol), target_date)


def _relations_create(
    document: Document, references: Iterable[PrefillRelation | Mapping[str, Any]]
) -> None:
    wanted: dict[tuple[str, str], PrefillRelation] = {}
    for raw in references:
        ref = _reference(raw)
        if ref.target_symbol and ref.target_symbol != document.symbol:
            wanted.setdefault((ref.kind, ref.target_symbol), ref)
    if not wanted:
        return
    candidates = _candidates({ref.target_symbol for ref in wanted.values()})
    for ref in wanted.values():
        target = _pick(candidates.get(ref.target_symbol, []), ref.target_date, document)
        DocumentRelation.objects.create(
            source=document,
            kind=ref.kind,
            target=target,
            target_symbol=ref.target_symbol,
            target_date=ref.target_date,
        )


def _candidates(symbols: set[str]) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = {}
    for doc in Document.objects.filter(symbol__in=symbols).only("pk", "symbol", "issued_on"):
        found.setdefault(doc.symbol, []).append(doc)
    return found


def _pick(candidates: list[Document], target_date: date | None, source: Document):
    """The registered document a citation means, or None (a placeholder).

    With a date, only that date. Without one, the latest issued no later than the citing
    document: Party numbering restarts every term, and a text cites what came before it.
    """
    if target_date is not None:
        return next((doc for doc in candidates if doc.issued_on == target_date), None)
    eligible = [
        doc
        for doc in candidates
        if doc.pk != source.pk
        and not (source.issued_on and doc.issued_on and doc.issued_on > source.issued_on)
    ]
    return max(eligible, key=lambda doc: doc.issued_on or date.min, default=None)


def _placeholders_link(document: Document) -> None:
    """Placeholders in other documents that cite this one become links."""
    waiting = DocumentRelation.objects.filter(
        target__isnull=True, target_symbol=document.symbol
    ).exclude(source=document)
    if document.issued_on is None:
        waiting = waiting.filter(target_date__isnull=True)
    else:
        waiting = waiting.filter(
            Q(target_date__isnull=True) | Q(target_date=document.issued_on)
        ).exclude(source__issued_on__lt=document.issued_on)
    for relation in waiting:
        relation.target = document
        relation.save(update_fields=["target"])  # one by one: each change is audited


def _links_unmake(document: Document) -> None:
    """Links that no longer match the document's symbol or date go back to placeholders."""
    stale = DocumentRelation.objects.filter(target=document).exclude(
        Q(target_symbol=document.symbol)
        & (Q(target_date__isnull=True) | Q(target_date=document.issued_on))
    )
    for relation in stale:
        relation.target = None
        relation.save(update_fields=["target"])


def _attachment_create(document: Document, upload, *, user) -> Attachment:
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    filename = PurePath(upload.name or "tep").name
    content_type = getattr(upload, "content_type", None) or mimetypes.guess_type(filename)[0]
    attachment = Attachment(
        document=document,
        filename=filename,
        content_type=content_type or "application/octet-stream",
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save(filename, upload, save=False)
    attachment.save()
    return attachment


# ------------------------------------------------------------------------------- edit

_EDITABLE = frozenset(
    {
        "system",
        "type_code",
        "type_name",
        "number",
        "year",
        "issuer_code",
        "issuer_name",
        "issuer_unit",
        "symbol",
        "issued_on",
        "title",
        "summary",
        "full_text",
        "confidential",
        "orgunit",
    }
)
_TEXT_FIELDS = frozenset({"type_name", "issuer_name", "title", "summary"})


def document_update(*, user, document: Document, **fields) -> Document:
    """Change fields of a registered document; links follow a changed symbol or date."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"document_update: not editable: {', '.join(sorted(unknown))}")
    _require_editable(user, document)
    if "orgunit" in fields and fields["orgunit"] != document.orgunit:
        require_role(user, fields["orgunit"], role=Role.EDITOR)
    identity = (document.symbol, document.issued_on)
    for name, value in fields.items():
        if name == "symbol":
            value = _canonical(value)
        elif name in _TEXT_FIELDS:
            value = normalize(value or "").strip()
        elif name == "full_text":
            value = normalize(value or "")
        setattr(document, name, value)
    with transaction.atomic():
        _check_fields(document)
        _save_unique(document, user=user)
        if (document.symbol, document.issued_on) != identity:
            _links_unmake(document)
            _placeholders_link(document)
    return document


def relation_add(
    *, user, source: Document, kind: str, target_symbol: str, target_date: date | None = None
) -> DocumentRelation:
    """Link `source` to the document `target_symbol` (a placeholder until it is registered)."""
    _require_editable(user, source)
    ref = _reference(PrefillRelation(kind, target_symbol, target_date))
    if not ref.target_symbol:
        raise ValidationError({"target_symbol": _("Cần nhập số, ký hiệu văn bản liên quan.")})
    if ref.target_symbol == source.symbol:
        raise ValidationError({"target_symbol": _("Văn bản không thể liên kết với chính nó.")})
    if DocumentRelation.objects.filter(
        source=source, kind=ref.kind, target_symbol=ref.target_symbol
    ).exists():
        raise ValidationError(_("Liên kết này đã có."), code="duplicate")
    candidates = _candidates({ref.target_symbol}).get(ref.target_symbol, [])
    return DocumentRelation.objects.create(
        source=source,
        kind=ref.kind,
        target=_pick(candidates, ref.target_date, source),
        target_symbol=ref.target_symbol,
        target_date=ref.target_date,
    )


def relation_remove(*, user, relation: DocumentRelation) -> None:
    _require_editable(user, relation.source)
    relation.delete()
