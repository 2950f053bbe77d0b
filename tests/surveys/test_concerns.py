"""Concerns: a unit's month (the rules, redaction, the write through the core), the rising
rule, the overview's figures and opening a task for a topic."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuyengiao.surveys.concern_selectors import (
    Overview,
    concern_month,
    counts_read,
    months_back,
    rising,
    task_draft,
)
from tuyengiao.surveys.concerns import (
    ConcernRow,
    concern_task_open,
    concern_topics,
    concerns_save,
    current_month,
    quotes_someone,
)
from tuyengiao.surveys.models import ConcernNote, ConcernTask
from tuyengiao.tracking.models import Assignment
from tuyengiao.values.models import DataValue, Indicator, SourceKind
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def month():
    return current_month().previous()


def _heard(unit, month, topic):
    indicator = Indicator.objects.get(code="TT_TIEP_NHAN")
    figure = figures(
        indicator=indicator, unit_ids=[unit.pk], period=month, option=topic, state=ENTERED
    )[unit.pk]
    return figure.value


def test_the_topics_are_data():
    codes = [t.code for t in concern_topics()]
    assert "TRAT_TU_DO_THI" in codes and "DAT_DAI" in codes


def test_a_month_is_written_through_the_core_and_rolls_up(tree, owner, month):
    saved = concerns_save(
        user=owner,
        orgunit=tree.cell_a1,
        period=month,
        rows=[ConcernRow("DAT_DAI", heard="12", resolved="9", passed_up="2")],
    )
    assert saved.created == 3
    cell = DataValue.objects.get(orgunit=tree.cell_a1, indicator__code="TT_GIAI_QUYET")
    assert cell.option == "DAT_DAI" and cell.value == 9
    assert cell.source == SourceKind.ENTRY
    # Rolled up to the commune and the province at once.
    assert _heard(tree.province, month, "DAT_DAI") == 12
    assert _heard(tree.commune_a, month, "DAT_DAI") == 12
    # An empty field clears its cell.
    concerns_save(
        user=owner,
        orgunit=tree.cell_a1,
        period=month,
        rows=[ConcernRow("DAT_DAI", heard="12", resolved="", passed_up="2")],
    )
    assert (
        DataValue.objects.get(orgunit=tree.cell_a1, indicator__code="TT_GIAI_QUYET").value is None
    )


@pytest.mark.parametrize("raw", ["-1", "1.5", "mười", "1,5"])
def test_counts_are_whole_numbers_not_below_zero(tree, owner, month, raw):
    with pytest.raises(ValidationError) as error:
        concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("GIA_CA", heard=raw)])  # fmt: skip
    assert "Giá cả, thị trường" in error.value.message_dict["GIA_CA-heard"][0]
    assert not DataValue.objects.exists()


def test_resolved_and_passed_up_cannot_exceed_heard_and_nothing_is_written(tree, owner, month):
    with pytest.raises(ValidationError) as error:
        concerns_save(
            user=owner,
            orgunit=tree.commune_a,
            period=month,
            rows=[
                ConcernRow("DAT_DAI", heard="3", resolved="1"),  # fine alone
                ConcernRow("QUY_HOACH", heard="5", resolved="4", passed_up="2"),
            ],
        )
    message = error.value.message_dict["QUY_HOACH-resolved"][0]
    assert "Quy hoạch" in message and "(6)" in message and "(5)" in message
    assert not DataValue.objects.exists()  # all or nothing


def test_resolved_without_heard_is_refused(tree, owner, month):
    with pytest.raises(ValidationError) as error:
        concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("MOI_TRUONG", resolved="2")])  # fmt: skip
    assert "MOI_TRUONG-heard" in error.value.message_dict


def test_only_months_and_not_the_future(tree, owner):
    from tuyengiao.values.periods import Period

    with pytest.raises(ValidationError):
        concerns_save(user=owner, orgunit=tree.commune_a, period=Period.quarter(2026, 1),
                      rows=[ConcernRow("DAT_DAI", heard="1")])  # fmt: skip
    with pytest.raises(ValidationError):
        concerns_save(user=owner, orgunit=tree.commune_a, period=current_month().next(),
                      rows=[ConcernRow("DAT_DAI", heard="1")])  # fmt: skip


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_editor_of_the_unit_records(request, tree, month, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        concerns_save(user=user, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("DAT_DAI", heard="1")])  # fmt: skip
    assert not DataValue.objects.exists()


def test_the_province_records_for_a_commune(tree, province_admin, month):
    concerns_save(user=province_admin, orgunit=tree.commune_b, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="1")])  # fmt: skip
    assert DataValue.objects.filter(orgunit=tree.commune_b).count() == 1


# --- summaries --------------------------------------------------------------------------------


def test_a_summary_loses_names_and_addresses(tree, owner, month):
    text = (
        "ông Nguyễn Văn Tám ở số 12 đường Trần Phú phản ánh việc lấn chiếm vỉa hè kéo dài, "
        "đề nghị phường xử lý; liên hệ 0912 345 678."
    )
    saved = concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                          rows=[ConcernRow("TRAT_TU_DO_THI", heard="4", summary=text)])  # fmt: skip
    stored = ConcernNote.objects.get(orgunit=tree.commune_a).summary
    for gone in ("Nguyễn", "Tám", "12", "Trần Phú", "0912", "345"):
        assert gone not in stored
    assert "[tên người]" in stored and "[địa chỉ]" in stored and "lấn chiếm vỉa hè" in stored
    removed = saved.redacted["Trật tự đô thị, vỉa hè"]
    assert "tên người" in removed and "địa chỉ" in removed and "số điện thoại" in removed


def test_a_summary_without_a_person_is_kept_as_written(tree, owner, month):
    text = "Nhiều hộ dân đề nghị công khai phương án bồi thường, hỗ trợ tái định cư."
    saved = concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                          rows=[ConcernRow("GPMB", heard="7", summary=text)])  # fmt: skip
    assert ConcernNote.objects.get().summary == text
    assert saved.redacted == {}


def test_a_quotation_is_refused(tree, owner, month):
    text = "Một người dân nói: “phường làm ngơ cho quán lấn chiếm vỉa hè” tại cuộc họp."
    with pytest.raises(ValidationError) as error:
        concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("TRAT_TU_DO_THI", heard="2", summary=text)])  # fmt: skip
    assert "trích dẫn" in error.value.message_dict["TRAT_TU_DO_THI-summary"][0]
    assert not ConcernNote.objects.exists() and not DataValue.objects.exists()


def test_quotes_someone():
    assert quotes_someone('Bà con nói "không ai trả lời đơn của chúng tôi cả".')
    # A programme's name in quotes is no quotation of a person.
    assert not quotes_someone("Tuyên truyền trong “Ngày hội đại đoàn kết” được đồng tình.")
    assert quotes_someone("Cử tri phản ánh “đường làng ngập sau mỗi trận mưa”.")
    assert quotes_someone("Có người nói rằng: « chẳng ai nghe dân cả ».")
    assert not quotes_someone('Đề nghị làm rõ "đất công" ở khu chợ.')


def test_summary_rules(tree, owner, month):
    with pytest.raises(ValidationError) as error:
        concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("DAT_DAI", heard="", summary="Có ý kiến.")])  # fmt: skip
    assert "DAT_DAI-summary" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                      rows=[ConcernRow("DAT_DAI", heard="1", summary="a " * 300)])  # fmt: skip
    assert "500" in error.value.message_dict["DAT_DAI-summary"][0]


def test_an_empty_summary_removes_the_note(tree, owner, month):
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="1", summary="Hỏi về cấp sổ đỏ.")])  # fmt: skip
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="1", summary="")])  # fmt: skip
    assert not ConcernNote.objects.exists()


def test_a_stale_version_is_refused(tree, owner, month):
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="1")])  # fmt: skip
    row = concern_month(unit=tree.commune_a, period=month)[0]
    assert row.topic.code == "DAT_DAI" and row.values["heard"] == 1
    version = row.versions["heard"]
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="2", versions={"heard": version})])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        stale = ConcernRow("DAT_DAI", heard="3", versions={"heard": version})
        concerns_save(user=owner, orgunit=tree.commune_a, period=month, rows=[stale])
    assert "DAT_DAI-heard" in error.value.message_dict


# --- the rising rule and the overview ---------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "before", "expected"),
    [
        (13, [10, 10, 10], False),  # +30 %, but only 3 more
        (15, [10, 10, 10], True),
        (12, [10, 10, 10], False),  # +20 %
        (2, [1, 1, 1], False),  # +100 % but only one more
        (6, [0, 0, 0], True),
        (4, [None, None, None], False),
        # An empty box is "heard nothing": a topic erupting after quiet months is rising.
        (20, [None, None, None], True),
        (9, [None, None, 8], True),  # against (0 + 0 + 8) / 3, as the page shows
        (0, [3, 3, 3], False),
        (None, [3, 3, 3], False),
        (52, [40, 40, 40], True),  # +30 %, +12
        (51, [40, 40, 40], False),  # +27.5 %
    ],
)
def test_rising_rule(count, before, expected):
    assert rising(count, before) is expected


def _year(user, unit, months, counts, topic="TRAT_TU_DO_THI", resolved=None):
    for month, heard in zip(months, counts, strict=True):
        concerns_save(user=user, orgunit=unit, period=month,
                      rows=[ConcernRow(topic, heard=str(heard),
                                       resolved=str(resolved or heard // 2))])  # fmt: skip


def test_the_overview_finds_the_rising_topic_and_unit(tree, province_admin, month):
    months = months_back(month, 12)
    _year(province_admin, tree.cell_a1, months, [3, 4, 3, 5, 4, 3, 4, 5, 4, 4, 5, 18])
    _year(province_admin, tree.commune_b, months, [6] * 12)
    _year(province_admin, tree.commune_b, months, [2] * 12, topic="DAT_DAI")
    overview = Overview(user=province_admin, unit=tree.province, months=months)
    line = next(x for x in overview.lines if x.topic.code == "TRAT_TU_DO_THI")
    assert line.heard[-1] == 24 and line.previous == 11 and line.average == Decimal("10.3")
    assert line.rising and line.change == 13
    assert line.heard_total == sum([3, 4, 3, 5, 4, 3, 4, 5, 4, 4, 5, 18]) + 72
    assert (line.resolved_total, line.rate) == (64, Decimal("47.8"))
    land = next(x for x in overview.lines if x.topic.code == "DAT_DAI")
    assert not land.rising and land.change == 0
    assert overview.topic.code == "TRAT_TU_DO_THI"
    by_unit = {u.unit.code: u for u in overview.units}
    assert by_unit["XA-AB"].rising and not by_unit["XA-BM"].rising
    assert by_unit["XA-AB"].last == 18
    assert [(r.unit.code, r.topic.code) for r in overview.rises] == [("XA-AB", "TRAT_TU_DO_THI")]


def test_the_overview_compares_with_the_same_month_last_year(tree, owner, month):
    year_ago = months_back(month, 13)[0]
    concerns_save(user=owner, orgunit=tree.commune_a, period=year_ago,
                  rows=[ConcernRow("AN_SINH", heard="4")])  # fmt: skip
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("AN_SINH", heard="9")])  # fmt: skip
    overview = Overview(user=owner, unit=tree.commune_a, months=months_back(month, 12))
    line = next(x for x in overview.lines if x.topic.code == "AN_SINH")
    assert line.year_ago == 4 and line.change_year == 5


def test_counts_read_by_unit(tree, owner, month):
    concerns_save(user=owner, orgunit=tree.cell_a1, period=month,
                  rows=[ConcernRow("DAT_DAI", heard="5", resolved="3", passed_up="1")])  # fmt: skip
    found = counts_read(units=[tree.commune_a, tree.commune_b], months=[month],
                        topics=concern_topics())  # fmt: skip
    assert found == {
        (tree.commune_a.pk, month.code, "DAT_DAI"): {"heard": 5, "resolved": 3, "passed_up": 1}
    }


# --- a task for a topic -----------------------------------------------------------------------


def test_a_task_is_opened_for_a_topic_in_a_unit_below(tree, province_admin, month):
    concerns_save(user=province_admin, orgunit=tree.cell_a1, period=month,
                  rows=[ConcernRow("TRAT_TU_DO_THI", heard="9", resolved="2",
                                   summary="Hộ kinh doanh để hàng lấn vỉa hè.")])  # fmt: skip
    topic = next(t for t in concern_topics() if t.code == "TRAT_TU_DO_THI")
    title, description = task_draft(province_admin, unit=tree.commune_a, topic=topic, period=month)
    assert title == "Giải quyết kiến nghị về trật tự đô thị, vỉa hè xã An Bình"
    assert "tiếp nhận 9" in description and "lấn vỉa hè" in description
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    opened = concern_task_open(
        user=province_admin, holder=tree.province, orgunit=tree.commune_a, topic=topic,
        period=month, title=title, description=description, deadline=deadline,
    )  # fmt: skip
    task = opened.task
    assert task.document is None and task.orgunit == tree.province and task.deadline == deadline
    assignment = Assignment.objects.get(task=task)
    assert assignment.orgunit == tree.commune_a and assignment.deadline == deadline
    assert ConcernTask.objects.get().orgunit == tree.commune_a


def test_a_task_only_by_an_editor_of_the_holder_for_a_unit_below(tree, owner, outsider, month):
    topic = concern_topics()[0]
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    common = {
        "topic": topic,
        "period": month,
        "title": "x",
        "description": "",
        "deadline": deadline,
    }
    with pytest.raises(PermissionDenied):
        concern_task_open(user=outsider, holder=tree.commune_a, orgunit=tree.cell_a1, **common)
    with pytest.raises(ValidationError):  # beside, not below
        concern_task_open(user=owner, holder=tree.commune_a, orgunit=tree.commune_b, **common)
    with pytest.raises(ValidationError):
        concern_task_open(user=owner, holder=tree.commune_a, orgunit=tree.commune_a, **common)
    past = {**common, "deadline": timezone.localdate() - datetime.timedelta(days=1)}
    with pytest.raises(ValidationError):
        concern_task_open(user=owner, holder=tree.commune_a, orgunit=tree.cell_a1, **past)
    assert not ConcernTask.objects.exists()


def test_a_task_keeps_unit_names_and_loses_a_person(tree, owner, month):
    from tests.factories import OrgUnitFactory

    cell = OrgUnitFactory(code="CB-TDP1", name="Chi bộ Tổ dân phố 1, xã An Bình",
                          kind=tree.cell_a1.kind, parent=tree.commune_a)  # fmt: skip
    topic = next(t for t in concern_topics() if t.code == "TRAT_TU_DO_THI")
    title, description = task_draft(owner, unit=cell, topic=topic, period=month)
    assert title == "Giải quyết kiến nghị về trật tự đô thị, vỉa hè Tổ dân phố 1, xã An Bình"
    opened = concern_task_open(
        user=owner, holder=tree.commune_a, orgunit=cell, topic=topic, period=month,
        title=title, description=description + "\nLiên hệ ông Trần Văn Bảy, 0912345678.",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip
    assert opened.task.title == title
    assert "Tổ dân phố 1, xã An Bình" in opened.task.description
    assert "Bảy" not in opened.task.description and "0912" not in opened.task.description
