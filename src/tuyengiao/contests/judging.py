"""Writes of judging under sealed codes (rọc phách): a round opened (codes and judges given
out), a judge's score, a further judge when two differ too much, the key opened by the
secretary, the prizes proposed from the last round.

A code is drawn with `secrets` from letters and digits that cannot be misread, unique in the
whole contest; judges are given entries so that each has about as many, at random.
"""

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.audit import audit_bulk
from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.contests import ranking
from tuyengiao.contests.models import (
    Assignment,
    Contest,
    Criterion,
    Entry,
    Judge,
    PrizeLevel,
    Round,
    Score,
    Sealed,
)
from tuyengiao.contests.selectors import round_standings
from tuyengiao.contests.services import KEY_OPENED
from tuyengiao.ui.formats import format_date, format_number

# No 0/O, 1/I/L: a code is read aloud and copied by hand onto the sheets.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_random = secrets.SystemRandom()


def _organiser_staff(user, contest: Contest) -> None:
    require_role(
        user, contest.orgunit, role=Role.EDITOR,
        message=_("Chỉ cán bộ của đơn vị tổ chức mới làm được việc này."),
    )  # fmt: skip


def judges_set(*, user, round: Round, judges: Iterable) -> None:
    """The round's judges become `judges` (any accounts: invited experts hold no role),
    until the round opens; one at a time, so that the audit trail keeps each change."""
    _organiser_staff(user, round.contest)
    if round.opened_at is not None:
        raise ValidationError(_("Vòng chấm đã mở: không đổi được giám khảo."))
    wanted = {judge.pk: judge for judge in judges}
    with transaction.atomic():
        for judge in round.judges.exclude(user_id__in=wanted):
            judge.delete()
        held = set(round.judges.values_list("user_id", flat=True))
        for pk, judge in wanted.items():
            if pk not in held:
                Judge.objects.create(round=round, user=judge)


def round_open(*, user, round: Round) -> list[Sealed]:
    """Open a round: every entry in it (all entries for the first round, the previous
    round's shortlist after) gets a new code, and `judges_per_entry` of the round's judges."""
    contest = round.contest
    _organiser_staff(user, contest)
    judges = list(round.judges.values_list("user_id", flat=True))
    if len(judges) < round.judges_per_entry:
        raise ValidationError(
            _("Vòng chấm cần ít nhất %(n)s giám khảo.") % {"n": round.judges_per_entry}
        )
    # Judging begins once entries stop coming: one sent later would never be judged.
    first = not contest.rounds.filter(number__lt=round.number).exists()
    if first and timezone.localdate() <= contest.closes_on:
        raise ValidationError(
            _("Cuộc thi còn nhận bài đến %(day)s: chưa mở được vòng chấm đầu.")
            % {"day": format_date(contest.closes_on)}
        )
    with transaction.atomic():
        # Locks the contest: a round opened twice at once, or two rounds drawing the same
        # code, would otherwise pass the checks together.
        Contest.objects.select_for_update().filter(pk=contest.pk).first()
        if Round.objects.filter(pk=round.pk, opened_at__isnull=False).exists():
            raise ValidationError(_("Vòng chấm đã mở."))
        entries = _round_entries(round)
        if not entries:
            raise ValidationError(_("Chưa có bài nào vào vòng này."))
        taken = set(Sealed.objects.filter(contest=contest).values_list("code", flat=True))
        _random.shuffle(entries)
        sealed = []
        for entry in entries:
            code = _code_draw(taken)
            sealed.append(
                Sealed.objects.create(round=round, entry=entry, contest=contest, code=code)
            )
        load: Counter[int] = Counter({judge: 0 for judge in judges})
        for item in sealed:
            for judge in _least_loaded(load, round.judges_per_entry, exclude=set()):
                Assignment.objects.create(sealed=item, judge_id=judge)
        round.opened_at = timezone.now()
        round.save(update_fields=["opened_at"])
    return sealed


def _round_entries(round: Round) -> list[Entry]:
    previous = Round.objects.filter(contest=round.contest, number__lt=round.number).last()
    if previous is None:
        return list(round.contest.entries.all())
    if previous.opened_at is None:
        raise ValidationError(_("Vòng trước chưa mở."))
    ranked = round_standings(round=previous)
    if any(standing.score is None for standing in ranked):
        raise ValidationError(_("Vòng trước còn bài chưa chấm xong."))
    keys = [standing.key for standing in ranking.shortlist(ranked, previous.shortlist)]
    return list(Entry.objects.filter(sealed__pk__in=keys))


