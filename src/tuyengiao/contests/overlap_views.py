"""The near-duplicate check's pages: the check's state and the flagged entries (polled by
htmx while a check runs), the button that starts one, and one entry beside what it
overlaps with. Only the organiser's staff reach them (overlap_selectors); a judge, who holds
no role, gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on
from tuyengiao.contests import overlap_selectors as selectors
from tuyengiao.contests.models import Entry
from tuyengiao.contests.overlaps import PHASES, overlaps_check_start

# Seconds between two looks at a running check: one takes from seconds to a minute.
POLL_SECONDS = 3


@login_required
@require_GET
def overlaps(request: HttpRequest, pk: int) -> HttpResponse:
    """The last check, its progress while it runs, and the flagged entries; asked by htmx,
    only that part (polled until the check is done)."""
    contest = selectors.contest_for_overlaps(user=request.user, pk=pk)
    check = selectors.overlap_check_latest(contest=contest)
    running = check is not None and check.running
    flagged, readable = selectors.overlaps_flagged(user=request.user, contest=contest)
    context = {
        "contest": contest,
        "check": check,
        "running": running,
        "phase": PHASES[min(check.done, len(PHASES) - 1)] if running and check else "",
        "flagged": flagged,
        "readable": readable,
        "unchecked": selectors.entries_unchecked(contest=contest, check=check),
        "may_check": has_role_on(request.user, contest.orgunit, role=Role.EDITOR),
        "poll_seconds": POLL_SECONDS,
    }
    if getattr(request, "htmx", False):
        return render(request, "contests/overlaps_state.html", context)
    return render(request, "contests/overlaps.html", context)


@login_required
@require_POST
def overlaps_check(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Kiểm tra trùng lặp": starts a check (the service checks the role: 403 otherwise)."""
    contest = selectors.contest_for_overlaps(user=request.user, pk=pk)
    overlaps_check_start(user=request.user, contest=contest)
    return redirect("contests:overlaps", contest.pk)


@login_required
@require_GET
def overlap(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """An entry beside what it overlaps with (`?with=<overlap id>`; the highest share by
    default), the shared passages marked."""
    contest = selectors.contest_for_overlaps(user=request.user, pk=pk)
    try:
        chosen = int(request.GET.get("with", ""))
    except ValueError:
        chosen = None
    try:
        side = selectors.overlap_side_by_side(
            user=request.user, contest=contest, entry_id=entry_id, overlap_id=chosen
        )
    except Entry.DoesNotExist:
        raise Http404 from None
    entry = side.entry if side else contest.entries.filter(pk=entry_id).first()
    return render(
        request, "contests/overlap.html", {"contest": contest, "side": side, "entry": entry}
    )
