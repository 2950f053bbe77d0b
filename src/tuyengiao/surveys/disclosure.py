"""A survey's published tables, with disclosure control (issue 19 §1 and §3). Pure Python.

No count below k is ever published (primary suppression, zeros included), and no hidden count
below k can be worked out exactly from everything published, across every breakdown of the
survey at once (complementary suppression). All breakdowns ("", "unit", each band) are
protected together in one pass over one set of numbers, so a number that appears in several
tables (a unit's or a band's respondent count, a column total, the survey's count) is either
published everywhere with one value or hidden everywhere: `results(by=...)` for any `by` reads
the same decision.

How it works. Every published number is a sum of the counts of the full cross-classification
an attacker would solve for: stratum (unit × band answers) × the answer to one question (with
"no answer" as a hidden column). For each hidden count below k we look for a *certificate*: a
change of that cross-classification that leaves every published number as it is, keeps every
count non-negative and changes the hidden one. A certificate is built from real respondents:
one's answer traded with another's in a different row of the same stratum context, one's
answer relabelled, or one moved (with, question by question, an answer someone in its stratum
really gave, or any answer for the question being protected) to another unit or band, or two
such moves crossing. The result stays a possible survey, so it satisfies whatever an attacker
knows of the shape of the data. What the change touches must be hidden too; among the
candidates we take the one that hides the least (small cells of a breakdown first, then
totals, then the whole row's numbers, then respondent counts). Hiding more never invalidates a
certificate already found, so one greedy pass is enough, and the result is deterministic. No
certificate moves a unit across k, since the page says of each unit whether it has fewer than
k responses ("chưa đủ số phiếu"). Should a count have no certificate at all (only in tiny
surveys), nothing of the survey is published.

Per question, the tables are the question's answers by stratum: the guarantee holds against
an attacker who solves, as real numbers, for the counts of each question's cross-
classification with unit and bands (tests/surveys/test_disclosure_attack.py runs that attacker
with scipy's linprog). The "no answer" residual of an optional question (respondents minus
answers) is protected when it counts 1 to k-1; that nobody skipped a question is not hidden.

Number questions publish how many answered, and a mean only where it cannot be differenced
into the sum of a hidden group: the whole row's mean when its count is published, and the
rows of a breakdown only when every row of it (hidden ones included) has its count published.
Free text is stored apart from responses, so its topic counts are a separate table of their
own (coded texts by unit and topic), protected the same way and never broken down by band.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

BY_UNIT = "unit"
UNIT = "unit"
# Whether "nobody in this row skipped this optional question" is hidden too. It says nothing
# of what anyone answered, and hiding it costs a total and a cell in most rows of every
# optional question; the attacker test checks the residual from 1 to k-1 either way.
PROTECT_EMPTY_NO_ANSWER = False

Entity = tuple
Value = object  # an answer: a code, a frozenset of codes, "#" (a number), or None


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str  # "single" | "multiple" | "scale" | "number" | "text" | "band"
    codes: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class Respondent:
    unit: str
    answers: Mapping[str, object]


@dataclass(frozen=True)
class _Q:
    key: str
    kind: str  # "add" (single, scale), "multi", "num"
    codes: tuple[str, ...]
    required: bool


def _answer(spec: QuestionSpec, raw: object) -> Value:
    """A respondent's answer as the tables count it; an invalid one counts as no answer."""
    if raw is None:
        return None
    if spec.kind == "multiple":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple | set | frozenset):
            return None
        chosen = frozenset(str(x) for x in items if str(x) in spec.codes)
        return chosen or None
    if spec.kind == "number":
        return "#" if isinstance(raw, int | float) and not isinstance(raw, bool) else None
    code = str(raw)
    return code if code in spec.codes else None


