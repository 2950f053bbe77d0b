"""disclosure.results: worked examples, the shape other tools read, and speed. Pure: no
database. The attacker's property test is in test_disclosure_attack.py."""

import json
import random
import time

import pytest

from tests.surveys.test_disclosure_attack import attack
from tuyengiao.surveys.disclosure import QuestionSpec, Respondent, results, results_all

AGE = ("U30", "30_45", "46_60", "O60")
SCALE = ("1", "2", "3", "4", "5")


def people(unit, **answers_by_count):
    """`count` respondents of `unit` answering q1 with each code: people("A", X=5, Y=1)."""
    return [
        Respondent(unit=unit, answers={"q1": code})
        for code, count in answers_by_count.items()
        for _ in range(count)
    ]


def table(result, key):
    return next(q for q in result["questions"] if q["id"] == key)


def counts(row):
    return {c["option"]: c["count"] for c in row["cells"]}


def published_numbers(result):
    yield result["responses"]
    for q in result["questions"]:
        for row in q["rows"]:
            yield row["total"]
            for cell in row["cells"]:
                yield cell["count"]


def test_hand_worked_table_hides_the_cheapest_rectangle():
    # q1 by unit, k = 3:      X   Y | total
    #   A                     5   1 |  6    <- Y = 1 is below k
    #   B                     4   4 |  8
    #   C                     6   5 | 11
    #   whole                15  10 | 25
    # Hiding A·Y alone, A's total gives it back (6 - 5); hiding A·X too, column X gives A·X
    # back unless one more row hides X and Y: B (4 + 4) costs less than C (6 + 5).
    question = QuestionSpec("q1", "single", ("X", "Y"), required=True)
    respondents = people("A", X=5, Y=1) + people("B", X=4, Y=4) + people("C", X=6, Y=5)
    result = results(
        questions=[question],
        respondents=respondents,
        units=["A", "B", "C"],
        topics={},
        by="unit",
        k=3,
    )
    assert result["responses"] == 25
    whole, a, b, c = table(result, "q1")["rows"]
    assert (whole["by"], whole["total"], counts(whole)) == ("", 25, {"X": 15, "Y": 10})
    assert (a["by"], a["total"], counts(a)) == ("A", 6, {"X": None, "Y": None})
    assert (b["by"], b["total"], counts(b)) == ("B", 8, {"X": None, "Y": None})
    assert (c["by"], c["total"], counts(c)) == ("C", 11, {"X": 6, "Y": 5})
    # The whole survey's table is the same whole row.
    alone = results(
        questions=[question], respondents=respondents, units=["A", "B", "C"], topics={}, by="", k=3
    )
    assert table(alone, "q1")["rows"] == [whole]
    attack([question], respondents, ["A", "B", "C"], {}, 3)


def test_a_unit_below_k_shows_nothing_and_another_unit_hides_its_count():
    question = QuestionSpec("q1", "single", ("X", "Y"), required=True)
    respondents = (
        people("A", X=2) + people("B", X=6, Y=7) + people("C", X=9, Y=8) + people("D", X=5, Y=6)
    )
    result = results(
        questions=[question],
        respondents=respondents,
        units=["A", "B", "C", "D", "E"],
        topics={},
        by="unit",
        k=5,
    )
    rows = {row["by"]: row for row in table(result, "q1")["rows"]}
    assert result["responses"] == 43
    for unit in ("A", "E"):  # 2 responses, and none
        assert rows[unit]["total"] is None
        assert counts(rows[unit]) == {"X": None, "Y": None}
    # The headline stays. E's cells are zeros to protect: a respondent answering Y could be
    # in E, and A has none, so a third unit (the smallest that has some, D) hides its count
    # and its Y (and so its X): 43 - 13 - 17 = 13 is all one learns of A, D and E together.
    assert counts(rows[""]) == {"X": 22, "Y": 21}
    assert [rows[u]["total"] for u in "BCD"] == [13, 17, None]
    assert counts(rows["D"]) == {"X": None, "Y": None}
    # And the attacker of test_disclosure_attack finds nothing to pin.
    attack([question], respondents, ["A", "B", "C", "D", "E"], {}, 5)


def test_below_k_responses_nothing_is_published():
    question = QuestionSpec("q1", "single", ("X", "Y"), required=True)
    text = QuestionSpec("q2", "text", ())
    result = results(
        questions=[question, text],
        respondents=people("A", X=2, Y=1),
        units=["A"],
        topics={"q2": [("A", "đất đai")] * 6},
        by="unit",
        k=5,
    )
    assert result["responses"] is None
    assert all(number is None for number in published_numbers(result))


