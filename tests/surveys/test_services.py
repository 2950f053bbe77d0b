"""Building a survey: drafts checked question by question and together, units in the
organiser's subtree, questions fixed once published, publishing and ending by the rules; only
an editor of the organiser writes; the survey's history says in words what changed."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuyengiao.accounts.selectors import audit_history
from tuyengiao.surveys.models import Question, Status, Survey
from tuyengiao.surveys.services import (
    question_clean,
    questions_clean,
    survey_copy,
    survey_end,
    survey_publish,
    survey_save,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

SINGLE = {"kind": "single", "text": "Anh/chị biết chủ trương qua kênh nào?",
          "options": ["Loa truyền thanh", "Họp thôn", "Mạng xã hội"]}  # fmt: skip
SCALE = {"kind": "scale", "text": "Mức độ đồng tình?", "headline": True, "required": True}
AGE = {"kind": "band", "text": "Nhóm tuổi của anh/chị?", "band": "age"}


def draft(tree, **fields) -> Survey:
    values = {"orgunit": tree.commune_a, "title": "Khảo sát về xây dựng nông thôn mới",
              "opens_on": TODAY, "closes_on": TODAY + 10 * DAY} | fields  # fmt: skip
    return Survey(**values)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_draft_is_saved_with_its_units_and_questions_keyed_in_order(tree, owner):
    survey = survey_save(user=owner, survey=draft(tree), units=[tree.cell_a1],
                         questions=[AGE, SINGLE, SCALE])  # fmt: skip
    assert survey.status == Status.DRAFT
    assert list(survey.units.all()) == [tree.cell_a1]
    rows = list(survey.questions.values_list("key", "kind", "band", "headline"))
    assert rows == [("q1", "band", "age", False), ("q2", "single", "", False),
                    ("q3", "scale", "", True)]  # fmt: skip
    assert survey.questions.get(key="q2").options == [
        {"code": "A", "label": "Loa truyền thanh"}, {"code": "B", "label": "Họp thôn"},
        {"code": "C", "label": "Mạng xã hội"},
    ]  # fmt: skip


def test_editing_a_draft_keeps_each_questions_row_and_says_what_changed(tree, owner):
    survey = survey_save(user=owner, survey=draft(tree), units=[tree.commune_a],
                         questions=[SINGLE, SCALE])  # fmt: skip
    first = survey.questions.get(key="q1").pk
    changed = SINGLE | {"text": "Kênh nào nhiều nhất?"}
    survey_save(user=owner, survey=survey, units=[tree.commune_a, tree.cell_a1],
                questions=[changed, AGE])  # fmt: skip
    assert survey.questions.get(key="q1").pk == first
    assert list(survey.questions.values_list("key", "kind")) == [("q1", "single"), ("q2", "band")]
    # The question's own history holds the old text; the survey's says which changed.
    question_log = LogEntry.objects.get_for_object(Question.objects.get(pk=first))
    assert any("Kênh nào nhiều nhất?" in str(e.changes) for e in question_log)
    entries = audit_history(survey)
    said = " ".join(f"{c.label}: {c.old} → {c.new}" for e in entries for c in e.changes)
    assert "Câu hỏi: 2 câu hỏi → 2 câu hỏi; sửa: q1, q2" in said
    assert "thêm: Chi bộ thôn 1" in said


def test_the_headline_can_move_from_one_question_to_another(tree, owner):
    other = SCALE | {"text": "Mức độ hài lòng?", "headline": False}
    survey = survey_save(user=owner, survey=draft(tree), units=[tree.commune_a],
                         questions=[SCALE, other])  # fmt: skip
    survey_save(user=owner, survey=survey, units=[tree.commune_a],
                questions=[SCALE | {"headline": False}, other | {"headline": True}])  # fmt: skip
    assert survey.questions.get(headline=True).key == "q2"


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ({"kind": "single", "text": "Một phương án?", "options": ["Có"]}, "từ 2 đến 20"),
        ({"kind": "multiple", "text": "Nhiều?", "options": [str(i) for i in range(21)]},
         "từ 2 đến 20"),
        ({"kind": "single", "text": "Trùng?", "options": ["Có", "có"]}, "giống nhau"),
        ({"kind": "single", "text": "Mã?", "options": [{"code": "B", "label": "x"},
                                                       {"code": "A", "label": "y"}]}, "A, B, C"),
        ({"kind": "scale", "text": "Thang?", "options": ["1", "2"]}, "chỉ câu hỏi chọn một"),
        ({"kind": "band", "text": "Năm sinh?", "band": "birth_year"}, "chọn nhóm"),
        ({"kind": "single", "text": "Nhóm?", "options": ["A", "B"], "band": "age"},
         "chỉ câu hỏi thông tin chung"),
        ({"kind": "number", "text": "Chính?", "headline": True}, "thang điểm 1–5"),
        ({"kind": "text", "text": ""}, "chưa có nội dung"),
        ({"kind": "name", "text": "Họ tên?"}, "chọn loại câu hỏi"),
    ],
)  # fmt: skip
def test_a_question_is_refused_with_its_number_and_the_reason(question, says):
    with pytest.raises(ValidationError) as refused:
        question_clean(question, number=3)
    assert messages_of(refused.value).startswith("Câu 3: ") and says in messages_of(refused.value)


def test_one_question_per_band_and_one_headline(tree, owner):
    with pytest.raises(ValidationError) as refused:
        questions_clean([AGE, AGE | {"text": "Tuổi?"}, SCALE, SCALE])
    said = messages_of(refused.value)
    assert "Nhóm tuổi" in said and "hỏi hai lần" in said
    assert "Chỉ một câu hỏi được chọn là câu hỏi đánh giá chính" in said
    with pytest.raises(ValidationError):
        survey_save(user=owner, survey=draft(tree), units=[], questions=[AGE, AGE])
    assert not Survey.objects.exists()


def test_units_must_lie_under_the_organiser(tree, owner, province_admin):
    with pytest.raises(ValidationError) as refused:
        survey_save(user=owner, survey=draft(tree), units=[tree.commune_b], questions=[])
    assert "Đảng ủy xã Bình Minh không thuộc" in messages_of(refused.value)
    # The province surveys both communes.
    survey = survey_save(user=province_admin, survey=draft(tree, orgunit=tree.province),
                         units=[tree.commune_a, tree.commune_b], questions=[SCALE])  # fmt: skip
    assert survey.units.count() == 2


def test_the_window_is_ordered(tree, owner):
    with pytest.raises(ValidationError) as refused:
        survey_save(user=owner, survey=draft(tree, closes_on=TODAY - DAY), units=[], questions=[])
    assert "Ngày kết thúc phải sau" in messages_of(refused.value)


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_editor_of_the_organiser_builds(tree, request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        survey_save(user=user, survey=draft(tree), units=[tree.commune_a], questions=[SCALE])
    assert not Survey.objects.exists()


def test_a_surveyed_commune_cannot_change_the_provinces_survey(survey, owner):
    survey.title = "Đổi tên"
    with pytest.raises(PermissionDenied):
        survey_save(user=owner, survey=survey, units=list(survey.units.all()))
    for write in (survey_publish, survey_end):
        with pytest.raises(PermissionDenied):
            write(user=owner, survey=survey)


def test_publishing_needs_a_question_a_unit_and_a_window_not_over(tree, owner):
    empty = survey_save(user=owner, survey=draft(tree), units=[], questions=[])
    with pytest.raises(ValidationError) as refused:
        survey_publish(user=owner, survey=empty)
    said = messages_of(refused.value)
    assert "Chưa có câu hỏi nào" in said and "Chưa chọn đơn vị" in said
    past = survey_save(
        user=owner,
        survey=draft(tree, opens_on=TODAY - 9 * DAY, closes_on=TODAY - DAY),
        units=[tree.commune_a],
        questions=[SCALE],
    )
    with pytest.raises(ValidationError) as refused:
        survey_publish(user=owner, survey=past)
    assert "Ngày kết thúc đã qua" in messages_of(refused.value)
    ready = survey_save(user=owner, survey=draft(tree), units=[tree.commune_a], questions=[SCALE])
    survey_publish(user=owner, survey=ready)
    ready.refresh_from_db()
    assert ready.published and ready.status == Status.OPEN
    with pytest.raises(ValidationError):
        survey_publish(user=owner, survey=ready)


def test_once_published_questions_and_first_day_are_fixed_units_only_added(tree, province_admin,
                                                                          survey):  # fmt: skip
    units = list(survey.units.all())
    with pytest.raises(ValidationError) as refused:
        survey_save(user=province_admin, survey=survey, units=units, questions=[SCALE])
    assert "không sửa được câu hỏi" in messages_of(refused.value)
    survey.opens_on -= DAY
    with pytest.raises(ValidationError) as refused:
        survey_save(user=province_admin, survey=survey, units=units)
    assert "không đổi được ngày bắt đầu" in messages_of(refused.value)
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        survey_save(user=province_admin, survey=survey, units=[tree.commune_a])
    assert "không bỏ được Đảng ủy xã Bình Minh" in messages_of(refused.value)
    # What may change: its title, its last day, a unit added; questions as they are.
    survey.title = "Khảo sát về vỉa hè (gia hạn)"
    survey.closes_on += 5 * DAY
    same = [
        {
            "kind": q.kind,
            "text": q.text,
            "options": q.options,
            "band": q.band,
            "required": q.required,
            "headline": q.headline,
        }
        for q in survey.questions.all()
    ]
    survey_save(user=province_admin, survey=survey, units=[*units, tree.cell_a1], questions=same)
    survey.refresh_from_db()
    assert survey.title.endswith("(gia hạn)") and survey.units.count() == 3
    assert survey.published and survey.questions.count() == 6


def test_an_open_survey_is_ended_early_and_then_nothing_changes(survey, province_admin):
    survey_end(user=province_admin, survey=survey)
    survey.refresh_from_db()
    assert survey.ended and survey.status == Status.CLOSED
    with pytest.raises(ValidationError):
        survey_end(user=province_admin, survey=survey)
    survey.title = "Sửa sau khi kết thúc"
    with pytest.raises(ValidationError) as refused:
        survey_save(user=province_admin, survey=survey, units=list(survey.units.all()))
    assert "đã kết thúc" in messages_of(refused.value)


def test_a_draft_cannot_be_ended(tree, owner):
    survey = survey_save(user=owner, survey=draft(tree), units=[], questions=[])
    with pytest.raises(ValidationError):
        survey_end(user=owner, survey=survey)


def test_a_survey_is_copied_as_a_draft(survey, province_admin):
    copy = survey_copy(user=province_admin, survey=survey)
    assert copy.pk != survey.pk and copy.status == Status.DRAFT
    assert copy.title.endswith("(bản sao)") and copy.opens_on == TODAY
    assert [q.key for q in copy.questions.all()] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert copy.questions.get(key="q4").headline
    assert set(copy.units.all()) == set(survey.units.all())


def test_a_unit_closed_while_surveyed_stays_but_none_closed_is_added(tree, survey,
                                                                     province_admin):  # fmt: skip
    tree.commune_b.closed_on = TODAY
    tree.commune_b.save()
    survey.title = "Khảo sát về vỉa hè, đợt 1"
    survey_save(user=province_admin, survey=survey, units=[tree.commune_a, tree.commune_b])
    copy = draft(tree, orgunit=tree.province)
    with pytest.raises(ValidationError) as refused:
        survey_save(user=province_admin, survey=copy, units=[tree.commune_b], questions=[])
    assert "Đảng ủy xã Bình Minh đã giải thể" in messages_of(refused.value)
