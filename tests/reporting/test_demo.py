"""The demo's reporting: two years of figures that roll up right (through the 2025 merger),
and an office's mix of approved, returned, waiting and overdue reports."""

import pytest
from django.utils import timezone

from tests.values.conftest import recount
from tuyengiao.accounts.models import User
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.dues import reports_to_approve, reports_to_fill
from tuyengiao.reporting.models import ReportForm, Submission
from tuyengiao.reporting.validation import rules_check
from tuyengiao.reporting.workflow import form_current_period, form_units
from tuyengiao.values.models import DataValue, Indicator, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import figures

pytestmark = pytest.mark.usefixtures("db", "demo")


def test_two_years_of_months_and_the_yearly_ratings():
    # Typed on the forms; this month's activities (activities.demo_year) give figures too.
    typed = DataValue.objects.filter(source=SourceKind.IMPORT)
    months = set(typed.filter(period__regex=r"^[0-9]{6}$").values_list("period", flat=True))
    assert len(months) == 24
    assert DataValue.objects.filter(period__regex=r"^[0-9]{4}$").exists()


@pytest.mark.parametrize("code", ["HN_QUAN_TRIET", "SO_BAO_CAO_VIEN", "KINH_PHI"])
def test_province_totals_equal_a_recount_before_and_after_the_merger(code):
    province = OrgUnit.objects.get(code="HL")
    indicator = Indicator.objects.get(code=code)
    for period in (Period.parse("2025"), Period.parse("2025S1"), Period.parse("2025Q4")):
        # Every value the demo wrote, its reports approved or not, as the recount counts.
        found = figures(
            indicator=indicator, unit_ids=[province.pk], period=period, state="entered"
        )[province.pk]
        assert (found.value, found.count) == recount(indicator, province, period), period


def test_an_office_mix_of_states():
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {"approved", "submitted", "returned"}
    monthly = ReportForm.objects.get(code="BC_THANG_TUYEN_GIAO")
    current = form_current_period(monthly, timezone.localdate())
    last = Submission.objects.filter(form=monthly).exclude(period=current.code)
    last_period = max(last.values_list("period", flat=True))
    required = form_units(monthly, Period.parse(last_period)).count()
    assert 0 < last.filter(period=last_period).count() < required  # some overdue


def test_the_demo_commune_has_its_returned_report_to_fix_and_the_province_reports_to_approve():
    editor = User.objects.get(username="xa.lungsuong.bientap")
    due = reports_to_fill(editor)
    returned = [d for d in due if d.status == "returned"]
    assert len(returned) == 1 and returned[0].submission.return_reason
    assert reports_to_approve(User.objects.get(username="tinh.quantri"))


def test_yearly_ratings_break_no_serious_rule():
    yearly = ReportForm.objects.get(code="BC_NAM_XEP_LOAI")
    submission = Submission.objects.filter(form=yearly).select_related("orgunit").first()
    assert submission is not None
    violations = rules_check(form=yearly, unit=submission.orgunit,
                             period=Period.parse(submission.period))  # fmt: skip
    assert not [v for v in violations if v.is_serious]


def test_the_commune_founded_in_july_2025_owes_no_earlier_year():
    editor = User.objects.get(username="xa.lungsuong.bientap")
    commune = OrgUnit.objects.get(name="Đảng ủy xã Lũng Sương")
    assert commune.opened_on is not None and commune.opened_on.year == 2025
    due = reports_to_fill(editor)
    assert due and all(d.period.end >= commune.opened_on for d in due)
    yearly = {d.period.code for d in due if d.form.code == "BC_NAM_XEP_LOAI"}
    assert "2024" not in yearly and "2023" not in yearly


def test_the_returned_report_shows_no_change_before_the_commune_corrects_it():
    from tuyengiao.reporting.grid import entry_grid

    returned = Submission.objects.select_related("form", "orgunit").get(status="returned")
    period = Period.parse(returned.period)
    grid = entry_grid(form=returned.form, unit=returned.orgunit, period=period)
    assert grid.returned_at is not None and grid.changed_cells() == []
    assert any(cell.previous for cell in grid.cells())
    assert DataValue.objects.filter(created_at__gt=timezone.now()).count() == 0
