"""surveys.collecting: one-time codes, and responses sent with them or typed from paper."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tuyengiao.surveys import collecting
from tuyengiao.surveys.collecting import (
    CODE_ALPHABET,
    AnswerInvalid,
    CodeRefused,
    WindowClosed,
    answers_clean,
    code_digest,
    codes_create,
    number_parse,
    response_record,
    response_submit,
)
from tuyengiao.surveys.models import FreeText, Response, SurveyCode
from tuyengiao.surveys.services import survey_end

VALID = {"q1": "U30", "q2": "A", "q3": ["A", "C"], "q4": 4, "q5": 2, "q6": ""}


@pytest.fixture
def codes(survey, province_admin, tree) -> list[str]:
    return codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=5)


# ---------------------------------------------------------------------------------- codes


def test_codes_are_printable_and_only_their_digests_are_kept(codes, survey, tree):
    assert len(set(codes)) == 5
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1I")
    stored = SurveyCode.objects.filter(survey=survey)
    assert stored.count() == 5 and {c.unit for c in stored} == {tree.commune_a}
    digests = {c.digest for c in stored}
    assert digests == {code_digest(c) for c in codes}
    assert not any(c.replace("-", "") in d.upper() for c in codes for d in digests)


def test_a_code_reads_the_same_however_it_is_typed(settings):
    assert code_digest("K7QM-3XPA") == code_digest(" k7qm 3xpa ") == code_digest("K7QM3XPA")
    assert code_digest("K7QM-3XPA") != code_digest("K7QM-3XPB")
    # Keyed: the same code under another server's key is another digest.
    before = code_digest("K7QM-3XPA")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert code_digest("K7QM-3XPA") != before


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_only_an_editor_of_the_organiser_makes_codes(request, who, survey, tree):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        codes_create(user=user, survey=survey, unit=tree.commune_a, count=1)
    assert not SurveyCode.objects.exists()


def test_codes_for_a_unit_not_surveyed_or_too_many_are_refused(survey, province_admin, tree):
    with pytest.raises(ValidationError):
        codes_create(user=province_admin, survey=survey, unit=tree.cell_a1, count=1)
    with pytest.raises(ValidationError):
        codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=5001)
    with pytest.raises(ValidationError):
        codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=0)
    survey.ended = True
    survey.save()
    with pytest.raises(ValidationError):
        codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=1)


def test_codes_may_be_printed_for_a_draft(survey, province_admin, tree):
    survey.published = False
    survey.save()
    assert len(codes_create(user=province_admin, survey=survey, unit=tree.commune_b,
                            count=3)) == 3  # fmt: skip


# -------------------------------------------------------------------------------- answers


def test_valid_answers_are_stored_and_free_text_kept_apart(survey):
    stored, texts = answers_clean(survey, {**VALID, "q6": "Vỉa hè cần rộng hơn", "q4": "5"})
    assert stored == {"q1": "U30", "q2": "A", "q3": ["A", "C"], "q4": 5, "q5": 2}
    assert texts == {"q6": "Vỉa hè cần rộng hơn"}


@pytest.mark.parametrize(
    ("change", "question"),
    [
        ({"q1": ""}, "q1"),  # a band is always required
        ({"q1": "U18"}, "q1"),
        ({"q2": None}, "q2"),  # required
        ({"q2": "D"}, "q2"),
        ({"q2": ["A"]}, "q2"),
        ({"q3": ["A", "A"]}, "q3"),
        ({"q3": ["Z"]}, "q3"),
        ({"q3": [1]}, "q3"),
        ({"q4": 6}, "q4"),
        ({"q4": 0}, "q4"),
        ({"q4": True}, "q4"),
        ({"q4": 4.5}, "q4"),
        ({"q5": "nhiều"}, "q5"),
        ({"q5": 10**13}, "q5"),
        ({"q5": float("nan")}, "q5"),
        ({"q6": "x" * 2001}, "q6"),
        ({"q6": 12}, "q6"),
        ({"q6": "a\x00b"}, "q6"),
        ({"q9": "A"}, "q9"),  # unknown
    ],
)
def test_invalid_answers_name_their_question(survey, change, question):
    with pytest.raises(AnswerInvalid) as refused:
        answers_clean(survey, {**VALID, **change})
    assert refused.value.question == question
    assert refused.value.status == 422
    assert refused.value.message == refused.value.errors[question]


def test_every_refused_question_is_named(survey):
    with pytest.raises(AnswerInvalid) as refused:
        answers_clean(survey, {"q3": ["Z"], "q4": 9})
    assert set(refused.value.errors) == {"q1", "q2", "q3", "q4"}
    assert "trả lời" in refused.value.errors["q2"]


def test_optional_questions_may_be_left_out(survey):
    stored, texts = answers_clean(survey, {"q1": "O60", "q2": "B", "q4": 1, "q3": []})
    assert stored == {"q1": "O60", "q2": "B", "q4": 1} and texts == {}


@pytest.mark.parametrize(
    ("typed", "number"),
    [("3", 3), ("1.234,5", 1234.5), ("1.234", 1234), ("12,5", 12.5), ("1234.5", 1234.5),
     (" 2 ", 2), ("-4", -4), (7, 7), (2.5, 2.5), ("1.234.567", 1234567), ("0,25", 0.25)],
)  # fmt: skip
def test_numbers_are_read_as_vietnamese_writes_them(typed, number):
    assert number_parse(typed) == number


@pytest.mark.parametrize("typed", ["", "ba", "1,2,3", "1.23,4", "1e5", True, None, [1]])
def test_what_is_not_a_number_is_none(typed):
    assert number_parse(typed) is None


# ---------------------------------------------------------------------------- submissions


def test_a_code_lets_one_response_in_with_its_unit_and_the_day(survey, codes, tree):
    response_submit(survey=survey, code=codes[0].lower(), answers=VALID)
    response = Response.objects.get()
    assert response.unit == tree.commune_a and response.day == timezone.localdate()
    assert not response.paper and response.answers["q4"] == 4
    assert SurveyCode.objects.filter(used=True).count() == 1
    with pytest.raises(CodeRefused) as refused:
        response_submit(survey=survey, code=codes[0], answers=VALID)
    assert refused.value.status == 403
    assert Response.objects.count() == 1


def test_an_unknown_code_or_another_surveys_code_is_refused(survey, codes, tree, province_admin):
    with pytest.raises(CodeRefused):
        response_submit(survey=survey, code="ABCD-EFGH", answers=VALID)
    other = type(survey).objects.create(
        orgunit=tree.province, title="Khác", opens_on=survey.opens_on,
        closes_on=survey.closes_on, published=True,
    )  # fmt: skip
    other.units.set([tree.commune_a])
    with pytest.raises(CodeRefused):
        response_submit(survey=other, code=codes[0], answers={})
    assert not Response.objects.exists()


def test_refused_answers_leave_the_code_unused(survey, codes):
    with pytest.raises(AnswerInvalid):
        response_submit(survey=survey, code=codes[0], answers={**VALID, "q4": 9})
    assert not SurveyCode.objects.filter(used=True).exists()
    response_submit(survey=survey, code=codes[0], answers=VALID)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("change", ["ended", "unpublished", "not yet", "over"])
def test_outside_the_window_nothing_is_let_in(survey, codes, change):
    today = timezone.localdate()
    if change == "ended":
        survey.ended = True
    elif change == "unpublished":
        survey.published = False
    elif change == "not yet":
        survey.opens_on = today + datetime.timedelta(days=1)
    else:
        survey.closes_on = today - datetime.timedelta(days=1)
        survey.opens_on = today - datetime.timedelta(days=5)
    survey.save()
    with pytest.raises(WindowClosed) as refused:
        response_submit(survey=survey, code=codes[0], answers=VALID)
    assert refused.value.status == 409
    assert not SurveyCode.objects.filter(used=True).exists()


@pytest.mark.parametrize("change", ["ended", "recorded"])
def test_a_survey_ended_or_recorded_meanwhile_lets_nothing_in(
    survey, codes, tree, province_admin, change
):
    editor = province_admin
    # The caller's copy still says open (a form loaded before staff ended it): the row
    # read again under its lock decides, and the code claimed is given back.
    type(survey).objects.filter(pk=survey.pk).update(**{change: True})
    with pytest.raises(WindowClosed):
        response_submit(survey=survey, code=codes[0], answers=VALID)
    assert not SurveyCode.objects.filter(used=True).exists()
    with pytest.raises(WindowClosed):
        response_record(user=editor, survey=survey, unit=tree.commune_a, answers=VALID)
    assert not Response.objects.exists()


def test_a_survey_ended_and_mixed_between_the_claim_and_the_store_gives_the_code_back(
    survey, codes, province_admin, monkeypatch
):
    # Ending mixes the survey's rows: the claimed code is written back under a new id, so
    # it is given back by its digest; the text written before the refused response goes.
    store = collecting._response_store

    def ended_meanwhile(**kwargs):
        survey_end(user=province_admin, survey=type(survey).objects.get(pk=survey.pk))
        return store(**kwargs)

    monkeypatch.setattr(collecting, "_response_store", ended_meanwhile)
    with pytest.raises(WindowClosed):
        response_submit(survey=survey, code=codes[0], answers={**VALID, "q6": "Cần chỗ để xe"})
    assert not SurveyCode.objects.filter(used=True).exists()
    assert not Response.objects.exists() and not FreeText.objects.exists()


def test_free_text_is_stored_redacted_and_apart(survey, codes, tree):
    raw = "Tôi là ông Nguyễn Văn Tám, số điện thoại 0912 345 678, vỉa hè bị lấn chiếm."
    response_submit(survey=survey, code=codes[0], answers={**VALID, "q6": raw})
    text = FreeText.objects.get()
    assert text.unit == tree.commune_a and text.question.key == "q6"
    assert "Tám" not in text.text and "0912" not in text.text and "345 678" not in text.text
    assert "[số điện thoại]" in text.text and "vỉa hè bị lấn chiếm" in text.text
    assert "q6" not in Response.objects.get().answers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_one_code_sent_twice_at_once_lets_one_response_in(transactional_db, survey, codes):
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def send() -> None:
        try:
            start.wait()
            response_submit(survey=survey, code=codes[0], answers=VALID)
            outcomes.append("in")
        except CodeRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["in", "refused", "refused", "refused"]
    assert Response.objects.count() == 1


# --------------------------------------------------------------------------------- paper


def test_a_surveyor_types_a_paper_form_for_the_unit(survey, owner, tree):
    response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID)
    response = Response.objects.get()
    assert response.paper and response.unit == tree.commune_a
    assert response.day == timezone.localdate()


def test_the_organisers_editor_types_for_any_surveyed_unit(survey, province_admin, tree):
    day = survey.opens_on
    response_record(user=province_admin, survey=survey, unit=tree.commune_b, answers=VALID,
                    day=day)  # fmt: skip
    assert Response.objects.get().day == day


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_no_paper_form_for_a_unit_not_ones_own(request, who, survey, tree):
    with pytest.raises(PermissionDenied):
        response_record(user=request.getfixturevalue(who), survey=survey, unit=tree.commune_a,
                        answers=VALID)  # fmt: skip
    assert not Response.objects.exists()


def test_paper_forms_of_a_unit_not_surveyed_or_a_draft_are_refused(survey, owner, tree):
    with pytest.raises(ValidationError):
        response_record(user=owner, survey=survey, unit=tree.cell_a1, answers=VALID)
    survey.published = False
    survey.save()
    with pytest.raises(ValidationError):
        response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID)


def test_paper_forms_may_be_typed_a_week_after_the_last_day(survey, owner, tree):
    today = timezone.localdate()
    survey.opens_on = today - datetime.timedelta(days=20)
    survey.closes_on = today - datetime.timedelta(days=7)
    survey.save()
    response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID)
    assert Response.objects.get().day == survey.closes_on
    # A day outside the window, or one still to come, is not a paper form's day.
    for day in (survey.opens_on - datetime.timedelta(days=1), today):
        with pytest.raises(WindowClosed):
            response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID,
                            day=day)  # fmt: skip
    survey.closes_on = today - datetime.timedelta(days=8)
    survey.save()
    with pytest.raises(WindowClosed):
        response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID)


def test_no_paper_form_once_ended_or_recorded(survey, owner, tree):
    for field in ("ended", "recorded"):
        setattr(survey, field, True)
        survey.save()
        with pytest.raises(WindowClosed):
            response_record(user=owner, survey=survey, unit=tree.commune_a, answers=VALID)
        setattr(survey, field, False)
    assert not Response.objects.exists()


def test_paper_answers_are_checked_and_free_text_redacted(survey, owner, tree):
    with pytest.raises(AnswerInvalid):
        response_record(user=owner, survey=survey, unit=tree.commune_a,
                        answers={**VALID, "q2": "Z"})  # fmt: skip
    response_record(user=owner, survey=survey, unit=tree.commune_a,
                    answers={**VALID, "q6": "Gọi chị Lan 0987654321"})  # fmt: skip
    assert FreeText.objects.get().text == "Gọi chị [tên người] [số điện thoại]"
