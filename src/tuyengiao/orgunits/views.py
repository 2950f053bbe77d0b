"""Pages of the organisation tree. Thin: scope from `orgunits.access`, logic in services."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.orgunits import forms, selectors, services
from tuyengiao.orgunits.access import UNIT_ADMIN, has_role_on, scope_paths, unit_in_scope_or_404
from tuyengiao.orgunits.exporting import orgunits_export
from tuyengiao.orgunits.importing import orgunits_import
from tuyengiao.orgunits.models import OrgUnit

SEARCH_TARGET = "tree-results"


def _unit_or_404(request: HttpRequest, pk: int) -> OrgUnit:
    return unit_in_scope_or_404(
        OrgUnit.objects.select_related("kind", "parent", "successor"), request.user, pk=pk
    )


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = selectors.orgunit_search(user=request.user, query=query) if query else None
    context: dict[str, object] = {"query": query, "hits": hits}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == SEARCH_TARGET:
        return render(request, "orgunits/_search_results.html", context)
    context["roots"] = selectors.orgunit_roots(user=request.user)
    context["can_import"] = _can_import(request.user)
    return render(request, "orgunits/tree.html", context)


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    nodes = selectors.orgunit_children(user=request.user, unit=unit)
    return render(request, "orgunits/_nodes.html", {"nodes": nodes})


def _rename(unit: OrgUnit, data: dict) -> OrgUnit:
    return services.orgunit_rename(
        unit=unit,
        name=data["name"],
        short_name=data["short_name"],
        effective_on=data["effective_on"],
        note=data["note"],
    )


def _move(unit: OrgUnit, data: dict) -> OrgUnit:
    return services.orgunit_move(
        unit=unit, parent=data["parent"], effective_on=data["effective_on"], note=data["note"]
    )


def _close(unit: OrgUnit, data: dict) -> OrgUnit:
    return services.orgunit_close(unit=unit, closed_on=data["closed_on"], note=data["note"])


def _merge(unit: OrgUnit, data: dict) -> OrgUnit:
    services.orgunit_merge(
        units=[unit],
        successor=data["successor"],
        merged_on=data["merged_on"],
        move_children=data["move_children"],
        note=data["note"],
    )
    return unit


def _add_child(unit: OrgUnit, data: dict) -> OrgUnit:
    return services.orgunit_create(parent=unit, **data)


# Action name → (form, service call, message on success).
ACTIONS: dict[str, tuple[type[Form], Callable[[OrgUnit, dict], OrgUnit], str]] = {
    "rename": (forms.RenameForm, _rename, gettext_noop("Đã đổi tên đơn vị.")),
    "move": (forms.MoveForm, _move, gettext_noop("Đã chuyển đơn vị sang cấp trên mới.")),
    "close": (forms.CloseForm, _close, gettext_noop("Đã giải thể đơn vị.")),
    "merge": (forms.MergeForm, _merge, gettext_noop("Đã hợp nhất đơn vị.")),
    "add_child": (forms.ChildForm, _add_child, gettext_noop("Đã thêm đơn vị cấp dưới.")),
}


def _admin_forms(request: HttpRequest, unit: OrgUnit, bound: tuple[str, Form] | None = None):
    if not unit.is_open or not has_role_on(request.user, unit, role=UNIT_ADMIN):
        return {}
    forms_by_action: dict[str, Form] = {
        action: form_class(user=request.user, unit=unit)  # type: ignore[call-arg]
        for action, (form_class, _call, _msg) in ACTIONS.items()
    }
    if bound is not None:
        forms_by_action[bound[0]] = bound[1]
    return forms_by_action


def _render_detail(request: HttpRequest, unit: OrgUnit, bound=None, status: int = 200):
    user = request.user
    context = {
        "unit": unit,
        "ancestors": selectors.orgunit_ancestors(user=user, unit=unit),
        "nodes": selectors.orgunit_children(user=user, unit=unit),
        "predecessors": selectors.orgunit_predecessors(user=user, unit=unit),
        "successor_chain": [
            s for s in selectors.orgunit_successor_chain(unit) if has_role_on(user, s)
        ],
        "events": selectors.orgunit_events(unit=unit),
        "admin_forms": _admin_forms(request, unit, bound),
        "open_action": bound[0] if bound else None,
    }
    return render(request, "orgunits/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _unit_or_404(request, pk))


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise Http404
    unit = _unit_or_404(request, pk)
    if not unit.is_open or not has_role_on(request.user, unit, role=UNIT_ADMIN):
        raise PermissionDenied
    form_class, call, message = ACTIONS[name]
    form = form_class(request.POST, user=request.user, unit=unit)  # type: ignore[call-arg]
    if form.is_valid():
        try:
            call(unit, form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _(message))
            return redirect("orgunits:detail", pk=unit.pk)
    return _render_detail(request, unit, bound=(name, form), status=400)


def _can_import(user) -> bool:
    paths = scope_paths(user, role=UNIT_ADMIN)
    return paths is None or bool(paths)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not _can_import(request.user):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = orgunits_import(
            user=request.user,
            content=upload,
            filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
    status = 400 if (request.method == "POST" and (result is None or not result.ok)) else 200
    return render(request, "orgunits/import.html", {"form": form, "result": result}, status=status)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "csv")
    if file_format not in CONTENT_TYPES:
        return HttpResponse(_("Định dạng phải là csv hoặc xlsx."), status=400)
    content = orgunits_export(user=request.user, file_format=file_format)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"cay-to-chuc-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
