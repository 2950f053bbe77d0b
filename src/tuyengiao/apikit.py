"""What every endpoint of the API shares, below the apps: the one error body and its messages.

Every error the API answers, from an endpoint, an exception handler or a check before the
view (authentication, validation), has the same shape, `ErrorOut`: a sentence in `detail`
and the problems one by one in `errors` (empty when the request is wrong as a whole). The
OpenAPI description refers to this one schema for every error status.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError


class InputSchema(Schema):
    """The base of every schema the API reads (filters, bodies).

    A text with a NUL character cannot be stored or even compared in PostgreSQL (a 500 on any
    lookup); it is refused here, for every field of every input, as invalid data (422).
    """

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("string_nul", "NUL character")
        return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class ErrorItem(Schema):
    field: str = Field(
        description="Trường có lỗi (“offset”, “indicator”); “__all__” cho cả yêu cầu."
    )
    message: str
    row: int | None = Field(
        None, description="Dòng có lỗi (đánh số từ 1) khi gửi một danh sách; không có thì null."
    )


class ErrorOut(Schema):
    detail: str = Field(description="Lỗi, bằng một câu.")
    errors: list[ErrorItem] = Field(
        description="Từng lỗi của dữ liệu gửi lên; rỗng khi lỗi thuộc về cả yêu cầu."
    )


def error_body(detail: str, errors: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The JSON of `ErrorOut`."""
    return {
        "detail": detail,
        "errors": [
            {"field": e["field"], "message": e["message"], "row": e.get("row")} for e in errors
        ],
    }


def error_response(detail: str, *, status: int) -> JsonResponse:
    """An error answered outside an endpoint (a body refused before the view, an unknown
    path, a crash), in the shape and encoding of the endpoints' own."""
    return JsonResponse(
        error_body(detail), status=status, json_dumps_params={"ensure_ascii": False}
    )


def field_errors(by_field: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """`{"field": ["message", …]}` (a Django ValidationError's message_dict) as error items."""
    return [
        {"field": field, "message": str(message)}
        for field, messages in by_field.items()
        for message in messages
    ]


_BAD_DATE = gettext_lazy("Ngày không hợp lệ (yyyy-mm-dd hoặc dd/mm/yyyy).")
_NOT_INT = gettext_lazy("Phải là số nguyên.")
# pydantic's error types, said in Vietnamese; its context fills the placeholders.
_SCHEMA_MESSAGES = {
    "missing": gettext_lazy("Bắt buộc."),
    "int_parsing": _NOT_INT,
    "int_type": _NOT_INT,
    "int_from_float": _NOT_INT,
    "int_parsing_size": _NOT_INT,
    "float_parsing": gettext_lazy("Phải là một số."),
    "float_type": gettext_lazy("Phải là một số."),
    "date_from_datetime_parsing": _BAD_DATE,
    "date_parsing": _BAD_DATE,
    "date_type": _BAD_DATE,
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("Không được để trống."),
    "greater_than_equal": gettext_lazy("Phải từ %(ge)s trở lên."),
    "less_than_equal": gettext_lazy("Phải từ %(le)s trở xuống."),
    "enum": gettext_lazy("Phải là một trong: %(expected)s."),
    "literal_error": gettext_lazy("Phải là một trong: %(expected)s."),
    "list_type": gettext_lazy("Phải là một danh sách."),
    "dict_type": gettext_lazy("Phải là một đối tượng {…}."),
    "model_type": gettext_lazy("Phải là một đối tượng {…}."),
    "model_attributes_type": gettext_lazy("Phải là một đối tượng {…}."),
    "string_type": gettext_lazy("Phải là chuỗi ký tự."),
    "string_unicode": gettext_lazy("Phải là chuỗi ký tự."),
    "string_nul": gettext_lazy("Không được chứa ký tự NUL."),
}


def schema_errors(
    errors: Iterable[Mapping[str, Any]], *, skip: int = 0, rows: str = ""
) -> list[dict[str, Any]]:
    """pydantic's errors (English, by location) as error items in Vietnamese.

    `skip` drops the first parts of each location (ninja puts the source there: "query",
    "body"); a location that starts with `rows` and an index (a list sent as the body) gives
    the item its row, counted from 1 as a person counts.
    """
    items = []
    for error in errors:
        template = _SCHEMA_MESSAGES.get(error["type"], gettext_lazy("Giá trị không hợp lệ."))
        # "'a', 'b' or 'c'": the one English word pydantic puts in a context.
        context = {
            k: str(v).replace("' or '", "' hoặc '") for k, v in (error.get("ctx") or {}).items()
        }
        location = [str(part) for part in error["loc"][skip:]]
        row = None
        if rows and len(location) >= 2 and location[0] == rows and location[1].isdigit():
            row = int(location[1]) + 1
            location = location[2:]
        try:
            message = str(template) % context
        except (KeyError, TypeError, ValueError):
            message = str(gettext_lazy("Giá trị không hợp lệ."))
        items.append({"field": ".".join(location) or "__all__", "message": message, "row": row})
    return items


def invalid(errors: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The body of a request refused for its data: one sentence, then each problem."""
    return error_body(_("Dữ liệu không hợp lệ."), errors)
