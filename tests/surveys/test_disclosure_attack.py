"""The attacker of issue 19: from everything published, can a hidden count below k be pinned?

Random small surveys (hypothesis); every breakdown is published; the attacker knows the shape
of the data (units, bands, questions, which are required) and solves, as non-negative reals,
for the full cross-classification of each question with unit and bands: for a hidden count
below k, scipy's linprog finds its least and greatest value under every published number.
They must differ. Pure: no database.
"""

from collections import defaultdict
from itertools import product

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tuyengiao.surveys.disclosure import QuestionSpec, Respondent, results

AGE = ("U30", "30_45", "46_60", "O60")
SEX = ("NAM", "NU", "KHAC")
SCALE = ("1", "2", "3", "4", "5")
MULTI = ("A", "B", "C")
TOPICS = ("dat dai", "moi truong", "via he")


class Attacker:
    """Unknowns and the published numbers as linear equations over them."""

    def __init__(self, questions, units, k, topics):
        self.questions, self.units, self.k = questions, list(units), k
        # The columns of a text table are the topics it shows (one not shown counts none).
        self.labels = {key: sorted({t for _u, t in pairs}) for key, pairs in topics.items()}
        self.bands = [q for q in questions if q.kind == "band"]
        self.strata = list(product(self.units, *[q.codes for q in self.bands]))
        self.index: dict = {}
        self.lower: list = []
        self.upper: list = []
        for s in self.strata:
            self.var(("n", s))
        self.ineq: list = []  # (coeffs, bound): coeffs . x <= bound
        self.eq: list = []
        for q in questions:
            if q.kind in ("single", "scale"):
                for s in self.strata:
                    cols = [self.var(("x", q.key, s, a)) for a in q.codes]
                    na = self.var(("x", q.key, s, None), upper=0 if q.required else None)
                    self.eq.append(({**dict.fromkeys([*cols, na], 1), self.var(("n", s)): -1}, 0))
            elif q.kind == "multiple":
                for s in self.strata:
                    t = self.var(("t", q.key, s))
                    n = self.var(("n", s))
                    ys = [self.var(("y", q.key, s, a)) for a in q.codes]
                    for y in ys:
                        self.ineq.append(({y: 1, t: -1}, 0))
                    if q.required:
                        self.eq.append(({t: 1, n: -1}, 0))
                    else:
                        self.ineq.append(({t: 1, n: -1}, 0))
                    self.ineq.append(({**dict.fromkeys(ys, -1), t: 1}, 0))
            elif q.kind == "number":
                for s in self.strata:
                    t, n = self.var(("t", q.key, s)), self.var(("n", s))
                    if q.required:
                        self.eq.append(({t: 1, n: -1}, 0))
                    else:
                        self.ineq.append(({t: 1, n: -1}, 0))
            elif q.kind == "text":
                for u in self.units:
                    for topic in self.labels.get(q.key, []):
                        self.var(("z", q.key, u, topic))

    def var(self, key, upper=None):
        if key not in self.index:
            self.index[key] = len(self.index)
            self.upper.append(upper)
        return self.index[key]

    def rows_of(self, by, r):
        if by == "":
            return self.strata
        i = 0 if by == "unit" else 1 + [q.key for q in self.bands].index(by)
        return [s for s in self.strata if s[i] == r]

    def expr(self, q, by, r, option=None, total=False):
        """The published number (cell `option`, or the row's total) as coefficients."""
        coeffs: dict = defaultdict(int)
        if q.kind == "text":
            units = self.units if by == "" else [r]
            for u in units:
                for topic in self.labels.get(q.key, []) if total else [option]:
                    coeffs[self.index[("z", q.key, u, topic)]] += 1
            return dict(coeffs)
        for s in self.rows_of(by, r):
            if q.kind == "band":
                bi = 1 + self.bands.index(q)
                if total or s[bi] == option:
                    coeffs[self.index[("n", s)]] += 1
            elif q.kind in ("single", "scale"):
                for a in q.codes if total else [option]:
                    coeffs[self.index[("x", q.key, s, a)]] += 1
            elif q.kind == "multiple":
                key = ("t", q.key, s) if total else ("y", q.key, s, option)
                coeffs[self.index[key]] += 1
            elif q.kind == "number":
                coeffs[self.index[("t", q.key, s)]] += 1
        return dict(coeffs)

    def no_answer(self, q, by, r):
        coeffs: dict = defaultdict(int)
        for s in self.rows_of(by, r):
            coeffs[self.index[("n", s)]] += 1
            if q.kind in ("single", "scale"):
                coeffs[self.index[("x", q.key, s, None)]] += 0
                for a in q.codes:
                    coeffs[self.index[("x", q.key, s, a)]] -= 1
            else:
                coeffs[self.index[("t", q.key, s)]] -= 1
        return dict(coeffs)

    def truth(self, respondents, topics):
        """The true value of every unknown."""
        x = np.zeros(len(self.index))
        bkeys = [q.key for q in self.bands]
        for person in respondents:
            s = (person.unit, *(person.answers[b] for b in bkeys))
            x[self.index[("n", s)]] += 1
            for q in self.questions:
                a = person.answers.get(q.key)
                if q.kind in ("single", "scale"):
                    x[self.index[("x", q.key, s, None if a is None else str(a))]] += 1
                elif q.kind == "multiple" and a:
                    x[self.index[("t", q.key, s)]] += 1
                    for o in a:
                        x[self.index[("y", q.key, s, o)]] += 1
                elif q.kind == "number" and a is not None:
                    x[self.index[("t", q.key, s)]] += 1
        for key, pairs in topics.items():
            for u, topic in pairs:
                x[self.index[("z", key, u, topic)]] += 1
        return x

    def solve_range(self, coeffs, published):
        """min and max of coeffs . x under every published equation."""
        m = len(self.index)
        rows = self.eq + [(c, v) for c, v in published]
        a_eq = np.zeros((len(rows), m))
        b_eq = np.zeros(len(rows))
        for i, (c, v) in enumerate(rows):
            for j, w in c.items():
                a_eq[i, j] += w
            b_eq[i] = v
        a_ub = np.zeros((max(len(self.ineq), 1), m))
        b_ub = np.zeros(max(len(self.ineq), 1))
        for i, (c, v) in enumerate(self.ineq):
            for j, w in c.items():
                a_ub[i, j] += w
            b_ub[i] = v
        bounds = [(0, u) for u in self.upper]
        obj = np.zeros(m)
        for j, w in coeffs.items():
            obj[j] += w
        out = []
        for sign in (1, -1):
            res = linprog(
                sign * obj,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=bounds,
                method="highs",
            )
            if res.status == 3:  # unbounded: certainly not pinned
                out.append(None)
            else:
                assert res.status == 0, res.message
                out.append(sign * res.fun)
        return out


