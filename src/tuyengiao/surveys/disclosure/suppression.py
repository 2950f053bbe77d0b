"""The decision: which numbers of one universe of tables are hidden.

No count below k is ever published (primary suppression, zeros included), and no hidden count
below k can be worked out exactly from everything published (complementary suppression): each
has a certificate (see `certificates`), and what the certificate changes is hidden too. Among
the candidates we take the one that hides the least (small cells of a breakdown first, then
totals, then the whole row's numbers, then respondent counts). Hiding more never invalidates a
certificate already found, so one greedy pass is enough, and the result is deterministic.
Should a count have no certificate at all (only in tiny surveys), nothing of the survey is
published.

The "no answer" residual of an optional question (respondents minus answers) is protected when
it counts 1 to k-1; that nobody skipped a question is not hidden.
"""

from __future__ import annotations

from tuyengiao.surveys.disclosure.certificates import Certificates
from tuyengiao.surveys.disclosure.counts import Entity
from tuyengiao.surveys.disclosure.spec import Counted, Value

# Whether "nobody in this row skipped this optional question" is hidden too. It says nothing
# of what anyone answered, and hiding it costs a total and a cell in most rows of every
# optional question; the attacker test checks the residual from 1 to k-1 either way.
PROTECT_EMPTY_NO_ANSWER = False


class Protector(Certificates):
    """The suppression decision for one universe of tables (a survey's responses, or one text
    question's coded topics)."""

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
        self.everything_hidden = self.total < k
        if not self.everything_hidden:
            self._protect()

    def _protect(self) -> None:
        k = self.k
        visible = [e for e in self.universe() if e[0] != "N"]
        sensitive = [e for e in visible if self.val.get(e, 0) < k]
        self.suppressed = set(sensitive)
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

    def published(self, e: Entity) -> int | None:
        """The number `e` as published: None when hidden."""
        if self.everything_hidden or e in self.suppressed or self.hidden(e):
            return None
        v = self.val.get(e, 0)
        return v if v >= self.k else None
