"""`POST /api/surveys/<id>/responses/`: a response sent by a program (a kiosk, another
form) with its one-time code. Public: no authentication, and no cookie, like the public
form (public_views), with the same rate limit and the same refusals.

Its answers say nothing about the response (`{"status": "received"}`): no id, no time.
Every refusal, a body that does not parse included, is answered here rather than raised or
left to ninja's handlers, so that Django does not log it with the request attached (its
META holds the address and the user agent), and it carries the same headers as a success.
So the body is read here, with the schema ninja would have used, which the OpenAPI
description still shows.
"""

import json
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ValidationError

from tuyengiao.apikit import ErrorOut, InputSchema, error_body, invalid, schema_errors
from tuyengiao.surveys.collecting import AnswerInvalid, SubmissionRefused, response_submit
from tuyengiao.surveys.models import Survey
from tuyengiao.surveys.public_views import CODE_MAX_CHARS, private, too_many_message
from tuyengiao.surveys.throttle import submission_allowed

router = Router(tags=["surveys"])


class ResponseIn(InputSchema):
    code: str = Field(max_length=CODE_MAX_CHARS, description="Mã phiếu dùng một lần")
    answers: dict[str, Any] = Field(
        description='Câu trả lời theo mã câu hỏi: {"q1": "A", "q2": ["A", "C"], "q3": 4, '
        '"q4": "ý kiến…"}'
    )


class ReceivedOut(Schema):
    status: Literal["received"]


def _json(body: dict, status: int) -> HttpResponse:
    return private(JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False}))


@router.post(
    "/{int:survey_id}/responses/",
    auth=None,
    response={201: ReceivedOut} | dict.fromkeys((400, 403, 404, 409, 422, 429), ErrorOut),
    summary="Gửi một phiếu trả lời (công khai, bằng mã phiếu)",
    description="Không cần xác thực, không đặt cookie. 400: nội dung không phải JSON; 403: mã "
    "phiếu không đúng hoặc đã dùng; 409: ngoài thời gian nhận phiếu; 422: câu trả lời không "
    "hợp lệ (nêu mã câu hỏi); 429: gửi quá nhiều lần trong thời gian ngắn.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ResponseIn.model_json_schema()}},
        }
    },
)
def response_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = Survey.objects.filter(pk=survey_id, published=True).first()
    if survey is None:
        return _json(error_body(_("Không tìm thấy.")), 404)
    # Counted before the body is read: a malformed try is a try.
    if not submission_allowed(request):
        return _json(error_body(too_many_message()), 429)
    try:
        payload = ResponseIn.model_validate(json.loads(request.body))
    # RecursionError: JSON nested thousands deep ("[[[[…") exhausts the parser's stack.
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        if isinstance(error, ValidationError):
            return _json(invalid(schema_errors(error.errors())), 422)
        return _json(error_body(_("Nội dung gửi lên không đọc được (cần JSON hợp lệ).")), 400)
    try:
        response_submit(survey=survey, code=payload.code, answers=payload.answers)
    except AnswerInvalid as refused:
        body = invalid(
            {"field": key if key == "__all__" else f"answers.{key}", "message": message}
            for key, message in refused.errors.items()
        )
        body["detail"] = _("Câu trả lời không hợp lệ: %(questions)s.") % {
            "questions": ", ".join(refused.errors)
        }
        return _json(body, 422)
    except SubmissionRefused as refused:
        return _json(error_body(refused.message), refused.status)
    return _json({"status": "received"}, 201)
