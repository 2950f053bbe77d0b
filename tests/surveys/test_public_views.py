"""The public form /khao-sat/<key>/: no login, no cookie, nothing lost on an error."""

import datetime

import pytest
from django.utils import timezone

from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.models import FreeText, Response, SurveyCode

FORM = {"q1": "30_45", "q2": "B", "q3": ["A", "B"], "q4": "4", "q5": "1.234", "q6": ""}


@pytest.fixture
def codes(survey, province_admin, tree) -> list[str]:
    return codes_create(user=province_admin, survey=survey, unit=tree.commune_b, count=3)


def no_cookie(response) -> None:
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_form_shows_every_question_and_the_code_from_the_link(client, survey):
    response = client.get(survey.public_path + "?ma=K7QM-3XPA")
    assert response.status_code == 200
    no_cookie(response)
    page = response.content.decode()
    assert survey.title in page and survey.purpose in page
    assert 'value="K7QM-3XPA"' in page
    for question in survey.questions.all():
        assert question.text in page
    assert 'type="checkbox" name="q3"' in page and 'name="q6"' in page
    assert "csrfmiddlewaretoken" not in page
    assert "tên người, số điện thoại" in page
    # The form posts to the path without the code, so the code is not sent twice in a URL.
    assert f'action="{survey.public_path}"' in page


def test_a_response_sent_with_a_code_is_stored_and_thanked(client, survey, codes, tree):
    response = client.post(survey.public_path, {**FORM, "code": codes[0]})
    assert response.status_code == 302
    no_cookie(response)
    stored = Response.objects.get()
    assert stored.unit == tree.commune_b and not stored.paper
    assert stored.answers == {"q1": "30_45", "q2": "B", "q3": ["A", "B"], "q4": 4, "q5": 1234}
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Cảm ơn" in thanks.content.decode()
    no_cookie(thanks)


def test_an_error_keeps_everything_typed_and_names_the_question(client, survey, codes):
    typed = {**FORM, "q2": "", "q5": "nhiều lắm", "q6": "Vỉa hè cần rộng hơn", "code": codes[0]}
    response = client.post(survey.public_path, typed)
    assert response.status_code == 422
    no_cookie(response)
    page = response.content.decode()
    assert 'id="error-q2"' in page and 'id="error-q5"' in page and 'id="error-q4"' not in page
    assert "cần được trả lời" in page and "Hãy ghi một số" in page
    assert f'value="{codes[0]}"' in page
    assert 'value="nhiều lắm"' in page and "Vỉa hè cần rộng hơn</textarea>" in page
    assert 'value="30_45" checked' in page and 'value="4" checked' in page
    assert 'name="q3" value="A" checked' in page and 'name="q3" value="C" checked' not in page
    assert not SurveyCode.objects.filter(used=True).exists()
    assert not Response.objects.exists()


def test_a_wrong_or_used_code_is_said_beside_the_code(client, survey, codes):
    response = client.post(survey.public_path, {**FORM, "code": "ABCD-EFGH"})
    assert response.status_code == 403
    no_cookie(response)
    page = response.content.decode()
    assert 'id="code-error"' in page and "Mã phiếu không đúng" in page
    assert 'value="B" checked' in page
    client.post(survey.public_path, {**FORM, "code": codes[0]})
    again = client.post(survey.public_path, {**FORM, "code": codes[0]})
    assert again.status_code == 403 and Response.objects.count() == 1


def test_a_draft_or_unknown_survey_is_not_found_without_a_cookie(client, survey):
    survey.published = False
    survey.save()
    for path in (survey.public_path, "/khao-sat/khong-co/"):
        for response in (client.get(path), client.post(path, FORM)):
            assert response.status_code == 404
            no_cookie(response)
            assert survey.title not in response.content.decode()


@pytest.mark.parametrize("when", ["before", "after", "ended"])
def test_outside_the_window_a_friendly_page(client, survey, codes, when):
    today = timezone.localdate()
    if when == "before":
        survey.opens_on = today + datetime.timedelta(days=2)
        survey.closes_on = today + datetime.timedelta(days=9)
    elif when == "after":
        survey.opens_on = today - datetime.timedelta(days=9)
        survey.closes_on = today - datetime.timedelta(days=1)
    else:
        survey.ended = True
    survey.save()
    for response in (client.get(survey.public_path),
                     client.post(survey.public_path, {**FORM, "code": codes[0]})):  # fmt: skip
        assert response.status_code == 409
        no_cookie(response)
        page = response.content.decode()
        assert 'id="closed"' in page
        assert ("bắt đầu nhận phiếu" in page) == (when == "before")
    assert not Response.objects.exists()


def test_free_text_reaches_the_database_only_redacted(client, survey, codes):
    raw = "Nhờ anh Trần Văn Bình ở số 12 đường Lê Lợi gọi 0912.345.678 giúp"
    client.post(survey.public_path, {**FORM, "q6": raw, "code": codes[0]})
    text = FreeText.objects.get().text
    assert "Bình" not in text and "345" not in text and "Lê Lợi" not in text
    assert "[số điện thoại]" in text


def test_too_many_tries_from_one_address_are_refused(client, survey, codes, settings):
    settings.SURVEY_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(survey.public_path, {**FORM, "code": "AAAA-AAAA"}).status_code == 403
    response = client.post(survey.public_path, {**FORM, "code": codes[0]})
    assert response.status_code == 429
    no_cookie(response)
    page = response.content.decode()
    assert "quá nhiều lần" in page and f'value="{codes[0]}"' in page
    assert not Response.objects.exists()
    # Another address has its own count.
    other = client.post(survey.public_path, {**FORM, "code": codes[0]}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_a_logged_in_staff_member_gets_no_cookie_either(client, survey, owner):
    client.force_login(owner)
    response = client.get(survey.public_path)
    assert response.status_code == 200
    no_cookie(response)


def test_the_page_fits_a_phone(client, survey):
    page = client.get(survey.public_path).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "surveys/public" in page  # its stylesheet: one column, big targets
    assert "<script" not in page


def test_a_link_preview_asking_head_spends_nothing(client, survey, codes):
    response = client.head(f"{survey.public_path}?ma={codes[0]}")
    assert response.status_code == 200
    no_cookie(response)
    assert client.head(survey.public_path + "cam-on/").status_code == 200
    assert not SurveyCode.objects.filter(used=True).exists()
