"""One call from raw text to checkable facts: documents, relations, dates, quantities,
meetings.

The text is normalised once; every span in the result is a code-point offset into that
normalised text, which the result carries as `text` so a reader can check each one.
"""

import json
from dataclasses import dataclass
from typing import Any

from tuyengiao.textkit.dates import DateMention, find_dates
from tuyengiao.textkit.docnum import DocumentRef, scan_documents
from tuyengiao.textkit.issued import fill_issue_dates
from tuyengiao.textkit.meetings import Meeting, find_meetings
from tuyengiao.textkit.normalize import normalize
from tuyengiao.textkit.quantities import Quantity, find_quantities
from tuyengiao.textkit.relations import Relation, find_relations


@dataclass(frozen=True, slots=True)
class Extraction:
    text: str
    documents: list[DocumentRef]
    relations: list[Relation]
    dates: list[DateMention]
    quantities: list[Quantity]
    meetings: list[Meeting]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of issue 3 item 6, plus `text` and a few extra keys; `meetings` (issue
        17 §3) is a list of {"start": "2026-03-05T14:00" or "2026-03-05", "end": … or null,
        "place": "…", "span": [s, e]} in text order."""
        return {
            "documents": [_document(doc) for doc in self.documents],
            "relations": [_relation(rel) for rel in self.relations],
            "dates": [_date(mention) for mention in self.dates],
            "quantities": [_quantity(q) for q in self.quantities],
            "meetings": [meeting.to_dict() for meeting in self.meetings],
            "text": self.text,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def extract(text: str) -> Extraction:
    """Everything the toolkit reads in `text` (any Unicode form; legacy bytes are decoded
    before, by `encodings.decode_bytes`)."""
    norm = normalize(text)
    scan = scan_documents(norm)
    cited = [(m.start, m.end) for m in scan.mentions]
    # A date finder may read "25/2024" inside "25/2024/TT-BTC": the number wins.
    dates = _outside(find_dates(norm), cited)
    taken = cited + [d.span for d in dates]
    return Extraction(
        text=norm,
        documents=fill_issue_dates(norm, scan),  # a registry field or column may date them
        relations=find_relations(norm, scan),
        dates=dates,
        quantities=find_quantities(norm, taken=taken),
        meetings=find_meetings(norm),
    )


def _outside(dates: list[DateMention], spans: list[tuple[int, int]]) -> list[DateMention]:
    """The dates that meet none of `spans`; both sorted, neither overlapping itself: one
    walk along both lists."""
    kept: list[DateMention] = []
    j, count = 0, len(spans)
    for mention in dates:
        start, end = mention.span
        while j < count and spans[j][1] <= start:
            j += 1
        if j == count or spans[j][0] >= end:
            kept.append(mention)
    return kept


def _document(doc: DocumentRef) -> dict[str, Any]:
    return {
        "symbol": doc.symbol,
        "system": doc.system,
        "type_code": doc.type_code,
        "type_name": doc.type_name,
        "number": doc.number,
        "year": doc.year,
        "issuer_code": doc.issuer_code,
        "issuer": doc.issuer,
        "date": doc.date.isoformat() if doc.date else None,
        "title": doc.title,
        "mentions": [[a, b] for a, b in doc.mentions],
    }


def _relation(rel: Relation) -> dict[str, Any]:
    return {
        "source": rel.source,
        "target": rel.target,
        "kind": rel.kind,
        "span": [rel.start, rel.end],
    }


def _date(mention: DateMention) -> dict[str, Any]:
    return {
        "text": mention.text,
        "value": mention.value.isoformat() if mention.value else None,
        "span": list(mention.span),
        "kind": mention.kind,
    }


def _quantity(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": q.value,
        "total": q.total,
        "approx": q.approx,
        "unit": q.unit,
        "span": [q.start, q.end],
    }
