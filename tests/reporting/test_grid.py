"""The entry grid as the approver reads it: each cell beside the same unit's value in the
period before, and, once a report was returned, the cells changed since with their old
value."""

import pytest
from django.urls import reverse

from tuyengiao.reporting import services
from tuyengiao.reporting.grid import entry_grid
from tuyengiao.reporting.models import Submission
from tuyengiao.values.services import CellKey, datavalue_save

pytestmark = pytest.mark.django_db


def save(user, unit, indicator, period, raw, option=""):
    return datavalue_save(user=user, key=CellKey(unit, indicator, period, option), raw=raw)


def test_each_cell_shows_the_period_before(monthly_form, tree, site_admin, count, by_level):
    before = monthly_form.current.previous()
    # Last month's window is shut for the unit: the level above, which may enter at any
    # time, writes the value.
    datavalue_save(user=site_admin, key=CellKey(tree.commune_a, count, before, ""), raw=1234)
    grid = entry_grid(form=monthly_form, unit=tree.commune_a, period=monthly_form.current)
    assert grid.previous_period == before
    assert grid.cell(count.pk, "").previous == "1.234"
    assert grid.cell(by_level.pk, "SO_CAP").previous == ""


def test_cells_changed_after_a_return_keep_the_value_the_approver_saw(
    monthly_form, tree, owner, province_admin, count, by_level
):
    period, unit = monthly_form.current, tree.commune_a
    save(owner, unit, count, period, "5")
    save(owner, unit, by_level, period, "2", "SO_CAP")
    save(owner, unit, by_level, period, "1", "CAO_CAP")
    grid = entry_grid(form=monthly_form, unit=unit, period=period)
    assert grid.returned_at is None and not grid.changed_cells()
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    services.submission_return(
        user=province_admin, submission=Submission.objects.get(), reason="Kiểm tra lại"
    )
    save(owner, unit, count, period, "7")
    save(owner, unit, count, period, "8")  # twice: the old value is the one before both
    save(owner, unit, by_level, period, "3", "SO_CAP")
    save(owner, unit, by_level, period, "2", "SO_CAP")  # and back: not a change
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    grid = entry_grid(form=monthly_form, unit=unit, period=period)
    assert grid.returned_at is not None
    assert {(c.indicator.pk, c.option): c.before for c in grid.changed_cells()} == {
        (count.pk, ""): "5"
    }
    assert grid.cell(by_level.pk, "SO_CAP").before is None


def test_a_cell_first_typed_after_the_return_was_empty_before(
    monthly_form, tree, owner, province_admin, count, by_level
):
    period, unit = monthly_form.current, tree.commune_a
    save(owner, unit, count, period, "5")
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    services.submission_return(
        user=province_admin, submission=Submission.objects.get(), reason="Thiếu số lớp"
    )
    save(owner, unit, by_level, period, "4", "SO_CAP")
    grid = entry_grid(form=monthly_form, unit=unit, period=period)
    assert [(c.option, c.before) for c in grid.changed_cells()] == [("SO_CAP", "")]


def test_the_approver_page_marks_changes_and_locks_every_cell(
    client, monthly_form, tree, owner, province_admin, count
):
    period, unit = monthly_form.current, tree.commune_a
    save(owner, unit, count, period, "5")
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    services.submission_return(
        user=province_admin, submission=Submission.objects.get(), reason="Kiểm tra lại"
    )
    save(owner, unit, count, period, "1.250")
    services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    client.force_login(province_admin)
    url = reverse("reporting:entry", args=[monthly_form.code, unit.pk, period.code])
    page = client.get(url).content.decode()
    assert 'id="changed-summary"' in page and "1 ô đã sửa" in page
    assert f'id="before-v-{count.pk}-"' in page and "<del>5</del>" in page
    assert 'class="prev-col"' in page and "Kỳ trước" in page
    # Every cell is locked, looks it, and says why.
    name = f'name="v-{count.pk}-"'
    cell = page[page.index(name) : page.index(">", page.index(name))]
    assert "readonly" in cell and "locked" in cell
    assert 'title="Báo cáo đã gửi, đang chờ duyệt' in cell


def test_submitting_asks_for_confirmation_in_the_page(client, monthly_form, tree, owner):
    client.force_login(owner)
    period = monthly_form.current
    url = reverse("reporting:entry", args=[monthly_form.code, tree.commune_a.pk, period.code])
    page = client.get(url).content.decode()
    # The button that sends sits in a disclosure, closed, behind "Gửi báo cáo".
    start = page.index('<details class="submit-confirm" id="submit-confirm">')
    confirm = page[start : page.index("</details>", start)]
    assert 'id="submit-open">Gửi báo cáo</summary>' in confirm
    assert 'id="submit-report">Xác nhận gửi</button>' in confirm and "bị khóa" in confirm
    assert page.count('id="submit-report"') == 1
