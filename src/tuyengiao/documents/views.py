"""Pages of the document registry. Thin: reads through the selectors and `search`, writes
through the services, which check the roles again."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, require_role
from tuyengiao.documents import forms, staging
from tuyengiao.documents.graph import document_graph_svg, graph_nodes
from tuyengiao.documents.models import Attachment, Document, DocumentRelation
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.search import search_documents
from tuyengiao.documents.selectors import (
    derivation_tree,
    document_get_visible_or_404,
    document_relations,
    documents_visible,
    editor_units,
)
from tuyengiao.documents.services import (
    DuplicateDocument,
    PrefillRelation,
    document_prefill,
    document_register,
    document_update,
    relation_add,
    relation_remove,
)

PAGE_SIZE = 20
RESULTS_TARGET = "document-results"
DOCUMENT_FIELDS = [
    "system",
    "symbol",
    "number",
    "type_code",
    "type_name",
    "year",
    "issuer_code",
    "issuer_name",
    "issuer_unit",
    "issued_on",
    "title",
    "summary",
    "full_text",
    "confidential",
]


def _url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    page = data.get("page") or 1
    result = search_documents(
        user=request.user,
        query=data.get("q") or "",
        type_code=data.get("type") or "",
        issuer_code=data.get("issuer") or "",
        year=data.get("year"),
        relation_kind=data.get("relation") or "",
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    query: dict[str, str | int] = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "page": page,
        "pages": max(1, -(-result.total // PAGE_SIZE)),
        "previous_query": urlencode({**query, "page": page - 1}) if page > 1 else None,
        "next_query": (
            urlencode({**query, "page": page + 1}) if page * PAGE_SIZE < result.total else None
        ),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == RESULTS_TARGET:
        return render(request, "documents/_results.html", context)
    context["can_register"] = editor_units(request.user).exists()
    return render(request, "documents/index.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = document_get_visible_or_404(user=user, pk=pk)
    outgoing, incoming = document_relations(user=user, document=document)
    graph = document_graph_svg(
        document=document,
        above=graph_nodes(outgoing, outgoing=True, url_for=_url),
        below=graph_nodes(incoming, outgoing=False, url_for=_url),
    )
    context = {
        "document": document,
        "outgoing": outgoing,
        "incoming": incoming,
        "graph": graph if outgoing or incoming else None,
        "attachments": document.attachments.order_by("uploaded_at"),
        "can_edit": has_role_on(user, document.orgunit, role=Role.EDITOR),
        # Any editor may set tasks from a directive that came down to them.
        "can_register": editor_units(user).exists(),
        # The history shows old values, a confidential text too: approvers only (apps.py).
        "can_see_history": has_role_on(user, document.orgunit, role=Role.APPROVER),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        Attachment.objects.filter(document__in=documents_visible(request.user)), pk=pk
    )
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type=item.content_type or "application/octet-stream",
    )


@login_required
@require_GET
def tree(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_visible_or_404(user=request.user, pk=pk)
    nodes = derivation_tree(user=request.user, document=document)
    return render(request, "documents/tree.html", {"document": document, "nodes": nodes})


def _read_source(request: HttpRequest, source: forms.SourceForm) -> HttpResponse:
    """Step one done: read the header and show the prefilled form."""
    data = source.cleaned_data
    if data["file"]:
        raw = data["file"].read()
        try:
            text = parse_upload(filename=data["file"].name, data=raw).text
        except ParseError as exc:
            source.add_error("file", str(exc))
            return render(request, "documents/register.html", {"form": source}, status=400)
        stage = staging.stage(request, text=text, filename=data["file"].name, data=raw)
    else:
        text = data["text"]
        stage = staging.stage(request, text=text)
    prefill = document_prefill(text=text, user=request.user)
    initial = {
        "orgunit": data["orgunit"].pk,
        "upload_token": stage.token,
        "system": prefill.system,
        "symbol": prefill.symbol,
        "number": prefill.number,
        "type_code": prefill.type_code,
        "type_name": prefill.type_name,
        "year": prefill.year,
        "issuer_code": prefill.issuer_code,
        "issuer_name": prefill.issuer_name,
        "issuer_unit": prefill.issuer_unit,
        "issued_on": prefill.issued_on,
        "title": prefill.title,
    }
    references = [
        {
            "keep": True,
            "kind": r.kind,
            "target_symbol": r.target_symbol,
            "target_date": r.target_date,
        }
        for r in prefill.references
    ]
    context = {
        "form": forms.RegisterForm(initial=initial, user=request.user),
        "references": forms.ReferenceFormSet(initial=references, prefix="ref"),
        "duplicate": prefill.duplicate,
        "staged": stage,
    }
    return render(request, "documents/register_confirm.html", context)


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _register_confirm(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.RegisterForm(request.POST, user=user)
    references = forms.ReferenceFormSet(request.POST, prefix="ref")
    # The text read at step one, kept on the server (staging): the form carries its token.
    stage = staging.staged(request, request.POST.get("upload_token", ""))
    context: dict[str, Any] = {"form": form, "references": references, "staged": stage}
    if stage is None:
        form.add_error(
            None,
            _(
                "Không còn nội dung văn bản đã đọc (quá một ngày hoặc đã lưu): hãy chọn tệp "
                "hoặc dán nội dung lại."
            ),
        )
    elif form.is_valid() and references.is_valid():
        data = form.cleaned_data
        chosen = [
            PrefillRelation(
                kind=ref["kind"], target_symbol=ref["target_symbol"], target_date=ref["target_date"]
            )
            for ref in references.cleaned_data
            if ref.get("keep") and ref.get("target_symbol")
        ]
        try:
            document = document_register(
                user=user,
                orgunit=data["orgunit"],
                references=chosen,
                upload=stage.upload(),
                full_text=stage.text,
                **{name: data[name] for name in DOCUMENT_FIELDS if name != "full_text"},
            )
        except DuplicateDocument as exc:
            form.add_error(None, exc.messages)
            context["duplicate"] = exc.existing  # one the user may read: no other counts
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            staging.unstage(request, stage.token)
            messages.success(request, _("Đã đăng ký văn bản %(symbol)s.") % {"symbol": document})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/register_confirm.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if not editor_units(request.user).exists():
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _register_confirm(request)
    source = forms.SourceForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if source.is_valid():
            return _read_source(request, source)
        return render(request, "documents/register.html", {"form": source}, status=400)
    return render(request, "documents/register.html", {"form": source})


def _editable_or_403(request: HttpRequest, pk: int) -> Document:
    document = document_get_visible_or_404(user=request.user, pk=pk)
    require_role(request.user, document.orgunit, role=Role.EDITOR)
    return document


def _render_edit(request, document, form, relation_form, status: int = 200) -> HttpResponse:
    outgoing, _incoming = document_relations(user=request.user, document=document)
    context = {
        "document": document,
        "form": form,
        "relation_form": relation_form,
        "outgoing": outgoing,
    }
    return render(request, "documents/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _editable_or_403(request, pk)
    initial = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    form = forms.DocumentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                document_update(user=request.user, document=document, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("documents:detail", pk=document.pk)
        return _render_edit(request, document, form, forms.RelationAddForm(), status=400)
    return _render_edit(request, document, form, forms.RelationAddForm())


@login_required
@require_POST
def relation_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = _editable_or_403(request, pk)
    relation_form = forms.RelationAddForm(request.POST)
    if relation_form.is_valid():
        try:
            relation_add(user=request.user, source=document, **relation_form.cleaned_data)
        except ValidationError as exc:
            _add_errors(relation_form, exc)
        else:
            messages.success(request, _("Đã thêm liên kết."))
            return redirect("documents:edit", pk=document.pk)
    initial = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    form = forms.DocumentForm(initial=initial, user=request.user)
    return _render_edit(request, document, form, relation_form, status=400)


@login_required
@require_POST
def relation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relation = get_object_or_404(
        DocumentRelation.objects.select_related("source__orgunit").filter(
            source__in=documents_visible(request.user)
        ),
        pk=pk,
    )
    require_role(request.user, relation.source.orgunit, role=Role.EDITOR)
    relation_remove(user=request.user, relation=relation)
    messages.success(request, _("Đã bỏ liên kết."))
    return redirect("documents:edit", pk=relation.source_id)
