"""A survey's protected results: only once no response can come in; read through the
disclosure module; labels and shares added without any number of their own."""

import datetime
import itertools

import pytest
from django.utils import timezone

from tuyengiao.surveys.models import FreeText, Response, Survey
from tuyengiao.surveys.results import (
    ResultsNotReady,
    UnknownBreakdown,
    breakdowns,
    export_rows,
    results_display,
    results_ready,
    survey_end_day,
    survey_results,
    units_short,
)


def finish(survey: Survey, *, days_ago: int = 10, **fields) -> Survey:
    """Move the survey's window into the past: closed, and past the days of paper forms."""
    today = timezone.localdate()
    survey.opens_on = today - datetime.timedelta(days=days_ago + 30)
    survey.closes_on = today - datetime.timedelta(days=days_ago)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    return survey


AGES = ("U30", "30_45", "46_60", "O60")


def respond(survey: Survey, unit, n: int, *, scores=(4,), ages=AGES, day=None, **answers):
    """`n` responses of `unit`: q4 cycles through `scores`, q1 through `ages`, q2 through A,
    B, C, q3 through three choices of its options, q5 through 1, 2, 3 (every cell of a big
    enough group then counts at least k); `answers` replace any of them."""
    day = day or survey.opens_on
    cycles = zip(
        range(n),
        itertools.cycle(scores),
        itertools.cycle(ages),
        itertools.cycle("ABC"),
        itertools.cycle([["A"], ["B", "C"], ["A", "C"]]),
        itertools.cycle((1, 2, 3)),
        strict=False,
    )
    Response.objects.bulk_create(
        Response(survey=survey, unit=unit, day=day,
                 answers={"q1": age, "q2": q2, "q3": q3, "q4": score, "q5": q5, **answers})
        for _i, score, age, q2, q3, q5 in cycles
    )  # fmt: skip


def published_numbers(table: dict) -> set[int]:
    numbers = {table["responses"]}
    for question in table["questions"]:
        for row in question["rows"]:
            numbers.add(row["total"])
            numbers |= {cell["count"] for cell in row["cells"]}
    return numbers - {None}


def test_no_results_while_open_or_while_paper_forms_may_come(survey, tree):
    respond(survey, tree.commune_a, 12)
    with pytest.raises(ResultsNotReady, match="Kết quả có khi cuộc khảo sát kết thúc"):
        survey_results(survey=survey)
    finish(survey, days_ago=2)  # closed, but paper forms are typed until 7 days after
    assert not results_ready(survey)
    with pytest.raises(ResultsNotReady, match="phiếu giấy"):
        survey_results(survey=survey)
    survey.recorded = True
    assert results_ready(survey)
    survey.recorded = False
    finish(survey, days_ago=8)
    assert results_ready(survey)


def test_a_draft_has_no_results(survey, tree):
    finish(survey, published=False)
    with pytest.raises(ResultsNotReady):
        survey_results(survey=survey)


def test_results_are_the_protected_tables(survey, tree, settings):
    settings.SURVEY_MIN_CELL = 5
    finish(survey)
    respond(survey, tree.commune_a, 20, scores=(3, 4, 5, 4))
    respond(survey, tree.commune_b, 2, scores=(1,))
    whole = survey_results(survey=survey)
    assert whole["k"] == 5 and whole["responses"] == 22 and whole["by"] == ""
    assert [q["id"] for q in whole["questions"]] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    q4 = next(q for q in whole["questions"] if q["id"] == "q4")
    assert [row["by"] for row in q4["rows"]] == [""]
    counts = {cell["option"]: cell["count"] for cell in q4["rows"][0]["cells"]}
    # 2 people answered 1: never shown, and neither is another cell (or the total would
    # give it away).
    assert counts["1"] is None and sum(count is None for count in counts.values()) >= 2
    assert not [n for n in published_numbers(whole) if 0 < n < 5]

    by_unit = survey_results(survey=survey, by="unit")
    rows = next(q for q in by_unit["questions"] if q["id"] == "q4")["rows"]
    assert [row["by"] for row in rows] == ["", "XA-AB", "XA-BM"]  # the whole, then each unit
    assert rows[2]["total"] is None and all(c["count"] is None for c in rows[2]["cells"])
    assert units_short(survey) == {"XA-BM"}
    assert survey_results(survey=survey, by="q1")["by"] == "q1"


def test_an_unknown_breakdown_is_refused(survey, tree):
    finish(survey)
    assert [value for value, _label in breakdowns(survey)] == ["", "unit", "q1"]
    for by in ("q2", "q9", "age", "UNIT"):
        with pytest.raises(UnknownBreakdown):
            survey_results(survey=survey, by=by)


def test_coded_topics_are_published_once_the_last_text_is_coded(survey, tree):
    finish(survey)
    respond(survey, tree.commune_a, 10)
    q6 = survey.questions.get(key="q6")
    respond(survey, tree.commune_b, 10)
    FreeText.objects.bulk_create(
        [FreeText(question=q6, unit=unit, topic="Chỗ để xe")
         for unit in (tree.commune_a, tree.commune_b) for _ in range(6)]
        + [FreeText(question=q6, unit=tree.commune_a, text="Ý kiến chưa đọc") for _ in range(7)]
    )  # fmt: skip

    def q6_table():
        return next(q for q in survey_results(survey=survey)["questions"] if q["id"] == "q6")

    # A table growing text by text would show each coded text's unit and topic.
    assert q6_table()["coding"] == "pending" and q6_table()["rows"][0]["cells"] == []
    FreeText.objects.filter(topic="").update(topic="Vỉa hè", text="")
    assert "coding" not in q6_table()
    cells = q6_table()["rows"][0]["cells"]
    assert [(c["option"], c["count"]) for c in cells] == [("Chỗ để xe", 12), ("Vỉa hè", 7)]


def test_the_display_adds_labels_and_shares_of_published_numbers_only(survey, tree):
    finish(survey)
    respond(survey, tree.commune_a, 20, scores=(3, 4, 5, 4))
    respond(survey, tree.commune_b, 3, scores=(2,))
    for by in ("", "unit", "q1"):
        table = survey_results(survey=survey, by=by)
        shown = results_display(survey=survey, table=table)
        published = published_numbers(table)
        for question in shown:
            for row in question.rows:
                assert row.total is None or row.total in published
                for cell in row.cells:
                    assert cell.count is None or cell.count in published
                    if cell.percent is not None:
                        assert row.total and cell.count is not None
        for line in export_rows(shown):
            assert line[3] == "" or line[3] in published
            assert line[6] == "" or line[6] in published
            means = {row.get("mean") for q in table["questions"] for row in q["rows"]}
            assert line[7] == "" or line[7] in means
    shown = results_display(survey=survey, table=survey_results(survey=survey, by="unit"))
    q4 = next(q for q in shown if q.key == "q4")
    assert [(row.label, row.short) for row in q4.rows] == [
        ("Toàn bộ", False),
        ("Đảng ủy xã An Bình", False),
        ("Đảng ủy xã Bình Minh", True),
    ]
    labels = [cell.label for cell in q4.rows[0].cells]
    assert labels[0] == "1 - Rất không đồng tình"


def test_the_end_of_a_survey_ended_early_is_its_last_response(survey, tree):
    finish(survey)
    assert survey_end_day(survey) == survey.closes_on
    respond(survey, tree.commune_a, 3, day=survey.opens_on + datetime.timedelta(days=4))
    survey.ended = True
    assert survey_end_day(survey) == survey.opens_on + datetime.timedelta(days=4)
