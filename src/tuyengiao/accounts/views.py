"""Pages for accounts: password change, an object's history, role management.

The login and logout pages are Django's own, set up in urls.py.
"""

from datetime import timedelta

from axes import helpers as axes_helpers
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao.accounts import selectors, services
from tuyengiao.accounts.forms import PasswordChangeForm, RoleGrantForm, UserCreateForm
from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.accounts.scope import get_in_scope_or_404

HISTORY_PAGE_SIZE = 50
ROLES_PAGE_SIZE = 100


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Tài khoản tạm khóa (AXES_LOCKOUT_CALLABLE): axes' page, with the time actually left."""
    username = axes_helpers.get_client_username(request, credentials) or ""
    ends_at = selectors.lockout_ends_at(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    )
    cool_off = timedelta(minutes=settings.AXES_COOLOFF_TIME * 60)
    left = cool_off if ends_at is None else max(ends_at - timezone.now(), timedelta(seconds=1))
    context = {
        "failure_limit": axes_helpers.get_failure_limit(request, credentials),
        "username": username,
        "cooloff_timedelta": min(left, cool_off),
    }
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        context,
        # Axes' default is 429 Too Many Requests; settings may leave it unnamed.
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Đổi mật khẩu: the old password is checked as a login, so that it counts toward the
    lock-out (see `PasswordChangeForm`)."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
def history(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """Lịch sử thay đổi: every recorded change to one object the user may see."""
    obj = selectors.history_object_get(user=request.user, label=label, pk=pk)
    page = Paginator(selectors.audit_history(obj), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/history.html",
        {"object": obj, "verbose_name": obj._meta.verbose_name, "page": page},
    )


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    """Phân quyền: a unit administrator's staff list, with forms to grant roles."""
    units = selectors.admin_units(user=request.user)
    if not units.exists():
        raise PermissionDenied
    grant_form = RoleGrantForm(units=units, prefix="grant")
    create_form = UserCreateForm(units=units, prefix="create")
    if request.method == "POST":
        if "grant-username" in request.POST:
            grant_form = RoleGrantForm(request.POST, units=units, prefix="grant")
            if grant_form.is_valid() and _grant(request, grant_form):
                return redirect("accounts:roles")
        else:
            create_form = UserCreateForm(request.POST, units=units, prefix="create")
            if create_form.is_valid() and _create_and_grant(request, create_form):
                return redirect("accounts:roles")
    assignments = Paginator(
        selectors.role_assignments_managed(user=request.user), ROLES_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    usernames = [a.user.username for a in assignments]
    return render(
        request,
        "accounts/roles.html",
        {
            "page": assignments,
            "locked": selectors.locked_out_usernames(usernames=usernames),
            "grant_form": grant_form,
            "create_form": create_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _grant(request: HttpRequest, form: RoleGrantForm) -> bool:
    data = form.cleaned_data
    try:
        services.role_assign(
            actor=request.user, user=data["username"], orgunit=data["orgunit"], role=data["role"]
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, _("Đã cấp quyền cho %(user)s.") % {"user": data["username"]})
    return True


def _create_and_grant(request: HttpRequest, form: UserCreateForm) -> bool:
    data = form.cleaned_data
    try:
        # One transaction: a new account never exists without the role it was made for.
        with transaction.atomic():
            user = services.user_create(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
            )
            services.role_assign(
                actor=request.user, user=user, orgunit=data["orgunit"], role=data["role"]
            )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, _("Đã tạo tài khoản %(user)s.") % {"user": user.username})
    return True


@require_POST
@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_in_scope_or_404(
        RoleAssignment.objects.select_related("user", "orgunit"),
        request.user,
        role=Role.UNIT_ADMIN,
        path_field="orgunit__path",
        pk=pk,
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("accounts:roles")
    messages.success(
        request,
        _("Đã thu hồi quyền %(role)s của %(user)s tại %(unit)s.")
        % {
            "role": assignment.get_role_display(),
            "user": assignment.user,
            "unit": assignment.orgunit,
        },
    )
    return redirect("accounts:roles")


@require_POST
@login_required
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if not selectors.user_is_managed(admin=request.user, user=user):
        # The same answer as for a missing user: ids outside one's scope reveal nothing.
        raise Http404
    services.user_unlock(actor=request.user, user=user)
    messages.success(request, _("Đã mở khóa đăng nhập cho %(user)s.") % {"user": user})
    return redirect("accounts:roles")
