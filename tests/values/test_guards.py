"""The rules apps above the core add to every write of figures: guards that block cells,
and collectors that say which cells a form collects. The forms app registers both."""

import pytest

from tuyengiao.reporting import services
from tuyengiao.values import guards

A, B, C = (1, 10, "202501"), (2, 10, "202501"), (3, 10, "202501")


@pytest.fixture
def registry(monkeypatch):
    """Empty lists of guards and collectors, put back after the test."""
    monkeypatch.setattr(guards, "_guards", [])
    monkeypatch.setattr(guards, "_collectors", [])


def test_the_first_guard_that_blocks_a_cell_gives_the_reason(registry):
    asked = []

    def window(*, user, cells, by_hand):
        asked.append(set(cells))
        return {A: "ngoài hạn nhập"}

    def lock(*, user, cells, by_hand):
        asked.append(set(cells))
        return {cell: "đã khóa" for cell in cells}

    guards.guard_register(window)
    guards.guard_register(lock)
    assert guards.cells_blocked(user=None, cells={A, B}) == {A: "ngoài hạn nhập", B: "đã khóa"}
    assert asked == [{A, B}, {B}]  # the second guard is asked only about what is left


def test_a_guard_registered_twice_is_asked_once(registry):
    calls = []

    def guard(*, user, cells, by_hand):
        calls.append(cells)
        return {}

    guards.guard_register(guard)
    guards.guard_register(guard)
    assert guards.cells_blocked(user=None, cells={A}) == {} and len(calls) == 1


def test_one_collector_approving_a_cell_is_enough(registry):
    guards.collecting_register(lambda cells: {A: True})
    guards.collecting_register(lambda cells: {A: False, B: False})
    assert guards.cells_collected({A, B, C}) == {A: True, B: False}


def test_without_collectors_every_cell_is_final(registry):
    assert guards.cells_collected({A, B}) == {}


@pytest.mark.django_db
def test_the_forms_app_blocks_the_cells_of_a_report_sent(monthly_form, tree, owner, count):
    period = monthly_form.current
    cell = (tree.commune_a.pk, count.pk, period.code)
    assert guards.cells_blocked(user=owner, cells={cell}) == {}
    services.submission_submit(user=owner, form=monthly_form, unit=tree.commune_a, period=period)
    [reason] = guards.cells_blocked(user=owner, cells={cell}).values()
    assert reason.startswith("Báo cáo tháng thử: ")
    assert guards.cells_collected({cell}) == {cell: False}
