"""Figures of a narrative report proposed for indicators (issue 18 §1).

A unit's monthly report says "tổ chức 3 hội nghị thông tin thời sự với trên 450 lượt người
nghe"; each indicator carries the phrases that name it, and a figure whose context holds one
is proposed for that indicator's cell. Nothing here stores anything: a person accepts,
corrects or rejects every proposal.

The rules, each with its reason:

- Figures come from `find_quantities` (dates, document numbers and labels already left out;
  a colon before a figure is read as a comma, so "báo cáo viên quận: 18 đồng chí" is no
  label "quận 18"), from figures closing a clause after "là" or ":" ("Tổng số học viên là
  38."), from the rows of text tables ("2 | Hội nghị thông tin thời sự | hội nghị | 3", a
  column headed "Kế hoạch" or "Cùng kỳ" left out), and one event named without a figure
  ("tổ chức Hội nghị báo cáo viên tháng 3" is 1; any stated figure of the cell wins over it).
- Only the results part is read when the report has one: the limitations, causes and
  directions speak of shortfalls and of next month's plans, not of the period's results.
  Inside the results, plans ("phấn đấu", "dự kiến", "kế hoạch", "chỉ tiêu" in the figure's
  comma segment), comparisons ("tăng 12 … so với cùng kỳ") and a higher body's figures
  ("Trung ương tổ chức 6 hội nghị") are left out.
- A figure's context is its sentence up to the end of its clause (";", ".", ":", a bracket
  or the next figure). A phrase matches when its words follow each other there, the figure
  being no word so that it may split them ("tổ chức 3 hội nghị thông tin thời sự", "hội
  nghị thông tin thời sự: 3 hội nghị"); "…" in a phrase allows any words between its parts
  ("quán triệt … lượt"). Words are compared in lower case with tone marks kept in one place
  (folding every mark away would make "có" and "cơ" one word). A phrase occurring inside a
  longer phrase of another indicator is not read ("báo cáo viên" in "hội nghị báo cáo
  viên").
- The figure's unit must fit the target: the phrase takes in the unit's head noun, or the
  head noun is one of the phrase's words ("640 lượt" after "tổng số lượt người nghe"), or
  the unit is a person ("18 đồng chí", "cán bộ") and the phrase names no event or object.
  Without this, "11 điểm cầu" after "hội nghị báo cáo viên" would count conferences.
- Several targets fit one figure: the one taking in the unit wins, then the one in the
  figure's clause, then in its comma segment ("5 chi bộ hoàn thành xuất sắc nhiệm vụ, 14 chi
  bộ hoàn thành tốt nhiệm vụ"), the closest, the longest near the figure, a phrase in parts
  (it ties a topic to the unit), the nearer topic, the most words. A figure fills one cell,
  except a ratio "a/b" matched to a derived rate ("4.820/5.105 hộ đạt gia đình văn hóa"),
  which fills its numerator and denominator. A breakdown's total ("tổng số đảng viên được
  đánh giá, xếp loại: 351") fills no cell; an option is named near its figure, its indicator
  anywhere earlier in the paragraph.
- Several mentions of one cell: the one stated as a total ("tổng số", "tổng cộng") wins, else
  one not given as a part ("trong đó", "riêng"), not cumulative ("lũy kế", "từ đầu năm"),
  then the largest, as a report gives the parts before the whole (the month's listeners
  across conferences, not one conference's). The others are the proposal's alternatives.
- Not done: sums ("96 chương trình phát thanh, 52 chương trình truyền hình" proposes 96,
  with 52 as an alternative), numbers in words ("hai hội nghị"), a topic named only in an
  earlier sentence.
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