class _Protector:
    """The suppression decision for one universe of tables (a survey's responses, or one text
    question's coded topics)."""

    def __init__(
        self,
        *,
        dims: list[str],
        rows: dict[str, list[str]],
        questions: list[_Q],
        strata: list[tuple],
        answers: list[list[Value]],
        k: int,
    ) -> None:
        self.dims, self.rows, self.qs, self.k = dims, rows, questions, k
        self.rowset = {d: set(v) for d, v in rows.items()}
        self._row_cache: dict[tuple, list[Entity]] = {}
        self._changed_cache: dict[tuple, frozenset] = {}
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
        self.rowvals = {
            d: list(rows[d])
            + [x for x in dict.fromkeys(s[i] for s in self.n) if x not in self.rowset[d]]
            for i, d in enumerate(dims)
        }
        self.suppressed: set[Entity] = set()
        self._ctx_cache: dict[tuple, dict] = {}
        # The cost of the best certificate found so far for the count being protected: a
        # candidate that already costs more is dropped half-built.
        self._bound: int | None = None
        self.everything_hidden = self.total < k
        if not self.everything_hidden:
            self._protect()

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

    # --- the greedy pass ----------------------------------------------------------------

    def weight(self, e: Entity) -> int:
        """What hiding `e` costs the reader: cells first, then totals, then counts."""
        v = self.val.get(e, 0)
        tag = e[0]
        if tag == "n2" or (tag == "c" and e[2] != ""):
            return v + 1
        if tag in ("c", "t") and e[2] == "":  # the whole row: the headline numbers
            return 6 * v + 100
        if tag == "t":
            return 3 * v + 20
        if tag == "n":
            return 5 * v + 60
        return 10**9

    def _cost(self, image: Mapping[Entity, int]) -> int:
        sup, hidden = self.suppressed, self.hidden
        return sum(
            self.weight(e) for e, dv in image.items() if dv and e not in sup and not hidden(e)
        )

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

    def _protect(self) -> None:
        k = self.k
        visible = [e for e in self.universe() if e[0] != "N"]
        self.suppressed = {e for e in visible if self.val.get(e, 0) < k}
        sensitive = [e for e in visible if self.val.get(e, 0) < k]
        # Hidden counts (no answer, rows outside the list) are protected from 1 to k-1.
        sensitive += [e for e, v in self.val.items() if self.hidden(e) and 0 < v < k]
        if PROTECT_EMPTY_NO_ANSWER:
            sensitive += [
                ("na", q.key, d, r)
                for q in self.qs
                if not q.required
                for d, r in [("", ""), *((d, r) for d in self.dims for r in self.rows[d])]
                if not self.val.get(("na", q.key, d, r))
            ]
        order = {"n": 0, "n2": 1, "t": 2, "c": 3, "na": 4}
        sensitive.sort(key=lambda e: order[e[0]])
        for e in sensitive:
            best: tuple[int, dict] | None = None
            self._bound = None
            for image in self._candidates(e):
                if not image.get(e):
                    continue
                cost = self._cost(image)
                if best is None or cost < best[0]:
                    best = (cost, image)
                    self._bound = cost
                    if cost == 0:
                        break
            if best is None:
                # No change of the data hides it: publish nothing at all rather than guess.
                self.everything_hidden = True
                return
            self.suppressed.update(x for x, dv in best[1].items() if dv)

    # --- candidate certificates ---------------------------------------------------------

    def _candidates(self, e: Entity) -> Iterator[dict]:
        tag = e[0]
        if tag in ("c", "na") or (tag == "t" and e[1] not in self.dix):
            qi = next(i for i, q in enumerate(self.qs) if q.key == e[1])
            d, r = e[2], e[3]
            found = False
            if d != "":
                for image in self._swaps(qi, d, r, e):
                    found = True
                    yield image
            if not found:
                for image in self._relabels(qi, d, r, e):
                    found = True
                    yield image
            # A row's total can often be hidden more cheaply by a move than by a relabel
            # (which touches the whole row); a cell, only when nothing else does it.
            if d != "" and (tag == "t" or not found):
                yield from self._moves(e, [(d, r)], focus=qi)
        elif tag == "n":
            yield from self._moves(e, [(e[1], e[2])])
        elif tag == "n2":
            found = False
            for image in self._rects(e):
                found = True
                yield image
            for image in self._moves(e, [(e[1], e[2]), (e[3], e[4])], fixed=True):
                found = True
                yield image
            if not found:
                yield from self._diagonals(e, [(e[1], e[2]), (e[3], e[4])])
        elif tag == "t":  # a band's total where some respondent left it unanswered
            yield from self._moves(e, [(e[1], None)] + ([(e[2], e[3])] if e[2] else []))

    def _image(
        self, plus: Sequence[Entity], minus: Sequence[Entity], into: dict | None = None
    ) -> dict:
        image: dict = {} if into is None else into
        for x in plus:
            image[x] = image.get(x, 0) + 1
        for x in minus:
            image[x] = image.get(x, 0) - 1
        return image

    def _values(self, qi: int) -> list[Value]:
        return list(dict.fromkeys(v for ctr in self.cnt[qi].values() for v in ctr))

    def _swaps(self, qi: int, d: str, r: object, e: Entity) -> Iterator[dict]:
        """Two respondents of one stratum context, one in row r and one in another row r2,
        trade the answer e counts (one gives it up, the other takes it on): the whole row and
        every other table stay as they were; the cheapest such trade is yielded."""
        di = self.dix[d]
        if (qi, d) not in self._ctx_cache:
            by_row: dict[object, dict[tuple, Counter]] = defaultdict(dict)
            for s, ctr in self.cnt[qi].items():
                by_row[s[di]][s[:di] + s[di + 1 :]] = ctr
            self._ctx_cache[(qi, d)] = by_row
        by_row = self._ctx_cache[(qi, d)]
        mine = by_row.get(r)
        if not mine:
            return
        q = self.qs[qi]
        code = e[4] if e[0] == "c" else None

        def floor(r2: object) -> int:
            # What the trade costs at least: e's own entity in row r2 always changes.
            other = ("c", q.key, d, r2, code) if code is not None else ("t", q.key, d, r2)
            if other[0] == "t" and q.required:
                return 0
            return 0 if other in self.suppressed or self.hidden(other) else self.weight(other)

        best: tuple[int, tuple] | None = None
        for r2 in sorted((x for x in by_row if x != r), key=lambda x: (floor(x), self._rank(d, x))):
            if best is not None and best[0] <= floor(r2):
                break
            theirs = by_row[r2]
            seen: dict = {}
            for ctx, here in mine.items():
                there = theirs.get(ctx)
                if not there:
                    continue
                for v, w, v2, w2 in _trades(q, code, here, there):
                    if (v2, w2, v, w) in seen:
                        continue
                    seen[(v2, w2, v, w)] = True
                    mine_changed = self._changed(qi, d, r, v, v2)
                    if e not in mine_changed:
                        continue
                    cost = self._weigh(mine_changed) + self._weigh(self._changed(qi, d, r2, w, w2))
                    if best is None or cost < best[0]:
                        best = (cost, (r2, v, w, v2, w2))
                        if cost == 0:
                            break
                if best is not None and best[0] == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is not None:
            r2, v, w, v2, w2 = best[1]
            image = self._image(self._q_row(qi, d, r, v2), self._q_row(qi, d, r, v))
            yield self._image(self._q_row(qi, d, r2, w2), self._q_row(qi, d, r2, w), image)

    def _changed(self, qi: int, d: str, r: object, v: Value, v2: Value) -> frozenset:
        """What changes in row r when an answer v there becomes v2."""
        key = (qi, d, r, v, v2)
        if key not in self._changed_cache:
            self._changed_cache[key] = frozenset(self._q_row(qi, d, r, v)) ^ frozenset(
                self._q_row(qi, d, r, v2)
            )
        return self._changed_cache[key]

    def _weigh(self, entities: frozenset) -> int:
        sup, hidden = self.suppressed, self.hidden
        return sum(self.weight(x) for x in entities if x not in sup and not hidden(x))

    def _rank(self, d: str, x: object) -> int:
        rows = self.rows[d]
        return rows.index(x) if x in self.rowset[d] else len(rows)

    def _targets(self, q: _Q, v: Value) -> list[Value]:
        if q.kind == "add":
            out: list[Value] = [c for c in q.codes if c != v]
        elif q.kind == "num":
            out = ["#"] if v is None else []
        elif v is None:
            out = [frozenset([c]) for c in q.codes]
        else:
            chosen = v if isinstance(v, frozenset) else frozenset()
            out = []
            for c in q.codes:
                out.append(chosen ^ {c} or None)
                if len(chosen) == 1 and c not in chosen:
                    out.append(frozenset([c]))
        if not q.required and v is not None:
            out.append(None)
        return [t for t in dict.fromkeys(out) if not (q.required and t is None)]

    def _relabels(self, qi: int, d: str, r: object, e: Entity) -> Iterator[dict]:
        """One respondent's answer changed to another valid one (touches every table)."""
        q = self.qs[qi]
        di = self.dix.get(d)
        seen: dict = {}
        for s, ctr in self.cnt[qi].items():
            if di is not None and s[di] != r:
                continue
            for v, c in ctr.items():
                if not c:
                    continue
                for w in self._targets(q, v):
                    key = (s, v, w)
                    if key in seen:
                        continue
                    seen[key] = True
                    yield self._image(self._q_contrib(qi, s, w), self._q_contrib(qi, s, v))

    def _q_move(self, qi: int, legs: list[tuple], e: Entity | None, free: bool) -> dict | None:
        """The cheapest way question qi's answers follow respondents moved: legs of (stratum
        from, stratum to); each carries an answer given in its stratum or, when `free` (one
        respondent, the question e is of), any answer the question allows."""
        choices = [list(self.cnt[qi][s1]) for s1, _s2 in legs]
        if any(not c for c in choices):
            return None
        if len(legs) == 2 and e is None and any(v in self.cnt[qi][legs[1][0]] for v in choices[0]):
            return {}  # the two carry the same answer: nothing changes
        if free and len(legs) == 1:
            combos = [((v,), (w,)) for v in choices[0] for w in [v, *self._targets(self.qs[qi], v)]]
        else:
            combos = [(c, c) for c in _product(choices)]
        best: tuple[int, dict] | None = None
        for given, taken in combos:
            image: dict = {}
            for (s1, s2), v, w in zip(legs, given, taken, strict=True):
                self._image(self._q_contrib(qi, s2, w), self._q_contrib(qi, s1, v), image)
            if e is not None and not image.get(e):
                continue
            cost = self._cost(image)
            if best is None or cost < best[0]:
                best = (cost, image)
                if cost == 0:
                    break
        return None if best is None else best[1]

    def _through_moves(self, e: Entity, cands: list[tuple], focus: int | None) -> Iterator[dict]:
        """Complete candidate moves (dim, legs of (stratum from, stratum to)) with the answers
        that follow them, cheapest respondent counts first, while they can still win.
        Candidates may come grouped, (dim, [legs, legs…]), when they move the same counts."""
        staged: list[tuple] = []
        for d, group in cands:
            if group and isinstance(group[0], tuple):
                group = [group]
            legs = group[0]
            image: dict = {}
            for s1, s2 in legs:
                self._image(self._n_contrib(s2), self._n_contrib(s1), image)
            if focus is None and not image.get(e):
                continue
            if self._flips(legs):
                continue
            staged.append((self._cost(image), len(staged), d, group, image))
        staged.sort(key=lambda c: (c[0], c[1]))
        for cost, _i, d, group, image in staged:
            for legs in group:
                if self._bound is not None and cost >= self._bound:
                    return
                full = self._answers_follow(d, legs, image, cost, e, focus)
                if full is not None:
                    yield full

    def _flips(self, legs: list[tuple]) -> bool:
        """Whether a unit's count would cross k: the page says of each unit whether it has
        fewer than k responses ("chưa đủ số phiếu"), so that side of k is public."""
        change: dict = {}
        for s1, s2 in legs:
            if s1[0] != s2[0]:
                change[s1[0]] = change.get(s1[0], 0) - 1
                change[s2[0]] = change.get(s2[0], 0) + 1
        for unit, dv in change.items():
            before = self.val.get(("n", UNIT, unit), 0)
            if (before < self.k) != (before + dv < self.k):
                return True
        return False

    def _answers_follow(
        self, d: str, legs: list, image: dict, cost: int, e: Entity, focus: int | None
    ) -> dict | None:
        image = dict(image)
        for qi in range(len(self.qs)):
            part = self._q_move(qi, legs, e if qi == focus else None, qi == focus)
            if part is None:
                return None
            for x, dv in part.items():
                image[x] = image.get(x, 0) + dv
            cost += self._cost(part)
            if self._bound is not None and cost >= self._bound:
                return None
        return image

    def _moves(
        self, e: Entity, anchors: list[tuple], focus: int | None = None, fixed: bool = False
    ) -> Iterator[dict]:
        """One respondent moved into or out of the anchored row(s), along one anchor's dim."""
        cands = []
        for d, r in anchors:
            di = self.dix[d]
            others = [(self.dix[d2], r2) for d2, r2 in anchors if d2 != d] if fixed else []
            for s1 in self.n:
                if any(s1[i] != r2 for i, r2 in others):
                    continue
                targets = [x for x in self.rowvals[d] if x != r] if s1[di] == r else [r]
                cands += [(d, [(s1, _set(s1, di, x))]) for x in targets]
        yield from self._through_moves(e, cands, focus)

    def _diagonals(self, e: Entity, anchors: list[tuple]) -> Iterator[dict]:
        """One respondent moved along both anchors at once: out of the cell to anywhere, or
        into it (when nothing simpler exists: tiny surveys)."""
        cands = []
        if True:
            (d1, r1), (d2, r2) = anchors
            i1, i2 = self.dix[d1], self.dix[d2]
            for s1 in self.n:
                if s1[i1] == r1 and s1[i2] == r2:
                    cands += [
                        (d1, [(s1, _set(_set(s1, i1, x1), i2, x2))])
                        for x1 in self.rowvals[d1]
                        for x2 in self.rowvals[d2]
                        if x1 != r1 and x2 != r2
                    ]
                elif s1[i1] != r1 and s1[i2] != r2:
                    cands.append((d1, [(s1, _set(_set(s1, i1, r1), i2, r2))]))
        yield from self._through_moves(e, cands, None)

    def _rects(self, e: Entity) -> Iterator[dict]:
        """Two respondents cross: one leaves the cell along one dim, another from a row of
        the other dim comes back into it, so every one-way count stays as it was."""
        _tag, d1, r1, d2, r2 = e
        groups: dict[tuple, list] = defaultdict(list)
        for m, rm, o, ro in ((d2, r2, d1, r1), (d1, r1, d2, r2)):
            mi, oi = self.dix[m], self.dix[o]
            for s in self.n:
                if s[oi] != ro:
                    continue
                x = s[mi]
                ys = [y for y in self.rowvals[m] if y != rm] if x == rm else [rm]
                for o2 in self.rowvals[o]:
                    if o2 == ro:
                        continue
                    for y in ys:
                        # i: (ro, x, c) -> (ro, y, c); j: (o2, y, c) -> (o2, x, c)
                        j1 = _set(_set(s, oi, o2), mi, y)
                        if self.n.get(j1):
                            # The counts moved do not depend on c: one group per rectangle.
                            groups[(m, o2, x, y)].append(
                                [(s, _set(s, mi, y)), (j1, _set(j1, mi, x))]
                            )
        yield from self._through_moves(e, [(key[0], legs) for key, legs in groups.items()], None)

    # --- reading ------------------------------------------------------------------------

    def published(self, e: Entity) -> int | None:
        if self.everything_hidden or e in self.suppressed or self.hidden(e):
            return None
        v = self.val.get(e, 0)
        return v if v >= self.k else None


