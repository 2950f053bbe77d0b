"""The results pages: the prizes by level (proposed ones for the organiser's staff only), the
confirmation by an approver of the organiser, the decision and the certificates as .docx for
the organiser's staff, and the public list, without login, once confirmed.

The province's contest (tests/contests/conftest.py): five essays, three from commune A (owner,
member), two from commune B (outsider), judged until prizes are proposed (A, B, khuyến
khích). Owner, member and outsider see the contest (it comes from above) but are not its
organiser's staff; the judges hold no role at all.
"""

import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from tests.contests.conftest import entries_closed, submit
from tuyengiao.contests.awarding import organiser_style
from tuyengiao.contests.judging import prizes_propose, round_open, score_submit
from tuyengiao.contests.models import Assignment, Contest, PrizeLevel, Round
from tuyengiao.contests.services import results_confirm
from tuyengiao.documents.services import document_register
from tuyengiao.reports.awards_docx import LEVELS, level_name
from tuyengiao.values.models import DataValue

CONTACT = "0987 654 321"
AUTHORS = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Văn Hùng", "Đỗ Thị Lan"]
WINNERS = {"Bài số 2": "A", "Bài số 1": "B", "Bài số 4": "KK"}
LOSERS = ["Bài số 3", "Bài số 5"]


def _score_round(round_: Round, by_title: dict[str, float]) -> None:
    for assignment in Assignment.objects.filter(sealed__round=round_, submitted_at=None):
        value = Decimal(str(by_title[assignment.sealed.entry.title]))
        criteria = assignment.sealed.contest.criteria.values_list("pk", flat=True)
        score_submit(
            user=assignment.judge, assignment=assignment, values=dict.fromkeys(criteria, value)
        )


@pytest.fixture
def entries(contest, tree, owner, outsider):
    sent = [
        submit(contest, owner if n < 3 else outsider, tree.commune_a if n < 3 else tree.commune_b,
               author=name, contact=CONTACT, title=f"Bài số {n + 1}")
        for n, name in enumerate(AUTHORS)
    ]  # fmt: skip
    entries_closed(contest)
    return sent


@pytest.fixture
def proposed(contest, entries, staff) -> Contest:
    """The contest judged through both rounds, its prizes proposed, not yet confirmed."""
    first, final = contest.rounds.order_by("number")
    round_open(user=staff, round=first)
    _score_round(first, {"Bài số 1": 9, "Bài số 2": 8.5, "Bài số 3": 6, "Bài số 4": 8,
                         "Bài số 5": 7})  # fmt: skip
    round_open(user=staff, round=final)
    _score_round(final, {"Bài số 1": 8, "Bài số 2": 9, "Bài số 4": 7})
    prizes_propose(user=staff, contest=contest)
    contest.refresh_from_db()
    assert dict(contest.entries.exclude(prize="").values_list("title", "prize")) == WINNERS
    return contest


@pytest.fixture
def confirmed(proposed, leader) -> Contest:
    results_confirm(user=leader, contest=proposed)
    proposed.refresh_from_db()
    return proposed


def _get(client, user, name: str, contest: Contest):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=[contest.pk]))


def _text(content: bytes) -> str:
    """Every paragraph of a .docx, its tables' included."""
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


# The results page ---------------------------------------------------------------------------


def test_before_any_proposal_the_page_says_not_yet_published(client, contest, entries, staff):
    response = _get(client, staff, "contests:results", contest)
    assert response.status_code == 200
    assert "Kết quả chưa được công bố." in response.text
    assert reverse("contests:decision", args=[contest.pk]) not in response.text
    assert _get(client, staff, "contests:decision", contest).status_code == 404


def test_the_organisers_staff_see_the_proposed_prizes_marked_as_proposed(client, proposed, staff):
    response = _get(client, staff, "contests:results", proposed)
    page = response.text
    assert response.status_code == 200 and "Đề xuất" in page
    for title in WINNERS:
        assert title in page
    assert not any(title in page for title in LOSERS)
    # Level by level, best first, under the names the decision gives them.
    headings = [page.index(f"<h2>{LEVELS[level]}") for level in ("A", "B", "KK")]
    assert headings == sorted(headings)
    assert "Đảng ủy xã Bình Minh" in page  # the submitting unit, for the staff
    assert CONTACT not in page
    assert reverse("contests:decision", args=[proposed.pk]) in page
    assert 'id="confirm-form"' not in page  # an editor does not confirm


def test_only_an_approver_of_the_organiser_is_offered_the_confirmation(client, proposed, leader):
    page = _get(client, leader, "contests:results", proposed).text
    assert 'id="confirm-form"' in page
    assert reverse("contests:confirm", args=[proposed.pk]) in page


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_units_below_see_not_yet_published_until_confirmed(client, proposed, who, request):
    user = request.getfixturevalue(who)
    response = _get(client, user, "contests:results", proposed)
    assert response.status_code == 200 and "Kết quả chưa được công bố." in response.text
    assert not any(title in response.text for title in WINNERS)
    assert 'id="confirm-form"' not in response.text
    results_confirm(user=request.getfixturevalue("leader"), contest=proposed)
    response = _get(client, user, "contests:results", proposed)
    assert all(title in response.text for title in WINNERS) and "Đã công bố" in response.text
    assert CONTACT not in response.text


