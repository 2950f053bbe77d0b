"""The document registry over the API: one document with its links, and the text toolkit.

Every document comes through `documents_visible`, so a document the caller may not read
answers 404 exactly like one that does not exist, and a link to it shows its symbol only.
"""

import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.textkit.encodings import DecodeError, decode_bytes
from tuyengiao.textkit.pipeline import extract

router = Router(tags=["documents"])
extract_router = Router(tags=["documents"])

# A whole file is read into memory to be parsed: bounded well above a long resolution with
# its appendices (a 50-page text is about 150 kB; a .docx or .pdf with images a few MB).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The toolkit reads about 2 MB/s: a text this long still answers within a request.
MAX_TEXT_CHARS = 2_000_000

_TEXT_OR_FILE = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"text": {"type": "string"}},
                    "required": ["text"],
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


class AttachmentOut(Schema):
    id: int
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
    source_id: int | None = Field(description="Văn bản dẫn chiếu; null khi không được xem.")
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
    summary: str
    confidential: bool
    orgunit: int
    orgunit_name: str
    registered_by: str
    registered_at: datetime
    updated_at: datetime


class DocumentDetailOut(DocumentOut):
    full_text: str
    attachments: list[AttachmentOut]
    relations: list[RelationOut]
    incoming: list[IncomingOut]


def _document_fields(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "system": document.system,
        "type_code": document.type_code,
        "type_name": document.type_name,
        "number": document.number,
        "year": document.year,
        "symbol": document.symbol,
        "issued_on": document.issued_on,
        "issuer_code": document.issuer_code,
        "issuer_unit": document.issuer_unit_id,
        "issuer_name": document.issuer_name,
        "title": document.title,
        "summary": document.summary,
        "confidential": document.confidential,
        "orgunit": document.orgunit_id,
        "orgunit_name": document.orgunit.name,
        "registered_by": document.registered_by.get_username(),
        "registered_at": document.registered_at,
        "updated_at": document.updated_at,
    }


def _visible_ids(user, ids: set[int]) -> set[int]:
    return set(documents_visible(user).filter(pk__in=ids).values_list("pk", flat=True))


def _detail(user, document: Document) -> dict[str, Any]:
    """The document, its files and its links both ways; the far end of a link the user may
    not read keeps its symbol and loses its id."""
    outgoing = list(document.outgoing.select_related("target").order_by("kind", "target_symbol"))
    incoming = list(DocumentRelation.objects.filter(target=document).select_related("source"))
    readable = _visible_ids(
        user,
        {r.target_id for r in outgoing if r.target_id} | {r.source_id for r in incoming},
    )
    return {
        **_document_fields(document),
        "full_text": document.full_text,
        "attachments": list(document.attachments.order_by("uploaded_at", "id")),
        "relations": [
            {
                "kind": r.kind,
                "kind_name": r.get_kind_display(),
                "target_symbol": r.target_symbol,
                "target_id": r.target_id if r.target_id in readable else None,
                # The date the text gave, or the registered one when the user may read it.
                "target_date": r.target.issued_on
                if r.target and r.target_id in readable
                else r.target_date,
            }
            for r in outgoing
        ],
        "incoming": [
            {
                "kind": r.kind,
                "kind_name": r.get_kind_display(),
                "source_symbol": r.source.symbol,
                "source_id": r.source_id if r.source_id in readable else None,
                "source_date": r.source.issued_on,
            }
            for r in sorted(incoming, key=lambda r: (r.kind, r.source.symbol))
        ],
    }


@router.get(
    "/{int:document_id}/",
    response=DocumentDetailOut,
    url_name="document_detail",
    summary="Một văn bản và các liên kết",
)
def document_detail(request: HttpRequest, document_id: int):
    """Một văn bản được xem (404 nếu không có, ngoài phạm vi hoặc mật), với tệp đính kèm,
    các văn bản nó dẫn chiếu (`relations`) và các văn bản dẫn chiếu đến nó (`incoming`)."""
    document = (
        documents_visible(request.user)
        .select_related("orgunit", "registered_by")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    return _detail(request.user, document)


def _request_fields(request: HttpRequest) -> tuple[dict[str, Any], UploadedFile | None]:
    """The fields of a JSON object body, or of a multipart form and its `file`."""
    try:
        if request.content_type == "multipart/form-data":
            return request.POST.dict(), request.FILES.get("file")
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body)
            except ValueError:
                raise HttpError(400, _("Nội dung JSON không hợp lệ.")) from None
            if not isinstance(data, dict):
                raise HttpError(400, _("Nội dung JSON phải là một đối tượng {…}."))
            return data, None
    except RequestDataTooBig:
        raise HttpError(413, _("Dữ liệu gửi lên quá lớn.")) from None
    raise HttpError(
        415, _("Gửi JSON (application/json) hoặc biểu mẫu có tệp (multipart/form-data).")
    )


def _upload_text(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise HttpError(
            413, _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        return decode_bytes(upload.read(), repair=True).text
    except DecodeError:
        raise HttpError(400, _("Không đọc được tệp thành văn bản tiếng Việt.")) from None


def _checked_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise HttpError(400, _('Thiếu nội dung: gửi {"text": "…"} hoặc một tệp (file).'))
    if len(text) > MAX_TEXT_CHARS:
        raise HttpError(
            413,
            _("Văn bản quá dài (tối đa %(n)s ký tự).")
            % {"n": f"{MAX_TEXT_CHARS:,}".replace(",", ".")},
        )
    return text


@extract_router.post(
    "/", url_name="extract", summary="Đọc văn bản bằng bộ công cụ", openapi_extra=_TEXT_OR_FILE
)
def extract_text(request: HttpRequest):
    """Văn bản (JSON `{"text": …}`) hoặc tệp .txt/.docx/.pdf (trường `file`) → những gì bộ
    công cụ đọc được: văn bản dẫn chiếu, quan hệ, ngày tháng, số liệu, và `text` đã chuẩn hóa
    mà mọi vị trí (span) trỏ vào."""
    fields, upload = _request_fields(request)
    text = _checked_text(_upload_text(upload) if upload is not None else fields.get("text"))
    return HttpResponse(extract(text).to_json(), content_type="application/json; charset=utf-8")
