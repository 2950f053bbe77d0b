"""The numbers of one universe of tables (a survey's responses, or one text question's coded
topics) and which published number each respondent adds to.

Every published number is a sum of the counts of the full cross-classification an attacker
would solve for: stratum (unit × band answers) × the answer to one question (with "no answer"
as a hidden column).

A number is named by an *entity*, a tuple whose first item says what it counts (a dimension
is UNIT or a band question's key; the row of the whole survey is dimension "" and row ""):

    ("N",)                      the survey's respondents
    ("n", dim, row)             respondents in a row of one dimension
    ("n2", dim, row, dim2, row2)  respondents in a row of two dimensions (dim first in `dims`)
    ("t", key, dim, row)        those in the row who answered a question counted as optional
                                (required ones someone skipped included), or a band some
                                respondent left unanswered
    ("c", key, dim, row, code)  those in the row who chose `code`
    ("na", key, dim, row)       those in the row who left the question unanswered (never shown)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from tuyengiao.surveys.disclosure.spec import Counted, Value

Entity = tuple


class Counts:
    """The cross-classification and every number some table of some breakdown shows."""

    def __init__(
        self,
        *,
        dims: list[str],
        rows: dict[str, list[str]],
        questions: list[Counted],
        strata: list[tuple],
        answers: list[list[Value]],
        k: int,
    ) -> None:
        self.dims, self.rows, self.qs, self.k = dims, rows, questions, k
        self.rowset = {d: set(v) for d, v in rows.items()}
        self._row_cache: dict[tuple, list[Entity]] = {}
        self.dix = {d: i for i, d in enumerate(dims)}
        # In a fixed order, whatever the order the respondents came in (the database gives
        # them in any): the greedy pass breaks ties by it, and two requests must publish the
        # same table (two different safe tables together may not be safe).
        self.n: Counter[tuple] = Counter(dict(sorted(Counter(strata).items(), key=_key)))
        # cnt[q][stratum] = Counter of answers
        cnt: list[dict[tuple, Counter]] = [defaultdict(Counter) for _ in questions]
        for s, ans in zip(strata, answers, strict=True):
            for qi, v in enumerate(ans):
                cnt[qi][s][v] += 1
        self.cnt: list[dict[tuple, Counter]] = [
            defaultdict(
                Counter,
                {
                    st: Counter(dict(sorted(ctr.items(), key=_key)))
                    for st, ctr in sorted(c.items(), key=_key)
                },
            )
            for c in cnt
        ]
        # Bands some respondent left unanswered: their tables' totals are not the row counts.
        self.band_missing = [d for d in dims[1:] if any(s[self.dix[d]] is None for s in self.n)]
        self.val: defaultdict[Entity, int] = defaultdict(int)
        for s, c in self.n.items():
            for e in self._n_contrib(s):
                self.val[e] += c
        for qi in range(len(questions)):
            for s, ctr in self.cnt[qi].items():
                for v, c in ctr.items():
                    for e in self._q_contrib(qi, s, v):
                        self.val[e] += c
        self.total = sum(self.n.values())
        # Each dimension's rows: the displayed ones, then those only respondents are in.
        self.rowvals = {
            d: list(rows[d])
            + [x for x in dict.fromkeys(s[i] for s in self.n) if x not in self.rowset[d]]
            for i, d in enumerate(dims)
        }

    # --- what a respondent adds to which published number -------------------------------

    def hidden(self, e: Entity) -> bool:
        """Never published: a "no answer" residual, or a row outside the displayed rows."""
        tag = e[0]
        if tag == "na":
            return True
        if tag == "n":
            return e[2] not in self.rowset[e[1]]
        if tag == "n2":
            return e[2] not in self.rowset[e[1]] or e[4] not in self.rowset[e[3]]
        if tag in ("c", "t"):
            return e[2] != "" and e[3] not in self.rowset[e[2]]
        return False

    def _n_contrib(self, s: tuple) -> list[Entity]:
        out: list[Entity] = [("N",)]
        out += [("n", d, s[i]) for i, d in enumerate(self.dims)]
        out += [
            ("n2", self.dims[i], s[i], self.dims[j], s[j])
            for i, j in combinations(range(len(self.dims)), 2)
        ]
        for b in self.band_missing:
            if s[self.dix[b]] is not None:
                out.append(("t", b, "", ""))
                out += [("t", b, d, s[i]) for i, d in enumerate(self.dims) if d != b]
        return out

    def _q_row(self, qi: int, d: str, r: object, v: Value) -> list[Entity]:
        key = (qi, d, r, v)
        if key not in self._row_cache:
            self._row_cache[key] = self._q_row_entities(qi, d, r, v)
        return self._row_cache[key]

    def _q_row_entities(self, qi: int, d: str, r: object, v: Value) -> list[Entity]:
        q = self.qs[qi]
        if v is None:
            return [("na", q.key, d, r)]
        out: list[Entity] = []
        if q.kind == "add":
            out.append(("c", q.key, d, r, v))
        elif q.kind == "multi":
            out += [("c", q.key, d, r, a) for a in sorted(v)]  # type: ignore[call-overload]
        if not q.required:
            out.append(("t", q.key, d, r))
        return out

    def _q_contrib(self, qi: int, s: tuple, v: Value) -> list[Entity]:
        out = list(self._q_row(qi, "", "", v))
        for i, d in enumerate(self.dims):
            out += self._q_row(qi, d, s[i], v)
        return out

    def universe(self) -> list[Entity]:
        """Every number some table of some breakdown shows, in a fixed order."""
        out: list[Entity] = [("N",)]
        for d in self.dims:
            out += [("n", d, r) for r in self.rows[d]]
        for i, j in combinations(range(len(self.dims)), 2):
            di, dj = self.dims[i], self.dims[j]
            out += [("n2", di, a, dj, b) for a in self.rows[di] for b in self.rows[dj]]
        for b in self.band_missing:
            out.append(("t", b, "", ""))
            out += [("t", b, d, r) for d in self.dims if d != b for r in self.rows[d]]
        for q in self.qs:
            rows = [("", "")] + [(d, r) for d in self.dims for r in self.rows[d]]
            for d, r in rows:
                if q.kind != "num":
                    out += [("c", q.key, d, r, a) for a in q.codes]
                if not q.required:
                    out.append(("t", q.key, d, r))
        return out


def _rank_of(x: object) -> tuple:
    if x is None:
        return (0,)
    if isinstance(x, frozenset):
        return (2, tuple(sorted(str(c) for c in x)))
    if isinstance(x, tuple):
        return (3, tuple(_rank_of(c) for c in x))
    return (1, str(x))


def _key(item: tuple) -> tuple:
    return _rank_of(item[0])