def _trades(q: _Q, code: object, here: Counter, there: Counter) -> Iterator[tuple]:
    """(v, w, v2, w2): someone here answering v changes to v2 while someone there answering
    w changes to w2, so that the answers given, all rows together, stay the same; `code`
    (None: whether the question was answered at all) is among what changes."""
    if q.kind == "multi" and code is not None:
        for v in here:
            for w in there:
                if _has(v, code) and not _has(w, code):
                    v2, w2 = _without(v, code), _with(w, code)
                elif _has(w, code) and not _has(v, code):
                    v2, w2 = _with(v, code), _without(w, code)
                else:
                    continue
                if (v2 is None) != (w is None) or (v is None) != (w2 is None):
                    continue  # the count of answers would change
                yield v, w, v2, w2
        return
    if code is not None:  # single choice, scale
        if here.get(code):
            for w in there:
                if w != code:
                    yield code, w, w, code
        if there.get(code):
            for v in here:
                if v != code:
                    yield v, code, code, v
        return
    # Whether answered: one answer moves from a respondent here to one there, or back.
    if here.get(None):
        for w in there:
            if w is not None:
                yield None, w, w, None
    if there.get(None):
        for v in here:
            if v is not None:
                yield v, None, None, v


def _has(v: Value, code: object) -> bool:
    return v == code or (isinstance(v, frozenset) and code in v)


