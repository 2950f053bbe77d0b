"""The public form of a survey (/khao-sat/<key>/): no login, and no cookie at all.

The one-time code is the credential, so the form needs no CSRF token (a forged submission
would need a code, and spends it); the pages use no session and no messages, and render
from their own base template, whose header has no language form (the site's base template
would set the CSRF cookie). What the page answers is never cached (a shared phone's
browser keeps no copy of the answers) and sends no Referer (the link may carry the code).

Refusals the page expects (a wrong code, a missing answer, too many tries, a closed survey)
are shown to the person and not logged as request warnings: Django's would carry the
request, with the address and user agent, to every log handler (see surveys.logging).
"""

import logging
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from tuyengiao.surveys.collecting import (
    TEXT_MAX_CHARS,
    AnswerInvalid,
    CodeRefused,
    WindowClosed,
    response_submit,
)
from tuyengiao.surveys.models import Question, QuestionKind, Survey
from tuyengiao.surveys.throttle import submission_allowed

logger = logging.getLogger(__name__)
CODE_MAX_CHARS = 40


def private(response: HttpResponse) -> HttpResponse:
    """The headers of every public survey answer (page or API), and quiet about refusals."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    if response.status_code >= 400:
        # Django logs a 4xx with the request attached (its META holds the address and the
        # user agent); this mark is how Django itself avoids logging a response twice.
        response._has_been_logged = True  # type: ignore[attr-defined]
        logger.info("survey form refused: %s", response.status_code)
    return response


def too_many_message() -> str:
    return _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Xin thử lại sau %(minutes)s phút.") % {
        "minutes": settings.SURVEY_RATE_MINUTES
    }


# -------------------------------------------------------------- the questions, for a form


def answers_from_post(questions: QuerySet[Question] | list[Question], data: QueryDict) -> dict:
    """The answers a form posted, as `answers_clean` reads them (a list for checkboxes)."""
    answers: dict[str, Any] = {}
    for question in questions:
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.key] = data.getlist(question.key)
        else:
            answers[question.key] = data.get(question.key, "")
    return answers


def question_fields(
    questions: QuerySet[Question] | list[Question], values: dict, errors: dict[str, str]
) -> list[dict[str, Any]]:
    """What `surveys/public/_questions.html` shows of each question: its choices, what was
    typed or chosen (kept on an error: nothing is lost) and its error."""
    fields = []
    for question in questions:
        value = values.get(question.key, [] if question.kind == QuestionKind.MULTIPLE else "")
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        fields.append(
            {
                "question": question,
                "kind": question.kind,
                "required": question.required or question.kind == QuestionKind.BAND,
                "choices": [
                    {"code": code, "label": label, "checked": code in chosen}
                    for code, label in question.choices()
                ],
                "value": "" if isinstance(value, list) else str(value),
                "error": errors.get(question.key, ""),
            }
        )
    return fields


# ---------------------------------------------------------------------------------- views


def _survey(public_key: str) -> Survey | None:
    return Survey.objects.filter(public_key=public_key, published=True).first()


def _not_found(request: HttpRequest) -> HttpResponse:
    # The site's 404 page would set the CSRF cookie (its header has a language form).
    return private(render(request, "surveys/public/not_found.html", status=404))


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    context = {"survey": survey, "today": timezone.localdate()}
    return private(render(request, "surveys/public/closed.html", context, status=409))


def _form(
    request: HttpRequest,
    survey: Survey,
    *,
    code: str,
    values: dict,
    errors: dict[str, str],
    code_error: str = "",
    form_error: str = "",
    status: int = 200,
) -> HttpResponse:
    questions = list(survey.questions.all())
    context = {
        "survey": survey,
        "code": code[:CODE_MAX_CHARS],
        "code_error": code_error,
        "form_error": form_error,
        "fields": question_fields(questions, values, errors),
        "error_count": len(errors),
        "text_max": TEXT_MAX_CHARS,
    }
    return private(render(request, "surveys/public/form.html", context, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def survey_form(request: HttpRequest, public_key: str) -> HttpResponse:
    survey = _survey(public_key)
    if survey is None:
        return _not_found(request)
    if not survey.accepts_on(timezone.localdate()):
        return _closed(request, survey)
    if request.method != "POST":
        # A printed QR code or link may carry the code: /khao-sat/<key>/?ma=K7QM-3XPA.
        return _form(request, survey, code=request.GET.get("ma", "").strip(), values={},
                     errors={})  # fmt: skip
    code = request.POST.get("code", "").strip()
    answers = answers_from_post(survey.questions.all(), request.POST)
    if not submission_allowed(request):
        return _form(request, survey, code=code, values=answers, errors={},
                     form_error=too_many_message(), status=429)  # fmt: skip
    try:
        response_submit(survey=survey, code=code, answers=answers)
    except WindowClosed:
        return _closed(request, survey)
    except AnswerInvalid as refused:
        return _form(request, survey, code=code, values=answers, errors=refused.errors,
                     status=422)  # fmt: skip
    except CodeRefused as refused:
        return _form(request, survey, code=code, values=answers, errors={},
                     code_error=refused.message, status=403)  # fmt: skip
    # Redirected, so that reloading the page sends nothing twice.
    return private(redirect("survey_public:thanks", public_key=survey.public_key))


@require_safe
def survey_thanks(request: HttpRequest, public_key: str) -> HttpResponse:
    survey = _survey(public_key)
    if survey is None:
        return _not_found(request)
    return private(render(request, "surveys/public/thanks.html", {"survey": survey}))
