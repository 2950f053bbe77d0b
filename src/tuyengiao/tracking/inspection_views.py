"""Pages of inspections: the list, a new delegation, and one inspection with its findings
and recommendations per unit. Reads through the selectors, writes through `inspections`,
which checks the roles again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on
from tuyengiao.documents.selectors import documents_visible, editor_units
from tuyengiao.tracking import forms, selectors
from tuyengiao.tracking.inspections import (
    MemberDraft,
    findings_save,
    inspection_create,
    recommendation_add,
)
from tuyengiao.tracking.models import InspectedUnit


@login_required
@require_GET
def inspections(request: HttpRequest) -> HttpResponse:
    items = selectors.inspections_visible(request.user).select_related("orgunit")[:200]
    return render(
        request,
        "tracking/inspections.html",
        {"items": items, "can_create": editor_units(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest) -> HttpResponse:
    if not editor_units(request.user).exists():
        raise PermissionDenied
    form = forms.InspectionForm(request.POST or None, user=request.user)
    members = forms.MemberFormSet(request.POST or None, prefix="member")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = form.cleaned_data
        try:
            inspection = inspection_create(
                user=request.user,
                orgunit=data["orgunit"],
                title=data["title"],
                topics=data["topics"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                units=data["units"],
                documents=data["documents"],
                members=[
                    MemberDraft(name=m["name"], role=m["role"], position=m["position"])
                    for m in members.cleaned_data
                    if m and m.get("name")
                ],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lập đoàn kiểm tra."))
            return redirect("tracking:inspection", pk=inspection.pk)
    return render(request, "tracking/inspection_new.html", {"form": form, "members": members})


@login_required
@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.inspection_get_visible_or_404(user=request.user, pk=pk)
    units = selectors.inspection_units(user=request.user, inspection=item)
    today = timezone.localdate()
    for inspected in units:
        for recommendation in inspected.recommendations.all():
            [assignment] = recommendation.task.assignments.all()[:1] or [None]
            recommendation.assignment = assignment  # type: ignore[attr-defined]
            recommendation.effective = (  # type: ignore[attr-defined]
                assignment.effective_status(today) if assignment else ""
            )
    editable = has_role_on(request.user, item.orgunit, role=Role.EDITOR)
    context = {
        "item": item,
        "units": units,
        "members": item.members.all(),
        # A confidential directive stays unnamed to those who cannot open it.
        "documents": documents_visible(request.user).filter(inspections=item),
        "editable": editable,
        "findings_forms": {
            u.pk: forms.FindingsForm(
                initial={"strengths": u.strengths, "shortcomings": u.shortcomings},
                prefix=f"u{u.pk}",
            )
            for u in units
        }
        if editable
        else {},
    }
    return render(request, "tracking/inspection.html", context)


def _inspected(request: HttpRequest, pk: int, unit_pk: int) -> InspectedUnit:
    item = selectors.inspection_get_visible_or_404(user=request.user, pk=pk)
    for inspected in selectors.inspection_units(user=request.user, inspection=item):
        if inspected.pk == unit_pk:
            return inspected
    raise Http404


@login_required
@require_POST
def findings(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    inspected = _inspected(request, pk, unit_pk)
    form = forms.FindingsForm(request.POST, prefix=f"u{inspected.pk}")
    if form.is_valid():
        findings_save(user=request.user, inspected=inspected, **form.cleaned_data)
        messages.success(request, _("Đã lưu kết quả kiểm tra của %(unit)s.") % {
            "unit": inspected.orgunit})  # fmt: skip
    return redirect("tracking:inspection", pk=pk)


@login_required
@require_POST
def recommendation(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    inspected = _inspected(request, pk, unit_pk)
    form = forms.RecommendationForm(request.POST)
    if not form.is_valid():
        # A wrong deadline says what is wrong with it; otherwise the text is missing.
        wrong_day = form.errors.get("deadline")
        messages.error(
            request, str(wrong_day[0]) if wrong_day else _("Kiến nghị chưa có nội dung.")
        )
        return redirect("tracking:inspection", pk=pk)
    try:
        recommendation_add(user=request.user, inspected=inspected, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã giao kiến nghị thành nhiệm vụ cho %(unit)s.") % {"unit": inspected.orgunit},
        )
    return redirect("tracking:inspection", pk=pk)