def _without(v: Value, code: object) -> Value:
    rest = v - {code} if isinstance(v, frozenset) else frozenset()
    return rest or None


def _with(v: Value, code: object) -> Value:
    return (v if isinstance(v, frozenset) else frozenset()) | {code}


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


def _set(s: tuple, i: int, x: object) -> tuple:
    return (*s[:i], x, *s[i + 1 :])


def _product(choices: list[list]) -> Iterator[tuple]:
    if not choices:
        yield ()
        return
    for v in choices[0]:
        for rest in _product(choices[1:]):
            yield (v, *rest)


# --- the tables -------------------------------------------------------------------------


def results(
    *,
    questions: Sequence[QuestionSpec],
    respondents: Sequence[Respondent],
    units: Sequence[str],
    topics: Mapping[str, Sequence[tuple[str, str]]],
    by: str,
    k: int,
) -> dict:
    """The survey's protected tables broken down by `by` ("" the whole survey, "unit", or a
    band question's key), in the shape of the API (issue 19 §3). A hidden count is None.
    ValueError for a `by` that is none of these."""
    bands = {q.key for q in questions if q.kind == "band"}
    if by not in ("", BY_UNIT) and by not in bands:
        raise ValueError(f"unknown breakdown {by!r}")
    return results_all(
        questions=questions, respondents=respondents, units=units, topics=topics, k=k, bys=[by]
    )[by]


