"""The contest pages: the list, a contest, entries sent by a unit and listed, a round run by
the organiser's staff, the key opened by the secretary, a judge's pages by code only.
Every page and POST is tried as the organiser's staff, a unit's owner and viewer, a unit
beside, an invited judge and an anonymous visitor."""

import pytest
from django.urls import reverse

from tests.contests.conftest import ESSAY, entries_closed, submit, text_file
from tuyengiao.contests.models import Assignment, Entry

LONG = " ".join(["chữ"] * 80)


def _form(contest, unit, *, title="Giữ vững trận địa tư tưởng", author="Nguyễn Thị Hoa",
          text=ESSAY, **extra) -> dict:  # fmt: skip
    essay = contest.categories.get(kind="CHINH_LUAN")
    return {
        "category": essay.pk, "title": title, "orgunit": unit.pk,
        "authors-TOTAL_FORMS": 3, "authors-INITIAL_FORMS": 0,
        "authors-0-name": author, "authors-0-unit": "Chi bộ thôn 1",
        "authors-0-contact": "0912 345 678",
        "file": text_file(text), **extra,
    }  # fmt: skip


def test_a_commune_submits_two_essays_and_a_breach_is_refused_with_its_reason(
    client, contest, tree, owner
):
    client.force_login(owner)
    url = reverse("contests:entry_new", args=[contest.pk])
    for author in ("Nguyễn Thị Hoa", "Trần Văn Nam"):
        response = client.post(url, _form(contest, tree.commune_a, author=author))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert contest.entries.count() == 2

    refused = client.post(url, _form(contest, tree.commune_a, author="Lê Thị Mai", text=LONG,
                                     title="Một bài quá dài"))  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "vượt giới hạn" in page and "Một bài quá dài" in page  # the reason, the title kept
    again = client.post(url, _form(contest, tree.commune_a, author="Trần Văn Nam"))
    assert again.status_code == 200 and "Trần Văn Nam" in again.content.decode()
    assert contest.entries.count() == 2


