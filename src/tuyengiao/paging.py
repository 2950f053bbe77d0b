"""The bounds of every list, in the API (`limit`, `offset`) and on the pages (`?page=`).

An offset or page number is a client's integer of any length: 2**63 overflows SQLite's and
PostgreSQL's 64-bit OFFSET and turned every list into a 500. Each list takes its offset and
page number through the types below, so a number past the bound is refused as invalid input
(422 in the API, the first page on a page) before any query is built.
"""

from typing import Annotated, Any, cast

from django import forms
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import create_model

# Far beyond any list here (a province has tens of thousands of rows), far below 2**63.
MAX_OFFSET = 1_000_000_000

Offset = Annotated[
    int, Field(ge=0, le=MAX_OFFSET, description="Bỏ qua bấy nhiêu kết quả đầu (phân trang).")
]


def limit_field(*, default: int, maximum: int) -> Any:
    """The page size of a list in the API: 1 to `maximum`, refused (422) past it."""
    return Field(default, ge=1, le=maximum, description=f"Số kết quả mỗi trang (tối đa {maximum}).")


class LimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination, both bounded in the schema.

    ninja's own Input reads an offset of any length, and cuts a limit past `max_limit`
    silently without saying so in the schema; here both are refused past their bound (422)
    and the OpenAPI description gives the bounds.
    """

    def __init__(self, *, max_limit: int, default_limit: int = 100, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
        self.Input = create_model(
            "LimitOffsetInput",
            __base__=cast(Any, Schema),
            limit=(int, limit_field(default=min(default_limit, max_limit), maximum=max_limit)),
            offset=(Offset, 0),
        )


class PageNumberField(forms.IntegerField):
    """`?page=` of a list page: 1 or more, and a number no list reaches (else invalid)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_OFFSET, **kwargs)