def results_all(
    *,
    questions: Sequence[QuestionSpec],
    respondents: Sequence[Respondent],
    units: Sequence[str],
    topics: Mapping[str, Sequence[tuple[str, str]]],
    k: int,
    bys: Sequence[str] | None = None,
) -> dict[str, dict]:
    """`results` for every breakdown in `bys` (all of them when None) from one decision:
    {by: tables}. The decision covers every breakdown whichever are asked for."""
    bands = [q for q in questions if q.kind == "band"]
    if bys is None:
        bys = ["", BY_UNIT] + [q.key for q in bands]
    k = max(int(k), 1)
    dims = [UNIT] + [q.key for q in bands]
    rows: dict[str, list[str]] = {UNIT: list(dict.fromkeys(units))}
    rows.update({q.key: list(dict.fromkeys(q.codes)) for q in bands})
    counted = [q for q in questions if q.kind in ("single", "scale", "multiple", "number")]
    internal = [
        _Q(q.key, {"multiple": "multi", "number": "num"}.get(q.kind, "add"), tuple(q.codes), False)
        for q in counted
    ]
    strata: list[tuple] = []
    answers: list[list[Value]] = []
    sums: list[dict[tuple, float]] = [defaultdict(float) for _ in counted]
    for person in respondents:
        strata.append((person.unit, *(_answer(q, person.answers.get(q.key)) for q in bands)))
        answers.append([_answer(q, person.answers.get(q.key)) for q in counted])
        for qi, q in enumerate(counted):
            raw = person.answers.get(q.key)
            if answers[-1][qi] == "#":
                sums[qi][strata[-1]] += float(raw)  # type: ignore[arg-type]
    # A required question nobody skipped has the row counts as its totals (one number, one
    # decision); a question someone skipped has totals of its own.
    for qi, q in enumerate(counted):
        if q.required and all(a[qi] is not None for a in answers):
            internal[qi] = _Q(internal[qi].key, internal[qi].kind, internal[qi].codes, True)
    main = _Protector(dims=dims, rows=rows, questions=internal, strata=strata, answers=answers, k=k)
    texts: dict[str, _Protector] = {}
    for q in questions:
        if q.kind != "text":
            continue
        pairs = list(topics.get(q.key, ()))
        labels = tuple(sorted({label for _unit, label in pairs}))
        texts[q.key] = _Protector(
            dims=[UNIT],
            rows={UNIT: rows[UNIT]},
            questions=[_Q(q.key, "add", labels, True)],
            strata=[(unit,) for unit, _label in pairs],
            answers=[[label] for _unit, label in pairs],
            k=k,
        )
        # Below k responses nothing is published, the coded free text included.
        texts[q.key].everything_hidden |= main.everything_hidden
    return {by: _tables(questions, counted, main, texts, rows, sums, by, k) for by in bys}


