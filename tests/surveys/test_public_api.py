"""POST /api/surveys/<id>/responses/: public, no cookie, a body that identifies nothing."""

import datetime

import pytest
from django.utils import timezone

from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.models import FreeText, Response, SurveyCode

ANSWERS = {"q1": "U30", "q2": "A", "q3": ["A", "C"], "q4": 4, "q5": 2, "q6": "Ý kiến"}


@pytest.fixture
def codes(survey, province_admin, tree) -> list[str]:
    return codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=3)


def url(survey) -> str:
    return f"/api/surveys/{survey.pk}/responses/"


def send(client, survey, body, **extra):
    response = client.post(url(survey), body, content_type="application/json", **extra)
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"
    return response


def test_a_response_is_received_and_the_answer_says_nothing_about_it(client, survey, codes):
    response = send(client, survey, {"code": codes[0], "answers": ANSWERS})
    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    stored = Response.objects.get()
    assert stored.answers == {"q1": "U30", "q2": "A", "q3": ["A", "C"], "q4": 4, "q5": 2}
    assert FreeText.objects.get().text == "Ý kiến"


def test_no_authentication_is_needed_even_with_a_bad_token(client, survey, codes):
    response = send(client, survey, {"code": codes[0], "answers": ANSWERS},
                    HTTP_AUTHORIZATION="Bearer khong-dung")  # fmt: skip
    assert response.status_code == 201


def test_an_unknown_or_used_code_is_403(client, survey, codes):
    assert send(client, survey, {"code": "ZZZZ-ZZZZ", "answers": ANSWERS}).status_code == 403
    send(client, survey, {"code": codes[0], "answers": ANSWERS})
    response = send(client, survey, {"code": codes[0], "answers": ANSWERS})
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã phiếu không đúng hoặc đã được dùng."
    assert Response.objects.count() == 1


def test_outside_the_window_is_409(client, survey, codes):
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.opens_on = survey.closes_on - datetime.timedelta(days=5)
    survey.save()
    response = send(client, survey, {"code": codes[0], "answers": ANSWERS})
    assert response.status_code == 409 and response.json()["errors"] == []


def test_invalid_answers_are_422_naming_the_question_and_keep_the_code(client, survey, codes):
    response = send(client, survey, {"code": codes[0], "answers": {**ANSWERS, "q4": 7}})
    assert response.status_code == 422
    body = response.json()
    assert "q4" in body["detail"]
    assert body["errors"] == [
        {"field": "answers.q4", "message": "Hãy chọn một mức từ 1 đến 5.", "row": None}
    ]
    assert not SurveyCode.objects.filter(used=True).exists()
    unknown = send(client, survey, {"code": codes[0], "answers": {**ANSWERS, "q99": "A"}})
    assert unknown.json()["errors"][0]["field"] == "answers.q99"


def test_a_body_without_its_fields_is_422_and_one_not_json_400(client, survey):
    response = send(client, survey, {"answers": ANSWERS})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": "code", "message": "Bắt buộc.", "row": None}
    assert send(client, survey, {"code": "A", "answers": []}).status_code == 422
    assert send(client, survey, ["code"]).status_code == 422
    assert send(client, survey, {"code": "A" * 41, "answers": {}}).status_code == 422
    assert send(client, survey, {"code": "A\x00", "answers": {}}).status_code == 422
    not_json = send(client, survey, "{code:")
    assert not_json.status_code == 400 and "JSON" in not_json.json()["detail"]


def test_json_nested_past_the_parsers_depth_is_400_not_an_error(client, survey):
    response = send(client, survey, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


@pytest.mark.parametrize("state", ["draft", "unknown"])
def test_a_draft_or_unknown_survey_is_404(client, survey, codes, state):
    if state == "draft":
        survey.published = False
        survey.save()
        target = survey
    else:
        target = type(survey)(pk=survey.pk + 1000)
    response = send(client, target, {"code": codes[0], "answers": ANSWERS})
    assert response.status_code == 404
    assert not SurveyCode.objects.filter(used=True).exists()


def test_too_many_tries_are_429(client, survey, codes, settings):
    settings.SURVEY_RATE_LIMIT = 2
    for _ in range(2):
        send(client, survey, {"code": "ZZZZ-ZZZZ", "answers": ANSWERS})
    response = send(client, survey, {"code": codes[0], "answers": ANSWERS})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.json()["detail"]
    assert not Response.objects.exists()


def test_the_page_and_the_api_share_one_count(client, survey, codes, settings):
    settings.SURVEY_RATE_LIMIT = 2
    client.post(survey.public_path, {"code": "ZZZZ-ZZZZ"})
    send(client, survey, {"code": "ZZZZ-ZZZZ", "answers": ANSWERS})
    assert send(client, survey, {"code": codes[0], "answers": ANSWERS}).status_code == 429


def test_the_operation_is_described_as_public(client, site_admin):
    client.force_login(site_admin)
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/surveys/{survey_id}/responses/"]["post"]
    assert not operation.get("security")
    assert {"201", "403", "409", "422", "429"} <= set(operation["responses"])
