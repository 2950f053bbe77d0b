"""GET /api/surveys/<id>/results/: the protected tables in the fixed shape; 404 outside the
organiser's scope, 409 before the survey ends, 422 for a breakdown it does not have."""

import pytest

from tests.factories import make_token
from tests.surveys.test_results import finish, respond
from tuyengiao.surveys.results import survey_results


def get(client, user, survey, **params):
    headers = {"authorization": f"Bearer {make_token(user)}"} if user else {}
    return client.get(f"/api/surveys/{survey.pk}/results/", params, headers=headers)


@pytest.fixture
def finished(survey, tree):
    finish(survey)
    respond(survey, tree.commune_a, 20, scores=(3, 4, 5, 4))
    respond(survey, tree.commune_b, 2, scores=(1,))
    return survey


@pytest.mark.parametrize("by", ["", "unit", "q1"])
def test_the_results_are_the_protected_tables(client, finished, province_admin, by):
    response = get(client, province_admin, finished, by=by)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = survey_results(survey=finished, by=by)
    for question in expected["questions"]:
        question.setdefault("coding", None)  # 'pending' while a text question is coded
        for row in question["rows"]:
            row.pop("mean", None)  # the page shows a number question's mean; the API not
    assert body == expected
    assert set(body) == {"k", "responses", "by", "questions"}
    assert body["k"] == 5 and body["responses"] == 22 and body["by"] == by
    question = body["questions"][0]
    assert set(question) == {"id", "kind", "rows", "coding"} and question["id"] == "q1"
    assert set(question["rows"][0]) == {"by", "total", "cells"}
    for q in body["questions"]:
        for row in q["rows"]:
            assert row["total"] is None or not 0 < row["total"] < 5
            for cell in row["cells"]:
                assert set(cell) == {"option", "count"}
                assert cell["count"] is None or not 0 < cell["count"] < 5


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_outside_the_organisers_scope_it_is_a_404(client, request, finished, who):
    assert get(client, request.getfixturevalue(who), finished).status_code == 404


def test_anonymous_is_refused(client, finished):
    assert get(client, None, finished).status_code == 401


def test_an_open_survey_has_no_results_yet(client, survey, tree, province_admin):
    respond(survey, tree.commune_a, 20)
    response = get(client, province_admin, survey)
    assert response.status_code == 409
    assert "Kết quả có khi cuộc khảo sát kết thúc" in response.json()["detail"]
    finish(survey, days_ago=1)  # paper forms may still be typed in
    assert get(client, province_admin, survey).status_code == 409


def test_an_unknown_breakdown_is_a_422(client, finished, province_admin):
    response = get(client, province_admin, finished, by="q2")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "by"
    assert get(client, province_admin, finished, by="x" * 30).status_code == 422


def test_a_survey_that_does_not_exist_is_a_404(client, finished, province_admin):
    response = client.get(
        f"/api/surveys/{finished.pk + 1000}/results/",
        headers={"authorization": f"Bearer {make_token(province_admin)}"},
    )
    assert response.status_code == 404
