"""Results into indicators: only from published numbers of the protected whole table, summed
over the organiser's surveys of a month, idempotent; a hidden count never recoverable."""

import datetime

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import RoleAssignmentFactory, UserFactory
from tests.surveys.test_results import finish, respond
from tuyengiao.accounts.models import Role
from tuyengiao.surveys import disclosure
from tuyengiao.surveys.collecting import WindowClosed, response_record
from tuyengiao.surveys.models import Question, QuestionKind, Response, Survey
from tuyengiao.surveys.recording import (
    SCALE,
    Figure,
    figures_sum,
    month_of,
    survey_figures,
    survey_results_record,
)
from tuyengiao.surveys.results import survey_results
from tuyengiao.surveys.seeds import SURVEY_AGREE, SURVEY_RATED, SURVEY_RESPONSES, SURVEY_SCORE
from tuyengiao.values.models import DataValue


@pytest.fixture
def province_editor(tree):
    user = UserFactory(username="province.editor")
    RoleAssignmentFactory(user=user, orgunit=tree.province, role=Role.EDITOR)
    return user


def figures_of(unit, period) -> dict[str, int]:
    rows = DataValue.objects.filter(orgunit=unit, period=period, indicator__code__startswith="KS_")
    return {row.indicator.code: int(row.value) for row in rows if row.value is not None}


def test_the_figures_of_a_survey_are_written(survey, tree, province_editor):
    finish(survey)
    respond(survey, tree.commune_a, 25, scores=(1, 2, 3, 4, 5))
    respond(survey, tree.commune_b, 10, scores=(4, 5))
    month = survey_results_record(user=province_editor, survey=survey)
    period = month_of(survey).code
    assert month.period.code == period == survey.closes_on.strftime("%Y%m")
    assert figures_of(tree.province, period) == {
        SURVEY_RESPONSES: 35, SURVEY_RATED: 35, SURVEY_AGREE: 10 + 10,
        SURVEY_SCORE: 5 * (1 + 2 + 3 + 4 + 5) + 5 * (4 + 5),
    }  # fmt: skip
    survey.refresh_from_db()
    assert survey.recorded
    value = DataValue.objects.get(orgunit=tree.province, period=period,
                                  indicator__code=SURVEY_RESPONSES)  # fmt: skip
    assert value.source == "survey"


def test_a_hidden_cell_withholds_the_figures_it_needs(survey, tree, province_editor):
    finish(survey)
    respond(survey, tree.commune_a, 24, scores=(3, 4, 5))
    respond(survey, tree.commune_a, 2, scores=(1,))
    month = survey_results_record(user=province_editor, survey=survey)
    table = survey_results(survey=survey)
    row = next(q for q in table["questions"] if q["id"] == "q4")["rows"][0]
    cells = {c["option"]: c["count"] for c in row["cells"]}
    assert cells["1"] is None
    written = figures_of(tree.province, month.period.code)
    assert SURVEY_SCORE not in written
    sums = {f.indicator: f for f in month.sums}
    assert sums[SURVEY_SCORE].value is None and sums[SURVEY_SCORE].reason
    if cells["4"] is not None and cells["5"] is not None:
        assert written[SURVEY_AGREE] == cells["4"] + cells["5"]
    else:
        assert SURVEY_AGREE not in written


def test_two_surveys_of_a_month_add_up_and_recording_again_changes_nothing(
    survey, tree, province_editor
):
    finish(survey)
    respond(survey, tree.commune_a, 25, scores=(1, 2, 3, 4, 5))
    other = Survey.objects.create(orgunit=tree.province, title="Khảo sát thứ hai",
                                  opens_on=survey.opens_on, closes_on=survey.closes_on,
                                  published=True)  # fmt: skip
    other.units.set([tree.commune_a])
    Question.objects.create(survey=other, key="q1", kind=QuestionKind.SCALE, text="Đồng tình?",
                            headline=True, required=True)  # fmt: skip
    Response.objects.bulk_create(
        Response(survey=other, unit=tree.commune_a, day=other.opens_on, answers={"q1": score})
        for score in (1, 2, 3, 4, 5, 5) * 5
    )
    survey_results_record(user=province_editor, survey=survey)
    period = month_of(survey).code
    written = figures_of(tree.province, period)
    assert written == {SURVEY_RESPONSES: 25 + 30, SURVEY_RATED: 25 + 30, SURVEY_AGREE: 10 + 15,
                       SURVEY_SCORE: 5 * 15 + 5 * 15 + 5 * 5}  # fmt: skip
    other.refresh_from_db()
    assert other.recorded  # its figures are in the month's sums
    survey_results_record(user=province_editor, survey=other)
    survey_results_record(user=province_editor, survey=survey)
    assert figures_of(tree.province, period) == written


