"""Search over the document registry: one module, two backends.

Both backends index the same words: `search_key` folds the text (lower case, no
diacritics, đ → d, so tone placement and diacritic-free typing meet) and turns every
non-word character into a space, so that "88-KL/TU" becomes the words "88 kl tu" on SQLite
and on PostgreSQL alike and neither tokenizer has a say. A symbol typed as a query
("88-KL", "35-nq") is a prefix of a document's symbol or a phrase in any text (see Term).

- SQLite (embedded mode): an FTS5 table `documents_search` (rowid = document id; columns
  symbol, title, body).
- PostgreSQL: a table `documents_search` (document_id, tsvector with the weights A symbol,
  B title, D body) with a GIN index.

Both rank the same way (see "the query" below).

The tables are created by migration 0002 for the database at hand. The index stays current
through the Document signals connected here (apps.ready imports this module); bulk writes
that bypass signals call `search_index_documents`. Snippets and highlighting are computed
in Python on the returned page only, the same way on both backends (documents/snippets.py).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.documents.snippets import SNIPPET_SCAN_CHARS, Highlighter, letter_variants

TABLE = "documents_search"
MAX_TERMS = 12
# A tsvector holds at most 1 MB: the body is indexed up to here (about 150 pages), on both
# backends alike. Unique words make about 1.2 bytes of tsvector per character at worst.
MAX_BODY_CHARS = 500_000


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
    # True when more than `total` (MAX_TOTAL) documents match: "more than 500".
    capped: bool = False


# --- keys ----------------------------------------------------------------------------------
# `fold` of textkit made fast enough to index hundreds of megabytes (the benchmark): plain
# replaces for the đ family, one regular expression for the marks of the Latin script (all
# Vietnamese marks). A mark of another script is not a word character, so it splits the word
# on both sides alike.
_MARKS = re.compile("[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[\W_]+")


# Vietnamese (and any text of ASCII letters with marks) takes a path through bytes: marks
# dropped, case and separators turned by C loops, twice as fast as the regular expressions
# on a long text, when every character left outside ASCII once marks are set aside is a
# separator. Anything else takes the general path; both give the same words
# (tests/documents/test_search_key.py).
_OTHER = re.compile("[^\x00-\x7f\u0300-\u036f]")
_ASCII_SEPARATORS = bytes(c if chr(c).isalnum() and c < 0x80 else 0x20 for c in range(256))


def search_key(text: str) -> str:
    """The words of `text` as both backends index them: folded, separated by spaces."""
    for letter in "đĐÐð":
        text = text.replace(letter, "d")
    decomposed = unicodedata.normalize("NFD", text)
    letters_outside = False

    def space(match: re.Match[str]) -> str:
        nonlocal letters_outside
        letters_outside = letters_outside or match.group().isalnum()
        return " "

    spaced = _OTHER.sub(space, decomposed)
    if letters_outside:
        return _NON_WORD.sub(" ", _MARKS.sub("", decomposed).casefold()).strip()
    words = spaced.encode("ascii", "ignore").lower().translate(_ASCII_SEPARATORS)
    while b"  " in words:
        words = words.replace(b"  ", b" ")
    return words.strip().decode("ascii")


@dataclass(frozen=True)
class Term:
    """A word or a phrase of folded words, or a symbol typed (`symbol`).

    A symbol matches a document whose own symbol starts with it ("88-KL" finds 88-KL/TU:
    its words run together, "88kl", are a prefix of the symbol's, "88kltu") or a text that
    holds its words as a phrase (a mention of 88-KL/TU). Running the words together keeps the
    prefix long: "tu*" alone would read every word that starts with "tu".
    """

    words: tuple[str, ...]
    symbol: bool = False

    @property
    def code(self) -> str:
        return "".join(self.words)


# A chunk with a word character on both sides of "-" or "/" is a symbol (or part of one).
_SYMBOLISH = re.compile(r"\w[-/]\w")
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[Term]:
    """Terms of a query: plain words, "quoted phrases" and symbols."""
    terms: list[Term] = []
    for match in _CHUNK.finditer(query):
        quoted, chunk = match.groups()
        words = tuple(search_key(quoted if quoted is not None else chunk).split())
        if not words:
            continue
        if quoted is not None:
            found = [Term(words)]
        elif _SYMBOLISH.search(chunk):
            found = [Term(words, symbol=True)]
        else:
            found = [Term((word,)) for word in words]
        terms.extend(term for term in found if term not in terms)
    return terms[:MAX_TERMS]


# --- the index -----------------------------------------------------------------------------
def _heading_columns(symbol: str, type_name: str, title: str) -> tuple[str, str]:
    symbol = search_key(symbol)
    # The symbol's words, then the same run together: the code a symbol query is a prefix of.
    return f"{symbol} {symbol.replace(' ', '')}", search_key(f"{type_name} {title}")


def _columns(document: Document) -> tuple[str, str, str]:
    body = f"{document.issuer_name} {document.summary} {document.full_text}"[:MAX_BODY_CHARS]
    symbol, title = _heading_columns(document.symbol, document.type_name, document.title)
    return symbol, title, search_key(body)


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
# Ranking is by tiers, then newest registered first within a tier: a document whose symbol
# starts with each symbol typed and whose symbol or title holds every other word (first
# those whose symbol also holds each number typed: "nghi quyet 35" is 35-NQ/TW), then one
# whose symbol starts with each symbol typed, then the rest. `total` is counted up to
# MAX_TOTAL (`SearchPage.capped` says when more).
#
# Up to MAX_TOTAL matches, the one query that counts them also returns their symbols and
# titles, and the tiers are told apart in Python (`_tier_of`): one pass over the index,
# where a tier query of its own would read every word's list again (a tier with few
# documents, such as the headings that hold six common words, reads them to the end).
# Beyond it, each tier is read in document-id order up to the page, so a query that matches
# 100,000 documents costs what a page costs, where scoring every match with bm25 costs what
# the matches do (bench/README.md, `search.py`). Both backends rank alike either way.
ANYWHERE, SYMBOL, HEADING = "", "symbol", "heading"
type Condition = tuple[tuple[Term, str], ...]  # every term, each where it must occur
MAX_TOTAL = 500
_RANK_IN_PYTHON = True  # the tests turn it off to run the tier queries on a small corpus


def _tiers(terms: list[Term], symbol_terms: list[Term]) -> list[Condition]:
    """From the first tier to the last; each query term once, where the tier needs it."""
    wanted = tuple((term, SYMBOL) for term in symbol_terms)  # the `symbol` filter
    base = dict.fromkeys(terms, ANYWHERE)
    tiers = []
    if terms:
        heading = {term: SYMBOL if term.symbol else HEADING for term in terms}
        # "nghi quyet 35 nen tang…": the resolution numbered 35 before the plans whose titles
        # cite it, though every word is in the headings of both.
        numbers = {term: SYMBOL for term in terms if not term.symbol and term.code.isdigit()}
        if numbers:
            tiers.append(heading | numbers)
        tiers.append(heading)
    if any(term.symbol for term in terms):
        tiers.append(base | {term: SYMBOL for term in terms if term.symbol})
    tiers.append(base)
    conditions = [tuple(tier.items()) + wanted for tier in tiers]
    return list(dict.fromkeys(conditions))  # a query of symbols only: two tiers are one


def _holds(term: Term, where: str, symbol: str, title: str) -> bool:
    """Whether a document that matches every term somewhere matches `term` at `where`, on
    its heading columns (`_heading_columns`): what `_fts5` and `_tsquery` ask the index."""
    if where == ANYWHERE:
        return True
    if where == SYMBOL:
        return any(word.startswith(term.code) for word in symbol.split())
    phrase = f" {' '.join(term.words)} "
    return phrase in f" {symbol} " or phrase in f" {title} "


def _tier_of(tiers: list[Condition], symbol: str, title: str) -> int:
    for index, tier in enumerate(tiers):
        if all(_holds(term, where, symbol, title) for term, where in tier):
            return index
    return len(tiers) - 1


def _fts5(condition: Condition) -> str:
    # Every word is [\w]+ after search_key and is quoted: no FTS5 operator can slip in.
    parts = []
    for term, where in condition:
        phrase = '"' + " ".join(term.words) + '"'
        if where == HEADING:
            phrase = "{symbol title} : " + phrase
        if term.symbol:
            code = f'symbol : "{term.code}" *'
            phrase = code if where == SYMBOL else f"({code} OR {phrase})"
        elif where == SYMBOL:  # a number typed, as a word of the symbol
            phrase = f'symbol : "{term.code}" *'
        parts.append(phrase)
    return "(" + " AND ".join(parts) + ")"


def _tsquery(condition: Condition) -> str:
    parts = []
    for term, where in condition:
        weight = ":AB" if where == HEADING else ""
        phrase = "(" + " <-> ".join(f"'{word}'{weight}" for word in term.words) + ")"
        if term.symbol:
            code = f"'{term.code}':*A"
            phrase = code if where == SYMBOL else f"({code} | {phrase})"
        elif where == SYMBOL:
            phrase = f"'{term.code}':*A"
        parts.append(phrase)
    return "(" + " & ".join(parts) + ")"


def _tier_expression(tiers: list[Condition], index: int) -> str:
    """The match expression of tier `index` without the documents of the tiers before it."""
    if connection.vendor == "sqlite":
        expression = _fts5(tiers[index])
        for before in tiers[:index]:
            expression = f"({expression} NOT {_fts5(before)})"
        return expression
    return " & ".join([_tsquery(tiers[index])] + [f"!{_tsquery(t)}" for t in tiers[:index]])


def _matching(documents: QuerySet[Document], expression: str) -> QuerySet[Document]:
    """`documents` that match `expression`, in the order the index reads them fastest."""
    # extra(): a join with a table that is no model; the expression goes in as a parameter.
    if connection.vendor == "sqlite":
        return documents.extra(  # noqa: S610
            tables=[TABLE],
            where=[f"{TABLE}.rowid = documents_document.id", f"{TABLE} MATCH %s"],
            params=[expression],
            order_by=[f"-{TABLE}.rowid"],
        )
    return documents.extra(  # noqa: S610
        tables=[TABLE],
        where=[
            f"{TABLE}.document_id = documents_document.id",
            f"{TABLE}.vector @@ to_tsquery('simple', %s)",
        ],
        params=[expression],
    ).order_by("-id")


def _ranked_page(
    documents: QuerySet[Document], tiers: list[Condition], *, limit: int, offset: int
) -> list[tuple[Document, float]]:
    page: list[tuple[Document, float]] = []
    skip = offset
    for index in range(len(tiers)):
        wanted = limit - len(page)
        if wanted <= 0:
            break
        tier = _matching(documents, _tier_expression(tiers, index))
        found = list(_page_rows(tier)[skip : skip + wanted])
        score = float(len(tiers) - index)
        page.extend((document, score) for document in found)
        if found:
            skip = 0
        elif skip:
            skip -= tier[:skip].count()
    return page


def _ranked_rows(
    documents: QuerySet[Document],
    tiers: list[Condition],
    rows: list[tuple[int, str, str, str]],
    *,
    limit: int,
    offset: int,
) -> list[tuple[Document, float]]:
    """The page of `rows` (every match, newest first) ranked by tier in Python."""
    tier_of = {
        pk: _tier_of(tiers, *_heading_columns(symbol, type_name, title))
        for pk, symbol, type_name, title in rows
    }
    ranked = sorted(tier_of, key=tier_of.__getitem__)[offset : offset + limit]  # stable
    by_pk = _page_rows(documents).in_bulk(ranked)
    return [(by_pk[pk], float(len(tiers) - tier_of[pk])) for pk in ranked]


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

    Ranked by relevance tiers when the query has words, else newest first. `symbol` keeps
    the documents whose symbol starts with the one typed ("88-KL", "35-nq/tw").
    """
    documents = _filtered(
        user, type_code=type_code, issuer_code=issuer_code, year=year, relation_kind=relation_kind
    )
    terms = parse_query(query)
    symbol_words = tuple(search_key(symbol).split())
    symbol_terms = [Term(symbol_words, symbol=True)] if symbol_words else []
    tiers = _tiers(terms, symbol_terms)
    if terms:
        every_match = _matching(documents, _tier_expression(tiers[-1:], 0))
        found_rows = list(
            every_match.values_list("id", "symbol", "type_name", "title")[: MAX_TOTAL + 1]
        )
        total = len(found_rows)
        if total <= MAX_TOTAL and _RANK_IN_PYTHON:
            page = _ranked_rows(documents, tiers, found_rows, limit=limit, offset=offset)
        else:
            page = _ranked_page(documents, tiers, limit=limit, offset=offset)
    else:
        if symbol_terms:
            documents = _matching(documents, _tier_expression(tiers, 0))
        documents = documents.order_by("-issued_on", "-id")
        total = documents[: MAX_TOTAL + 1].count()
        found = _page_rows(documents)[offset : offset + limit]
        page = [(document, 0.0) for document in found]
    hits = search_hits(page, terms + symbol_terms)
    return SearchPage(hits=hits, total=min(total, MAX_TOTAL), capped=total > MAX_TOTAL)


def search_hits(page: list[tuple[Document, float]], terms: list[Term]) -> list[Hit]:
    """The page's documents with their titles and snippets, the words of `terms` marked.

    The text is read from `text_head` when the page's query fetched only its head."""
    marker = _highlighter(terms)
    hits = []
    for document, score in page:
        head = getattr(document, "text_head", None)
        text = document.full_text if head is None else head
        hits.append(
            Hit(
                document=document,
                score=score,
                title_html=marker.mark(document.title or document.symbol),
                snippet_html=marker.snippet(document.summary, text),
            )
        )
    return hits


_VARIANTS = letter_variants(search_key)


def _highlighter(terms: list[Term]) -> Highlighter:
    exact = sorted({w for t in terms for w in (t.words[:-1] if t.symbol else t.words)})
    prefixes = sorted({t.words[-1] for t in terms if t.symbol})
    return Highlighter(exact, prefixes, fold=search_key, variants=_VARIANTS)


def _page_rows(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a page shows: the documents with their units, and of the text only the head
    a snippet may come from (one character more tells that more follows)."""
    return (
        documents.select_related("orgunit", "issuer_unit")
        .defer("full_text")
        .annotate(text_head=Substr("full_text", 1, SNIPPET_SCAN_CHARS + 1))
    )