def attack(questions, respondents, units, topics, k):
    """Publish every breakdown and attack it; returns the number of hidden counts checked."""
    att = Attacker(questions, units, k, topics)
    # Every breakdown the survey has.
    bys = ["", "unit"] + [q.key for q in questions if q.kind == "band"]
    tables = {
        by: results(
            questions=questions, respondents=respondents, units=units, topics=topics, by=by, k=k
        )
        for by in bys
    }
    truth = att.truth(respondents, topics)
    published = []
    hidden = {}
    n_all = {att.index[("n", s)]: 1 for s in att.strata}
    first = tables[""]["responses"]
    for by, table in tables.items():
        assert table["responses"] == first, "the survey's count differs between breakdowns"
        assert table["k"] == k and table["by"] == by
        if table["responses"] is None:
            hidden[tuple(sorted(n_all.items()))] = n_all
        else:
            assert table["responses"] >= k
            published.append((n_all, table["responses"]))
        for item, q in zip(table["questions"], questions, strict=True):
            assert item["id"] == q.key and item["kind"] == q.kind
            for row in item["rows"]:
                d = by if row["by"] != "" else ""
                numbers = [(att.expr(q, d, row["by"], total=True), row["total"])]
                numbers += [
                    (att.expr(q, d, row["by"], option=c["option"]), c["count"])
                    for c in row["cells"]
                ]
                for coeffs, shown in numbers:
                    true = float(np.dot([coeffs.get(j, 0) for j in range(len(truth))], truth))
                    if shown is None:
                        if true < k:
                            hidden[tuple(sorted(coeffs.items()))] = coeffs
                    else:
                        assert shown >= k, (
                            f"{q.key} {by} {row['by']}: {shown} published below k={k}"
                        )
                        assert shown == true, f"{q.key} {by} {row['by']}: {shown} != {true}"
                        published.append((coeffs, shown))
                if q.kind in ("single", "scale", "multiple", "number") and not q.required:
                    coeffs = att.no_answer(q, d, row["by"])
                    true = float(np.dot([coeffs.get(j, 0) for j in range(len(truth))], truth))
                    if 0 < true < k:
                        hidden[tuple(sorted(coeffs.items()))] = coeffs
    # The page says of each unit whether it has fewer than k responses ("chưa đủ số phiếu").
    for u in units:
        coeffs = {att.index[("n", s)]: 1 for s in att.rows_of("unit", u)}
        if float(sum(truth[j] for j in coeffs)) < k:
            att.ineq.append((coeffs, k - 1))
        else:
            att.ineq.append(({j: -1 for j in coeffs}, -k))
    # Repeated numbers are one equation.
    unique = {tuple(sorted(c.items())): (c, v) for c, v in published}
    for key, coeffs in hidden.items():
        if not any(coeffs.values()):
            continue  # a text table without topics: nothing to hide
        true = float(sum(w * truth[j] for j, w in coeffs.items()))
        low, high = att.solve_range(coeffs, list(unique.values()))
        assert low is None or low <= true + 1e-6
        assert high is None or high >= true - 1e-6
        assert low is None or high is None or high - low > 1e-6, (
            f"hidden count {key} (true {true}) pinned by published numbers: [{low}, {high}]"
        )
    return len(hidden)