def test_only_an_editor_of_the_organiser_records_a_closed_survey(
    survey, tree, owner, member, outsider, province_admin
):
    respond(survey, tree.commune_a, 10)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        survey_results_record(user=province_admin, survey=survey)
    finish(survey)
    for user in (owner, member, outsider):
        with pytest.raises(PermissionDenied):
            survey_results_record(user=user, survey=survey)
    assert not DataValue.objects.filter(indicator__code__startswith="KS_").exists()
    viewer = UserFactory(username="province.viewer")
    RoleAssignmentFactory(user=viewer, orgunit=tree.province, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        survey_results_record(user=viewer, survey=survey)
    survey_results_record(user=province_admin, survey=survey)


def test_recording_ends_the_typing_of_paper_forms(survey, tree, province_editor):
    finish(survey, days_ago=2)  # within the days for paper forms
    respond(survey, tree.commune_a, 10)
    survey_results_record(user=province_editor, survey=survey)
    with pytest.raises(WindowClosed):
        response_record(user=province_editor, survey=survey, unit=tree.commune_a,
                        answers={"q1": "U30", "q2": "A", "q4": 3},
                        day=survey.closes_on - datetime.timedelta(days=1))  # fmt: skip


def test_a_survey_without_a_headline_question_writes_its_responses_only(
    survey, tree, province_editor
):
    finish(survey)
    survey.questions.filter(key="q4").update(headline=False)
    respond(survey, tree.commune_a, 25)
    respond(survey, tree.commune_b, 10)
    month = survey_results_record(user=province_editor, survey=survey)
    assert figures_of(tree.province, month.period.code) == {SURVEY_RESPONSES: 35}


# --- a hidden count is never recovered ---------------------------------------------------

K = 5


def _spec():
    return [disclosure.QuestionSpec(key="q1", kind="scale", codes=SCALE, required=True)]


def _table(counts: list[int]) -> dict:
    respondents = [
        disclosure.Respondent(unit="U1", answers={"q1": int(code)})
        for code, n in zip(SCALE, counts, strict=True)
        for _ in range(n)
    ]
    return disclosure.results(questions=_spec(), respondents=respondents, units=["U1"],
                              topics={}, by="", k=K)  # fmt: skip


def _determined(counts_by_survey: list[list[int]], figures_of_table=None) -> list[tuple]:
    """The hidden cells (survey, option) that the published tables of the surveys and the
    figures written for their month pin down, as a linear system: a hidden cell is pinned
    down when its unit vector lies in the row space of the equations over hidden cells."""
    tables = [_table(counts) for counts in counts_by_survey]
    figures = [
        survey_figures(table, headline="q1") if figures_of_table is None
        else figures_of_table(table, counts)
        for table, counts in zip(tables, counts_by_survey, strict=True)
    ]  # fmt: skip
    unknowns = []  # (survey, option)
    known: list[dict[str, int | None]] = []
    for s, table in enumerate(tables):
        row = table["questions"][0]["rows"][0]
        cells = {c["option"]: c["count"] for c in row["cells"]}
        known.append(cells)
        unknowns += [(s, code) for code in SCALE if cells[code] is None]
    if not unknowns:
        return []
    index = {u: i for i, u in enumerate(unknowns)}
    equations = []

    def equation(weights: dict[tuple[int, str], int]) -> None:
        # Σ weight × cell = a number someone can read: only the hidden cells matter.
        vector = np.zeros(len(unknowns))
        for key, weight in weights.items():
            if key in index:
                vector[index[key]] += weight
        if vector.any():
            equations.append(vector)

    for s, table in enumerate(tables):
        row = table["questions"][0]["rows"][0]
        if row["total"] is not None:
            equation({(s, code): 1 for code in SCALE})
        if table["responses"] is not None:
            equation({(s, code): 1 for code in SCALE})  # q1 is required: responses = total
    weights = {
        SURVEY_RESPONSES: {code: 1 for code in SCALE},
        SURVEY_RATED: {code: 1 for code in SCALE},
        SURVEY_AGREE: {"4": 1, "5": 1},
        SURVEY_SCORE: {code: int(code) for code in SCALE},
    }
    for figure in figures_sum(figures):
        if figure.value is not None:
            equation({(s, code): w for s in range(len(tables))
                      for code, w in weights[figure.indicator].items()})  # fmt: skip
    if not equations:
        return []
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    pinned = []
    for unknown, i in index.items():
        unit = np.zeros(len(unknowns))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            pinned.append(unknown)
    return pinned


counts = st.lists(st.integers(min_value=0, max_value=12), min_size=5, max_size=5)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(counts, min_size=1, max_size=3))
def test_no_hidden_count_is_recovered_from_the_figures_and_the_tables(surveys):
    assert _determined(surveys) == []


