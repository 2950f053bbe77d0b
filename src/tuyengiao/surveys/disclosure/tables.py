"""A survey's published tables, in the shape of the API (issue 19 §3): the respondents are
counted into one `suppression.Protector` for the survey and one per text question, and every
breakdown's tables are read from them. All breakdowns ("", "unit", each band) are protected
together in one pass over one set of numbers, so a number that appears in several tables (a
unit's or a band's respondent count, a column total, the survey's count) is either published
everywhere with one value or hidden everywhere: `results(by=...)` for any `by` reads the same
decision.

Number questions publish how many answered, and a mean only where it cannot be differenced
into the sum of a hidden group: the whole row's mean when its count is published, and the
rows of a breakdown only when every row of it (hidden ones included) has its count published.
Free text is stored apart from responses, so its topic counts are a separate table of their
own (coded texts by unit and topic), protected the same way and never broken down by band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from tuyengiao.surveys.disclosure.counts import Entity
from tuyengiao.surveys.disclosure.spec import (
    UNIT,
    Counted,
    QuestionSpec,
    Respondent,
    Value,
    answer_of,
)
from tuyengiao.surveys.disclosure.suppression import Protector


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
    if by not in ("", UNIT) and by not in bands:
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
        bys = ["", UNIT] + [q.key for q in bands]
    k = max(int(k), 1)
    dims = [UNIT] + [q.key for q in bands]
    rows: dict[str, list[str]] = {UNIT: list(dict.fromkeys(units))}
    rows.update({q.key: list(dict.fromkeys(q.codes)) for q in bands})
    counted = [q for q in questions if q.kind in ("single", "scale", "multiple", "number")]
    kinds = {"multiple": "multi", "number": "num"}
    internal = [Counted(q.key, kinds.get(q.kind, "add"), tuple(q.codes), False) for q in counted]
    strata: list[tuple] = []
    answers: list[list[Value]] = []
    sums: list[dict[tuple, float]] = [defaultdict(float) for _ in counted]
    for person in respondents:
        strata.append((person.unit, *(answer_of(q, person.answers.get(q.key)) for q in bands)))
        answers.append([answer_of(q, person.answers.get(q.key)) for q in counted])
        for qi, q in enumerate(counted):
            raw = person.answers.get(q.key)
            if answers[-1][qi] == "#":
                sums[qi][strata[-1]] += float(raw)  # type: ignore[arg-type]
    # A required question nobody skipped has the row counts as its totals (one number, one
    # decision); a question someone skipped has totals of its own.
    for qi, q in enumerate(counted):
        if q.required and all(a[qi] is not None for a in answers):
            internal[qi] = replace(internal[qi], required=True)
    main = Protector(dims=dims, rows=rows, questions=internal, strata=strata, answers=answers, k=k)
    texts: dict[str, Protector] = {}
    for q in questions:
        if q.kind != "text":
            continue
        pairs = list(topics.get(q.key, ()))
        labels = tuple(sorted({label for _unit, label in pairs}))
        texts[q.key] = Protector(
            dims=[UNIT],
            rows={UNIT: rows[UNIT]},
            questions=[Counted(q.key, "add", labels, True)],
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
    main: Protector,
    texts: dict[str, Protector],
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
            lines = [("", "")] + ([(UNIT, u) for u in rows[UNIT]] if by == UNIT else [])
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


def _total_key(q: Counted, d: str, r: object) -> Entity:
    if not q.required:
        return ("t", q.key, d, r)
    return ("N",) if d == "" else ("n", d, r)


def _row(prot: Protector, q: Counted, d: str, r: str) -> dict:
    cells = []
    if q.kind != "num":
        cells = [{"option": a, "count": prot.published(("c", q.key, d, r, a))} for a in q.codes]
    return {"by": r, "total": prot.published(_total_key(q, d, r)), "cells": cells}


def _band_row(prot: Protector, q: QuestionSpec, d: str, r: str) -> dict:
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


def _mean(prot: Protector, qi: int, sums: Mapping[tuple, float], d: str, r: str) -> float | None:
    """A mean is a sum: published only where no difference of published sums isolates a
    hidden group (see this module's docstring)."""
    q = prot.qs[qi]
    if prot.published(_total_key(q, d, r)) is None:
        return None
    if d != "":
        answered = {s[prot.dix[d]] for s, ctr in prot.cnt[qi].items() if ctr.get("#")}
        if any(prot.published(_total_key(q, d, x)) is None for x in answered):
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
