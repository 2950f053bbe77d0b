"""Approved figures: the second state of the aggregates (issue 16, item 3)."""

from collections.abc import Sequence

from tuyengiao.values.rollup import Delta


def approved_follow(deltas: Sequence[Delta]) -> None:
    """Called by every write, in its transaction, after `deltas` went to the entered
    aggregates: the part of them that is final goes to the approved aggregates."""
