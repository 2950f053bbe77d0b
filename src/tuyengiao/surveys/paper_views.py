"""Typing in paper forms (nhập phiếu giấy): a surveyor's page with the survey's questions,
the same fields as the public form (surveys/public/_questions.html), and the units the
surveyor may type for: those of the survey's units the user edits, or all of them for an
editor of the organiser. Anyone else, and any draft, gets a 404, as for a survey not there.

The page is a staff page (login, CSRF, messages): the person typing is known; the
respondent whose form it is is not, and nothing here asks who it was.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, openable_ids
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.collecting import (
    TEXT_MAX_CHARS,
    AnswerInvalid,
    SubmissionRefused,
    paper_last_day,
    response_record,
)
from tuyengiao.surveys.models import Survey
from tuyengiao.surveys.public_views import answers_from_post, question_fields
from tuyengiao.ui.formats import format_date, parse_date


def paper_units(user, survey: Survey) -> list[OrgUnit]:
    """The survey's units whose paper forms `user` may type in (collecting.paper_may_record)."""
    units = list(survey.units.order_by("path"))
    if has_role_on(user, survey.orgunit, role=Role.EDITOR):
        return units
    editable = openable_ids(user, units, role=Role.EDITOR)
    return [unit for unit in units if unit.pk in editable]


def _paper_open(survey: Survey) -> bool:
    today = timezone.localdate()
    return (
        not survey.ended
        and not survey.recorded
        and survey.opens_on <= today <= paper_last_day(survey)
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("orgunit"), pk=pk, published=True)
    units = paper_units(request.user, survey)
    if not units:
        raise Http404
    by_code = {unit.code: unit for unit in units}
    questions = list(survey.questions.all())
    default_day = min(timezone.localdate(), survey.closes_on)
    # Kept from the form just saved (a surveyor types a pile of one unit's forms).
    unit_code = request.GET.get("don_vi", units[0].code if len(units) == 1 else "")
    day_text = request.GET.get("ngay", format_date(default_day))
    values: dict = {}
    errors: dict[str, str] = {}
    form_errors: dict[str, str] = {}
    if request.method == "POST":
        unit_code = request.POST.get("unit", "")
        day_text = request.POST.get("day", "").strip()
        values = answers_from_post(questions, request.POST)
        unit = by_code.get(unit_code)
        if unit is None:
            form_errors["unit"] = _("Hãy chọn đơn vị của phiếu.")
        day: datetime.date | None = None
        try:
            day = parse_date(day_text)
        except ValueError as refusal:
            form_errors["day"] = str(refusal)
        if unit is not None and day is not None:
            try:
                response_record(
                    user=request.user, survey=survey, unit=unit, answers=values, day=day
                )
            except AnswerInvalid as refused:
                errors = refused.errors
            except SubmissionRefused as refused:  # the day, or the survey closed meanwhile
                form_errors["day"] = refused.message
            except ValidationError as refused:
                form_errors["unit"] = " ".join(refused.messages)
            else:
                messages.success(
                    request, _("Đã lưu phiếu giấy của %(unit)s. Nhập phiếu tiếp theo.") % {
                        "unit": unit.name
                    }
                )  # fmt: skip
                query = urlencode({"don_vi": unit.code, "ngay": day_text})
                return redirect(f"{request.path}?{query}")
    status = 422 if errors or form_errors else 200
    context = {
        "survey": survey,
        "units": units,
        "unit_code": unit_code,
        "day_text": day_text,
        "paper_open": _paper_open(survey),
        "last_day": paper_last_day(survey),
        "fields": question_fields(questions, values, errors),
        "error_count": len(errors) + len(form_errors),
        "form_errors": form_errors,
        "text_max": TEXT_MAX_CHARS,
    }
    return render(request, "surveys/paper.html", context, status=status)