def _code_draw(taken: set[str]) -> str:
    while True:
        code = "".join(_random.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _least_loaded(load: Counter[int], count: int, *, exclude: set[int]) -> list[int]:
    """`count` judges with the fewest entries so far (ties at random); their loads grow."""
    free = [judge for judge in load if judge not in exclude]
    _random.shuffle(free)
    chosen = sorted(free, key=lambda judge: load[judge])[:count]
    for judge in chosen:
        load[judge] += 1
    return chosen


def score_submit(
    *, user, assignment: Assignment, values: Mapping[int, object], comment: str = ""
) -> Assignment:
    """A judge's scores of an entry, one per criterion (by the criterion's id), and a short
    comment. Once submitted they are final. When the entry's judges then differ by more than
    the contest's gap, it goes to a further judge and its sheet says why."""
    if assignment.judge_id != user.pk:
        raise PermissionDenied(_("Bài này không được phân công cho bạn."))
    round = assignment.sealed.round
    contest = round.contest
    today = timezone.localdate()
    if round.opened_at is None or not round.opens_on <= today <= round.closes_on:
        raise ValidationError(_("Vòng chấm không mở để chấm điểm."))
    criteria = list(contest.criteria.all())
    scores = _scores_clean(criteria, values)
    assignment.total = ranking.weighted_total(
        scores,
        weights={c.pk: c.weight for c in criteria},
        maxima={c.pk: c.max_score for c in criteria},
    )
    assignment.comment = comment.strip()[:2000]
    with transaction.atomic():
        # The sealed entry locked: two judges submitting at once see each other's score, and
        # a sheet sent twice at once is saved once.
        sealed = Sealed.objects.select_for_update().get(pk=assignment.sealed_id)
        if Assignment.objects.filter(pk=assignment.pk, submitted_at__isnull=False).exists():
            raise ValidationError(_("Bạn đã nộp điểm bài này."))
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["total", "comment", "submitted_at"])
        for criterion in criteria:
            Score.objects.create(
                assignment=assignment, criterion=criterion, value=scores[criterion.pk]
            )
        _further_if_apart(sealed, contest)
    return assignment


def _scores_clean(criteria: list[Criterion], values: Mapping[int, object]) -> dict[int, Decimal]:
    errors: dict[str, list[str]] = {}
    scores = {}
    for criterion in criteria:
        try:
            value = Decimal(str(values[criterion.pk]).replace(",", "."))
        except (KeyError, InvalidOperation):
            errors[str(criterion.pk)] = [_("Cần điểm tiêu chí “%(name)s”.") % {"name": criterion}]
            continue
        if not Decimal(0) <= value <= criterion.max_score:
            errors[str(criterion.pk)] = [
                _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion, "max": format_number(criterion.max_score)}
            ]
        scores[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    return scores


def _further_if_apart(sealed: Sealed, contest: Contest) -> None:
    assignments = list(sealed.assignments.all())
    first = [a for a in assignments if not a.further]
    if any(a.further for a in assignments) or any(a.submitted_at is None for a in first):
        return
    gap = ranking.gap_of([a.total for a in first if a.total is not None])
    if gap <= contest.gap:
        return
    judges = sealed.round.judges.values_list("user_id", flat=True)
    load = Counter({judge: 0 for judge in judges})
    load.update(
        Assignment.objects.filter(sealed__round=sealed.round).values_list("judge_id", flat=True)
    )
    chosen = _least_loaded(load, 1, exclude={a.judge_id for a in assignments})
    words = {"gap": format_number(gap), "limit": format_number(contest.gap)}
    if chosen:
        Assignment.objects.create(sealed=sealed, judge_id=chosen[0], further=True)
        reason = _("Điểm của các giám khảo chênh nhau %(gap)s, vượt mức %(limit)s: chấm thêm.")
    else:
        reason = _("Điểm của các giám khảo chênh nhau %(gap)s, vượt mức %(limit)s, nhưng vòng "
                   "chấm không còn giám khảo khác: cần thêm giám khảo.")  # fmt: skip
    sealed.further_reason = (reason % words)[:300]
    sealed.save(update_fields=["further_reason"])


def key_open(*, user, round: Round) -> list[tuple[str, Entry]]:
    """The round's key, (code, entry) by code, for the contest's secretary only; each
    opening is written in the round's history."""
    contest = round.contest
    if contest.secretary_id is None or contest.secretary_id != user.pk:
        raise PermissionDenied(_("Chỉ thư ký cuộc thi mới được mở phách."))
    key = [
        (sealed.code, sealed.entry)
        for sealed in round.sealed.select_related("entry", "entry__orgunit").order_by("code")
    ]
    change = {KEY_OPENED: ("", _("%(n)s phách") % {"n": len(key)})}
    audit_bulk(Round, [(round, LogEntry.Action.ACCESS, change)], actor=user)
    return key


def prizes_propose(*, user, contest: Contest) -> dict[int, str]:
    """Propose prizes from the last round's ranking, within the contest's numbers by level
    (A, B, C, khuyến khích in that order); the organiser confirms them afterwards. Returns
    {entry id: level}."""
    _organiser_staff(user, contest)
    if contest.confirmed_at is not None:
        raise ValidationError(_("Kết quả đã được công bố."))
    last = contest.rounds.order_by("number").last()
    if last is None or last.opened_at is None:
        raise ValidationError(_("Vòng chấm cuối chưa mở."))
    ranked = round_standings(round=last)
    unscored = sum(standing.score is None for standing in ranked)
    if unscored:
        raise ValidationError(_("Còn %(n)s bài chưa chấm xong.") % {"n": unscored})
    numbers = dict(contest.prizes.values_list("level", "count"))
    order = [(level.value, numbers.get(level.value, 0)) for level in PrizeLevel]
    by_sealed = ranking.prizes_share(ranked, order)
    entry_of = dict(Sealed.objects.filter(pk__in=by_sealed).values_list("pk", "entry_id"))
    awarded = {entry_of[key]: level for key, level in by_sealed.items()}
    with transaction.atomic():
        # One at a time, so that the audit trail keeps each proposal.
        for entry in contest.entries.all():
            level = awarded.get(entry.pk, "")
            if entry.prize != level:
                entry.prize = level
                entry.save(update_fields=["prize"])
    return awarded
