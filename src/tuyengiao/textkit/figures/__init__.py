"""Figures of a narrative report proposed for indicators (issue 18 §1).

A unit's monthly report says "tổ chức 3 hội nghị thông tin thời sự với trên 450 lượt người
nghe"; each indicator carries the phrases that name it, and a figure whose context holds one
is proposed for that indicator's cell. Nothing here stores anything: a person accepts,
corrects or rejects every proposal.

The rules, each with its reason:

- Figures come from `find_quantities` (dates, document numbers and labels already left out)
  and from the rows of text tables ("2 | Hội nghị thông tin thời sự | hội nghị | 3").
- Only the results part is read when the report has one: the limitations, causes and
  directions speak of shortfalls and of next month's plans, not of the period's results.
  Plans and comparisons inside the results are left out too ("phấn đấu tổ chức 5 hội nghị",
  "tăng 12 hội nghị so với cùng kỳ").
- A figure's context is its clause (from the sentence start, or the last ";", to the next
  punctuation after its unit). A phrase matches when its words follow each other in the
  context, the figure being no word so that it may split them ("tổ chức 3 hội nghị thông
  tin thời sự", "hội nghị thông tin thời sự: 3 hội nghị"); "…" in a phrase allows any words
  between its parts ("quán triệt … lượt").
- The figure's unit must fit the target: the phrase reaches into the unit, or the unit's
  head noun is one of the phrase's words ("640 lượt" after "tổng số lượt người nghe"), or
  the unit is a person ("18 đồng chí") and the phrase names no event or object. Without this,
  "11 điểm cầu" after "hội nghị báo cáo viên" would count conferences.
- Several targets fit one figure: the phrase reaching into the unit wins, then the closest,
  then the longest. A figure fills one cell, except a ratio "a/b" matched to a derived rate
  ("4.820/5.105 hộ đạt gia đình văn hóa"), which fills its numerator and denominator.
- Several mentions of one cell: the one stated as a total ("tổng số", "tổng cộng") wins, else
  the largest, as a report gives the parts before the whole (the month's listeners across
  conferences, not one conference's); cumulative figures ("lũy kế", "từ đầu năm") lose.
  The others are the proposal's alternatives.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from tuyengiao.textkit.figures.matching import Candidate, Figure, candidates, mentions_of
from tuyengiao.textkit.figures.report_sections import report_sections

__all__ = ["Mention", "Proposal", "Target", "propose_figures", "report_sections"]


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator (or one option of its breakdown) that a report's figure may fill."""

    indicator: str  # code, e.g. "HN_THONG_TIN_THOI_SU"
    option: str = ""  # breakdown option code, e.g. "TRUNG_CAP"
    phrases: tuple[str, ...] = ()  # what names it in reports: "hội nghị thông tin thời sự"
    option_phrases: tuple[str, ...] = ()  # with an option: what names the option ("trung cấp")
    percent: bool = False  # the indicator is a rate in % (value_type percent)
    # For a derived rate (formula A / B * 100): the codes of A and B, so that
    # "1.234/1.375 hộ đạt gia đình văn hóa" fills A=1234 and B=1375.
    numerator: str = ""
    denominator: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    value: int | float
    approx: str  # "", "over", "under" or "about"
    start: int  # span of the figure in the text
    end: int


@dataclass(frozen=True, slots=True)
class Proposal:
    indicator: str
    option: str
    value: int | float
    approx: str
    start: int
    end: int
    sentence: tuple[int, int]  # span of the sentence holding it
    alternatives: tuple[Mention, ...]  # the other mentions of the same cell, text order


def propose_figures(text: str, targets: Sequence[Target]) -> list[Proposal]:
    """At most one proposal per (indicator, option), in text order. `text` is already
    normalised (textkit.normalize.normalize); every span is an offset into it."""
    found = candidates(text, targets)
    by_cell: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in found:
        by_cell.setdefault(candidate.cell, []).append(candidate)
    proposals = [_proposal(cell, mentions) for cell, mentions in by_cell.items()]
    proposals.sort(key=lambda p: (p.start, p.indicator, p.option))
    return proposals


def _proposal(cell: tuple[str, str], found: list[Candidate]) -> Proposal:
    chosen, others = mentions_of(found)
    figure: Figure = chosen.figure
    return Proposal(
        indicator=cell[0],
        option=cell[1],
        value=chosen.value,
        approx=figure.approx,
        start=figure.start,
        end=figure.end,
        sentence=figure.sentence,
        alternatives=tuple(
            Mention(other.value, other.figure.approx, other.figure.start, other.figure.end)
            for other in others
        ),
    )