def test_a_contest_beside_the_user_and_a_judge_without_role_get_404(
    client, commune_contest, outsider, proposed, judges
):
    assert _get(client, outsider, "contests:results", commune_contest).status_code == 404
    client.logout()
    for name in ("contests:results", "contests:decision", "contests:certificates"):
        assert _get(client, judges[0], name, proposed).status_code == 404
    assert client.post(reverse("contests:confirm", args=[proposed.pk])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, proposed):
    for name in ("contests:results", "contests:decision", "contests:certificates"):
        response = _get(client, None, name, proposed)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("contests:confirm", args=[proposed.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert Contest.objects.get(pk=proposed.pk).confirmed_at is None


# Confirming ---------------------------------------------------------------------------------


def test_the_leader_confirms_once_and_the_figures_follow(client, proposed, leader, tree):
    client.force_login(leader)
    url = reverse("contests:confirm", args=[proposed.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("contests:results", args=[proposed.pk])
    assert "Đã công bố kết quả" in response.text
    proposed.refresh_from_db()
    assert proposed.confirmed_at is not None and proposed.confirmed_by == leader
    prizes = DataValue.objects.filter(indicator__code="CT_GIAI", orgunit=tree.commune_a)
    assert sorted(prizes.values_list("option", flat=True)) == ["A", "B"]
    again = client.post(url, follow=True)
    assert again.status_code == 200 and "Kết quả đã được công bố." in again.text


def test_nothing_proposed_is_refused_with_its_reason(client, contest, entries, leader):
    client.force_login(leader)
    response = client.post(reverse("contests:confirm", args=[contest.pk]), follow=True)
    assert "Chưa có giải nào được đề xuất." in response.text
    assert Contest.objects.get(pk=contest.pk).confirmed_at is None


@pytest.mark.parametrize("who", ["staff", "owner", "member", "outsider"])
def test_anyone_but_an_approver_of_the_organiser_is_refused(client, proposed, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("contests:confirm", args=[proposed.pk]))
    assert response.status_code == 403
    assert Contest.objects.get(pk=proposed.pk).confirmed_at is None


def test_the_confirmation_takes_a_post(client, proposed, leader):
    client.force_login(leader)
    assert client.get(reverse("contests:confirm", args=[proposed.pk])).status_code == 405


# The decision and the certificates --------------------------------------------------------


def test_the_draft_decision_holds_the_winners_in_the_partys_format(client, proposed, staff):
    response = _get(client, staff, "contests:decision", proposed)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "quyet-dinh-tang-giai-cuoc-thi" in disposition
    assert disposition.endswith('-du-thao.docx"') and disposition.isascii()
    text = _text(response.content)
    assert all(title in text for title in WINNERS) and not any(t in text for t in LOSERS)
    assert "DỰ THẢO" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text  # Tỉnh ủy: the Party's
    assert "Giải khuyến khích" in text and CONTACT not in text


def test_one_certificate_per_prize_once_confirmed(client, confirmed, staff):
    response = _get(client, staff, "contests:certificates", confirmed)
    assert response.status_code == 200
    assert "giay-chung-nhan-" in response["Content-Disposition"]
    assert "du-thao" not in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert len(document.sections) == len(WINNERS)
    text = _text(response.content)
    for title, level in WINNERS.items():
        assert f"“{title}”" in text and f"Đạt giải {level_name(level)}" in text
    assert text.count("GIẤY CHỨNG NHẬN") == len(WINNERS)
    decision = _text(_get(client, staff, "contests:decision", confirmed).content)
    assert "DỰ THẢO" not in decision


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_the_documents_are_the_organisers_staffs(client, confirmed, who, request):
    user = request.getfixturevalue(who)
    for name in ("contests:decision", "contests:certificates"):
        assert _get(client, user, name, confirmed).status_code == 403


def test_a_state_plan_gives_the_states_format(client, proposed, staff, tree):
    plan = document_register(
        user=staff, orgunit=tree.province, system="state", symbol="15/KH-UBND", number="15",
        type_code="KH", type_name="Kế hoạch", issuer_code="UBND",
        issuer_name="Ủy ban nhân dân tỉnh Thử", title="Tổ chức cuộc thi chính luận",
    )  # fmt: skip
    assert organiser_style(proposed) == "party"
    proposed.document = plan
    proposed.save(update_fields=["document"])
    assert organiser_style(proposed) == "state"
    text = _text(_get(client, staff, "contests:decision", proposed).content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "15/KH-UBND" in text


# The public list ------------------------------------------------------------------------------


def test_the_public_list_is_404_until_confirmed(client, proposed):
    url = reverse("contests_public:results", args=[proposed.pk])
    assert client.get(url).status_code == 404
    missing = reverse("contests_public:results", args=[proposed.pk + 99])
    assert client.get(missing).status_code == 404


def test_the_public_list_shows_the_winners_without_contacts_or_navigation(client, confirmed):
    response = client.get(reverse("contests_public:results", args=[confirmed.pk]))
    page = response.text
    assert response.status_code == 200
    assert 'name="viewport"' in page and 'id="site-nav"' not in page
    for title in WINNERS:
        assert title in page
    for name in ("Trần Văn Nam", "Nguyễn Thị Hoa", "Phạm Văn Hùng"):
        assert name in page
    assert "Chi bộ thôn 1" in page and "Chính luận" in page  # their unit, the category
    assert CONTACT not in page and not any(title in page for title in LOSERS)
    assert "Lê Thị Mai" not in page  # an author who won nothing
    assert "Đảng ủy xã Bình Minh" not in page  # the submitting unit is not published
    assert client.post(reverse("contests_public:results", args=[confirmed.pk])).status_code == 405


def test_prize_levels_have_one_name(proposed):
    assert {level.value: str(level.label) for level in PrizeLevel} == LEVELS
    rows = {e.prize: e.get_prize_display() for e in proposed.entries.exclude(prize="")}
    assert rows == {"A": "Giải A", "B": "Giải B", "KK": "Giải khuyến khích"}
    assert [level_name(code) for code in LEVELS] == ["A", "B", "C", "khuyến khích"]