def _tables(
    questions: Sequence[QuestionSpec],
    counted: list[QuestionSpec],
    main: _Protector,
    texts: dict[str, _Protector],
    rows: dict[str, list[str]],
    sums: list[dict[tuple, float]],
    by: str,
    k: int,
) -> dict:
    out_questions = []
    by_index = {q.key: i for i, q in enumerate(counted)}
    for q in questions:
        item: dict = {"id": q.key, "kind": q.kind, "rows": []}
        if q.kind == "text":
            prot = texts[q.key]
            lines = [("", "")] + ([(UNIT, u) for u in rows[UNIT]] if by == BY_UNIT else [])
            for d, r in lines:
                item["rows"].append(_row(prot, prot.qs[0], d, r))
        elif q.kind == "band":
            lines = [("", "")]
            if by and by != q.key:
                lines += [(by, r) for r in rows[by]]
            for d, r in lines:
                item["rows"].append(_band_row(main, q, d, r))
        else:
            qi = by_index[q.key]
            lines = [("", "")] + ([(by, r) for r in rows[by]] if by else [])
            for d, r in lines:
                row = _row(main, main.qs[qi], d, r)
                if q.kind == "number":
                    row["mean"] = _mean(main, qi, sums[qi], d, r)
                item["rows"].append(row)
        out_questions.append(item)
    return {
        "k": k,
        "responses": main.published(("N",)),
        "by": by,
        "questions": out_questions,
    }


