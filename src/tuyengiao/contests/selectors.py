"""Reads of contests: which contests and entries a user sees, what a judge sees of an entry,
a round's standings and a contest's results.

A contest comes down the tree: the organiser's staff and every unit under it see it, a unit
beside it does not. Its entries are the organiser's staff's to see. A judge sees the entries
given to them by code only, their text with the authors' names, their units and the
submitting unit's name hidden (the text toolkit's redaction, and the names the entry
itself carries), and never the file, whose properties may name its author. A judge's reach
is their assignments, not the tree: judges are often invited experts who hold no role.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, scope_filter
from tuyengiao.contests import ranking
from tuyengiao.contests.models import (
    Assignment,
    Contest,
    Entry,
    PrizeLevel,
    Round,
    Score,
    Sealed,
)
from tuyengiao.textkit.redact import redact

AUTHOR_LABEL = "[tác giả]"
UNIT_LABEL = "[đơn vị]"
# The words a unit's name begins with before its own name: "Đảng ủy xã An Bình" is also
# written "xã An Bình" and "An Bình", and a judge must read none of them.
_UNIT_WORDS = re.compile(
    r"^(?:(?:đảng|chi|ban|ủy|uỷ|bộ|thường|vụ|cơ|quan|sở|hội|đoàn|trường|báo|đài|khối)\s+)+",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(r"^(?:xã|phường|thị trấn|đặc khu|thôn|bản|ấp|tổ|khu|tỉnh|huyện)\s+", re.I)


def contests_visible(user) -> QuerySet[Contest]:
    """Contests of the units in the user's scope and of the units above them, and those
    the user is the secretary of (who may be named from outside the organiser)."""
    scoped = scope_filter(
        Contest.objects.all(), user, path_field="orgunit__path", with_ancestors=True
    )
    if getattr(user, "is_authenticated", False):
        scoped = Contest.objects.filter(Q(pk__in=scoped.values("pk")) | Q(secretary=user))
    return scoped.select_related("orgunit", "document")


def contest_get_visible_or_404(*, user, pk) -> Contest:
    try:
        return contests_visible(user).get(pk=pk)
    except (Contest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_organiser_staff(user, contest: Contest) -> bool:
    """Whether `user` holds a role on the organiser itself (not only on a unit under it)."""
    return has_role_on(user, contest.orgunit, role=Role.VIEWER)


def entries_for_staff(*, user, contest: Contest) -> QuerySet[Entry]:
    """Every entry of the contest, for the organiser's staff; PermissionDenied for others."""
    if not is_organiser_staff(user, contest):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s mới xem được các bài dự thi.") % {"unit": contest.orgunit}
        )
    return (
        contest.entries.select_related("category", "orgunit")
        .prefetch_related("authors")
        .order_by("submitted_at", "id")
    )


def results_public(*, contest: Contest) -> list[Entry]:
    """The prizes once the organiser confirmed them, best level first; none before."""
    if contest.confirmed_at is None:
        return []
    return prizes_of(contest=contest)


def prizes_of(*, contest: Contest) -> list[Entry]:
    """The entries given a prize, proposed or confirmed, best level first, then by category;
    for the organiser's staff before the confirmation (`results_public` for anyone else)."""
    order = {level: rank for rank, level in enumerate(PrizeLevel.values)}
    winners = (
        contest.entries.exclude(prize="")
        .select_related("category", "orgunit")
        .prefetch_related("authors")
    )
    return sorted(
        winners, key=lambda entry: (order[entry.prize], entry.category.sort_order, entry.pk)
    )


@dataclass(frozen=True)
class JudgeEntry:
    """What a judge sees of an entry: its code, category and the redacted title and text;
    their own scores once submitted, and the others' only after that."""

    assignment: Assignment
    code: str
    category: str
    title: str
    text: str
    link: str


def judge_assignments(*, user, round: Round) -> QuerySet[Assignment]:
    """The entries given to `user` in the round, by code."""
    return (
        Assignment.objects.filter(judge=user, sealed__round=round)
        .select_related("sealed")
        .order_by("sealed__code")
    )


def judge_entry(*, user, assignment_id: int) -> JudgeEntry:
    """One entry given to `user`, as a judge sees it; 404 for any other."""
    assignment = (
        Assignment.objects.filter(judge=user, pk=assignment_id)
        .select_related("sealed__entry__category", "sealed__entry__orgunit")
        .first()
    )
    if assignment is None:
        raise Http404
    entry = assignment.sealed.entry
    names = _known_names(entry)
    return JudgeEntry(
        assignment=assignment,
        code=assignment.sealed.code,
        category=entry.category.name,
        title=sealed_text(entry.title, names),
        text=sealed_text(entry.text, names),
        # A recording's address may name its author or outlet: the judge reads it only
        # when the category is judged by its recording, and the secretary checks it.
        link=entry.link,
    )


def _known_names(entry: Entry) -> list[tuple[str, str]]:
    """(name, label) of what names the entry's authors and unit, longest first."""
    names: list[tuple[str, str]] = []
    for author in entry.authors.all():
        names.append((author.name, AUTHOR_LABEL))
        if author.unit:
            names += [(variant, UNIT_LABEL) for variant in _unit_variants(author.unit)]
    names += [(variant, UNIT_LABEL) for variant in _unit_variants(entry.orgunit.name)]
    if entry.outlet:
        names.append((entry.outlet, UNIT_LABEL))
    return sorted({n for n in names if len(n[0]) >= 3}, key=lambda n: -len(n[0]))


