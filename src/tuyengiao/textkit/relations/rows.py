"""A table of documents, one row per document: the cell with its number, and the cell with
its abstract ("trích yếu"), which may state the row's relation:

    | 1 | 12-KH/TU | 15/3/2023 | Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị |

(12-KH/TU implements 57-NQ/TW). The abstract names what its row's document does, so the
cue must open the cell, after the type word or "V/v" at most; documents in other rows, or
in the same cell without a cue, state nothing (DOMAIN.md §1: documents cited together)."""

import re
from collections.abc import Iterator

from tuyengiao.textkit.docnum import Mention
from tuyengiao.textkit.relations import cues

# What an abstract may open with before its cue: the type word, "V/v", "về (việc)".
_CELL_LEAD = re.compile(
    rf"[ \t]*(?:{cues.TYPE_WORD.pattern}(?:[ \t]+hành[ \t]+động)?[ \t]*)?"
    r"(?:(?:V/v|về(?:[ \t]+việc)?)[ \t]*)?",
    re.IGNORECASE,
)
# A cell that holds a number alone (its type word and "số" may stand before it).
_NUMBER_CELL_LEAD = re.compile(
    rf"[ \t]*(?:{cues.TYPE_WORD.pattern}[ \t]*)?(?:số[ \t]*)?$", re.IGNORECASE
)


def row_relations(
    text: str, mentions: list[Mention], types: list[str | None]
) -> Iterator[tuple[int, int, str]]:
    """(source doc, target doc, kind) stated by a row's abstract about the row's number."""
    if "|" not in text:
        return
    for j, cur in enumerate(mentions):
        line = text.rfind("\n", 0, cur.lead) + 1
        cell = text.rfind("|", line, cur.lead)
        if cell < 0:
            continue
        cue = cues.cue_before(text, cell + 1, cur.lead)
        if cue is None or _CELL_LEAD.fullmatch(text, cell + 1, cue.start()) is None:
            continue
        source = _number_cell(text, mentions, j, line, cell)
        if source is not None and source.doc != cur.doc:
            yield source.doc, cur.doc, cues.kind_of(cue, types[source.doc])


def _number_cell(
    text: str, mentions: list[Mention], j: int, line: int, cell: int
) -> Mention | None:
    """The nearest document before mention `j` on its line that fills a cell of its own."""
    for k in range(j - 1, -1, -1):
        mention = mentions[k]
        if mention.lead < line:
            return None
        if mention.end > cell:
            continue  # in the abstract's own cell
        opens = text.rfind("|", line, mention.lead)
        closes = text.find("|", mention.end, cell + 1)
        if (
            opens >= 0
            and closes >= 0
            and not text[mention.end : closes].strip()
            and _NUMBER_CELL_LEAD.match(text, opens + 1, mention.lead)
        ):
            return mention
    return None
