"""Search over the document registry: one module, two backends.

Both backends index the same words: `search_key` folds the text (lower case, no
diacritics, đ → d, so tone placement and diacritic-free typing meet) and turns every
non-word character into a space, so that "88-KL/TU" becomes the words "88 kl tu" on SQLite
and on PostgreSQL alike and neither tokenizer has a say. A symbol typed as a query
("88-KL", "35-nq") becomes a phrase whose last word is a prefix.

- SQLite (embedded mode): an FTS5 table `documents_search` (rowid = document id; columns
  symbol, title, body), ranked by bm25 with the symbol and the title weighing more.
- PostgreSQL: a table `documents_search` (document_id, tsvector with the weights A symbol,
  B title, D body) with a GIN index, ranked by ts_rank.

The tables are created by migration 0002 for the database at hand. The index stays current
through the Document signals connected here (apps.ready imports this module); bulk writes
that bypass signals call `search_index_documents`. Snippets and highlighting are computed
in Python on the returned page only, the same way on both backends.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape

from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.textkit.normalize import normalize

TABLE = "documents_search"
# Column weights: a word of the symbol or the title says more than one in the body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
MAX_TERMS = 12
SNIPPET_CHARS = 220


@dataclass
class Hit:
    document: Document
    score: float
    title_html: str
    snippet_html: str


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int


# --- keys ----------------------------------------------------------------------------------
# `fold` of textkit, without its whitespace pass and with a regular expression for the marks:
# indexing reads hundreds of megabytes in the benchmark.
_COMBINING = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x20000) if unicodedata.combining(chr(c))) + "]+"
)
_D = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_NON_WORD = re.compile(r"[\W_]+")


def search_key(text: str) -> str:
    """The words of `text` as both backends index them: folded, separated by spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return _NON_WORD.sub(" ", _COMBINING.sub("", decomposed).casefold()).strip()


@dataclass(frozen=True)
class Term:
    """A word or a phrase of folded words; with `prefix`, its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


# A chunk with a word character on both sides of "-" or "/" is a symbol (or part of one).
_SYMBOLISH = re.compile(r"\w[-/]\w")
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[Term]:
    """Terms of a query: plain words, "quoted phrases" and symbols as prefix phrases."""
    terms: list[Term] = []
    for match in _CHUNK.finditer(query):
        quoted, chunk = match.groups()
        words = tuple(search_key(quoted if quoted is not None else chunk).split())
        if not words:
            continue
        if quoted is not None:
            found = [Term(words)]
        elif _SYMBOLISH.search(chunk):
            found = [Term(words, prefix=True)]
        else:
            found = [Term((word,)) for word in words]
        terms.extend(term for term in found if term not in terms)
    return terms[:MAX_TERMS]


# --- the index -----------------------------------------------------------------------------
def _columns(document: Document) -> tuple[str, str, str]:
    title = f"{document.type_name} {document.title}"
    body = f"{document.issuer_name} {document.summary} {document.full_text}"
    return search_key(document.symbol), search_key(title), search_key(body)


def search_index_documents(documents: Iterable[Document]) -> int:
    """(Re)index `documents` in one batch; returns how many. For writes without signals."""
    rows = [(document.pk, *_columns(document)) for document in documents]
    if not rows:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # TABLE is a constant and every value is a parameter (likewise below).
            delete = f"DELETE FROM {TABLE} WHERE rowid = %s"  # noqa: S608
            cursor.executemany(delete, [(row[0],) for row in rows])
            columns = "(rowid, symbol, title, body) VALUES (%s, %s, %s, %s)"
            insert = f"INSERT INTO {TABLE} {columns}"
            cursor.executemany(insert, rows)
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} (document_id, vector) VALUES (%s, "  # noqa: S608
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'D')) "
                "ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector",
                rows,
            )
    return len(rows)


def search_index_document(document: Document) -> None:
    search_index_documents([document])


def search_remove_document(pk: int) -> None:
    column = "rowid" if connection.vendor == "sqlite" else "document_id"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE {column} = %s", [pk])  # noqa: S608


@receiver(post_save, sender=Document, dispatch_uid="documents_search_index")
def _index_on_save(sender, instance: Document, raw: bool = False, **kwargs) -> None:
    # Fixtures (raw) are indexed like any save: the search must find what they load.
    search_index_document(instance)


@receiver(post_delete, sender=Document, dispatch_uid="documents_search_remove")
def _remove_on_delete(sender, instance: Document, **kwargs) -> None:
    search_remove_document(instance.pk)


# --- the query -----------------------------------------------------------------------------
def _fts5_expression(terms: list[Term], *, column: str = "") -> str:
    # Every word is [\w]+ after search_key and is quoted: no FTS5 operator can slip in.
    parts = []
    for term in terms:
        phrase = '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")
        parts.append(f"{column} : {phrase}" if column else phrase)
    return " AND ".join(parts)


def _tsquery_expression(terms: list[Term], *, weight: str = "") -> str:
    parts = []
    for term in terms:
        words = [f"'{word}'{':' + weight if weight else ''}" for word in term.words]
        if term.prefix:
            words[-1] = f"'{term.words[-1]}':*{weight}"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def _with_text_match(
    documents: QuerySet[Document], terms: list[Term], symbol_terms: list[Term]
) -> QuerySet[Document]:
    """`documents` restricted to the index's matches, each with `search_score` (higher wins)."""
    if connection.vendor == "sqlite":
        expressions = [e for e in (_fts5_expression(terms),) if e]
        if symbol_terms:
            expressions.append(_fts5_expression(symbol_terms, column="symbol"))
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        # extra(): a join with a table that is no model; the query goes in as a parameter.
        return documents.extra(  # noqa: S610
            select={"search_score": f"-bm25({TABLE}, {weights})"},
            tables=[TABLE],
            where=[f"{TABLE}.rowid = documents_document.id", f"{TABLE} MATCH %s"],
            params=[" AND ".join(expressions)],
        )
    expressions = [e for e in (_tsquery_expression(terms),) if e]
    if symbol_terms:
        expressions.append(_tsquery_expression(symbol_terms, weight="A"))
    tsquery = " & ".join(expressions)
    return documents.extra(  # noqa: S610
        select={"search_score": f"ts_rank({TABLE}.vector, to_tsquery('simple', %s))"},
        select_params=[tsquery],
        tables=[TABLE],
        where=[
            f"{TABLE}.document_id = documents_document.id",
            f"{TABLE}.vector @@ to_tsquery('simple', %s)",
        ],
        params=[tsquery],
    )


