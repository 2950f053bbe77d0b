"""A new contest from its page: an editor of the organiser fills the rules, categories,
criteria, rounds and prizes; what is wrong is said by its field and nothing is saved; a
viewer, a judge and a visitor cannot create one."""

import pytest
from django.urls import reverse

from tuyengiao.contests.models import Contest
from tuyengiao.documents.models import Document


def _rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{name}": value for name, value in row.items()}
    return data


def _post(unit, **changes) -> dict:
    data = {
        "title": "Cuộc thi tìm hiểu lịch sử Đảng bộ xã", "orgunit": unit.pk, "year": 2026,
        "opens_on": "01/03/2026", "closes_on": "30/04/2026", "max_words": 3000,
        "one_per_author": "on", "gap": "10", "further_rule": "mean_all",
        "tie_rule": "criteria", "prize_A": 1, "prize_B": 2, "prize_C": 3, "prize_KK": 0,
        **_rows("cat", [{"name": "Chính luận", "kind": "CHINH_LUAN"}, {"name": "", "kind": ""}]),
        **_rows("cri", [{"name": "Nội dung", "weight": "3", "max_score": "10"},
                        {"name": "", "weight": "", "max_score": "10"}]),
        **_rows("round", [
            {"stage": "so_khao", "opens_on": "02/05/2026", "closes_on": "15/05/2026",
             "shortlist": 10, "judges_per_entry": 2},
            {"stage": "chung_khao", "opens_on": "16/05/2026", "closes_on": "30/05/2026",
             "shortlist": "", "judges_per_entry": 3},
        ]),
    }  # fmt: skip
    return data | changes


def test_an_editor_creates_a_contest_with_its_rows(client, tree, owner):
    client.force_login(owner)
    page = client.get(reverse("contests:new")).content.decode()
    assert "Nội dung, tư tưởng" in page  # the usual criteria offered
    response = client.post(
        reverse("contests:new"), _post(tree.commune_a, secretary_username="owner")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contest = Contest.objects.get()
    assert contest.orgunit == tree.commune_a and contest.secretary == owner
    assert list(contest.categories.values_list("name", flat=True)) == ["Chính luận"]
    assert contest.criteria.count() == 1
    assert list(contest.rounds.values_list("number", "stage", "judges_per_entry")) == [
        (1, "so_khao", 2), (2, "chung_khao", 3)]  # fmt: skip
    assert dict(contest.prizes.values_list("level", "count")) == {"A": 1, "B": 2, "C": 3}


def test_wrong_fields_are_said_and_nothing_saved(client, tree, owner):
    client.force_login(owner)
    data = _post(tree.commune_a, closes_on="01/02/2026", document_symbol="99-KH/XYZ",
                 secretary_username="nobody")  # fmt: skip
    data |= _rows("cat", [{"name": "", "kind": ""}])
    page = client.post(reverse("contests:new"), data).content.decode()
    assert "Không tìm thấy văn bản 99-KH/XYZ" in page
    assert "Không có tài khoản: nobody" in page
    assert "Cuộc thi cần ít nhất một thể loại." in page
    assert "Cuộc thi tìm hiểu lịch sử Đảng bộ xã" in page  # what was typed is kept
    data = _post(tree.commune_a, closes_on="01/02/2026")
    page = client.post(reverse("contests:new"), data).content.decode()
    assert "Ngày hết hạn nhận bài phải sau ngày bắt đầu." in page
    assert not Contest.objects.exists()


def test_a_unit_beside_cannot_be_the_organiser(client, tree, owner):
    client.force_login(owner)
    response = client.post(reverse("contests:new"), _post(tree.commune_b))
    assert response.status_code == 200 and not Contest.objects.exists()


@pytest.mark.parametrize(("who", "expected"), [("member", 403), ("anonymous", 302)])
def test_who_cannot_create(client, tree, who, expected, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("contests:new")).status_code == expected
    assert client.post(reverse("contests:new"), _post(tree.commune_a)).status_code == expected
    assert not Contest.objects.exists()


def test_a_judge_without_a_role_cannot_create(client, judges, tree):
    client.force_login(judges[0])
    assert client.get(reverse("contests:new")).status_code == 403


def test_the_launching_document_is_found_by_its_symbol_in_scope(client, tree, owner, outsider):
    def plan(unit, user):
        return Document.objects.create(
            system="party", number="15", symbol="15-KH/ĐU", type_code="KH", orgunit=unit,
            registered_by=user, title="Kế hoạch tổ chức cuộc thi",
        )  # fmt: skip

    plan(tree.commune_b, outsider)  # out of the owner's scope: not theirs to link
    client.force_login(owner)
    data = _post(tree.commune_a, document_symbol="15 - kh/đu")
    page = client.post(reverse("contests:new"), data).content.decode()
    assert "Không tìm thấy văn bản 15-KH/ĐU" in page
    mine = plan(tree.commune_a, owner)
    client.post(reverse("contests:new"), _post(tree.commune_a, document_symbol="15 - kh/đu"))
    assert Contest.objects.get().document == mine
