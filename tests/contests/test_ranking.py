"""The arithmetic of judging, without a database."""

from decimal import Decimal as D

from tuyengiao.contests.ranking import (
    CLOSEST,
    EARLIER,
    MEAN_ALL,
    Standing,
    gap_of,
    prizes_share,
    rank,
    round_score,
    shortlist,
    weighted_total,
)


def test_a_judges_score_is_on_100_weighted_by_criterion():
    weights, maxima = {1: D(3), 2: D(1)}, {1: D(10), 2: D(20)}
    assert weighted_total({1: D(10), 2: D(20)}, weights=weights, maxima=maxima) == D(100)
    assert weighted_total({1: D(8), 2: D(10)}, weights=weights, maxima=maxima) == D("72.500")


def test_the_round_score_follows_the_further_judge_rule():
    assert round_score([D(70), D(90)], rule=MEAN_ALL) == D(80)
    assert round_score([D(70), D(90), D(88)], rule=MEAN_ALL) == D("82.667")
    assert round_score([D(70), D(90), D(88)], rule=CLOSEST) == D(89)
    assert round_score([], rule=MEAN_ALL) is None
    assert gap_of([D(70), D(90)]) == D(20)


def test_ties_are_broken_by_the_heaviest_criterion_and_else_shared():
    ranked = rank(
        [Standing(1, D(80), (D(7), D(9))), Standing(2, D(80), (D(8), D(6))),
         Standing(3, D(90), (D(9), D(9))), Standing(4, None), Standing(5, D(80), (D(7), D(9)))],
        tie_rule="criteria",
    )  # fmt: skip
    assert [(s.key, s.rank) for s in ranked] == [(3, 1), (2, 2), (1, 3), (5, 3), (4, None)]


def test_ties_by_submission_put_the_earlier_first():
    ranked = rank([Standing(1, D(80), submitted_at=2), Standing(2, D(80), submitted_at=1)],
                  tie_rule=EARLIER)  # fmt: skip
    assert [(s.key, s.rank) for s in ranked] == [(2, 1), (1, 2)]


def test_the_shortlist_keeps_those_tied_with_the_last():
    ranked = rank([Standing(k, D(s), ()) for k, s in [(1, 90), (2, 80), (3, 80), (4, 70)]],
                  tie_rule="criteria")  # fmt: skip
    assert [s.key for s in shortlist(ranked, 2)] == [1, 2, 3]
    assert [s.key for s in shortlist(ranked, None)] == [1, 2, 3, 4]


def test_prizes_never_exceed_their_numbers():
    ranked = rank([Standing(k, D(s), ()) for k, s in
                   [(1, 95), (2, 90), (3, 90), (4, 85), (5, 80), (6, 75)]],
                  tie_rule="criteria")  # fmt: skip
    # Two tied for B's one place go down to C, which holds two; B stays unawarded.
    awarded = prizes_share(ranked, [("A", 1), ("B", 1), ("C", 2), ("KK", 1)])
    assert awarded == {1: "A", 2: "C", 3: "C", 4: "KK"}
    counts = {level: list(awarded.values()).count(level) for level in "ABC"}
    assert counts == {"A": 1, "B": 0, "C": 2}
