"""The shapes of the documents API: what it answers and what it reads, and the request
bodies it documents by hand (JSON, or a form with a file, which ninja cannot describe)."""

import contextlib
from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from tuyengiao.apikit import InputSchema
from tuyengiao.documents.models import RelationKind, System
from tuyengiao.paging import Offset, limit_field
from tuyengiao.ui.formats import parse_date

MAX_PAGE = 100


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """`node` with every "#/$defs/…" reference replaced by its definition."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, definitions) for value in node]
    return node


def _json_or_form(
    schema: dict[str, Any], *, form_required: list[str], form_any_of: tuple[str, ...] = ()
) -> dict[str, Any]:
    """An OpenAPI request body: `schema` as JSON, or its fields and a `file` as a form.

    The view reads the body itself (ninja takes JSON or a form, not either), so the
    documentation is given here, the model's schema inlined where pydantic refers to it.
    """
    schema = _inline(schema, schema.pop("$defs", {}))
    form = {
        **schema,
        "properties": {**schema["properties"], "file": {"type": "string", "format": "binary"}},
        "required": form_required,
        # One of these at least (a text field or the file), as the view asks.
        **({"anyOf": [{"required": [name]} for name in form_any_of]} if form_any_of else {}),
    }
    content = {"application/json": {"schema": schema}, "multipart/form-data": {"schema": form}}
    return {"requestBody": {"required": True, "content": content}}


# --- schemas -------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    url: str = Field(description="Tải tệp qua API (cùng cách xác thực).")
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class RelationOut(Schema):
    kind: str
    kind_name: str
    target_symbol: str
    target_id: int | None = Field(
        description="Văn bản được liên kết; null khi chưa có trong hệ thống hoặc không được xem."
    )
    target_date: date | None


class IncomingOut(Schema):
    kind: str
    kind_name: str
    source_symbol: str
    source_id: int
    source_date: date | None


class DocumentOut(Schema):
    id: int
    system: str
    type_code: str
    type_name: str
    number: str
    year: int | None
    symbol: str
    issued_on: date | None
    issuer_code: str
    issuer_unit: int | None
    issuer_name: str
    title: str
    confidential: bool
    orgunit: int
    orgunit_name: str


class HitOut(DocumentOut):
    score: float
    title_html: str = Field(description="Trích yếu, HTML đã thoát, từ khớp trong <mark>.")
    snippet_html: str = Field(description="Đoạn trích, HTML đã thoát, từ khớp trong <mark>.")


class DocumentPageOut(Schema):
    items: list[HitOut]
    count: int = Field(description="Tổng số kết quả, đếm đến một giới hạn (xem `capped`).")
    capped: bool = Field(description="Còn nhiều kết quả hơn `count`: hãy thu hẹp tìm kiếm.")


class DocumentDetailOut(DocumentOut):
    summary: str
    full_text: str
    registered_by: str
    registered_at: datetime
    updated_at: datetime
    attachments: list[AttachmentOut]
    relations: list[RelationOut]
    incoming: list[IncomingOut] = Field(
        description="Các văn bản dẫn chiếu đến văn bản này, trong số những văn bản được xem."
    )


class DuplicateOut(Schema):
    detail: str
    existing_id: int = Field(
        description="Văn bản đã đăng ký, trong số những văn bản người gọi được xem."
    )


class DocumentFilter(InputSchema):
    q: str = Field(
        "", max_length=500, description="Từ khóa hoặc số hiệu, không cần dấu (“nghi quyet 35”)."
    )
    symbol: str = Field("", max_length=60, description="Số, ký hiệu hoặc phần đầu (“88-KL”).")
    type: str = Field("", max_length=10, description="Mã loại: NQ, KL, CT, KH, TT…")
    issuer: str = Field("", max_length=40, description="Mã cơ quan ban hành: TW, TU, BTC…")
    year: int | None = Field(None, ge=1900, le=2200)
    relation: RelationKind | None = Field(None, description="Có liên kết loại này (hai chiều).")
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


class ReferenceIn(InputSchema):
    kind: RelationKind
    target_symbol: str = Field(min_length=1, max_length=60)
    target_date: date | None = None


class DocumentIn(InputSchema):
    """A field left out is read from the text (the uploaded file, or `full_text`)."""

    orgunit: int = Field(description="Đơn vị quản lý văn bản (cần vai trò nhập liệu).")
    system: System | None = None
    symbol: str = Field("", max_length=60)
    number: str = Field("", max_length=20)
    type_code: str = Field("", max_length=10)
    type_name: str = Field("", max_length=60)
    year: int | None = Field(None, ge=1900, le=2200)
    issuer_code: str = Field("", max_length=40)
    issuer_name: str = Field("", max_length=255)
    issuer_unit: int | None = None
    issued_on: date | None = None
    title: str = ""
    summary: str = ""
    full_text: str = ""
    confidential: bool = False
    references: list[ReferenceIn] | None = Field(
        None, description="Bỏ trống để lấy các liên kết đọc được trong văn bản."
    )

    @field_validator("issued_on", mode="before")
    @classmethod
    def _dd_mm_yyyy(cls, value: Any) -> Any:
        # 30/06/2026 read as the date boxes read it; what it cannot read, pydantic refuses
        # (date_parsing, said in Vietnamese by apikit).
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return parse_date(value)
        return value


class TextIn(InputSchema):
    # Not only spaces: the view refuses an empty text, and the schema says so.
    text: str = Field(min_length=1, pattern=r"\S")


# A form may send the text as a field rather than a file, as JSON does.
DOCUMENT_BODY = _json_or_form(DocumentIn.model_json_schema(), form_required=["orgunit"])
TEXT_BODY = _json_or_form(
    TextIn.model_json_schema(), form_required=[], form_any_of=("text", "file")
)
