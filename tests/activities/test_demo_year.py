"""The demo's year of activities: recorded by each unit's own editor, nothing after today,
the figures of their months from them, and the study of 88-KL/TU in its coverage."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import study_coverage
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import DataValue, SourceKind
from tuyengiao.values.periods import PeriodKind, period_for
from tuyengiao.web.demo import ACTIVE_COMMUNES, PREFIX

pytestmark = pytest.mark.usefixtures("db", "demo")


def test_a_year_in_a_few_communes_and_the_province():
    held = dict(Activity.objects.values_list("orgunit__code").annotate(n=Count("id")))
    assert set(held) == {*ACTIVE_COMMUNES, f"{PREFIX}-BTGDV"}
    assert all(held[code] >= 12 for code in ACTIVE_COMMUNES)
    assert not Activity.objects.filter(held_on__gte=timezone.localdate()).exists()
    kinds = set(Activity.objects.values_list("kind__code", flat=True))
    assert {"THONG_TIN_THOI_SU", "HN_BAO_CAO_VIEN", "HN_QUAN_TRIET", "LOP_KET_NAP"} <= kinds
    lesson = Activity.objects.get(kind__code="LOP_KET_NAP")
    assert lesson.sessions and lesson.graduated <= lesson.enrolled and lesson.ends_on


def test_each_recorded_by_its_units_editor():
    editors = set(
        RoleAssignment.objects.filter(role=Role.EDITOR).values_list("user_id", "orgunit_id")
    )
    province = OrgUnit.objects.get(code=PREFIX)
    for activity in Activity.objects.select_related("orgunit", "created_by"):
        unit = activity.orgunit
        assert (activity.created_by_id, unit.pk) in editors or (
            unit.parent_id == province.pk
            and activity.created_by == User.objects.get(username="tinh.bientap")
        )


def test_the_months_figures_come_from_the_activities():
    commune = OrgUnit.objects.get(code=ACTIVE_COMMUNES[1])
    month = period_for(
        PeriodKind.MONTH, timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    )
    held = Activity.objects.filter(
        orgunit=commune, kind__code="THONG_TIN_THOI_SU",
        held_on__range=(month.start, month.end),
    )  # fmt: skip
    figure = DataValue.objects.get(
        orgunit=commune, indicator__code="HN_THONG_TIN_THOI_SU", period=month.code
    )
    assert figure.value == held.count() and figure.source == SourceKind.ACTIVITY


def test_the_study_of_88_kl_tu_shows_in_its_coverage():
    viewer = User.objects.get(username="tinh.xem")
    province = OrgUnit.objects.get(code=PREFIX)
    document = Document.objects.get(symbol="88-KL/TU")
    total, rows = study_coverage(user=viewer, document=document, unit=province)
    assert total.sessions >= len(ACTIVE_COMMUNES) + 1
    studied = {row.unit.code for row in rows if row.sessions}
    assert set(ACTIVE_COMMUNES) <= studied
    assert Activity.objects.filter(documents=document).earliest("held_on").held_on > (
        document.issued_on
    )


def test_two_invitations_put_their_meetings_on_the_communes_calendar():
    from tuyengiao.activities.models import Meeting

    today = timezone.localdate()
    meetings = Meeting.objects.filter(orgunit__code=ACTIVE_COMMUNES[0]).select_related("document")
    assert sorted(m.document.symbol for m in meetings) == ["116-GM/TU", "98-GM/TU"]
    assert {m.held_on < today for m in meetings} == {True, False}  # one held, one to come
    for meeting in meetings:
        assert meeting.document.issued_on <= today and meeting.starts_at is not None
        assert meeting.place.startswith("Hội trường Tỉnh ủy Hòa Lâm, số 12")
