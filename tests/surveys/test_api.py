"""The staff's surveys API: the list and one survey in the shapes issue 19 fixes, scoped as
the pages (404 outside), the response count only from k on."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_token
from tuyengiao.surveys.models import Response, Survey

URL = "/api/surveys/"
TODAY = timezone.localdate()


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


@pytest.fixture
def commune_draft(tree) -> Survey:
    survey = Survey.objects.create(orgunit=tree.commune_a, title="Phiếu đang soạn",
                                   opens_on=TODAY, closes_on=TODAY)  # fmt: skip
    survey.units.set([tree.cell_a1])
    return survey


def test_the_list_in_its_shape(client, survey, province_admin, settings):
    settings.SITE_URL = "https://tuyengiao.example.vn/"
    response = client.get(URL, headers=auth(province_admin))
    assert response.status_code == 200
    assert response.json() == [{
        "id": survey.pk, "title": "Khảo sát về chỉnh trang vỉa hè", "status": "open",
        "public_url": f"https://tuyengiao.example.vn/khao-sat/{survey.public_key}/",
        "organiser": "TU", "opens_on": str(survey.opens_on),
        "closes_on": str(survey.closes_on), "responses": None,
    }]  # fmt: skip


def test_one_survey_with_its_questions_and_their_options(client, survey, province_admin):
    response = client.get(f"{URL}{survey.pk}/", headers=auth(province_admin))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "open" and body["units"] == ["XA-AB", "XA-BM"]
    questions = {q["id"]: q for q in body["questions"]}
    assert list(questions) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert [q["kind"] for q in body["questions"]] == [
        "band", "single", "multiple", "scale", "number", "text"]  # fmt: skip
    assert questions["q2"] == {
        "id": "q2", "kind": "single", "text": "Anh/chị biết chủ trương qua kênh nào nhiều nhất?",
        "required": True, "band": None, "headline": False,
        "options": [{"code": "A", "label": "Loa truyền thanh"}, {"code": "B", "label": "Họp thôn"},
                    {"code": "C", "label": "Mạng xã hội"}],
    }  # fmt: skip
    # Scale and band questions list their fixed options.
    assert [o["code"] for o in questions["q4"]["options"]] == ["1", "2", "3", "4", "5"]
    assert questions["q4"]["headline"] and questions["q4"]["required"]
    assert questions["q1"]["band"] == "age"
    assert questions["q1"]["options"][0] == {"code": "U30", "label": "Dưới 30 tuổi"}
    assert questions["q5"]["options"] == questions["q6"]["options"] == []


def test_responses_are_counted_from_k_on(client, survey, province_admin, tree, settings):
    settings.SURVEY_MIN_CELL = 5
    for _n in range(4):
        Response.objects.create(survey=survey, unit=tree.commune_a, day=TODAY, answers={})
    assert client.get(URL, headers=auth(province_admin)).json()[0]["responses"] is None
    Response.objects.create(survey=survey, unit=tree.commune_b, day=TODAY, answers={})
    assert client.get(URL, headers=auth(province_admin)).json()[0]["responses"] == 5
    detail = client.get(f"{URL}{survey.pk}/", headers=auth(province_admin)).json()
    assert detail["responses"] == 5


def test_status_follows_publication_and_the_window(client, survey, commune_draft, owner):
    survey.closes_on = TODAY - datetime.timedelta(days=1)
    survey.save()
    listed = {s["id"]: s["status"] for s in client.get(URL, headers=auth(owner)).json()}
    assert listed == {survey.pk: "closed", commune_draft.pk: "draft"}


def test_scope_a_commune_sees_its_own_and_the_province_survey_of_it(
    client, survey, commune_draft, owner, outsider, member
):
    ids = {s["id"] for s in client.get(URL, headers=auth(member)).json()}
    assert ids == {survey.pk, commune_draft.pk}
    ids = {s["id"] for s in client.get(URL, headers=auth(outsider)).json()}
    assert ids == {survey.pk}
    response = client.get(f"{URL}{commune_draft.pk}/", headers=auth(outsider))
    assert response.status_code == 404 and response.json()["detail"]
    # A surveyed commune reads the province's survey, with its own unit only.
    body = client.get(f"{URL}{survey.pk}/", headers=auth(outsider)).json()
    assert body["units"] == ["XA-BM"]
    assert client.get(f"{URL}999999/", headers=auth(owner)).status_code == 404


def test_a_user_without_a_role_sees_nothing(client, survey, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert client.get(URL, headers=auth(nobody)).json() == []
    assert client.get(f"{URL}{survey.pk}/", headers=auth(nobody)).status_code == 404
    assert client.get(URL).status_code == 401


def test_no_two_schemas_of_the_api_share_a_name():
    """ninja names an OpenAPI component after its class: two classes of one name (this API's
    survey options and the indicators' options were both `OptionOut`) describe one endpoint's
    answer with the other's schema."""
    from collections import defaultdict

    from ninja import Schema

    from tuyengiao.api import api

    api.get_openapi_schema()  # every router imported
    by_name = defaultdict(set)
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tuyengiao.") and "[" not in cls.__name__:
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}
