"""The figures proposed through the product's own path (targets from the database's seeded
indicators and phrases, `reports.selectors.targets_for`) on the reports development set, with
its blind part: precision of cells accepted as proposed ≥ 0.9, recall ≥ 0.8 (issue 18 §1)."""

import pytest

from tests.textkit.test_figures import BLIND, DEV
from tuyengiao.reports.selectors import targets_for
from tuyengiao.textkit.figures import propose_figures
from tuyengiao.textkit.normalize import normalize


def _score(reports, targets) -> tuple[float, float]:
    proposed = correct = gold_count = 0
    for _name, text, gold in reports:
        cells = {(c["indicator"], c["option"]): c["value"] for c in gold["cells"]}
        got = {(p.indicator, p.option): p.value for p in propose_figures(normalize(text), targets)}
        gold_count += len(cells)
        proposed += len(got)
        correct += sum(cells.get(cell) == value for cell, value in got.items())
    return correct / max(proposed, 1), correct / max(gold_count, 1)


@pytest.mark.django_db
def test_proposals_through_the_seeded_catalogue_meet_the_goals(capsys):
    targets = targets_for(form=None)
    scores = {part: _score(reports, targets) for part, reports in
              (("dev", DEV), ("blind", BLIND), ("all", DEV + BLIND))}  # fmt: skip
    with capsys.disabled():
        for part, (precision, recall) in scores.items():
            print(f"\nseeded catalogue, {part}: precision {precision:.3f}, recall {recall:.3f}")
    precision, recall = scores["all"]
    assert precision >= 0.9 and recall >= 0.8
