"""Activities and the figures that follow them: saved, moved and deleted, each through the
values core, with the activity as source; refused in a locked month and outside scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind, Measure
from tuyengiao.activities.services import activity_delete, activity_save
from tuyengiao.reporting import services as reporting_services
from tuyengiao.values.models import DataValue, Indicator
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.selectors import figures

MARCH = Period.month(2026, 3)


@pytest.fixture
def briefing(db):
    """The seeded kind "thông tin thời sự", feeding its conference count and listeners."""
    return ActivityKind.objects.get(code="THONG_TIN_THOI_SU")


def held(kind, unit, day, **attendance) -> Activity:
    return Activity(kind=kind, orgunit=unit, title="Hội nghị thông tin thời sự", held_on=day,
                    **attendance)  # fmt: skip


def value(code, unit, period=MARCH):
    found = DataValue.objects.filter(indicator__code=code, orgunit=unit, period=period.code).first()
    return None if found is None or found.value is None else found.value


def test_the_seeded_kinds_feed_the_catalogues_indicators(briefing):
    assert {(f.indicator.code, f.measure) for f in briefing.feeds.all()} == {
        ("HN_THONG_TIN_THOI_SU", Measure.EVENTS),
        ("LUOT_NGUOI_NGHE", Measure.ATTENDANCE),
    }
    assert ActivityKind.objects.filter(code="SINH_HOAT_CHUYEN_DE").exists()


def test_each_activity_adds_to_its_units_month_and_the_province_at_once(
    tree, owner, province_admin, briefing
):
    activity_save(user=owner, activity=held(briefing, tree.commune_a, datetime.date(2026, 3, 5),
                                            party_members=40, public=120))  # fmt: skip
    activity_save(user=owner, activity=held(briefing, tree.commune_a, datetime.date(2026, 3, 20),
                                            party_members=30, youth_members=15))  # fmt: skip
    assert value("HN_THONG_TIN_THOI_SU", tree.commune_a) == 2
    assert value("LUOT_NGUOI_NGHE", tree.commune_a) == 205
    listeners = Indicator.objects.get(code="LUOT_NGUOI_NGHE")
    total = figures(indicator=listeners, unit_ids=[tree.province.pk], period=Period.year(2026))
    assert total[tree.province.pk].value == Decimal(205)
    stored = DataValue.objects.get(indicator=listeners, orgunit=tree.commune_a)
    assert (stored.source, stored.source_type.model) == ("activity", "activity")


def test_moving_and_deleting_an_activity_moves_and_clears_its_figures(tree, owner, briefing):
    activity = activity_save(
        user=owner, activity=held(briefing, tree.commune_a, datetime.date(2026, 3, 5), public=50)
    )
    activity.held_on = datetime.date(2026, 4, 2)
    activity_save(user=owner, activity=activity)
    assert value("HN_THONG_TIN_THOI_SU", tree.commune_a) is None  # March has none left
    assert value("LUOT_NGUOI_NGHE", tree.commune_a, Period.month(2026, 4)) == 50
    activity_delete(user=owner, activity=activity)
    assert value("LUOT_NGUOI_NGHE", tree.commune_a, Period.month(2026, 4)) is None
    assert not Activity.objects.exists()


def test_an_activity_in_a_sent_month_is_refused_with_the_reason(
    tree, owner, count, monthly_form, briefing
):
    feeding = ActivityFeed.objects.get(kind=briefing, indicator__code="HN_THONG_TIN_THOI_SU")
    feeding.indicator = count  # the form collects it: the month locks once the report is sent
    feeding.save()
    period = monthly_form.current
    reporting_services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    with pytest.raises(ValidationError) as refused:
        activity_save(user=owner, activity=held(briefing, tree.commune_a, period.start))
    assert "khóa" in " ".join(refused.value.messages)
    assert not Activity.objects.exists() and not DataValue.objects.filter(indicator=count).exists()


def test_an_activity_counts_before_its_form_opens_and_after_it_closes(
    tree, owner, count, monthly_form, briefing
):
    """The window limits typing; an activity gives its month's figures whenever it is held,
    until the report is sent."""
    feeding = ActivityFeed.objects.get(kind=briefing, indicator__code="HN_THONG_TIN_THOI_SU")
    feeding.indicator = count
    feeding.save()
    monthly_form.opens_before_end_days = 0  # this month opens for typing on its last day
    monthly_form.save()
    today = timezone.localdate()
    activity_save(user=owner, activity=held(briefing, tree.commune_a, today))
    assert value(count.code, tree.commune_a, period_for(PeriodKind.MONTH, today)) == 1
    long_ago = Period.month(2020, 1)  # closed long ago
    activity_save(user=owner, activity=held(briefing, tree.commune_a, long_ago.start))
    assert value(count.code, tree.commune_a, long_ago) == 1


def test_an_activity_to_come_or_of_a_closed_unit_is_refused(tree, owner, briefing):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        activity_save(user=owner, activity=held(briefing, tree.commune_a, tomorrow))
    assert "sau hôm nay" in " ".join(refused.value.messages)
    tree.cell_a1.closed_on = datetime.date(2025, 7, 1)
    tree.cell_a1.save()
    with pytest.raises(ValidationError) as refused:
        activity_save(user=owner, activity=held(briefing, tree.cell_a1, datetime.date(2026, 3, 1)))
    assert "không hoạt động" in " ".join(refused.value.messages)
    assert not Activity.objects.exists()


def test_only_an_editor_of_the_unit_records_its_activities(tree, member, outsider, briefing):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            activity_save(user=user, activity=held(briefing, tree.commune_a, MARCH.start))
    assert not Activity.objects.exists()
