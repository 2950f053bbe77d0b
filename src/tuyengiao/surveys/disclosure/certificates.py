"""Certificates: why a hidden count cannot be worked out from what is published.

For a hidden count below k, a *certificate* is a change of the cross-classification (see
`counts`) that leaves every published number as it is, keeps every count non-negative and
changes the hidden one. A certificate is built from real respondents: one's answer traded with
another's in a different row of the same stratum context, one's answer relabelled, or one moved
(with, question by question, an answer someone in its stratum really gave, or any answer for
the question being protected) to another unit or band, or two such moves crossing. The result
stays a possible survey, so it satisfies whatever an attacker knows of the shape of the data.
No certificate moves a unit across k, since the page says of each unit whether it has fewer
than k responses ("chưa đủ số phiếu").

A candidate is yielded as its *image*: how much each number changes. What it changes must be
hidden too, so each candidate has a cost (what hiding its numbers costs the reader, see
`weight`); `suppression` takes the cheapest.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import product

from tuyengiao.surveys.disclosure.counts import Counts, Entity
from tuyengiao.surveys.disclosure.spec import UNIT, Counted, Value


class Certificates(Counts):
    """The candidate certificates of a count, given what is hidden so far."""

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
        super().__init__(
            dims=dims, rows=rows, questions=questions, strata=strata, answers=answers, k=k
        )
        self.suppressed: set[Entity] = set()
        self._changed_cache: dict[tuple, frozenset] = {}
        self._ctx_cache: dict[tuple, dict] = {}
        # The cost of the best certificate found so far for the count being protected: a
        # candidate that already costs more is dropped half-built.
        self._bound: int | None = None

    # --- what a certificate costs ---------------------------------------------------------

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
        """What hiding every number an image changes costs, beyond what is hidden already."""
        return self._weigh(e for e, dv in image.items() if dv)

    def _weigh(self, entities: Iterable[Entity]) -> int:
        sup, hidden = self.suppressed, self.hidden
        return sum(self.weight(x) for x in entities if x not in sup and not hidden(x))

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

    def _rank(self, d: str, x: object) -> int:
        rows = self.rows[d]
        return rows.index(x) if x in self.rowset[d] else len(rows)

    def _targets(self, q: Counted, v: Value) -> list[Value]:
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
            combos = [(c, c) for c in product(*choices)]
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


def _trades(q: Counted, code: object, here: Counter, there: Counter) -> Iterator[tuple]:
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


def _set(s: tuple, i: int, x: object) -> tuple:
    return (*s[:i], x, *s[i + 1 :])
