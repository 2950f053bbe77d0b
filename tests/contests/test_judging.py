"""Judging under sealed codes: a round opened gives every entry a unique random code and its
judges; a judge scores only their own entries and sees no other score before theirs; two
judges too far apart send the entry to a third, and its sheet says why; the key is opened by
the secretary alone, each time audited; the shortlist goes forward, prizes are proposed
within their numbers and, once confirmed, reach the winners' units' figures."""

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.contests.conftest import entries_closed, submit
from tuyengiao.accounts.selectors import audit_history, history_object_get
from tuyengiao.contests.judging import (
    judges_set,
    key_open,
    prizes_propose,
    round_open,
    score_submit,
)
from tuyengiao.contests.models import Assignment, Round, Sealed
from tuyengiao.contests.selectors import round_sheet, round_standings, scores_visible
from tuyengiao.contests.services import KEY_OPENED, results_confirm
from tuyengiao.values.models import DataValue

AUTHORS = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Văn Hùng", "Đỗ Thị Lan"]


@pytest.fixture
def entries(contest, tree, owner, outsider):
    """Five essays: three from commune A, two from commune B; no more entries taken."""
    sent = [
        submit(contest, owner if n < 3 else outsider, tree.commune_a if n < 3 else tree.commune_b,
               author=name, title=f"Bài số {n + 1}")
        for n, name in enumerate(AUTHORS)
    ]  # fmt: skip
    entries_closed(contest)
    return sent


@pytest.fixture
def first_round(contest, entries, staff) -> Round:
    round_ = contest.rounds.get(number=1)
    round_open(user=staff, round=round_)
    return round_


def _score(assignment: Assignment, content, form=None, comment="") -> Assignment:
    """`content` and `form` out of 10 (form as content when not given)."""
    content_id, form_id = assignment.sealed.contest.criteria.values_list("pk", flat=True)
    values = {content_id: content, form_id: content if form is None else form}
    return score_submit(
        user=assignment.judge, assignment=assignment, values=values, comment=comment
    )


def _score_round(round_: Round, by_title: dict[str, float]) -> None:
    for assignment in Assignment.objects.filter(sealed__round=round_, submitted_at=None):
        _score(assignment, Decimal(str(by_title[assignment.sealed.entry.title])))


def test_a_round_opened_gives_unique_codes_and_balanced_judges(first_round, entries, judges):
    sealed = list(first_round.sealed.all())
    assert len(sealed) == len(entries)
    codes = [s.code for s in sealed]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"[A-Z2-9]{6}", c) for c in codes)
    loads = [Assignment.objects.filter(judge=j, sealed__round=first_round).count() for j in judges]
    assert sum(loads) == 2 * len(entries) and max(loads) - min(loads) <= 1
    for item in sealed:
        assert item.assignments.count() == 2


def test_the_key_stays_out_of_the_audit_trail(first_round):
    sealed = ContentType.objects.get_for_model(Sealed)
    assert not LogEntry.objects.filter(content_type=sealed).exists()


def test_only_the_organisers_staff_open_a_round_and_only_once(contest, entries, owner, staff):
    round_ = contest.rounds.get(number=1)
    contest.closes_on = timezone.localdate()
    contest.save()
    with pytest.raises(ValidationError) as refused:
        round_open(user=staff, round=round_)  # entries still come today
    assert refused.value.messages[0].startswith("Cuộc thi còn nhận bài đến ")
    entries_closed(contest)
    with pytest.raises(PermissionDenied):
        round_open(user=owner, round=round_)
    round_open(user=staff, round=round_)
    with pytest.raises(ValidationError):
        round_open(user=staff, round=round_)


def test_judges_are_set_by_the_organisers_staff_until_the_round_opens(
    contest, entries, judges, staff, owner
):
    round_ = contest.rounds.get(number=1)
    with pytest.raises(PermissionDenied):
        judges_set(user=owner, round=round_, judges=judges[:1])
    judges_set(user=staff, round=round_, judges=judges[1:])
    assert set(round_.judges.values_list("user", flat=True)) == {j.pk for j in judges[1:]}
    round_open(user=staff, round=round_)
    assert not Assignment.objects.filter(judge=judges[0]).exists()
    with pytest.raises(ValidationError):
        judges_set(user=staff, round=round_, judges=judges)


def test_a_judge_scores_only_their_entries_and_only_once(first_round, judges):
    mine = Assignment.objects.filter(sealed__round=first_round, judge=judges[0]).first()
    other = next(j for j in judges if j.pk != mine.judge_id and
                 not mine.sealed.assignments.filter(judge=j).exists())  # fmt: skip
    content_id, form_id = mine.sealed.contest.criteria.values_list("pk", flat=True)
    with pytest.raises(PermissionDenied):
        score_submit(user=other, assignment=mine, values={content_id: 8, form_id: 8})
    with pytest.raises(ValidationError) as refused:
        score_submit(user=judges[0], assignment=mine, values={content_id: 11, form_id: 8})
    assert refused.value.messages == ["Điểm tiêu chí “Nội dung” phải từ 0 đến 10."]
    scored = _score(mine, 8, 6, comment="Lập luận chặt chẽ.")
    assert scored.total == Decimal("75.000")  # (8/10·3 + 6/10·1) / 4 · 100
    with pytest.raises(ValidationError):
        _score(mine, 9)


