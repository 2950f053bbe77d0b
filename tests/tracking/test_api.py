"""GET /api/tasks/ and GET /api/documents/<id>/coverage/, with the access test of each."""

import datetime

from tests.factories import make_token
from tests.tracking.conftest import LATE, make_document
from tuyengiao.documents.models import DocumentRelation, RelationKind
from tuyengiao.tracking.models import Assignment, Status
from tuyengiao.tracking.services import assignment_status_set

TASKS = "/api/tasks/"


def get(client, user, url, **params):
    return client.get(url, params, headers={"authorization": f"Bearer {make_token(user)}"})


def test_tasks_of_a_document_with_the_assignments_in_scope(client, conclusion, assigned, member):
    response = get(client, member, TASKS, document=conclusion.pk)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    first = body["items"][0]
    assert (first["number"], first["document"], first["orgunit"]) == (
        "1",
        {"id": conclusion.pk, "symbol": "88-KL/TU"},
        "TU",
    )
    assert [a["orgunit"] for a in first["assignments"]] == ["XA-AB"]
    assert first["assignments"][0]["status"] == "overdue"
    assert first["deadline"] == LATE.isoformat()


def test_tasks_filtered_by_unit_and_status(
    client, conclusion, assigned, tree, owner, province_admin
):
    done = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    assignment_status_set(user=owner, assignment=done, status=Status.DONE)
    response = get(
        client, province_admin, TASKS, document=conclusion.pk, unit="XA-AB", status="done"
    )
    items = response.json()["items"]
    assert [(t["number"], [a["orgunit"] for a in t["assignments"]]) for t in items] == [
        ("2", ["XA-AB"])
    ]
    late = get(client, province_admin, TASKS, status="overdue").json()["items"]
    assert [(t["number"], [a["orgunit"] for a in t["assignments"]]) for t in late] == [
        ("1", ["XA-AB", "XA-BM"])
    ]


def test_an_unknown_status_is_refused(client, assigned, member):
    assert get(client, member, TASKS, status="late").status_code == 422


def test_the_outsider_cannot_ask_about_commune_a(
    client, conclusion, assigned, tree, owner, outsider
):
    assert get(client, outsider, TASKS, unit="XA-AB").status_code == 404
    items = get(client, outsider, TASKS, document=conclusion.pk).json()["items"]
    assert {a["orgunit"] for t in items for a in t["assignments"]} == {"XA-BM"}
    plan = make_document(tree.commune_a, owner, symbol="12-KH/ĐU")
    assert get(client, outsider, TASKS, document=plan.pk).status_code == 404
    assert get(client, outsider, f"/api/documents/{plan.pk}/coverage/").status_code == 404


def test_coverage_says_who_has_a_plan(client, conclusion, assigned, tree, owner, province_admin):
    plan = make_document(
        tree.commune_a, owner, symbol="91-KH/ĐU", issued_on=datetime.date(2023, 10, 1)
    )
    DocumentRelation.objects.create(
        source=plan, kind=RelationKind.CONCRETIZES, target=conclusion, target_symbol="88-KL/TU"
    )
    response = get(client, province_admin, f"/api/documents/{conclusion.pk}/coverage/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["assigned"], body["concretized"]) == (2, 1)
    a, b = body["units"]
    assert a == {
        "orgunit": "XA-AB",
        "name": "Đảng ủy xã An Bình",
        "concretized": True,
        "plan": {"id": plan.pk, "symbol": "91-KH/ĐU", "issued_on": "2023-10-01"},
        "tasks_done": 0,
        "tasks_total": 3,
        "overdue": 1,
    }
    assert (b["orgunit"], b["concretized"], b["plan"]) == ("XA-BM", False, None)


def test_coverage_for_a_member_holds_only_commune_a(client, conclusion, assigned, member):
    body = get(client, member, f"/api/documents/{conclusion.pk}/coverage/").json()
    assert [u["orgunit"] for u in body["units"]] == ["XA-AB"]


def test_the_api_needs_a_login(client, conclusion):
    assert client.get(TASKS).status_code == 401
    assert client.get(f"/api/documents/{conclusion.pk}/coverage/").status_code == 401