def _unit_variants(name: str) -> list[str]:
    """A unit's name as texts write it: whole, without its kind ("xã An Bình"), and its own
    name alone when it has two words or more ("An Bình")."""
    name = " ".join(name.split())
    variants = [name]
    bare = _UNIT_WORDS.sub("", name)
    if bare != name:
        variants.append(bare)
    own = _PLACE_WORDS.sub("", bare)
    if own != bare and len(own.split()) >= 2:
        variants.append(own)
    return variants


def sealed_text(text: str, names: list[tuple[str, str]]) -> str:
    """`text` with the known names replaced (any case, any spacing) and then whatever the
    text toolkit's redaction finds of people's names, contacts and addresses."""
    for name, label in names:
        words = [re.escape(word) for word in name.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(label, text)
    return redact(text)


def scores_visible(*, user, sealed: Sealed) -> QuerySet[Assignment]:
    """The scores of an entry a judge may read: their own, and the other judges' only once
    they submitted theirs. The organiser's staff read them all after the round."""
    own = sealed.assignments.filter(judge=user)
    if own.filter(submitted_at__isnull=False).exists():
        return sealed.assignments.filter(submitted_at__isnull=False)
    return own


def round_standings(*, round: Round) -> list[ranking.Standing]:
    """The round's standings by the contest's rules, best first (`Standing.key`: the sealed
    entry's id). An entry is scored once each judge assigned to it has submitted."""
    contest = round.contest
    criteria = sorted(contest.criteria.all(), key=lambda c: (-c.weight, c.sort_order, c.pk))
    sealed = list(round.sealed.select_related("entry"))
    assignments: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(sealed__round=round):
        assignments[assignment.sealed_id].append(assignment)
    by_criterion: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    scores = Score.objects.filter(
        assignment__sealed__round=round, assignment__submitted_at__isnull=False
    ).values_list("assignment__sealed_id", "criterion_id", "value")
    for sealed_id, criterion_id, value in scores:
        by_criterion[sealed_id, criterion_id].append(value)
    standings = []
    for item in sealed:
        given = assignments[item.pk]
        done = bool(given) and all(a.submitted_at is not None for a in given)
        totals = [a.total for a in given if a.total is not None]
        standings.append(
            ranking.Standing(
                key=item.pk,
                score=ranking.round_score(totals, rule=contest.further_rule) if done else None,
                criteria=tuple(_mean(by_criterion[item.pk, c.pk]) for c in criteria),
                submitted_at=item.entry.submitted_at,
            )
        )
    return ranking.rank(standings, tie_rule=contest.tie_rule)


@dataclass(frozen=True)
class SheetRow:
    """A line of a round's sheet (bảng tổng hợp điểm): an entry by its code only, each
    judge's score, the round's score and rank, and why it went to a further judge."""

    code: str
    category: str
    totals: list[tuple[str, Decimal | None, bool]]  # (judge, score or None, further)
    score: Decimal | None
    rank: int | None
    further_reason: str


def round_sheet(*, user, round: Round) -> list[SheetRow]:
    """The round's sheet, best first, for the organiser's staff: codes, never entries (the
    key is the secretary's)."""
    if not is_organiser_staff(user, round.contest):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị tổ chức mới xem được bảng điểm."))
    sealed = {s.pk: s for s in round.sealed.select_related("entry__category")}
    given: dict[int, list[tuple[str, Decimal | None, bool]]] = defaultdict(list)
    assignments = Assignment.objects.filter(sealed__round=round).select_related("judge")
    for a in assignments.order_by("further", "id"):
        given[a.sealed_id].append((a.judge.get_full_name() or a.judge.get_username(),
                                   a.total if a.submitted_at else None, a.further))  # fmt: skip
    return [
        SheetRow(
            code=sealed[standing.key].code,
            category=sealed[standing.key].entry.category.name,
            totals=given[standing.key],
            score=standing.score,
            rank=standing.rank,
            further_reason=sealed[standing.key].further_reason,
        )
        for standing in round_standings(round=round)
    ]


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values) if values else Decimal(0)


def entries_visible(*, user, contest: Contest) -> QuerySet[Entry]:
    """The entries a user sees of a contest: all of them for the organiser's staff, those
    their own units sent for anyone else (a commune follows what it forwarded)."""
    entries = (
        contest.entries.select_related("category", "orgunit")
        .prefetch_related("authors")
        .order_by("submitted_at", "id")
    )
    if is_organiser_staff(user, contest):
        return entries
    return scope_filter(entries, user, path_field="orgunit__path")


def contest_phase(contest: Contest, *, today) -> str:
    """Where a contest stands, in words: taking entries, judging or its results published."""
    if contest.confirmed_at is not None:
        return _("Đã công bố kết quả")
    if today < contest.opens_on:
        return _("Sắp nhận bài")
    if today <= contest.closes_on:
        return _("Đang nhận bài")
    return _("Đang chấm")


@dataclass(frozen=True)
class JudgeRound:
    """A round a user judges, with how many entries they were given and have scored."""

    round: Round
    given: int
    scored: int


def judge_rounds(*, user) -> list[JudgeRound]:
    """The rounds `user` judges, newest contest first; their reach is their assignments,
    whatever their roles."""
    rounds = Round.objects.filter(judges__user=user).select_related("contest")
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    given = Assignment.objects.filter(judge=user).values_list("sealed__round_id", "submitted_at")
    for round_id, submitted_at in given:
        counts[round_id][0] += 1
        counts[round_id][1] += submitted_at is not None
    rows = [JudgeRound(r, *counts[r.pk]) for r in rounds]
    return sorted(rows, key=lambda row: (-row.round.contest.year, -row.round.contest_id,
                                         row.round.number))  # fmt: skip


def judge_round_get_or_404(*, user, round_id) -> Round:
    """A round `user` judges; 404 for any other."""
    found = Round.objects.filter(judges__user=user, pk=round_id).select_related("contest")
    try:
        return found.get()
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