def _total_key(prot: _Protector, q: _Q, d: str, r: object) -> Entity:
    if not q.required:
        return ("t", q.key, d, r)
    return ("N",) if d == "" else ("n", d, r)


def _row(prot: _Protector, q: _Q, d: str, r: str) -> dict:
    cells = []
    if q.kind != "num":
        cells = [{"option": a, "count": prot.published(("c", q.key, d, r, a))} for a in q.codes]
    return {"by": r, "total": prot.published(_total_key(prot, q, d, r)), "cells": cells}


def _band_row(prot: _Protector, q: QuestionSpec, d: str, r: str) -> dict:
    """A band question's row: its cells are respondent counts (by band, by unit and band)."""
    cells = []
    for code in dict.fromkeys(q.codes):
        if d == "":
            key: Entity = ("n", q.key, code)
        elif prot.dix[d] < prot.dix[q.key]:
            key = ("n2", d, r, q.key, code)
        else:
            key = ("n2", q.key, code, d, r)
        cells.append({"option": code, "count": prot.published(key)})
    if q.key in prot.band_missing:
        total_key: Entity = ("t", q.key, d, r)
    else:
        total_key = ("N",) if d == "" else ("n", d, r)
    return {"by": r, "total": prot.published(total_key), "cells": cells}


def _mean(prot: _Protector, qi: int, sums: Mapping[tuple, float], d: str, r: str) -> float | None:
    """A mean is a sum: published only where no difference of published sums isolates a
    hidden group (see the module's docstring)."""
    q = prot.qs[qi]
    if prot.published(_total_key(prot, q, d, r)) is None:
        return None
    if d != "":
        answered = {s[prot.dix[d]] for s, ctr in prot.cnt[qi].items() if ctr.get("#")}
        if any(prot.published(_total_key(prot, q, d, x)) is None for x in answered):
            return None
        if any(x not in prot.rowset[d] for x in answered):
            return None
    di = prot.dix.get(d)
    total = sum(
        c
        for s, ctr in prot.cnt[qi].items()
        if di is None or s[di] == r
        for v, c in ctr.items()
        if v == "#"
    )
    amount = sum(v for s, v in sums.items() if di is None or s[di] == r)
    return round(amount / total, 2) if total else None
