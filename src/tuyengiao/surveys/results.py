"""A survey's results: its protected tables, and the labels that let people read them.

`survey_results` reads what the survey holds (each response's unit and answers, the topics
its free text was coded into, its units) and hands it to `disclosure.results`, the one place
that decides which numbers may be published. Everything a person or a program sees of the
results (the page, the .xlsx and .csv, the API, the indicators) reads that protected table
and nothing else: `results_display` adds labels and percentages computed from published
numbers only, never a count of its own.

Results exist only once the survey is closed and no response can come in any more (not in
the days paper forms may still be typed in: `results_ready`). Before, a table published
today and another tomorrow would differ by the few responses that came in between:
subtracting one from the other would read one person's answers, whatever each suppresses.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys import disclosure
from tuyengiao.surveys.collecting import paper_last_day
from tuyengiao.surveys.models import (
    BAND_OPTIONS,
    FreeText,
    Question,
    QuestionKind,
    Status,
    Survey,
)

NOT_YET = gettext_lazy("Kết quả có khi cuộc khảo sát kết thúc.")
BY_UNIT = "unit"


class ResultsNotReady(Exception):
    """The survey is not closed: no table of it is published yet."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or str(NOT_YET))


class UnknownBreakdown(ValueError):
    """`by` names neither the units nor a band question of the survey."""


def min_cell() -> int:
    """k: no published number counts fewer respondents than this."""
    return settings.SURVEY_MIN_CELL


def survey_end_day(survey: Survey) -> datetime.date:
    """The day the survey ended: its last day, or, ended early, the day of its last response
    (the day it was ended is not kept; no response came after it)."""
    if not survey.ended:
        return survey.closes_on
    last = survey.responses.aggregate(last=Max("day"))["last"]
    return min(last or survey.opens_on, survey.closes_on)


def results_ready(survey: Survey) -> bool:
    """Whether the survey's tables may be published: it is closed and no response can come
    in any more (staff ended it, its results were recorded, or the days for typing paper
    forms after its last day are over: `collecting.paper_last_day`)."""
    if survey.status != Status.CLOSED:
        return False
    return survey.ended or survey.recorded or timezone.localdate() > paper_last_day(survey)


def not_ready_message(survey: Survey) -> str:
    """What a page or the API says of a survey whose results are not published yet."""
    if survey.status == Status.CLOSED:
        return _(
            "Kết quả có khi cuộc khảo sát kết thúc: còn nhận phiếu giấy đến hết ngày %(day)s."
        ) % {"day": paper_last_day(survey).strftime("%d/%m/%Y")}
    return str(NOT_YET)


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("sort_order", "id"))


def breakdowns(survey: Survey, questions: Sequence[Question] | None = None) -> list[tuple]:
    """(value of `by`, label) of the tables the survey has: whole, by unit, by each band."""
    questions = questions_of(survey) if questions is None else questions
    choices = [("", _("Toàn bộ")), (BY_UNIT, _("Theo đơn vị"))]
    for question in questions:
        if question.kind == QuestionKind.BAND:
            label = _("Theo %(band)s") % {"band": question.get_band_display().lower()}
            choices.append((question.key, label))
    return choices


def breakdown_heading(survey: Survey, by: str) -> str:
    """The heading of a breakdown's first column: "Đơn vị", or the band ("Nhóm tuổi")."""
    if by == BY_UNIT:
        return str(_("Đơn vị"))
    question = survey.questions.filter(key=by, kind=QuestionKind.BAND).first()
    return str(question.get_band_display()) if question else ""


def survey_results(*, survey: Survey, by: str = "") -> dict:
    """The survey's protected tables, broken down by `by` ("" the whole survey, "unit", or a
    band question's key), in the API's shape. ResultsNotReady unless the survey is closed;
    UnknownBreakdown for a `by` the survey does not have."""
    if not results_ready(survey):
        raise ResultsNotReady(not_ready_message(survey))
    questions = questions_of(survey)
    if by not in {value for value, _label in breakdowns(survey, questions)}:
        raise UnknownBreakdown(
            _("Không có cách chia “%(by)s”: chọn “unit” hoặc mã một câu hỏi thông tin chung.")
            % {"by": by}
        )
    specs = [_spec(question) for question in questions]
    respondents = [
        disclosure.Respondent(unit=unit, answers=answers)
        for unit, answers in survey.responses.values_list("unit__code", "answers")
    ]
    topics, pending = _topics(survey, questions)
    table = disclosure.results(
        questions=specs,
        respondents=respondents,
        units=[unit.code for unit in surveyed_units(survey)],
        topics=topics,
        by=by,
        k=min_cell(),
    )
    for entry in table["questions"]:
        if entry["id"] in pending:
            entry["coding"] = "pending"
    return table


def _spec(question: Question) -> "disclosure.QuestionSpec":
    codes = tuple(code for code, _label in question.choices())
    return disclosure.QuestionSpec(
        key=question.key, kind=question.kind, codes=codes, required=question.required
    )


