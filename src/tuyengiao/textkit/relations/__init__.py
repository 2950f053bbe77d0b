"""Relations between cited documents, as the text states them (DOMAIN.md §1).

Four readings, most explicit first; the first kind found for a pair of documents wins:
1. the text's own document (its header number) speaking for itself: title or "V/v" line,
   articles ("Điều 1. Bãi bỏ …"), "Quyết định này thay thế …" (`own`);
2. a sentence opening with a cue ("Thực hiện X, Y; … ban hành Kế hoạch số Z",
   "Để triển khai X, Kế hoạch Z đề ra …"): Z acts on every document the opening names
   directly, not on those inside their titles (`clauses`);
3. neighbouring documents inside one clause, a cue between them: "Kết luận số 88-KL/TU về
   tiếp tục thực hiện Nghị quyết số 09-NQ/TU" (active), "X được thay thế bởi Y" (passive);
4. a title clause after a number: "Kế hoạch số Y về triển khai Nghị quyết X".
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from tuyengiao.textkit.docnum import DocScan, Mention
from tuyengiao.textkit.frozen import fast_init
from tuyengiao.textkit.relations import cues, own
from tuyengiao.textkit.relations.clauses import about, breaks, pair_relations, passive_lists
from tuyengiao.textkit.relations.lists import enumerations
from tuyengiao.textkit.relations.openings import opening_relations
from tuyengiao.textkit.relations.registry import registry_relations
from tuyengiao.textkit.relations.rows import row_relations
from tuyengiao.textkit.relations.status import status_relations

KINDS = cues.KINDS


@fast_init
@dataclass(frozen=True, slots=True)
class Relation:
    source: str
    target: str
    kind: str
    start: int  # the stretch of text that states it
    end: int


def find_relations(text: str, scan: DocScan) -> list[Relation]:
    """Relations stated between the documents of `scan`, one per pair of documents."""
    if len(scan.mentions) < 2:
        return []
    symbols = [doc.symbol for doc in scan.documents]
    types = [doc.type_code for doc in scan.documents]
    mine = own.own_document(text, scan)
    mentions = (
        own.self_mentions(text, scan, mine) if mine else own.demonstrative_mentions(text, scan)
    )
    mentions = own.anaphoric_mentions(text, scan, mentions)
    found: dict[tuple[str, ...], Relation] = {}

    def keep(source: int, target: int, kind: str, start: int, end: int) -> None:
        if source == target:
            return
        found.setdefault(
            (symbols[source], symbols[target]),
            Relation(symbols[source], symbols[target], kind, start, end),
        )

    if mine:
        for target, kind, start, end in own.title_relations(text, mentions, mine, types):
            keep(mine.doc, target, kind, start, end)
        for target, kind, start, end in own.article_relations(text, mentions, mine):
            keep(mine.doc, target, kind, start, end)
    m = scan.mentions[0]
    for source, target, kind in status_relations(text, scan.mentions):
        # Each row of a history table is a statement of its own: "Bị thay thế X" and "Được
        # bổ sung X" on two rows are two relations between the same documents.
        known = found.get((symbols[source], symbols[target]))
        if known is not None and known.kind != kind and source != target:
            found.setdefault(
                (symbols[source], symbols[target], kind),
                Relation(symbols[source], symbols[target], kind, m.lead, m.end),
            )
        keep(source, target, kind, m.lead, m.end)
    for source, target, kind in registry_relations(text, scan.mentions, mine.doc if mine else None):
        keep(source, target, kind, m.lead, m.end)
    for source, target, kind in row_relations(text, scan.mentions, types):
        keep(source, target, kind, m.lead, m.end)
    clause, sentence = breaks(text, mentions)
    for source, target, kind, start, end in opening_relations(
        text, mentions, types, mine, (clause, sentence)
    ):
        keep(source, target, kind, start, end)
    for source, target, kind, start, end in passive_lists(text, mentions, types):
        keep(source, target, kind, start, end)
    for source, target, kind, start, end in enumerations(text, mentions, types):
        keep(source, target, kind, start, end)
    for source, target, kind, start, end in pair_relations(text, mentions, types, clause):
        keep(source, target, kind, start, end)
    for relation in _from_titles(text, scan):
        found.setdefault((relation.source, relation.target), relation)
    return list(found.values())


def _from_titles(text: str, scan: DocScan) -> list[Relation]:
    """A title under a header names what the document answers: "KẾ HOẠCH / thực hiện
    Kết luận số 224-KL/TU" (the title is not in the number's sentence)."""
    found: list[Relation] = []
    leads = [m.lead for m in scan.mentions]
    for index, doc in enumerate(scan.documents):
        if doc.title_span is None:
            continue
        start, end = doc.title_span
        for mention in scan.mentions[bisect_left(leads, start) :]:
            if mention.lead >= end:
                break
            if mention.doc == index or mention.end > end:
                continue
            cue = cues.cue_before(text, start, mention.lead)
            if cue and _own_cue(text, start, cue):
                target = scan.documents[mention.doc].symbol
                kind = cues.kind_of(cue, doc.type_code)
                if kind == "implements" and about(text, start, cue.start(), doc.type_code):
                    break
                found.append(Relation(doc.symbol, target, kind, start, mention.end))
            break  # only the first document a title names
    return found


def _own_cue(text: str, start: int, cue: re.Match[str]) -> bool:
    """Whether the title's cue is the titled document's, not that of a noun phrase
    coordinated inside the title ("… và Chương trình hành động … thực hiện Y")."""
    if cues.is_review(text, start, cue.start()):
        return False
    tail = cues.coordinated_tail(text[start : cue.start()])
    return tail is None or not cues.TYPE_WORD.search(tail)


__all__ = ["KINDS", "Mention", "Relation", "find_relations"]