def test_a_judge_sees_no_other_score_before_submitting(first_round):
    sealed = first_round.sealed.first()
    a, b = sealed.assignments.all()
    _score(a, 8)
    assert list(scores_visible(user=b.judge, sealed=sealed)) == [b]
    _score(b, 7)
    assert set(scores_visible(user=b.judge, sealed=sealed)) == {a, b}


def test_judges_too_far_apart_send_the_entry_to_a_third(first_round, judges, staff):
    sealed = first_round.sealed.first()
    a, b = sealed.assignments.all()
    _score(a, 9)
    _score(b, 7)  # 90 and 70: 20 apart, more than the contest's 10
    sealed.refresh_from_db()
    further = sealed.assignments.get(further=True)
    assert further.judge_id not in (a.judge_id, b.judge_id)
    assert sealed.further_reason == (
        "Điểm của các giám khảo chênh nhau 20, vượt mức 10: chấm thêm."
    )
    assert round_standings(round=first_round)[-1].score is None  # waits for the third
    row = next(r for r in round_sheet(user=staff, round=first_round) if r.code == sealed.code)
    assert row.further_reason == sealed.further_reason and row.score is None
    assert [(score, further) for _judge, score, further in row.totals] == [
        (Decimal("90.000"), False), (Decimal("70.000"), False), (None, True)]  # fmt: skip
    _score(further, Decimal("8.8"))
    standing = next(s for s in round_standings(round=first_round) if s.key == sealed.pk)
    assert standing.score == Decimal("82.667")  # the mean of 90, 70 and 88


def test_the_sheet_is_for_the_organisers_staff_only(first_round, owner, entries):
    with pytest.raises(PermissionDenied):
        round_sheet(user=owner, round=first_round)  # a commune's editor


def test_judges_close_enough_need_no_third(first_round):
    sealed = first_round.sealed.first()
    a, b = sealed.assignments.all()
    _score(a, 9)
    _score(b, 8)
    sealed.refresh_from_db()
    assert not sealed.assignments.filter(further=True).exists() and not sealed.further_reason


def test_only_the_secretary_opens_the_key_and_each_opening_is_audited(
    first_round, entries, secretary, staff, leader
):
    for user in (staff, leader):
        with pytest.raises(PermissionDenied):
            key_open(user=user, round=first_round)
    key = key_open(user=secretary, round=first_round)
    assert {entry for _code, entry in key} == set(entries)
    key_open(user=secretary, round=first_round)
    openings = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Round), object_id=first_round.pk,
        action=LogEntry.Action.ACCESS,
    )  # fmt: skip
    assert openings.count() == 2 and {o.actor for o in openings} == {secretary}
    assert KEY_OPENED in openings.first().changes
    round_ = history_object_get(user=staff, label="contests.round", pk=first_round.pk)
    shown = audit_history(round_)[0]
    assert shown.action == "xem" and [c.label for c in shown.changes] == ["Mở phách"]


def test_the_shortlist_goes_forward_and_prizes_stay_within_their_numbers(
    contest, first_round, entries, staff, leader, tree
):
    scores = {"Bài số 1": 9, "Bài số 2": 8.5, "Bài số 3": 6, "Bài số 4": 8, "Bài số 5": 7}
    _score_round(first_round, scores)
    final = contest.rounds.get(number=2)
    round_open(user=staff, round=final)
    forward = {s.entry.title for s in final.sealed.select_related("entry")}
    assert forward == {"Bài số 1", "Bài số 2", "Bài số 4"}  # the shortlist of three
    first_codes = set(first_round.sealed.values_list("code", flat=True))
    assert not first_codes & set(final.sealed.values_list("code", flat=True))  # new codes
    _score_round(final, {"Bài số 1": 8, "Bài số 2": 9, "Bài số 4": 7})
    awarded = prizes_propose(user=staff, contest=contest)
    by_title = {entry.title: entry.prize for entry in contest.entries.all()}
    assert by_title == {"Bài số 1": "B", "Bài số 2": "A", "Bài số 3": "", "Bài số 4": "KK",
                        "Bài số 5": ""}  # fmt: skip
    assert len(awarded) == 3
    results_confirm(user=leader, contest=contest)
    prizes = DataValue.objects.filter(indicator__code="CT_GIAI", period=str(contest.year))
    assert sorted((v.orgunit.code, v.option, v.value) for v in prizes) == [
        ("XA-AB", "A", 1), ("XA-AB", "B", 1), ("XA-BM", "KK", 1)]  # fmt: skip
    with pytest.raises(ValidationError):
        results_confirm(user=leader, contest=contest)  # once only
    with pytest.raises(ValidationError):
        prizes_propose(user=staff, contest=contest)  # nor proposed again


def test_prizes_wait_for_every_score_and_the_leader_confirms(contest, first_round, staff):
    final = contest.rounds.get(number=2)
    with pytest.raises(ValidationError):
        prizes_propose(user=staff, contest=contest)  # the final round is not open
    _score_round(first_round, dict.fromkeys((e.title for e in contest.entries.all()), 8))
    round_open(user=staff, round=final)
    with pytest.raises(ValidationError) as refused:
        prizes_propose(user=staff, contest=contest)
    assert refused.value.messages[0].startswith("Còn ")
    with pytest.raises(PermissionDenied):
        results_confirm(user=staff, contest=contest)  # an editor, not an approver
