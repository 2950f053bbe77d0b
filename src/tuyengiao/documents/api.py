"""The document registry over the API: search, one document with its links, register, and
the text toolkit on its own.

Every read goes through the selectors (`documents_visible`), so a document the caller may
not read answers 404 exactly like one that does not exist, and a link to it keeps its symbol
and loses its id. Registration goes through `document_register`, which checks the editor
role; the audit actor of a token request is set by the token authentication.
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import ValidationError as SchemaError

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, scope_filter
from tuyengiao.apikit import ErrorOut, field_errors, invalid, schema_errors
from tuyengiao.documents.models import Attachment, Document, DocumentRelation
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.schemas import (
    DOCUMENT_BODY,
    TEXT_BODY,
    AttachmentOut,
    DocumentDetailOut,
    DocumentFilter,
    DocumentIn,
    DocumentOut,
    DocumentPageOut,
    DuplicateOut,
)
from tuyengiao.documents.search import search_documents
from tuyengiao.documents.selectors import (
    document_get_visible_or_404,
    document_relations,
    documents_visible,
    editor_units,
)
from tuyengiao.documents.services import DuplicateDocument, document_prefill, document_register
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.docnum import canonical_symbol
from tuyengiao.textkit.pipeline import extract
from tuyengiao.ui.formats import format_number

router = Router(tags=["documents"])
extract_router = Router(tags=["documents"])

# At the toolkit's speed (bench/README.md, `extract.py`) a text this long still answers
# within a request.
MAX_TEXT_CHARS = 2_000_000
# What the symbol alone tells; the rest of a header (date, title, organ) it cannot.
IDENTITY = ("system", "type_code", "type_name", "number", "year", "issuer_code")


# --- reading a request ---------------------------------------------------------------------


def _request_fields(request: HttpRequest) -> tuple[dict[str, Any], UploadedFile | None]:
    """The fields of a JSON object body, or of a multipart form and its `file`."""
    try:
        if request.content_type == "multipart/form-data":
            # A field left empty in a form means "not given": the text decides.
            fields = {k: v for k, v in request.POST.dict().items() if v.strip()}
            return fields, request.FILES.get("file")
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
    # No bigger than TUYENGIAO_MAX_UPLOAD_MB: a larger request is refused before it is read
    # (web.uploads), so reading the file whole is bounded.
    try:
        return parse_upload(filename=upload.name or "", data=upload.read()).text
    except ParseError as error:
        raise HttpError(400, str(error)) from None


def _checked_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise HttpError(400, _('Thiếu nội dung: gửi {"text": "…"} hoặc một tệp (file).'))
    if len(text) > MAX_TEXT_CHARS:
        raise HttpError(
            413,
            _("Văn bản quá dài (tối đa %(n)s ký tự).") % {"n": format_number(MAX_TEXT_CHARS)},
        )
    return text


def _bad_input(errors: list[dict[str, Any]]) -> Status:
    return Status(400, invalid(errors))


def _document_in(fields: dict[str, Any]) -> DocumentIn:
    if isinstance(fields.get("references"), str):  # a form sends the list as JSON text
        try:
            fields["references"] = json.loads(fields["references"])
        except ValueError:
            raise HttpError(400, _("Trường references phải là một danh sách JSON.")) from None
    return DocumentIn.model_validate(fields)


# --- /api/documents/ -----------------------------------------------------------------------


# Named as on the model; the others (ids of related rows, the unit's name) are spelled out.
_SAME_NAME = [
    name
    for name in DocumentOut.model_fields
    if name not in {"issuer_unit", "orgunit", "orgunit_name"}
]


def _document_fields(document: Document) -> dict[str, Any]:
    return {
        **{name: getattr(document, name) for name in _SAME_NAME},
        "issuer_unit": document.issuer_unit_id,
        "orgunit": document.orgunit_id,
        "orgunit_name": document.orgunit.name,
    }


def _outgoing(relation: DocumentRelation) -> dict[str, Any]:
    visible = relation.visible  # type: ignore[attr-defined]
    return {
        "kind": relation.kind,
        "kind_name": relation.get_kind_display(),
        "target_symbol": relation.target_symbol,
        "target_id": relation.target_id if visible else None,
        # The date the text gave, or the registered one when the user may read it.
        "target_date": relation.target.issued_on
        if visible and relation.target
        else relation.target_date,
    }


def _incoming(relation: DocumentRelation) -> dict[str, Any]:
    return {
        "kind": relation.kind,
        "kind_name": relation.get_kind_display(),
        "source_symbol": relation.source.symbol,
        "source_id": relation.source_id,
        "source_date": relation.source.issued_on,
    }


def _detail(user, document: Document) -> dict[str, Any]:
    outgoing, incoming = document_relations(user=user, document=document)
    return {
        **_document_fields(document),
        "summary": document.summary,
        "full_text": document.full_text,
        "registered_by": document.registered_by.get_username(),
        "registered_at": document.registered_at,
        "updated_at": document.updated_at,
        "attachments": [
            {
                **{
                    name: getattr(item, name)
                    for name in AttachmentOut.model_fields
                    if name != "url"
                },
                "url": reverse("api:attachment_download", args=[item.pk]),
            }
            for item in document.attachments.order_by("uploaded_at", "id")
        ],
        "relations": [_outgoing(r) for r in outgoing],
        "incoming": [_incoming(r) for r in incoming],
    }


@router.get("/", response=DocumentPageOut, url_name="document_list", summary="Tìm văn bản")
def document_list(request: HttpRequest, filters: Query[DocumentFilter]):
    """Văn bản được xem, khớp `q` (không cần dấu, xếp theo mức liên quan) và các bộ lọc;
    không có `q` thì mới nhất trước. `count` là tổng số kết quả, đếm đến một giới hạn;
    `capped` cho biết còn nhiều hơn."""
    page = search_documents(
        user=request.user,
        query=filters.q,
        symbol=filters.symbol,
        type_code=filters.type,
        issuer_code=filters.issuer,
        year=filters.year,
        relation_kind=filters.relation.value if filters.relation else "",
        limit=filters.limit,
        offset=filters.offset,
    )
    items = [
        {
            **_document_fields(hit.document),
            "score": hit.score,
            "title_html": hit.title_html,
            "snippet_html": hit.snippet_html,
        }
        for hit in page.hits
    ]
    return {"items": items, "count": page.total, "capped": page.capped}


@router.get(
    "/{int:document_id}/",
    response=DocumentDetailOut,
    url_name="document_detail",
    summary="Một văn bản và các liên kết",
)
def document_detail(request: HttpRequest, document_id: int):
    """Một văn bản được xem (404 nếu không có, ngoài phạm vi hoặc mật), với tệp đính kèm,
    các văn bản nó dẫn chiếu (`relations`) và các văn bản dẫn chiếu đến nó (`incoming`)."""
    document = document_get_visible_or_404(user=request.user, pk=document_id)
    return _detail(request.user, document)


@router.get(
    "/attachments/{int:attachment_id}/",
    url_name="attachment_download",
    summary="Tải tệp đính kèm",
)
def attachment_download(request: HttpRequest, attachment_id: int):
    """Tệp đính kèm của một văn bản được xem (404 nếu không)."""
    item = get_object_or_404(
        Attachment.objects.filter(document__in=documents_visible(request.user)), pk=attachment_id
    )
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type=item.content_type or "application/octet-stream",
    )


def _register_values(data: DocumentIn, *, text: str, user) -> dict[str, Any]:
    """The fields to register: what the text's header says, overridden by what was sent.

    The issuing unit, when not sent, is the one the header names, among those the user may
    choose (as the registration form proposes it)."""
    given = data.model_fields_set - {"orgunit", "issuer_unit", "references"}
    values: dict[str, Any] = {"system": "", "symbol": "", "number": "", "full_text": text}
    references: list[Any] = []
    if text.strip():
        # The tree is searched for the header's issuer only when the caller sent none.
        sent = "issuer_unit" in data.model_fields_set
        prefill = document_prefill(text=text, user=None if sent else user)
        values |= {name: getattr(prefill, name) for name in (*IDENTITY, "issuer_name", "symbol")}
        values |= {"issued_on": prefill.issued_on, "title": prefill.title}
        values["issuer_unit"] = prefill.issuer_unit
        references = prefill.references
    symbol = canonical_symbol(data.symbol) or data.symbol.strip()
    if symbol and symbol != values.get("symbol"):
        # Not the document the header names (or no text): the symbol tells what it can.
        alone = document_prefill(text=symbol)
        values |= {name: getattr(alone, name) for name in IDENTITY}
    values |= {name: getattr(data, name) for name in given}
    if values.get("system") is not None:
        values["system"] = str(values["system"])
    if data.references is not None:
        references = [
            {
                "kind": str(ref.kind),
                "target_symbol": ref.target_symbol,
                "target_date": ref.target_date,
            }
            for ref in data.references
        ]
    values["references"] = references
    return values


def _issuer_given(user, data: DocumentIn) -> dict[str, Any]:
    """The issuing unit the caller sent, over the one read from the header."""
    if "issuer_unit" not in data.model_fields_set:
        return {}
    return {"issuer_unit": _issuer_unit(user, data.issuer_unit)}


def _issuer_unit(user, unit_id: int | None) -> OrgUnit | None:
    """The issuing unit among those the user sees, the units above them included."""
    if unit_id is None:
        return None
    units = scope_filter(OrgUnit.objects.all(), user, path_field="path", with_ancestors=True)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"issuer_unit": _("Đơn vị ban hành không có trong phạm vi.")})
    return unit


@router.post(
    "/",
    response={
        201: DocumentDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        409: DuplicateOut,
        413: ErrorOut,
        415: ErrorOut,
    },
    url_name="document_create",
    summary="Đăng ký văn bản",
    openapi_extra=DOCUMENT_BODY,
)
def document_create(request: HttpRequest):
    """Đăng ký một văn bản: JSON với các trường, hoặc biểu mẫu multipart có tệp `file`
    (.txt, .docx, .pdf; Unicode hoặc TCVN3, VNI…) và các trường muốn sửa. Trường bỏ trống
    được đọc từ phần đầu văn bản; các văn bản được dẫn chiếu thành liên kết. Trùng số, ký
    hiệu và ngày ban hành với một văn bản người gọi được xem: 409 kèm `existing_id`. Văn
    bản người gọi không được xem (mật, của đơn vị khác) không được tính: người gọi đăng ký
    bản của mình, không biết văn bản kia có hay không."""
    fields, upload = _request_fields(request)
    try:
        data = _document_in(fields)
    except SchemaError as error:
        return _bad_input(schema_errors(error.errors()))
    orgunit = OrgUnit.objects.filter(pk=data.orgunit).first()
    # Before reading the file; a unit that does not exist reads like one not the user's.
    if orgunit is None or not has_role_on(request.user, orgunit, role=Role.EDITOR):
        raise HttpError(403, "")
    text = _upload_text(upload) if upload is not None else data.full_text
    if text:
        _checked_text(text)
    try:
        document = document_register(
            user=request.user,
            orgunit=orgunit,
            upload=upload,
            **_register_values(data, text=text, user=request.user)
            | _issuer_given(request.user, data),
        )
    except PermissionDenied:
        raise HttpError(403, "") from None
    except DuplicateDocument as error:  # one the caller may read: the service checks no other
        return Status(409, {"detail": error.messages[0], "existing_id": error.existing.pk})
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            return _bad_input(field_errors(error.message_dict))
        return _bad_input(field_errors({"__all__": error.messages}))
    return Status(201, _detail(request.user, document))


# --- /api/extract/ -------------------------------------------------------------------------


@extract_router.post(
    "/",
    response={200: None, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut},
    url_name="extract",
    summary="Đọc văn bản bằng bộ công cụ",
    openapi_extra=TEXT_BODY,
)
def extract_text(request: HttpRequest):
    """Văn bản (JSON `{"text": …}`) hoặc tệp .txt/.docx/.pdf (trường `file`) → những gì bộ
    công cụ đọc được: văn bản dẫn chiếu, quan hệ, ngày tháng, số liệu, cuộc họp của giấy mời
    (`meetings`: `start`, `end`, `place`, `span`), và `text` đã chuẩn hóa mà mọi vị trí (span)
    trỏ vào. Cần quyền nhập liệu văn bản ở một đơn vị, như khi đăng ký."""
    # The right to register documents somewhere, checked as the registration page checks it,
    # and before the body is read: reading a file costs the worker its time and memory.
    if not editor_units(request.user).exists():
        raise HttpError(403, "")
    fields, upload = _request_fields(request)
    text = _checked_text(_upload_text(upload) if upload is not None else fields.get("text"))
    return HttpResponse(extract(text).to_json(), content_type="application/json; charset=utf-8")
