"""Judging pages: a round as the organiser's staff run it (judges, opening, the sheet by
code, the prizes proposed), its key as the secretary opens it, and a judge's own pages,
which show codes and redacted texts only. Writes go through contests.judging, which checks
the roles again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.contests import judging, selectors
from tuyengiao.contests.forms import JudgesForm, ScoreForm
from tuyengiao.contests.models import Contest, Round
from tuyengiao.contests.overlap_selectors import (
    entries_unchecked,
    overlap_check_latest,
    overlaps_flags,
)


def _round_for_staff(request: HttpRequest, pk: int, number: int) -> tuple[Contest, Round]:
    """The contest (in scope, else 404) and its round, for its organiser's staff or its
    secretary (403 for others: they see that the contest exists, not its judging)."""
    contest = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    found = contest.rounds.filter(number=number).first()
    if found is None:
        raise Http404
    if not (selectors.is_organiser_staff(request.user, contest)
            or contest.secretary_id == request.user.pk):  # fmt: skip
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị tổ chức mới xem được vòng chấm."))
    return contest, found


def _round_url(round: Round) -> str:
    return reverse("contests:round", args=[round.contest_id, round.number])


@login_required
@require_GET
def round_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    contest, found = _round_for_staff(request, pk, number)
    staff = selectors.is_organiser_staff(request.user, contest)
    judges = [judge.user for judge in found.judges.select_related("user")]
    context = {
        "contest": contest,
        "round": found,
        "staff": staff,
        "is_secretary": contest.secretary_id == request.user.pk,
        "judges": judges,
        "judges_form": JudgesForm(
            initial={"usernames": "\n".join(j.get_username() for j in judges)}
        ),
        "sheet": selectors.round_sheet(user=request.user, round=found) if staff else [],
        "last": found.number == max(contest.rounds.values_list("number", flat=True)),
    }
    if staff and found.number == 1 and found.opened_at is None:
        # Before the codes are drawn: copies are looked for first (issue 21).
        check = overlap_check_latest(contest=contest)
        context["unchecked"] = entries_unchecked(contest=contest, check=check)
        context["flagged"] = len(overlaps_flags(contest=contest))
    return render(request, "contests/round.html", context)


@login_required
@require_POST
def round_judges(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _contest, found = _round_for_staff(request, pk, number)
    form = JudgesForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("usernames", []):
            messages.error(request, str(error))
        return redirect(_round_url(found))
    try:
        judging.judges_set(user=request.user, round=found, judges=form.cleaned_data["usernames"])
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Đã lưu danh sách giám khảo."))
    return redirect(_round_url(found))


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Codes drawn and entries given to the judges: from now on the judges score."""
    _contest, found = _round_for_staff(request, pk, number)
    try:
        sealed = judging.round_open(user=request.user, round=found)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request, _("Đã mở vòng chấm: %(n)s bài đã được rọc phách và giao cho giám khảo.")
            % {"n": len(sealed)},
        )  # fmt: skip
    return redirect(_round_url(found))


@login_required
@require_POST
@never_cache
def round_key(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The key, for the secretary only: a POST, so that each opening is a deliberate act
    the round's history records, and a page no cache keeps."""
    contest, found = _round_for_staff(request, pk, number)
    key = judging.key_open(user=request.user, round=found)
    return render(request, "contests/round_key.html",
                  {"contest": contest, "round": found, "key": key})  # fmt: skip


@login_required
@require_POST
def prizes_propose(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    try:
        awarded = judging.prizes_propose(user=request.user, contest=contest)
    except ValidationError as error:
        _refusal(request, error)
        last = contest.rounds.order_by("number").last()
        return redirect(_round_url(last) if last else reverse("contests:contest", args=[pk]))
    messages.success(
        request, _("Đã đề xuất %(n)s giải; lãnh đạo đơn vị tổ chức xem và công bố kết quả.")
        % {"n": len(awarded)},
    )  # fmt: skip
    return redirect(reverse("contests:results", args=[pk]))


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def judge_round(request: HttpRequest, round_id: int) -> HttpResponse:
    """The entries given to the judge in a round, by code."""
    found = selectors.judge_round_get_or_404(user=request.user, round_id=round_id)
    assignments = list(selectors.judge_assignments(user=request.user, round=found))
    context = {
        "round": found,
        "contest": found.contest,
        "assignments": assignments,
        "scored": sum(a.submitted_at is not None for a in assignments),
    }
    return render(request, "contests/judge_round.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def judge_entry(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One entry as its judge reads it (code and redacted text), and their score sheet;
    the other judges' scores once their own is in."""
    seen = selectors.judge_entry(user=request.user, assignment_id=assignment_id)
    assignment = seen.assignment
    contest = assignment.sealed.round.contest
    criteria = list(contest.criteria.all())
    form = ScoreForm(request.POST if request.method == "POST" else None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            judging.score_submit(
                user=request.user, assignment=assignment, values=form.values(),
                comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Đã nộp điểm bài %(code)s.") % {"code": seen.code})
            return redirect(reverse("contests:judge_entry", args=[assignment.pk]))
    context = {
        "seen": seen,
        "round": assignment.sealed.round,
        "contest": contest,
        "form": form,
        "submitted": assignment.submitted_at is not None,
        "scores": _scores(request.user, assignment),
        "next": _next_unscored(request.user, assignment),
    }
    return render(request, "contests/judge_entry.html", context)


def _scores(user, assignment) -> list:
    if assignment.submitted_at is None:
        return []
    visible = selectors.scores_visible(user=user, sealed=assignment.sealed)
    return list(visible.prefetch_related("scores__criterion").order_by("further", "id"))


def _next_unscored(user, assignment):
    return (
        selectors.judge_assignments(user=user, round=assignment.sealed.round)
        .filter(submitted_at__isnull=True)
        .exclude(pk=assignment.pk)
        .first()
    )
