"""The staff's survey pages: the list, a survey (its link, QR code and how collection goes),
the builder (new and edit), publishing and ending, and the printed sheet of one-time codes.
Thin: reads through the selectors (scoped), writes through the services (which check the
roles again)."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.surveys import selectors
from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.forms import (
    CodesForm,
    QuestionFormSet,
    QuestionFormSetBase,
    SurveyForm,
    question_rows,
)
from tuyengiao.surveys.models import BAND_OPTIONS, SCALE_OPTIONS, Band, Status, Survey
from tuyengiao.surveys.services import survey_copy, survey_end, survey_publish, survey_save

PAGE_SIZE = 30
# Blank question rows a new survey starts with, and that "add a question" adds.
NEW_ROWS = 3


def qr_svg(url: str, *, title: str = "") -> SafeString:
    """The QR code of `url` as inline SVG (no image file, nothing fetched), sized by CSS."""
    code = segno.make(url, error="m")
    # segno escapes the title; the rest of the markup is its own.
    return mark_safe(code.svg_inline(scale=1, omitsize=True, svgclass="qr", title=title))  # noqa: S308


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The surveys the user sees: its organisers' and those of its units."""
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    surveys = selectors.surveys_visible(request.user)
    if status:
        surveys = selectors.with_status(surveys, status)
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    totals = selectors.survey_totals(rows)
    context = {
        "page": page,
        "rows": [(survey, totals[survey.pk]) for survey in rows],
        "status": status,
        "statuses": Status.choices,
        "can_add": bool(selectors.organiser_choices(request.user)),
        "k": selectors.min_cell(),
    }
    return render(request, "surveys/index.html", context)


@login_required
@require_GET
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.survey_get(request.user, pk)
    link = selectors.public_url(found)
    context = {
        "survey": found,
        "status": found.status,
        "public_url": link,
        "qr": qr_svg(link, title=_("Mã QR của đường dẫn trả lời phiếu")) if link else "",
        "collection": selectors.survey_collection(request.user, found),
        "can_edit": selectors.survey_editable(request.user, found),
        "questions": list(found.questions.all()),
        # Results and history are for the organiser's staff (their pages 404 for others).
        "organiser_staff": selectors.organiser_staff(request.user, found),
        "paper": selectors.paper_open_to(request.user, found),
    }
    return render(request, "surveys/survey.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    organisers = selectors.organiser_choices(request.user)
    if not organisers:
        raise PermissionDenied
    wanted = request.GET.get("unit") or str(organisers[0].pk)
    organiser = next((unit for unit in organisers if str(unit.pk) == wanted), None)
    if organiser is None:
        raise Http404
    today = timezone.localdate()
    survey = Survey(orgunit=organiser, opens_on=today, closes_on=today)
    return _builder(request, survey, organisers=organisers)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.survey_get(request.user, pk)
    if not selectors.survey_editable(request.user, found):
        raise PermissionDenied
    if found.status == Status.CLOSED:
        messages.error(request, _("Cuộc khảo sát đã kết thúc: không sửa được nữa."))
        return redirect(found.get_absolute_url())
    return _builder(request, found, organisers=[])


def _builder(request: HttpRequest, survey: Survey, *, organisers: list) -> HttpResponse:
    """The builder's form: the survey, and its questions while it is a draft."""
    units = selectors.unit_choices(survey.orgunit, keep=survey.units.all() if survey.pk else [])
    fixed = survey.published
    post = request.POST if request.method == "POST" else None
    form = SurveyForm(post, instance=survey, units=units, fixed_start=fixed)
    formset: QuestionFormSetBase | None = None
    if not fixed:
        initial = question_rows(survey) if survey.pk else []
        initial += [{}] * (1 if initial else NEW_ROWS)
        formset = QuestionFormSet(post, prefix="q", initial=None if post else initial)
    status = 200
    if post is not None and "add" in post and formset is not None:
        # One more row: the form shown again as typed, nothing checked or saved yet.
        rows = formset.rows() + [{}] * 1
        formset = QuestionFormSet(prefix="q", initial=rows)
        values = {name: form[name].value() for name in form.fields}
        form = SurveyForm(instance=survey, units=units, fixed_start=fixed, initial=values)
    elif post is not None:
        valid = form.is_valid() & (formset is None or formset.is_valid())
        if valid:
            saved = _save(request, form, formset)
            if saved is not None:
                return redirect(saved.get_absolute_url())
        status = 400
    context = {
        "form": form,
        "formset": formset,
        "survey": survey,
        "organisers": organisers,
        "questions": list(survey.questions.all()) if fixed else [],
        "band_options": [(Band(band).label, options) for band, options in BAND_OPTIONS.items()],
        "scale_options": SCALE_OPTIONS,
    }
    return render(request, "surveys/edit.html", context, status=status)


def _save(request: HttpRequest, form: SurveyForm, formset) -> Survey | None:
    survey = form.save(commit=False)
    questions = formset.drafts() if formset is not None else None
    try:
        survey_save(user=request.user, survey=survey, units=list(form.cleaned_data["units"]),
                    questions=questions)  # fmt: skip
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
        else:
            form.add_error(None, error.messages)
        return None
    messages.success(request, _("Đã lưu cuộc khảo sát “%(title)s”.") % {"title": survey.title})
    return survey


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.survey_get(request.user, pk)
    try:
        survey_publish(user=request.user, survey=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã phát hành: đường dẫn và mã QR dưới đây đã dùng được."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.survey_get(request.user, pk)
    try:
        survey_end(user=request.user, survey=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã kết thúc cuộc khảo sát: không nhận thêm phiếu."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft with the survey's questions and units: to run it again, or to change
    questions that publication fixed."""
    found = selectors.survey_get(request.user, pk)
    try:
        made = survey_copy(user=request.user, survey=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(found.get_absolute_url())
    messages.success(request, _("Đã tạo bản sao: sửa tên, thời gian và câu hỏi rồi phát hành."))
    return redirect("surveys:edit", made.pk)


@never_cache  # the codes are shown once: no copy kept by a browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick a surveyed unit and a number; the answer is the printable sheet of new codes."""
    found = selectors.survey_get(request.user, pk)
    if not selectors.survey_editable(request.user, found):
        raise PermissionDenied
    units = selectors.surveyed_units(found)
    form = CodesForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            created = codes_create(user=request.user, survey=found, unit=unit,
                                   count=form.cleaned_data["count"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _sheet(request, found, unit, created)
    status = 400 if form.errors else 200
    context = {"survey": found, "form": form, "public_url": selectors.public_url(found)}
    return render(request, "surveys/codes.html", context, status=status)


def _sheet(request: HttpRequest, survey: Survey, unit, created: list[str]) -> HttpResponse:
    link = selectors.public_url(survey)
    slips = []
    for code in created:
        url = f"{link}?{urlencode({'ma': code})}"
        slips.append({"code": code, "url": url, "qr": qr_svg(url)})
    context = {"survey": survey, "unit": unit, "slips": slips, "public_url": link,
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "surveys/codes_sheet.html", context)
