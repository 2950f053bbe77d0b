"""Writes for accounts: tokens and role assignments."""

import logging
import secrets

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.audit import LOGIN_LOCKOUT, audit_bulk
from tuyengiao.accounts.models import ApiToken, Role, RoleAssignment, User
from tuyengiao.accounts.scope import require_role
from tuyengiao.accounts.selectors import user_is_managed
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.normalize import nfc

log = logging.getLogger(__name__)


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `user`. Returns the row and the secret, which is never stored."""
    key = secrets.token_urlsafe(32)
    # A leading "-" would make the prefix read as an option in `tuyengiao token revoke`.
    while key.startswith("-"):
        key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """Revoke `token` for good; the row stays so that the audit trail can name it."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_create(*, username: str, full_name: str, email: str = "", password: str) -> User:
    """A new member of staff, never a site administrator. Holds only username, name, e-mail.

    The whole họ và tên goes in `first_name` (see `User`). Raises ValidationError for a taken
    username or a weak password.
    """
    user = User(username=nfc(username).strip(), first_name=nfc(full_name).strip(), email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    return user


def role_assign(
    *, actor: User | AnonymousUser, user: User, orgunit: OrgUnit, role: Role | str
) -> RoleAssignment:
    """Give `user` a role on `orgunit`, if `actor` administers that unit.

    A unit administrator can only grant inside their own subtree (so never above their unit)
    and only the four unit roles: site administrator is not a role and cannot be granted here.
    """
    role = Role(role)
    require_role(actor, orgunit, role=Role.UNIT_ADMIN)
    if orgunit.closed_on is not None and orgunit.closed_on <= timezone.localdate():
        raise ValidationError(_("Đơn vị đã giải thể: không thể phân quyền trên đơn vị này."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, orgunit=orgunit, role=role
    )
    return assignment


def role_revoke(*, actor: User | AnonymousUser, assignment: RoleAssignment) -> None:
    """Take a role away. The audit trail keeps who held it, where, and who revoked it."""
    require_role(actor, assignment.orgunit, role=Role.UNIT_ADMIN)
    # Revoking one's own role could leave a unit with no administrator by a slip of the hand.
    if assignment.user_id == actor.pk:
        raise PermissionDenied(_("Bạn không thể tự thu hồi quyền của chính mình."))
    assignment.delete()


def user_unlock(*, actor: User | AnonymousUser, user: User) -> int:
    """Lift a login lock-out early, from every address (django-axes), for a user in the
    actor's unit-administrator scope. Returns the number of records cleared."""
    if not user_is_managed(admin=actor, user=user):
        raise PermissionDenied(_("Bạn không quản trị người dùng này."))
    cleared = axes_reset(username=user.username)
    if cleared:
        # Axes records are not audited (settings exclude them): the user's history keeps
        # who lifted the lock-out and when.
        audit_bulk(
            User,
            [(user, LogEntry.Action.UPDATE, {LOGIN_LOCKOUT: ("locked", "unlocked")})],
            actor=actor,
        )
    log.info("Login lock-out of %s lifted by %s", user.username, actor.get_username())
    return cleared