@st.composite
def surveys(draw):
    units = [f"U{i}" for i in range(draw(st.integers(2, 4)))]
    bands = [QuestionSpec("b1", "band", AGE[: draw(st.integers(2, 4))], True)]
    if draw(st.booleans()):
        bands.append(QuestionSpec("b2", "band", SEX[: draw(st.integers(2, 3))], True))
    kind = draw(st.sampled_from(["single", "scale"]))
    codes = SCALE if kind == "scale" else MULTI
    main = QuestionSpec("q1", kind, codes, draw(st.booleans()))
    multi = QuestionSpec("q2", "multiple", MULTI, draw(st.booleans()))
    questions = [*bands, main, multi]
    if draw(st.booleans()):
        questions.append(QuestionSpec("q3", "number", (), False))
    if draw(st.booleans()):
        questions.append(QuestionSpec("q4", "text", (), False))
    # Skewed answers, so that small and empty cells are common.
    unit_w = st.sampled_from(units[:1] * 3 + units)
    people = []
    for _ in range(draw(st.integers(0, 60))):
        answers: dict = {}
        unit = draw(unit_w)
        for b in bands:
            answers[b.key] = draw(st.sampled_from(b.codes[:1] * 2 + b.codes))
        if main.required or draw(st.integers(0, 4)):
            choice = draw(st.sampled_from(codes[:2] * 3 + codes))
            answers["q1"] = int(choice) if kind == "scale" else choice
        if multi.required or draw(st.integers(0, 4)):
            answers["q2"] = sorted(draw(st.sets(st.sampled_from(MULTI), min_size=1)))
        if len(questions) > 4 and questions[4].key == "q3" and draw(st.booleans()):
            answers["q3"] = draw(st.integers(0, 20))
        people.append(Respondent(unit=unit, answers=answers))
    topics = {}
    if any(q.kind == "text" for q in questions):
        topics["q4"] = [
            (draw(unit_w), draw(st.sampled_from(TOPICS[:1] * 2 + TOPICS)))
            for _ in range(draw(st.integers(0, 25)))
        ]
    k = draw(st.integers(2, 6))
    return questions, people, units, topics, k


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(surveys())
def test_no_hidden_count_below_k_can_be_worked_out(survey):
    questions, people, units, topics, k = survey
    attack(questions, people, units, topics, k)
