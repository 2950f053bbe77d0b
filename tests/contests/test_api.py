"""The contests API, and its scope for every endpoint: a contest comes down to the units
under its organiser and is a 404 beside it; an entry is submitted for a unit in the caller's
scope by an editor (404 outside, 403 for a viewer); the entries are the organiser's staff's."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.contests.conftest import ESSAY, submit
from tests.factories import make_token
from tuyengiao.contests.models import CategoryKind, Entry, PrizeLevel
from tuyengiao.contests.services import results_confirm


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def post_entry(client, user, contest, *, unit="XA-AB", text=ESSAY, **fields):
    essay = contest.categories.get(kind=CategoryKind.ESSAY)
    data = {"title": "Giữ vững trận địa tư tưởng", "category": essay.pk, "orgunit": unit,
            "authors": json.dumps([{"name": "Nguyễn Thị Hoa", "unit": "Chi bộ thôn 1",
                                    "contact": "0912 345 678"}]),
            "file": SimpleUploadedFile("bai.txt", text.encode()), **fields}  # fmt: skip
    return client.post(f"/api/contests/{contest.pk}/entries/", data, headers=auth(user))


def test_a_commune_submits_an_entry_and_the_organiser_lists_it(client, contest, owner, staff):
    response = post_entry(client, owner, contest)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["orgunit"] == "XA-AB" and body["authors"][0]["name"] == "Nguyễn Thị Hoa"
    listed = client.get(f"/api/contests/{contest.pk}/entries/", headers=auth(staff)).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


def test_a_rule_broken_is_a_400_with_its_reason(client, contest, owner):
    response = post_entry(client, owner, contest, text=" ".join(["chữ"] * 61))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "file", "message": "Bài dự thi dài 61 chữ, vượt giới hạn 60 chữ.", "row": None}
    ]
    assert not Entry.objects.exists()


def test_authors_may_be_names_one_a_line(client, contest, owner):
    response = post_entry(client, owner, contest, authors="Nguyễn Thị Hoa\nTrần Văn Nam")
    assert response.status_code == 201
    assert [a["name"] for a in response.json()["authors"]] == ["Nguyễn Thị Hoa", "Trần Văn Nam"]


def test_a_category_of_another_contest_is_refused(client, contest, commune_contest, owner):
    other = commune_contest.categories.first()
    response = post_entry(client, owner, contest, category=other.pk)
    assert response.status_code == 400 and not Entry.objects.exists()


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [("owner", "XA-AB", 201), ("member", "XA-AB", 403), ("outsider", "XA-AB", 404),
     ("outsider", "XA-BM", 201), ("owner", "XA-BM", 404)],
)  # fmt: skip
def test_entries_are_submitted_for_a_unit_in_scope_only(
    client, contest, request, who, unit, status
):
    response = post_entry(client, request.getfixturevalue(who), contest, unit=unit)
    assert response.status_code == status, response.content
    assert Entry.objects.filter(orgunit__code=unit).count() == (status == 201)


@pytest.mark.parametrize(("who", "status"), [("owner", 201), ("member", 403), ("outsider", 404)])
def test_a_communes_own_contest_takes_entries_from_its_editors(
    client, commune_contest, request, who, status
):
    unit = "XA-BM" if who == "outsider" else "XA-AB"
    response = post_entry(client, request.getfixturevalue(who), commune_contest, unit=unit)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "count"), [("owner", 1), ("member", 1), ("outsider", 0), ("province_admin", 1)]
)
def test_contests_are_listed_down_the_tree_not_beside_it(
    client, commune_contest, request, who, count
):
    listed = client.get("/api/contests/", headers=auth(request.getfixturevalue(who))).json()
    assert listed["count"] == count
    detail = client.get(
        f"/api/contests/{commune_contest.pk}/", headers=auth(request.getfixturevalue(who))
    )
    assert detail.status_code == (200 if count else 404)


def test_a_contest_shows_its_rules(client, contest, owner):
    body = client.get(f"/api/contests/{contest.pk}/", headers=auth(owner)).json()
    assert body["max_words"] == 60 and [c["name"] for c in body["categories"]] == [
        "Chính luận", "Báo điện tử"]  # fmt: skip
    assert [r["stage"] for r in body["rounds"]] == ["so_khao", "chung_khao"]
    assert {p["level"]: p["count"] for p in body["prizes"]} == {"A": 1, "B": 1, "KK": 1}


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("province_admin", 200), ("owner", 403), ("member", 403), ("outsider", 403)],
)
def test_entries_are_listed_for_the_organisers_staff_only(
    client, contest, tree, owner, request, who, status
):
    submit(contest, owner, tree.commune_a)
    response = client.get(
        f"/api/contests/{contest.pk}/entries/", headers=auth(request.getfixturevalue(who))
    )
    assert response.status_code == status
    if status == 403:
        assert "Nguyễn Thị Hoa" not in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("member", 200), ("outsider", 404)])
def test_a_communes_entries_and_results_are_a_404_beside_it(
    client, commune_contest, request, who, status
):
    user = request.getfixturevalue(who)
    for path in ("entries", "results"):
        response = client.get(f"/api/contests/{commune_contest.pk}/{path}/", headers=auth(user))
        assert response.status_code == status


def test_results_are_public_once_confirmed(client, contest, tree, owner, outsider, leader):
    entry = submit(contest, owner, tree.commune_a)
    url = f"/api/contests/{contest.pk}/results/"
    before = client.get(url, headers=auth(outsider)).json()
    assert before == {"confirmed": False, "confirmed_at": None, "items": []}
    entry.prize = PrizeLevel.A
    entry.save()
    results_confirm(user=leader, contest=contest)
    after = client.get(url, headers=auth(outsider)).json()
    listed = [(i["level"], i["authors"], i["orgunit"]) for i in after["items"]]
    assert after["confirmed"] and listed == [("A", ["Nguyễn Thị Hoa"], "XA-AB")]


def test_anonymous_callers_get_a_401(client, contest):
    assert client.get("/api/contests/").status_code == 401
    assert client.get(f"/api/contests/{contest.pk}/results/").status_code == 401