def _topics(
    survey: Survey, questions: Sequence[Question]
) -> tuple[dict[str, list[tuple[str, str]]], set[str]]:
    """(unit code, topic) of every coded free text, by text question, and the questions whose
    coding is not finished. Their topics are withheld until it is: a table that grew by one
    text from one day to the next would show that text's unit and topic (the same reason the
    results wait for the last response). Uncoded text is never published in any form."""
    texts = [q for q in questions if q.kind == QuestionKind.TEXT]
    pending = set(
        FreeText.objects.filter(question__in=texts, topic="").values_list(
            "question__key", flat=True
        )
    )
    topics: dict[str, list[tuple[str, str]]] = {q.key: [] for q in texts}
    coded = (
        FreeText.objects.filter(question__in=texts)
        .exclude(topic="")
        .values_list("question__key", "unit__code", "topic")
        .order_by("question__key", "topic", "unit__code")
    )
    for key, unit, topic in coded:
        if key not in pending:
            topics[key].append((unit, topic))
    return topics, pending


def surveyed_units(survey: Survey) -> list[OrgUnit]:
    return list(survey.units.order_by("path"))


def responses_count(survey: Survey) -> int:
    """How many responses came in so far: what the page of an open survey shows (a running
    count is no table: it names no unit and no answer)."""
    return survey.responses.count()


def units_short(survey: Survey) -> set[str]:
    """The codes of surveyed units with fewer than k responses: they show "chưa đủ số phiếu"
    (the issue asks for it), whatever else a table hides of them. Only this yes or no is
    shown, never their count."""
    counts = dict(
        survey.responses.values("unit__code")
        .annotate(n=Count("id"))
        .values_list("unit__code", "n")
        .order_by()
    )
    k = min_cell()
    return {unit.code for unit in surveyed_units(survey) if counts.get(unit.code, 0) < k}


# --- for people: labels and shares of published numbers --------------------------------


@dataclass
class Cell:
    option: str
    label: str
    count: int | None
    # Of the row's published total, when both are published; else None.
    percent: float | None = None


@dataclass
class Row:
    by: str
    label: str
    total: int | None
    cells: list[Cell]
    # A unit below k: "chưa đủ số phiếu" rather than a dash.
    short: bool = False
    mean: float | None = None


@dataclass
class Table:
    key: str
    text: str
    kind: str
    kind_label: str
    rows: list[Row] = field(default_factory=list)
    # A text question whose topics wait for the last text to be coded (`_topics`).
    coding_pending: bool = False

    @property
    def suppressed(self) -> bool:
        return any(
            row.total is None or any(c.count is None for c in row.cells) for row in self.rows
        )


def results_display(*, survey: Survey, table: Mapping) -> list[Table]:
    """The protected `table` with the questions' texts, options' labels and units' names,
    and each published count as a share of its published row total. Adds no number that is
    not a published one, or a ratio of two."""
    questions = {q.key: q for q in questions_of(survey)}
    by_labels = _by_labels(survey, questions, table.get("by", ""))
    short = units_short(survey) if table.get("by") == BY_UNIT else set()
    shown = []
    for entry in table["questions"]:
        question = questions.get(entry["id"])
        if question is None:
            continue
        labels = dict(question.choices())
        rows = []
        for row in entry["rows"]:
            total = row.get("total")
            cells = [
                Cell(
                    option=str(cell["option"]),
                    label=str(labels.get(str(cell["option"]), cell["option"])),
                    count=cell.get("count"),
                    percent=_share(cell.get("count"), total),
                )
                for cell in row.get("cells", [])
            ]
            rows.append(
                Row(
                    by=row.get("by", ""),
                    label=by_labels.get(row.get("by", ""), row.get("by", "")),
                    total=total,
                    cells=cells,
                    short=row.get("by", "") in short,
                    mean=row.get("mean"),
                )
            )
        shown.append(
            Table(
                key=question.key,
                text=question.text,
                kind=question.kind,
                kind_label=str(question.get_kind_display()),
                rows=rows,
                coding_pending=entry.get("coding") == "pending",
            )
        )
    return shown


def _share(count: int | None, total: int | None) -> float | None:
    if count is None or not total:
        return None
    return round(100 * count / total, 1)


def _by_labels(survey: Survey, questions: Mapping[str, Question], by: str) -> dict[str, str]:
    whole = {"": str(_("Toàn bộ"))}
    if by == BY_UNIT:
        return whole | {unit.code: unit.name for unit in surveyed_units(survey)}
    if by in questions:
        question = questions[by]
        return whole | {code: str(label) for code, label in BAND_OPTIONS.get(question.band, [])}
    return whole


# --- files -----------------------------------------------------------------------------

EXPORT_HEADER = [
    gettext_lazy("Mã câu hỏi"),
    gettext_lazy("Câu hỏi"),
    gettext_lazy("Nhóm"),
    gettext_lazy("Tổng số trả lời"),
    gettext_lazy("Mã phương án"),
    gettext_lazy("Phương án"),
    gettext_lazy("Số phiếu"),
    gettext_lazy("Trung bình (câu hỏi số)"),
]


def export_rows(tables: Sequence[Table]) -> list[list[object]]:
    """One line per cell with its row's total (a row without cells, a number question's, on
    a line of its own with its mean): exactly the protected table, a hidden number empty."""
    lines: list[list[object]] = []
    for table in tables:
        for row in table.rows:
            total = "" if row.total is None else row.total
            if not row.cells:
                mean = "" if row.mean is None else row.mean
                lines.append([table.key, table.text, row.label, total, "", "", "", mean])
            for cell in row.cells:
                count = "" if cell.count is None else cell.count
                lines.append(
                    [table.key, table.text, row.label, total, cell.option, cell.label, count, ""]
                )
    return lines
