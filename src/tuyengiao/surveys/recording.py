"""A closed survey's results written into the indicators (seeds: KS_*), through the core.

The figures are written for the organiser and the month the survey ended, and are the sums
over every survey of that organiser that ended that month and is finished (so two surveys of
a month add up, and recording again writes the same figures). Each comes from the survey's
protected whole table (`results.survey_results`) and from nothing else:

- KS_SO_PHIEU, the responses: the table's `responses` (hidden below k);
- KS_PHIEU_DANH_GIA, the answers to the headline scale question: its row total;
- KS_DONG_TINH, those agreeing: the cells of 4 and 5, both published;
- KS_TONG_DIEM, the sum of scores: all five cells published.

A figure any one survey of the month hides is written for none of them (the month's cell is
left empty, or emptied): a sum of only some surveys would be read as the month's, and the
shares the catalogue computes from these (agreeing / rated) would then divide figures of
different surveys. So every written figure is a sum of published numbers: with the
published tables, it lets nobody work out a hidden one that those tables do not already give.

Recording also ends the typing of paper forms (`collecting.response_record` refuses once a
survey is recorded): the tables it wrote from are then the survey's last.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.surveys.mixing import responses_mix
from tuyengiao.surveys.models import AGREE, Question, Status, Survey
from tuyengiao.surveys.results import results_ready, survey_end_day, survey_results
from tuyengiao.surveys.seeds import SURVEY_AGREE, SURVEY_RATED, SURVEY_RESPONSES, SURVEY_SCORE
from tuyengiao.values.models import SourceKind
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.services import Source, datavalues_write

SCALE = ("1", "2", "3", "4", "5")
LABELS = {
    SURVEY_RESPONSES: gettext_lazy("Số phiếu thu về"),
    SURVEY_RATED: gettext_lazy("Số phiếu trả lời câu hỏi đánh giá chính"),
    SURVEY_AGREE: gettext_lazy("Số phiếu đồng tình (mức 4, 5)"),
    SURVEY_SCORE: gettext_lazy("Tổng điểm đánh giá"),
}
RATING = (SURVEY_RATED, SURVEY_AGREE, SURVEY_SCORE)


@dataclass
class Figure:
    indicator: str
    value: int | None
    # Why it is not written (empty when it is).
    reason: str = ""
    # False for a rating figure of a survey with no headline question: it counts for none.
    applies: bool = True

    @property
    def label(self) -> str:
        return str(LABELS[self.indicator])


@dataclass
class MonthFigures:
    """The figures of an organiser's month: each survey's, and their sums."""

    period: Period
    surveys: list[Survey]
    each: dict[int, list[Figure]] = field(default_factory=dict)
    sums: list[Figure] = field(default_factory=list)


def survey_figures(table: Mapping, *, headline: str | None) -> list[Figure]:
    """A survey's figures from its protected whole table (`by` ""), `headline` the key of
    its headline scale question: a figure whose numbers are hidden is not given (None, with
    the reason). Reads published numbers only."""
    hidden = _("có ô dưới %(k)s phiếu bị ẩn") % {"k": table["k"]}
    responses = table.get("responses")
    figures = [
        Figure(SURVEY_RESPONSES, responses,
               "" if responses is not None else _("dưới %(k)s phiếu") % {"k": table["k"]}),
    ]  # fmt: skip
    row = _headline_row(table, headline)
    if row is None:
        reason = _("cuộc khảo sát không có câu hỏi đánh giá chính (thang 1–5)")
        return figures + [Figure(code, None, reason, applies=False) for code in RATING]
    total = row.get("total")
    cells = {str(cell["option"]): cell.get("count") for cell in row.get("cells", [])}
    agree = [cells.get(str(score)) for score in sorted(AGREE)]
    scores = [cells.get(code) for code in SCALE]
    figures.append(Figure(SURVEY_RATED, total, "" if total is not None else hidden))
    if any(count is None for count in agree):
        figures.append(Figure(SURVEY_AGREE, None, _("ô mức 4 hoặc 5 bị ẩn (dưới %(k)s phiếu)")
                              % {"k": table["k"]}))  # fmt: skip
    else:
        figures.append(Figure(SURVEY_AGREE, sum(count or 0 for count in agree)))
    if any(count is None for count in scores):
        figures.append(Figure(SURVEY_SCORE, None, _("có mức điểm bị ẩn (dưới %(k)s phiếu)")
                              % {"k": table["k"]}))  # fmt: skip
    else:
        total_score = sum(
            int(code) * (count or 0) for code, count in zip(SCALE, scores, strict=True)
        )
        figures.append(Figure(SURVEY_SCORE, total_score))
    return figures


def _headline_row(table: Mapping, headline: str | None) -> Mapping | None:
    if not headline:
        return None
    for question in table["questions"]:
        if question["id"] == headline and question["rows"]:
            return question["rows"][0]
    return None


def figures_sum(each: Sequence[Sequence[Figure]]) -> list[Figure]:
    """The month's figures: each the sum of the surveys it applies to, or not written when
    one of them hides it (or none applies)."""
    sums = []
    for code in (SURVEY_RESPONSES, *RATING):
        mine = [f for figures in each for f in figures if f.indicator == code and f.applies]
        withheld = [f for f in mine if f.value is None]
        if not mine:
            reason = _("không cuộc khảo sát nào có câu hỏi đánh giá chính")
            sums.append(Figure(code, None, reason, applies=False))
        elif withheld:
            sums.append(Figure(code, None, withheld[0].reason))
        else:
            sums.append(Figure(code, sum(f.value or 0 for f in mine)))
    return sums


def _headline_key(survey: Survey) -> str | None:
    return (
        Question.objects.filter(survey=survey, headline=True).values_list("key", flat=True).first()
    )


def month_of(survey: Survey) -> Period:
    return period_for(PeriodKind.MONTH, survey_end_day(survey))


def month_figures(survey: Survey, *, table: Mapping | None = None) -> MonthFigures:
    """The figures of the organiser's month of `survey`: those of every finished survey of
    the organiser that ended that month, and their sums. `table`: the survey's whole table,
    when the caller has it already."""
    period = month_of(survey)
    candidates = Survey.objects.filter(
        orgunit_id=survey.orgunit_id,
        published=True,
        opens_on__lte=period.end,
        closes_on__gte=period.start,
    ).order_by("opens_on", "id")
    surveys = [
        s
        for s in candidates
        if (s.pk == survey.pk or results_ready(s)) and period.contains(survey_end_day(s))
    ]
    if survey.pk not in {s.pk for s in surveys}:
        surveys.append(survey)
    month = MonthFigures(period=period, surveys=surveys)
    for each in surveys:
        whole = table if table is not None and each.pk == survey.pk else None
        whole = whole or survey_results(survey=each, by="")
        month.each[each.pk] = survey_figures(whole, headline=_headline_key(each))
    month.sums = figures_sum(list(month.each.values()))
    return month


def survey_results_record(*, user, survey: Survey) -> MonthFigures:
    """Write the closed survey's figures (summed with the organiser's other surveys of its
    month) into the indicators, as an editor of the organiser; mark it recorded, which ends
    the typing of paper forms. Writes nothing if the core refuses any figure."""
    denied = _("Chỉ cán bộ nhập liệu của đơn vị tổ chức được ghi kết quả vào chỉ tiêu.")
    require_role(user, survey.orgunit, role=Role.EDITOR, message=denied)
    if survey.status != Status.CLOSED:
        raise ValidationError(
            _("Cuộc khảo sát chưa kết thúc: chưa ghi được kết quả vào chỉ tiêu."), code="open"
        )
    with transaction.atomic():
        # Locked, and marked first: a paper form typed now waits, then finds it recorded.
        # Every survey of the organiser, in one order: the month's other surveys are marked
        # below, and two recordings locking theirs first would wait on each other.
        list(
            Survey.objects.select_for_update()
            .filter(orgunit_id=survey.orgunit_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        survey.recorded = True
        survey.save(update_fields=["recorded"])
        month = month_figures(survey)
        cells = [
            {
                "indicator": figure.indicator,
                "orgunit": survey.orgunit.code,
                "period": month.period.code,
                "value": "" if figure.value is None else figure.value,
            }
            for figure in month.sums
        ]
        source = Source(SourceKind.SURVEY, note=survey.title, ref=survey)
        report = datavalues_write(cells, user=user, source=source)
        if report.errors:
            raise ValidationError(
                [_("Chưa ghi được kết quả vào chỉ tiêu.")] + [e.message for e in report.errors]
            )
        for other in month.surveys:
            if not other.recorded:  # its figures are written now too
                other.recorded = True
                other.save(update_fields=["recorded"])
    responses_mix(survey=survey)
    return month
