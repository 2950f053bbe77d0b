"""What the disclosure control is given: the survey's questions and its respondents, and how an
answer is read (an invalid one counts as no answer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The first dimension of every cross-classification, and the breakdown by unit (`by="unit"`):
# one name, since a breakdown's rows are its dimension's rows.
UNIT = "unit"

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
class Counted:
    """A question as the tables count it."""

    key: str
    kind: str  # "add" (single, scale), "multi", "num"
    codes: tuple[str, ...]
    required: bool


def answer_of(spec: QuestionSpec, raw: object) -> Value:
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