def _careless(table: dict, counts: list[int]) -> list[Figure]:
    """Figures as a careless recorder would write them: the score from the raw counts."""
    figures = [f for f in survey_figures(table, headline="q1") if f.indicator != SURVEY_SCORE]
    score = sum(int(code) * n for code, n in zip(SCALE, counts, strict=True))
    return [*figures, Figure(SURVEY_SCORE, score)]


def test_the_check_finds_a_count_that_a_careless_figure_gives_away():
    # Cell 1 (2 people) is hidden with one more: the total and a score written from every
    # response would pin both down. The check above can fail.
    assert len(_determined([[2, 6, 6, 6, 6]], figures_of_table=_careless)) == 2
    assert _determined([[2, 6, 6, 6, 6]]) == []


def test_a_survey_with_too_few_responses_writes_nothing_and_says_why(survey, tree, province_editor):
    finish(survey)
    respond(survey, tree.commune_a, 3)
    month = survey_results_record(user=province_editor, survey=survey)
    assert not figures_of(tree.province, month.period.code)
    assert all(f.value is None and f.reason for f in month.sums)
    survey.refresh_from_db()
    assert survey.recorded


def test_a_figure_another_survey_of_the_month_hides_is_emptied(survey, tree, province_editor):
    finish(survey)
    respond(survey, tree.commune_a, 25, scores=(1, 2, 3, 4, 5))
    respond(survey, tree.commune_b, 10, scores=(4, 5))
    month = survey_results_record(user=province_editor, survey=survey)
    assert SURVEY_SCORE in figures_of(tree.province, month.period.code)
    other = Survey.objects.create(orgunit=tree.province, title="Khảo sát nhỏ",
                                  opens_on=survey.opens_on, closes_on=survey.closes_on,
                                  published=True)  # fmt: skip
    other.units.set([tree.commune_a])
    Question.objects.create(survey=other, key="q1", kind=QuestionKind.SCALE, text="Đồng tình?",
                            headline=True, required=True)  # fmt: skip
    Response.objects.bulk_create(
        Response(survey=other, unit=tree.commune_a, day=other.opens_on, answers={"q1": score})
        for score in [5] * 8 + [1] * 2
    )
    month = survey_results_record(user=province_editor, survey=other)
    written = figures_of(tree.province, month.period.code)
    assert SURVEY_SCORE not in written  # a sum of one survey only would be read as the month's
    assert written[SURVEY_RESPONSES] == 45
    reasons = {f.indicator: f.reason for f in month.sums}
    assert reasons[SURVEY_SCORE]