def test_only_units_under_the_organiser_in_scope_are_offered(client, contest, tree, owner):
    client.force_login(owner)
    page = client.get(reverse("contests:entry_new", args=[contest.pk])).content.decode()
    assert "An Bình" in page and "Bình Minh" not in page
    # A unit beside, sent by hand: refused, nothing saved.
    response = client.post(reverse("contests:entry_new", args=[contest.pk]),
                           _form(contest, tree.commune_b))  # fmt: skip
    assert response.status_code == 200 and not Entry.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 200), ("owner", 200), ("member", 403), ("outsider", 200), ("judge", 404),
     ("anonymous", 302)],
)  # fmt: skip
def test_entry_form_access(client, contest, who, expected, request):
    if who != "anonymous":
        user = request.getfixturevalue("judges")[0] if who == "judge" else (
            request.getfixturevalue(who))  # fmt: skip
        client.force_login(user)
    response = client.get(reverse("contests:entry_new", args=[contest.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("member", 200), ("outsider", 404), ("judge", 404), ("anonymous", 302)],
)
def test_a_communes_own_contest_is_out_of_reach_beside_it(
    client, commune_contest, who, expected, request
):
    if who != "anonymous":
        user = request.getfixturevalue("judges")[0] if who == "judge" else (
            request.getfixturevalue(who))  # fmt: skip
        client.force_login(user)
    for name in ("contest", "entries"):
        response = client.get(reverse(f"contests:{name}", args=[commune_contest.pk]))
        assert response.status_code == expected, name
    # The organiser's viewers read the round (its writes need an editor).
    response = client.get(reverse("contests:round", args=[commune_contest.pk, 1]))
    assert response.status_code == expected


def test_entries_list_the_organisers_all_and_a_units_its_own(client, contest, tree, owner,
                                                             outsider, staff):  # fmt: skip
    submit(contest, owner, tree.commune_a, author="Nguyễn Thị Hoa", title="Bài của An Bình")
    submit(contest, outsider, tree.commune_b, author="Trần Văn Nam", title="Bài của Bình Minh")
    url = reverse("contests:entries", args=[contest.pk])
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "Bài của An Bình" in page and "Bài của Bình Minh" in page
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "Bài của An Bình" in page and "Bài của Bình Minh" not in page
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Bài của An Bình" not in page and "Nguyễn Thị Hoa" not in page


@pytest.fixture
def opened(client, contest, tree, owner, outsider, staff):
    """Three essays, the first round opened by the staff through its page."""
    for n, (user, unit, author) in enumerate([
        (owner, tree.commune_a, "Nguyễn Thị Hoa"), (owner, tree.commune_a, "Trần Văn Nam"),
        (outsider, tree.commune_b, "Lê Thị Mai"),
    ]):  # fmt: skip
        submit(contest, user, unit, author=author, title=f"Bài số {n + 1}")
    entries_closed(contest)
    client.force_login(staff)
    response = client.post(reverse("contests:round_open", args=[contest.pk, 1]), follow=True)
    assert "Đã mở vòng chấm: 3 bài" in response.content.decode()
    client.logout()
    return contest.rounds.get(number=1)


def test_a_judge_sees_codes_and_redacted_texts_only(client, opened, judges):
    judge = judges[0]
    client.force_login(judge)
    pages = [client.get(reverse("contests:index")), client.get(reverse("web:home")),
             client.get(reverse("contests:judge_round", args=[opened.pk]))]  # fmt: skip
    given = Assignment.objects.filter(judge=judge, sealed__round=opened)
    assert given.exists()
    pages += [client.get(reverse("contests:judge_entry", args=[a.pk])) for a in given]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        for secret in ("Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "An Bình", "Bình Minh",
                       "Chi bộ thôn 1", "0912"):  # fmt: skip
            assert secret not in page
    assert given.first().sealed.code in pages[2].content.decode()


def test_a_judge_reaches_only_their_own_assignments(client, opened, judges):
    mine = Assignment.objects.filter(judge=judges[0]).first()
    other = Assignment.objects.exclude(judge=judges[0]).first()
    client.force_login(judges[0])
    assert client.get(reverse("contests:judge_entry", args=[other.pk])).status_code == 404
    assert client.get(reverse("contests:judge_entry", args=[mine.pk])).status_code == 200
    # A unit's staff are not judges: the judge's pages are 404 to them.
    client.force_login(mine.sealed.entry.submitted_by)
    assert client.get(reverse("contests:judge_entry", args=[mine.pk])).status_code == 404
    assert client.get(reverse("contests:judge_round", args=[opened.pk])).status_code == 404


def _sheet(contest, assignment, content, form=None) -> dict:
    content_id, form_id = contest.criteria.values_list("pk", flat=True)
    return {f"c{content_id}": content, f"c{form_id}": form or content, "comment": "Khá"}


def test_scores_are_submitted_and_a_gap_sends_the_entry_to_a_third(client, opened, contest,
                                                                   staff):  # fmt: skip
    sealed = opened.sealed.first()
    first, second = sealed.assignments.all()
    client.force_login(first.judge)
    url = reverse("contests:judge_entry", args=[first.pk])
    assert "Phiếu chấm" in client.get(url).content.decode()
    bad = client.post(url, _sheet(contest, first, "11"))  # above the maximum of 10
    assert bad.status_code == 200 and not Assignment.objects.get(pk=first.pk).submitted_at
    response = client.post(url, _sheet(contest, first, "9"), follow=True)
    assert "Đã nộp điểm" in response.content.decode()
    assert "Phiếu chấm" not in response.content.decode()
    client.force_login(second.judge)
    client.post(reverse("contests:judge_entry", args=[second.pk]), _sheet(contest, second, "2"))
    third = sealed.assignments.get(further=True)
    assert third.judge not in (first.judge, second.judge)
    client.force_login(staff)
    sheet = client.get(reverse("contests:round", args=[contest.pk, 1])).content.decode()
    assert sealed.code in sheet and "vượt mức" in sheet and "chấm thêm" in sheet


def test_the_key_is_the_secretarys_alone(client, opened, contest, staff, secretary):
    url = reverse("contests:round_key", args=[contest.pk, 1])
    client.force_login(staff)
    assert client.post(url).status_code == 403
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    page = client.post(url).content.decode()
    assert "Bài số 1" in page and "An Bình" in page


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "judge"])
def test_round_writes_are_the_organisers(client, contest, who, request):
    user = request.getfixturevalue("judges")[0] if who == "judge" else request.getfixturevalue(who)
    client.force_login(user)
    expected = 404 if who == "judge" else 403
    for name in ("round_open", "round_judges"):
        url = reverse(f"contests:{name}", args=[contest.pk, 1])
        assert client.post(url, {"usernames": "judge1"}).status_code == expected, name
    assert contest.rounds.get(number=1).opened_at is None


def test_judges_are_set_by_login_name(client, contest, staff, judges):
    client.force_login(staff)
    url = reverse("contests:round_judges", args=[contest.pk, 1])
    response = client.post(url, {"usernames": "judge1\nnobody"}, follow=True)
    assert "Không có tài khoản: nobody" in response.content.decode()
    assert contest.rounds.get(number=1).judges.count() == 3  # unchanged
    client.post(url, {"usernames": "judge1 judge2"})
    assert contest.rounds.get(number=1).judges.count() == 2


def test_an_entrys_file_is_for_those_who_see_the_entry(client, contest, tree, owner, outsider,
                                                       staff, judges):  # fmt: skip
    entry = submit(contest, owner, tree.commune_a)
    url = reverse("contests:entry_file", args=[contest.pk, entry.pk])
    for user, expected in ((staff, 200), (owner, 200), (outsider, 404), (judges[0], 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user
        if expected == 200:
            assert b"".join(response.streaming_content).decode() == ESSAY


def test_the_first_round_says_what_the_near_duplicate_check_has_not_seen(
    client, contest, tree, owner, staff
):
    submit(contest, owner, tree.commune_a)
    client.force_login(staff)
    page = client.get(reverse("contests:round", args=[contest.pk, 1])).content.decode()
    assert "1 bài dự thi chưa được kiểm tra trùng lặp." in page
    client.post(reverse("contests:overlaps_check", args=[contest.pk]))
    page = client.get(reverse("contests:round", args=[contest.pk, 1])).content.decode()
    assert 'id="round-overlaps"' not in page
