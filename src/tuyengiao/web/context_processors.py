"""Context for every page rendered with a request: the product name and what the nav shows."""

import functools

from django.http import HttpRequest

from tuyengiao.accounts.scope import scope_paths
from tuyengiao.tracking.notifications import unread
from tuyengiao.web.selectors import user_can_manage_roles

PRODUCT_NAME = "Tuyên giáo"


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)

    # A callable, so that the query runs only when a template asks (HTMX fragments don't).
    def can_manage_roles() -> bool:
        return user is not None and user_can_manage_roles(user=user)

    # A user with no role anywhere (a contest's judge) has no unit's sections to open.
    def has_scope() -> bool:
        if user is None or not user.is_authenticated:
            return False
        paths = scope_paths(user)
        return paths is None or bool(paths)

    # The header's badge: one COUNT on an index (user, read_at), run once per page at most,
    # and only by a template that shows it.
    @functools.cache
    def unread_notices() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return unread(user).count()

    # Not "site_name": Django's auth views put the host name there, which would win.
    return {
        "product_name": PRODUCT_NAME,
        "can_manage_roles": can_manage_roles,
        "has_scope": has_scope,
        "unread_notices": unread_notices,
    }
