"""Staff accounts, their roles on subtrees of the organisation, and API tokens."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuyengiao.orgunits.models import OrgUnit


class User(AbstractUser):
    """Cán bộ: a member of staff. Holds only what login and the audit trail need.

    Personal data stays at username, full name and e-mail. Pages that create users store the
    whole họ và tên ("Nguyễn Văn An") in `first_name` and leave `last_name` empty: splitting
    Vietnamese names into Django's Western first/last pair only reverses them.
    """

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """Vai trò. Each role includes the ones before it: an approver may also edit and view."""

    # "Xem" is also the button that shows a page's choice: the role has its own context.
    VIEWER = "viewer", pgettext_lazy("role", "Xem")
    EDITOR = "editor", _("Nhập liệu")
    APPROVER = "approver", _("Phê duyệt")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")

    @classmethod
    def at_least(cls, role: "Role | str") -> list[str]:
        """The roles that grant `role`: itself and every stronger one."""
        order = [r.value for r in cls]
        return order[order.index(str(role)) :]


class RoleAssignment(models.Model):
    """Phân quyền: a user holds a role on a unit, valid for its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("người dùng"),
    )
    orgunit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "orgunit", "role"], name="roleassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.orgunit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