def survey(rng, n, units):
    bands = [QuestionSpec("b1", "band", AGE, True), QuestionSpec("b2", "band", ("NAM", "NU"), True)]
    questions = [
        *bands,
        QuestionSpec("q1", "scale", SCALE, True),
        QuestionSpec("q2", "single", ("A", "B", "C"), False),
        QuestionSpec("q3", "multiple", ("A", "B", "C", "D"), False),
        QuestionSpec("q4", "number", (), False),
        QuestionSpec("q5", "text", (), False),
    ]
    respondents = []
    for _ in range(n):
        answers = {"b1": rng.choice(AGE), "b2": rng.choice(("NAM", "NU"))}
        answers["q1"] = rng.choices(range(1, 6), [1, 2, 4, 8, 6])[0]
        if rng.random() < 0.9:
            answers["q2"] = rng.choices("ABC", [6, 3, 1])[0]
        if rng.random() < 0.8:
            answers["q3"] = sorted(set(rng.choices("ABCD", [5, 3, 2, 1], k=2)))
        if rng.random() < 0.7:
            answers["q4"] = rng.randint(0, 30)
        respondents.append(Respondent(unit=rng.choice(units), answers=answers))
    topics = {"q5": [(rng.choice(units), rng.choice(["đất đai", "vỉa hè"])) for _ in range(n // 4)]}
    return questions, respondents, topics


@pytest.mark.parametrize("k", range(2, 11))
def test_shape_and_no_number_below_k(k):
    rng = random.Random(k)
    units = ["P1", "P2", "P3", "P4"]
    questions, respondents, topics = survey(rng, 120, units)
    every = results_all(
        questions=questions, respondents=respondents, units=units, topics=topics, k=k
    )
    assert list(every) == ["", "unit", "b1", "b2"]
    for by, result in every.items():
        assert result == results(
            questions=questions,
            respondents=respondents,
            units=units,
            topics=topics,
            by=by,
            k=k,
        )
        json.loads(json.dumps(result))
        assert (result["k"], result["by"], result["responses"]) == (k, by, 120)
        assert [q["id"] for q in result["questions"]] == [q.key for q in questions]
        for q, spec in zip(result["questions"], questions, strict=True):
            assert q["kind"] == spec.kind
            rows = q["rows"]
            assert rows[0]["by"] == ""
            expected = [""]
            if by == "unit":
                expected += units
            elif by and spec.kind != "text" and by != spec.key:
                expected += list(next(b.codes for b in questions if b.key == by))
            assert [row["by"] for row in rows] == expected
            for row in rows:
                if spec.kind == "number":
                    assert row["cells"] == [] and "mean" in row
                elif spec.kind == "text":
                    labels = sorted({label for _unit, label in topics["q5"]})
                    assert [c["option"] for c in row["cells"]] == labels
                else:
                    assert [c["option"] for c in row["cells"]] == list(spec.codes)
        for number in published_numbers(result):
            assert number is None or number >= k


def test_a_number_published_in_several_tables_has_one_fate():
    rng = random.Random(3)
    units = ["P1", "P2", "P3"]
    questions, respondents, topics = survey(rng, 90, units)
    every = results_all(
        questions=questions, respondents=respondents, units=units, topics=topics, k=6
    )
    # The whole rows are the same in every breakdown.
    wholes = {by: [q["rows"][0] for q in result["questions"]] for by, result in every.items()}
    assert all(rows == wholes[""] for rows in wholes.values())
    # A unit's respondent count: the total of every required question and band by unit.
    by_unit = every["unit"]
    for unit_index in range(1, 4):
        totals = {
            q["rows"][unit_index]["total"]
            for q, spec in zip(by_unit["questions"], questions, strict=True)
            if spec.required
        }
        assert len(totals) == 1
    # An age band's count: its cell in b1's whole row and the totals of required questions by b1.
    b1_whole = counts(wholes[""][0])
    for i, code in enumerate(AGE, start=1):
        totals = {
            q["rows"][i]["total"]
            for q, spec in zip(every["b1"]["questions"], questions, strict=True)
            if spec.required and spec.key != "b1"
        }
        assert totals == {b1_whole[code]}


def test_realistic_survey_keeps_most_cells():
    """300 respondents, 4 units, an age band, a five-point scale, k = 5."""
    rng = random.Random(19)
    units = ["P1", "P2", "P3", "P4"]
    questions = [
        QuestionSpec("b1", "band", AGE, True),
        QuestionSpec("q1", "scale", SCALE, True),
    ]
    respondents = [
        Respondent(
            unit=rng.choice(units),
            answers={"b1": rng.choice(AGE), "q1": rng.choices(range(1, 6), [1, 2, 4, 8, 6])[0]},
        )
        for _ in range(300)
    ]
    every = results_all(questions=questions, respondents=respondents, units=units, topics={}, k=5)
    cells = [
        cell["count"]
        for result in every.values()
        for q in result["questions"]
        for row in q["rows"]
        for cell in row["cells"]
    ]
    hidden = sum(count is None for count in cells) / len(cells)
    assert hidden < 0.3, hidden
    assert every[""]["responses"] == 300
    # Every row total is published (all rows are far above k).
    assert all(
        row["total"] is not None
        for r in every.values()
        for q in r["questions"]
        for row in q["rows"]
    )


def test_five_thousand_respondents_in_under_a_second():
    rng = random.Random(5)
    units = [f"X{i:02d}" for i in range(30)]
    codes = tuple("ABCDEFG")
    questions = [
        QuestionSpec("b1", "band", AGE, True),
        QuestionSpec("b2", "band", ("NAM", "NU", "KHAC"), True),
    ]
    questions += [
        QuestionSpec(f"q{i}", "multiple" if i == 3 else "single", codes, i % 2 == 0)
        for i in range(9)
    ]
    questions.append(QuestionSpec("q9", "scale", SCALE, False))
    weights = [30, 25, 15, 10, 6, 3, 1]
    respondents = []
    for _ in range(5000):
        answers: dict = {
            "b1": rng.choice(AGE),
            "b2": rng.choices(("NAM", "NU", "KHAC"), [10, 10, 1])[0],
        }
        for q in questions[2:]:
            if q.required or rng.random() < 0.9:
                if q.kind == "multiple":
                    answers[q.key] = sorted(set(rng.choices(codes, weights, k=2)))
                elif q.kind == "scale":
                    answers[q.key] = rng.choices(range(1, 6), [1, 2, 5, 10, 8])[0]
                else:
                    answers[q.key] = rng.choices(codes, weights)[0]
        unit = rng.choices(units, [1 + i for i in range(30)])[0]
        respondents.append(Respondent(unit=unit, answers=answers))
    start = time.perf_counter()
    every = results_all(questions=questions, respondents=respondents, units=units, topics={}, k=5)
    elapsed = time.perf_counter() - start
    assert set(every) == {"", "unit", "b1", "b2"}
    assert every[""]["responses"] == 5000
    whole_rows = [q["rows"][0] for q in every[""]["questions"]]
    assert all(row["total"] is not None for row in whole_rows)
    # Under a second on the development machine; room for a slower test runner.
    assert elapsed < 3, elapsed


def test_unknown_breakdown():
    with pytest.raises(ValueError):
        results(questions=[], respondents=[], units=[], topics={}, by="q9", k=5)


def test_means_only_where_no_hidden_group_can_be_differenced():
    number = QuestionSpec("q1", "number", ())
    respondents = [Respondent(unit="A", answers={"q1": 10})] * 6
    respondents += [Respondent(unit="B", answers={"q1": 20})] * 8
    respondents += [Respondent(unit="C", answers={"q1": 99})] * 2  # below k
    result = results(
        questions=[number],
        respondents=respondents,
        units=["A", "B", "C"],
        topics={},
        by="unit",
        k=5,
    )
    whole, a, b, c = table(result, "q1")["rows"]
    assert whole["cells"] == [] and whole["total"] == 16 and whole["mean"] == round(418 / 16, 2)
    # C's two answers are hidden, and with them every unit's mean: the whole mean less the
    # published ones would give C's.
    assert c["total"] is None and c["mean"] is None
    assert a["mean"] is None and b["mean"] is None
    even = [r for r in respondents if r.unit != "C"]
    result = results(
        questions=[number], respondents=even, units=["A", "B"], topics={}, by="unit", k=5
    )
    whole, a, b = table(result, "q1")["rows"]
    assert (a["total"], a["mean"], b["total"], b["mean"]) == (6, 10.0, 8, 20.0)


def test_the_order_respondents_come_in_changes_nothing():
    # The database hands responses over in any order; two requests must publish one table.
    rng = random.Random(11)
    units = ["P1", "P2", "P3", "P4"]
    questions, respondents, topics = survey(rng, 80, units)
    first = results_all(
        questions=questions, respondents=respondents, units=units, topics=topics, k=5
    )
    for _ in range(3):
        rng.shuffle(respondents)
        for pairs in topics.values():
            rng.shuffle(pairs)
        again = results_all(
            questions=questions, respondents=respondents, units=units, topics=topics, k=5
        )
        assert again == first
