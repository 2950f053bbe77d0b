"""The contests' pages: the list, a new contest, a contest with its rules, an entry submitted
by a unit, the entries and an entry's file. Thin: reads through the selectors (scoped),
writes through the services (which check the roles and the rules again). Judging is in
judging_views, the near-duplicate check in overlap_views, results in results_views.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.contests import selectors
from tuyengiao.contests.forms import (
    CATEGORY_INITIAL,
    CRITERIA_INITIAL,
    ROUNDS,
    AuthorFormSet,
    AuthorFormSetBase,
    CategoryRows,
    ContestForm,
    CriterionRows,
    EntryForm,
    RoundRows,
    submit_units,
)
from tuyengiao.contests.models import Category, Criterion, Round
from tuyengiao.contests.overlap_selectors import overlaps_flags
from tuyengiao.contests.services import contest_create, entry_submit

PAGE_SIZE = 50


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The contests of the user's units and of the units above, and the rounds they judge
    (a judge invited from outside holds no role and sees only those)."""
    today = timezone.localdate()
    contests = selectors.contests_visible(request.user)
    page = Paginator(contests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(c, selectors.contest_phase(c, today=today)) for c in page.object_list],
        "judging": selectors.judge_rounds(user=request.user),
        "can_add": units_in_scope(request.user, role=Role.EDITOR).exists(),
    }
    return render(request, "contests/index.html", context)


@login_required
@require_GET
def contest(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    today = timezone.localdate()
    context = {
        "contest": found,
        "phase": selectors.contest_phase(found, today=today),
        "open": found.opens_on <= today <= found.closes_on and found.confirmed_at is None,
        "can_submit": submit_units(user=request.user, contest=found).exists(),
        "staff": selectors.is_organiser_staff(request.user, found),
        "is_secretary": found.secretary_id == request.user.pk,
        "categories": list(found.categories.all()),
        "criteria": list(found.criteria.all()),
        "rounds": list(found.rounds.all()),
        "prizes": list(found.prizes.all()),
        "entries": selectors.entries_visible(user=request.user, contest=found).count(),
    }
    return render(request, "contests/contest.html", context)


@login_required
@require_GET
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    """Every entry for the organiser's staff; the entries their units sent for others."""
    found = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    visible = selectors.entries_visible(user=request.user, contest=found)
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    staff = selectors.is_organiser_staff(request.user, found)
    # The part of each entry shared with another text, in percent, for the staff only.
    flags = overlaps_flags(contest=found) if staff else {}
    context = {
        "contest": found,
        "page": page,
        "rows": [(e, flags[e.pk] * 100 if e.pk in flags else None) for e in page.object_list],
        "staff": staff,
        "can_submit": submit_units(user=request.user, contest=found).exists(),
    }
    return render(request, "contests/entries.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry submitted for one of the user's units. A refusal says each reason and keeps
    what was typed; only the file must be chosen again (a browser cannot be given it back)."""
    found = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    if not submit_units(user=request.user, contest=found).exists():
        raise PermissionDenied(_("Bạn không có quyền gửi bài dự thi cho đơn vị nào."))
    post = request.POST if request.method == "POST" else None
    form = EntryForm(post, request.FILES or None, user=request.user, contest=found)
    authors: AuthorFormSetBase = AuthorFormSet(post, prefix="authors")  # type: ignore[assignment]
    if post is not None and form.is_valid() and authors.is_valid():
        data = form.cleaned_data
        try:
            entry = entry_submit(
                user=request.user, contest=found, category=data["category"],
                orgunit=data["orgunit"], title=data["title"], authors=authors.authors(),
                upload=data["file"], link=data["link"], published_on=data["published_on"],
                outlet=data["outlet"],
            )  # fmt: skip
        except ValidationError as error:
            _errors_show(form, error)
        else:
            messages.success(
                request, _("Đã nhận bài dự thi “%(title)s” (%(words)s chữ).")
                % {"title": entry.title, "words": entry.words},
            )  # fmt: skip
            return redirect(reverse("contests:entries", args=[found.pk]))
    context = {"contest": found, "form": form, "authors": authors}
    return render(request, "contests/entry_new.html", context)


def _errors_show(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: each reason by its field, the others above it."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {
        NON_FIELD_ERRORS: error.messages}  # fmt: skip
    for field, reasons in by_field.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


@login_required
@require_http_methods(["GET", "POST"])
def contest_new(request: HttpRequest) -> HttpResponse:
    """A new contest with its categories, criteria, rounds and prizes, by an editor of the
    organiser; judges are named on each round's page afterwards."""
    if not units_in_scope(request.user, role=Role.EDITOR).exists():
        raise PermissionDenied(_("Bạn không có quyền tổ chức cuộc thi ở đơn vị nào."))
    post = request.POST if request.method == "POST" else None
    form = ContestForm(post, user=request.user, initial=_contest_initial())
    rows = {
        "categories": CategoryRows(post, prefix="cat", queryset=Category.objects.none(),
                                   initial=None if post else CATEGORY_INITIAL),
        "criteria": CriterionRows(post, prefix="cri", queryset=Criterion.objects.none(),
                                  initial=None if post else CRITERIA_INITIAL),
        "rounds": RoundRows(post, prefix="round", queryset=Round.objects.none(),
                            initial=None if post else _rounds_initial()),
    }  # fmt: skip
    if post is not None and form.is_valid() and all(r.is_valid() for r in rows.values()):
        contest = form.save(commit=False)
        contest.document = form.cleaned_data["document_symbol"]
        contest.secretary = form.cleaned_data["secretary_username"]
        rounds = rows["rounds"].rows()
        for number, round_ in enumerate(rounds, start=1):
            round_.number = number
        try:
            contest_create(
                user=request.user, contest=contest, categories=rows["categories"].rows(),
                criteria=rows["criteria"].rows(), rounds=rounds, prizes=form.prizes(),
            )  # fmt: skip
        except ValidationError as error:
            _errors_show(form, error)
        else:
            messages.success(request, _("Đã tạo cuộc thi. Hãy chọn giám khảo cho từng vòng."))
            return redirect(reverse("contests:contest", args=[contest.pk]))
    return render(request, "contests/contest_new.html", {"form": form, **rows})


def _contest_initial() -> dict:
    today = timezone.localdate()
    return {"year": today.year, "opens_on": today, "one_per_author": True}


def _rounds_initial() -> list[dict]:
    return [{"stage": stage, "judges_per_entry": 2} for stage in ROUNDS]


@login_required
@require_GET
def entry_file(request: HttpRequest, pk: int, entry_id: int) -> FileResponse:
    """An entry's file, for those who see the entry (never for a judge: a file's properties
    may name its author)."""
    found = selectors.contest_get_visible_or_404(user=request.user, pk=pk)
    entry = get_object_or_404(selectors.entries_visible(user=request.user, contest=found),
                              pk=entry_id)  # fmt: skip
    return FileResponse(entry.file.open("rb"), as_attachment=True, filename=entry.filename)