def _filtered(
    user, *, type_code: str, issuer_code: str, year: int | None, relation_kind: str
) -> QuerySet[Document]:
    documents = documents_visible(user)
    if type_code:
        documents = documents.filter(type_code__iexact=type_code)
    if issuer_code:
        documents = documents.filter(
            Q(issuer_code__iexact=issuer_code) | Q(issuer_unit__code__iexact=issuer_code)
        )
    if year:
        # Party documents carry no number year: their year is the issue date's.
        documents = documents.filter(Q(year=year) | Q(year__isnull=True, issued_on__year=year))
    if relation_kind:
        # Either end of a link of that kind: "documents that concretize or are concretized".
        documents = documents.filter(
            Exists(DocumentRelation.objects.filter(source=OuterRef("pk"), kind=relation_kind))
            | Exists(DocumentRelation.objects.filter(target=OuterRef("pk"), kind=relation_kind))
        )
    return documents


def search_documents(
    *,
    user,
    query: str = "",
    symbol: str = "",
    type_code: str = "",
    issuer_code: str = "",
    year: int | None = None,
    relation_kind: str = "",
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """A page of the documents `user` may read that match `query` and the filters.

    Ranked by relevance when the query has words, else newest first. `symbol` keeps the
    documents whose symbol starts with the words typed ("88-KL", "35-nq/tw").
    """
    documents = _filtered(
        user, type_code=type_code, issuer_code=issuer_code, year=year, relation_kind=relation_kind
    )
    terms = parse_query(query)
    symbol_words = tuple(search_key(symbol).split())
    symbol_terms = [Term(symbol_words, prefix=True)] if symbol_words else []
    if terms or symbol_terms:
        documents = _with_text_match(documents, terms, symbol_terms)
    if terms:
        documents = documents.order_by("-search_score", "-issued_on", "-id")  # type: ignore[misc]
    else:
        documents = documents.order_by("-issued_on", "-id")
    total = documents.count()
    page = list(documents.select_related("orgunit", "issuer_unit")[offset : offset + limit])
    marker = _Highlighter(terms + symbol_terms)
    hits = [
        Hit(
            document=document,
            score=float(getattr(document, "search_score", 0.0) or 0.0),
            title_html=marker.mark(document.title or document.symbol),
            snippet_html=marker.snippet(document.summary, document.full_text),
        )
        for document in page
    ]
    return SearchPage(hits=hits, total=total)


# --- snippets ------------------------------------------------------------------------------
def _fold_table() -> dict[int, str]:
    # Each precomposed letter folds to one letter: the folded text keeps every offset, so a
    # match found in it marks the same span of the original.
    table = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = search_key(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


_SAME_LENGTH_FOLD = _fold_table()


class _Highlighter:
    def __init__(self, terms: list[Term]) -> None:
        exact = sorted({w for t in terms for w in (t.words[:-1] if t.prefix else t.words)})
        prefixes = sorted({t.words[-1] for t in terms if t.prefix})
        alternatives = [re.escape(w) for w in exact]
        alternatives += [re.escape(p) + r"\w*" for p in prefixes]
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            if alternatives
            else None
        )

    def _matches(self, text: str) -> list[re.Match[str]]:
        if self.pattern is None:
            return []
        return list(self.pattern.finditer(text.translate(_SAME_LENGTH_FOLD)))

    def mark(self, text: str, start: int = 0, end: int | None = None) -> str:
        text = normalize(text)
        end = len(text) if end is None else end
        pieces: list[str] = []
        position = start
        for match in self._matches(text[start:end]):
            pieces.append(escape(text[position : start + match.start()]))
            pieces.append(
                f"<mark>{escape(text[start + match.start() : start + match.end()])}</mark>"
            )
            position = start + match.end()
        pieces.append(escape(text[position:end]))
        return "".join(pieces)

    def snippet(self, *sources: str) -> str:
        """About SNIPPET_CHARS of the source passage with the most distinct matched words."""
        best: tuple[int, str, int] | None = None
        for source in sources:
            text = normalize(source)
            matches = self._matches(text)[:500]
            # A sliding window over the matches, counting the distinct words inside it.
            inside: Counter[str] = Counter()
            left = 0
            for match in matches:
                inside[match.group()] += 1
                while match.end() - matches[left].start() > SNIPPET_CHARS:
                    inside[matches[left].group()] -= 1
                    if not inside[matches[left].group()]:
                        del inside[matches[left].group()]
                    left += 1
                if best is None or len(inside) > best[0]:
                    best = (len(inside), text, matches[left].start())
        if best is None:
            return self._cut(normalize(next((s for s in sources if s.strip()), "")), 0)
        _, text, start = best
        return self._cut(text, max(0, start - SNIPPET_CHARS // 4))

    def _cut(self, text: str, start: int) -> str:
        if start > 0:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        html = self.mark(text, start, end)
        return ("… " if start > 0 else "") + html + (" …" if end < len(text) else "")
