"""A contest's results: the prizes by level, the organiser's confirmation, and the decision
on prizes and the certificates as .docx.

Anyone who sees the contest sees its prizes once confirmed; before that, the organiser's
staff see the proposed prizes (marked as proposed) and download the documents as drafts,
and an approver of the organiser confirms them (`services.results_confirm`, which checks
the role again). The public list without login is `public_views`.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on
from tuyengiao.contests import awarding, selectors, services
from tuyengiao.contests.models import Contest, Entry
from tuyengiao.textkit.normalize import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The part of the contest's title a file's name keeps.
_NAME_CHARS = 60


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    user = request.user
    staff = selectors.is_organiser_staff(user, contest)
    confirmed = contest.confirmed_at is not None
    prizes = selectors.prizes_of(contest=contest) if confirmed or staff else []
    context = {
        "contest": contest,
        "confirmed": confirmed,
        "staff": staff,
        "levels": _by_level(prizes),
        "prizes": prizes,
        "can_confirm": bool(prizes)
        and not confirmed
        and has_role_on(user, contest.orgunit, role=Role.APPROVER),
    }
    return render(request, "contests/results.html", context)


def _by_level(prizes: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """(level's name, its prizes), best level first (the order `prizes_of` gives)."""
    levels: dict[str, list[Entry]] = {}
    for entry in prizes:
        levels.setdefault(entry.get_prize_display(), []).append(entry)
    return list(levels.items())


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's approver confirms the proposed prizes; a refusal says why."""
    contest = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    try:
        services.results_confirm(user=request.user, contest=contest)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã công bố kết quả: các giải được ghi vào số liệu của đơn vị có tác phẩm đạt giải."),
        )
    return redirect("contests:results", pk=contest.pk)


def _documents_contest(request: HttpRequest, pk: int) -> tuple[Contest, list[Entry]]:
    """The contest and its prizes, for the organiser's staff once prizes are proposed."""
    contest = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    if not selectors.is_organiser_staff(request.user, contest):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s mới tải được quyết định và giấy chứng nhận.")
            % {"unit": contest.orgunit}
        )
    winners = selectors.prizes_of(contest=contest)
    if not winners:
        raise Http404(_("Chưa có giải nào được đề xuất."))
    return contest, winners


def _attachment(data: bytes, *, stem: str, contest: Contest) -> HttpResponse:
    """The file under an ASCII name made from the contest's title ("quyet-dinh-tang-giai-cuoc
    -thi-chinh-luan…"), "du-thao" while a draft; Content-Disposition encodes it either way."""
    title = re.sub(r"[^0-9a-z]+", "-", fold(contest.title))[:_NAME_CHARS].strip("-")
    draft = "-du-thao" if contest.confirmed_at is None else ""
    name = f"{stem}-{title or contest.pk}{draft}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    contest, winners = _documents_contest(request, pk)
    data = awarding.decision_docx(contest=contest, winners=winners)
    return _attachment(data, stem="quyet-dinh-tang-giai", contest=contest)


@login_required
@require_GET
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    contest, winners = _documents_contest(request, pk)
    data = awarding.certificates_docx(contest=contest, winners=winners)
    return _attachment(data, stem="giay-chung-nhan", contest=contest)
