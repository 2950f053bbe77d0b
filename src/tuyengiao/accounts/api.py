"""The API's authentication (`Authorization: Bearer <token>`, or the login session), and
/api/me/."""

import contextlib
from typing import cast

from auditlog.context import auditlog_value
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tuyengiao.accounts.models import ApiToken, RoleAssignment, User

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # the figures' source
        _audit_as(found.user)
        return found.user


class SessionAuth(APIKeyCookie):
    """The login session, for the pages and /api/docs, with Django's CSRF check.

    ninja's own `django_auth` checks CSRF before it looks at the session, so a POST with a
    bad or revoked token and no session was refused as "forbidden, CSRF" (403) when nobody
    had been authenticated at all. Here the CSRF token is asked only of a request that the
    session does authenticate: one without a session falls through to 401.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # `csrf` stays true: /api/docs reads it to send the token with Swagger's requests.
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # ninja's own checks CSRF here, before knowing whether the session authenticates.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if request.method not in SAFE_METHODS and not exempt and check_csrf(request):
            raise HttpError(
                403,
                _("Thiếu mã CSRF: gửi kèm mã CSRF của phiên, hoặc dùng `Authorization: Bearer`."),
            )
        return request.user


def _audit_as(user: User) -> None:
    """Make `user` the actor of the audit entries written during this request.

    AuditlogMiddleware picks the actor before the view runs, when a token request still
    looks anonymous; its context is a dict we can complete once the token is accepted.
    """
    with contextlib.suppress(LookupError):  # no context outside a request
        auditlog_value.get()["actor"] = user


router = Router(tags=["accounts"])


class RoleOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    role: str
    role_name: str


class MeOut(Schema):
    username: str
    full_name: str
    is_site_admin: bool
    roles: list[RoleOut]


@router.get("/me/", response=MeOut, url_name="me", summary="Người dùng hiện tại")
def me(request: HttpRequest):
    """Người dùng hiện tại và các vai trò của họ."""
    # Authenticated by the API's auth, so never anonymous here.
    user = cast(User, request.user)
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("orgunit")
        .order_by("orgunit__path", "role")
    )
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "is_site_admin": user.is_superuser,
        "roles": [
            {
                "unit_id": a.orgunit_id,
                "unit_code": a.orgunit.code,
                "unit_name": a.orgunit.name,
                "role": a.role,
                "role_name": a.get_role_display(),
            }
            for a in assignments
        ],
    }
