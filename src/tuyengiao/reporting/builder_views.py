"""Pages of the form builder: the forms a unit administrator manages, and one form's
settings and layout. Only administrators of a form's owner reach it (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_paths
from tuyengiao.reporting.builder import forms_managed, manages_forms
from tuyengiao.reporting.forms import ReportFormForm, RuleForm
from tuyengiao.reporting.models import ValidationRule
from tuyengiao.reporting.services import report_form_save
from tuyengiao.values.models import Indicator


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    context = {
        "forms": forms_managed(request.user),
        "can_create": manages_forms(request.user),
        "rules": ValidationRule.objects.all(),
        "edits_rules": _edits_rules(request.user),
    }
    return render(request, "reporting/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    instance = None
    if code is not None:
        instance = get_object_or_404(forms_managed(request.user), code=code)
    elif not manages_forms(request.user):
        raise PermissionDenied(_("Chỉ quản trị đơn vị mới tạo được biểu mẫu."))
    data = request.POST if request.method == "POST" else None
    form = ReportFormForm(data, user=request.user, instance=instance)
    if form.is_valid():
        try:
            saved = report_form_save(
                user=request.user, form=instance, fields=form.to_fields(), layout=form.sections
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu biểu mẫu “%(name)s”.") % {"name": saved.name})
            return redirect(reverse("reporting:form_edit", args=[saved.code]))
    context = {
        "form": form,
        "instance": instance,
        "indicators": Indicator.objects.filter(is_active=True).order_by("sort_order", "code"),
    }
    return render(request, "reporting/form_edit.html", context, status=400 if data else 200)


def _edits_rules(user) -> bool:
    # A rule is checked in every unit's forms that hold its indicators, and a serious one
    # blocks their submission: only administrators of the whole tree change rules.
    return scope_paths(user, role=Role.UNIT_ADMIN) is None


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    if not _edits_rules(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới sửa được quy tắc kiểm tra."))
    instance = get_object_or_404(ValidationRule, code=code) if code else ValidationRule()
    data = request.POST if request.method == "POST" else None
    form = RuleForm(data, instance=instance)
    if form.is_valid():
        rule = form.save()
        messages.success(request, _("Đã lưu quy tắc “%(code)s”.") % {"code": rule.code})
        return redirect(reverse("reporting:rule_edit", args=[rule.code]))
    context = {"form": form, "instance": instance if code else None}
    return render(request, "reporting/rule_edit.html", context, status=400 if data else 200)
