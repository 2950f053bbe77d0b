"""Forms for logging in, changing one's password and granting roles."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as _PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role, User
from tuyengiao.orgunits.models import OrgUnit, OrgUnitQuerySet
from tuyengiao.ui.choices import TreeChoiceField


class LoginForm(AuthenticationForm):
    """Django's login form with labels and errors in Vietnamese that say what to do."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ "
            "thường; sau %(limit)s lần sai liên tiếp, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên đơn vị."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class PasswordChangeForm(_PasswordChangeForm):
    """Django's form, with the old password checked as a login is (`authenticate`).

    A wrong old password is then a failed login for django-axes: it counts toward the
    lock-out, and a locked-out account cannot go on guessing here, in a session left open.
    """

    def __init__(self, user, *args, request, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class _RoleFields(forms.Form):
    # Names without codes: the list reads like the subtree the user administers.
    orgunit = TreeChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(), show_code=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args, units: OrgUnitQuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the admin's own subtree is offered, and only it validates: a unit id from
        # elsewhere posted by hand is rejected as an invalid choice.
        field = self.fields["orgunit"]
        field.queryset = units.select_related(None).order_by("path")  # type: ignore[attr-defined]


class RoleGrantForm(_RoleFields):
    """Grant a role to an existing member of staff, found by username."""

    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    field_order = ["username", "orgunit", "role"]

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ValidationError(_("Không có người dùng nào với tên đăng nhập này."))
        return user


class UserCreateForm(_RoleFields):
    """Create a member of staff with an initial password and grant them a role at once."""

    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password1 = forms.CharField(
        label=_("Mật khẩu ban đầu"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    field_order = ["username", "full_name", "email", "password1", "password2", "orgunit", "role"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif password1:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password1, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
