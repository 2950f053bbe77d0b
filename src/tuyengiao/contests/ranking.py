"""The arithmetic of judging, apart from the database: a judge's weighted score, the round's
score of an entry, whether two judges differ by more than the contest allows, the ranking
with the contest's tie rule, and prizes within their numbers.

Scores are on a scale of 100: each criterion's score over its maximum, weighted.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

MEAN_ALL = "mean_all"
CLOSEST = "closest"
BY_CRITERIA = "criteria"
EARLIER = "earlier"

_PLACES = Decimal("0.001")


def weighted_total(
    values: Mapping[int, Decimal], *, weights: Mapping[int, Decimal], maxima: Mapping[int, Decimal]
) -> Decimal:
    """A judge's score of an entry on 100: each criterion's share of its maximum, weighted."""
    weight = sum(weights.values(), Decimal(0))
    share = sum((values[c] / maxima[c] * weights[c] for c in weights), Decimal(0))
    return (share / weight * 100).quantize(_PLACES, rounding=ROUND_HALF_UP)


def gap_of(totals: Sequence[Decimal]) -> Decimal:
    """How far apart the judges' scores are: the highest less the lowest."""
    return max(totals) - min(totals) if totals else Decimal(0)


def round_score(totals: Sequence[Decimal], *, rule: str) -> Decimal | None:
    """The entry's score in the round: the mean of its judges' scores; once a further judge
    has scored it, by the contest's rule (every judge's mean, or the two closest scores')."""
    if not totals:
        return None
    chosen: Sequence[Decimal] = totals
    if rule == CLOSEST and len(totals) > 2:
        chosen = min(combinations(totals, 2), key=lambda pair: abs(pair[0] - pair[1]))
    mean = sum(chosen, Decimal(0)) / len(chosen)
    return mean.quantize(_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Standing:
    """An entry's place in a round. `criteria`: its mean score of each criterion, heaviest
    criterion first, for the tie rule; `score` None while its judges have not all scored."""

    key: int
    score: Decimal | None
    criteria: tuple[Decimal, ...] = ()
    submitted_at: datetime.datetime | None = None
    rank: int | None = field(default=None)


def rank(standings: Sequence[Standing], *, tie_rule: str) -> list[Standing]:
    """The standings best first, each given its rank; entries the tie rule cannot tell
    apart share a rank ("1, 2, 2, 4"). Unscored entries come last, without a rank."""

    def order(standing: Standing) -> tuple:
        assert standing.score is not None
        if tie_rule == EARLIER:
            return (-standing.score, standing.submitted_at)
        return (-standing.score, tuple(-value for value in standing.criteria))

    scored = sorted((s for s in standings if s.score is not None), key=order)
    previous: tuple | None = None
    for place, standing in enumerate(scored, start=1):
        current = order(standing)
        standing.rank = place if current != previous else scored[place - 2].rank
        previous = current
    return [*scored, *(s for s in standings if s.score is None)]


def shortlist(ranked: Sequence[Standing], size: int | None) -> list[Standing]:
    """The entries that go forward: the best `size`, and those tied with the last of them
    (the organiser cannot pass over one of two equal entries by chance)."""
    scored = [s for s in ranked if s.rank is not None]
    if size is None or size >= len(scored):
        return scored
    cut = scored[size - 1].rank
    return [s for s in scored if s.rank is not None and cut is not None and s.rank <= cut]


def prizes_share(ranked: Sequence[Standing], numbers: Sequence[tuple[str, int]]) -> dict[int, str]:
    """The prize level of each entry, in ranking order, never more of a level than its
    number. Entries sharing a rank share a level: a group that does not fit in what is left
    of a level goes down to the next that holds it whole, leaving the rest unawarded."""
    groups: list[list[Standing]] = []
    for standing in ranked:
        if standing.rank is None:
            break
        if groups and groups[-1][0].rank == standing.rank:
            groups[-1].append(standing)
        else:
            groups.append([standing])
    awarded: dict[int, str] = {}
    left = [(level, count) for level, count in numbers if count > 0]
    for group in groups:
        while left and left[0][1] < len(group):
            left.pop(0)
        if not left:
            break
        level, count = left[0]
        awarded.update((standing.key, level) for standing in group)
        left[0] = (level, count - len(group))
        if left[0][1] == 0:
            left.pop(0)
    return awarded
