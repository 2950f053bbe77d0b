"""The scope helper: the one place that decides which org units a user may see or change.

Every view, form and API endpoint filters through `scope_filter` (or `units_in_scope`), so
that a user of one commune cannot reach another's data by changing an id. A user holds roles
on units; a role is valid for the unit's whole subtree. Site administrators (superusers) see
everything; inactive and anonymous users see nothing.

The filtering by materialised path is the tree's (`orgunits.access`); what this module adds
is whose paths: the roots of the subtrees where the user holds a role. The tree's own pages
ask the same question through `orgunits.access`, which this app answers (accounts/apps.py).
"""

import datetime
from contextvars import ContextVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role, RoleAssignment
from tuyengiao.orgunits.access import filter_under, ids_under
from tuyengiao.orgunits.models import OrgUnit, OrgUnitQuerySet

# The roles each user holds, within one read-only request (see ScopeMemoMiddleware).
_memo: ContextVar[dict | None] = ContextVar("scope_paths_memo", default=None)


class ScopeMemoMiddleware:
    """Remembers each user's roles for the length of one GET or HEAD request.

    A page asks `scope_paths` once for every list, count and check it shows (5 to 10 times,
    for several roles); the answer cannot change while a request only reads. A request that
    writes may move a subtree or change a role and read the scope again afterwards, so it
    asks every time.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def scope_memo_clear(**_signal) -> None:
    """Forget the roles remembered in this request: a role or a unit was saved or deleted
    (connected to their signals in accounts/apps.py), so a GET that ever writes one reads
    the scope afresh. Requests that write are not remembered at all."""
    memo = _memo.get()
    if memo:
        memo.clear()


def _roles_held(user) -> list[tuple[str, str, datetime.date | None]]:
    """(role, unit path, unit closing date) of every role the user holds: one query, asked
    once per read-only request whatever the roles a page asks about."""
    memo = _memo.get()
    if memo is not None and user.pk in memo:
        return memo[user.pk]
    held = list(
        RoleAssignment.objects.filter(user=user).values_list(
            "role", "orgunit__path", "orgunit__closed_on"
        )
    )
    if memo is not None:
        memo[user.pk] = held
    return held


def scope_paths(user, *, role: Role | str = Role.VIEWER) -> list[str] | None:
    """Materialised paths of the subtree roots where `user` holds `role` or a stronger one.

    None means "everywhere" (site administrator); an empty list means "nowhere". A role on a
    unit that is closed (closing date today or earlier) grants nothing: the unit's work has
    passed to its successor, whose own administrators grant roles there.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    today = timezone.localdate()
    wanted = set(Role.at_least(role))
    paths = [
        path
        for held, path, closed_on in _roles_held(user)
        if held in wanted and (closed_on is None or closed_on > today)
    ]
    # Sorted, an ancestor's path comes right before its descendants' paths, so one pass drops
    # every path already covered: fewer OR terms in `scope_filter`.
    result: list[str] = []
    for path in sorted(set(paths)):
        if path and not any(path.startswith(root) for root in result):
            result.append(path)
    return result


def scope_filter[QS: QuerySet](
    queryset: QS,
    user,
    *,
    role: Role | str = Role.VIEWER,
    path_field: str,
    with_ancestors: bool = False,
) -> QS:
    """Rows of `queryset` whose org unit lies in the user's scope for `role`.

    `path_field` names the unit's path from the queryset's model: "path" for OrgUnit itself,
    "orgunit__path" for a model with an `orgunit` foreign key. Follow forward foreign keys
    only: through a to-many relation the same row may come back once per matching unit.

    `with_ancestors` also admits rows held by the units above the user's subtrees: what
    comes down from above (a province's resolution, read by every commune under it), never
    what sits beside them.
    """
    return filter_under(
        queryset,
        scope_paths(user, role=role),
        path_field=path_field,
        with_ancestors=with_ancestors,
    )


def units_in_scope(user, *, role: Role | str = Role.VIEWER) -> OrgUnitQuerySet:
    """The org units `user` may act on with `role`."""
    return scope_filter(OrgUnit.objects.all(), user, role=role, path_field="path")


def get_in_scope_or_404[M: Model](
    queryset: QuerySet[M], user, *, role: Role | str = Role.VIEWER, path_field: str, **lookup
) -> M:
    """One object in scope, or 404: an object out of scope looks exactly like a missing one."""
    try:
        return scope_filter(queryset, user, role=role, path_field=path_field).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def has_role_on(user, unit: OrgUnit, *, role: Role | str = Role.VIEWER) -> bool:
    """Whether `user` holds `role` (or a stronger one) on `unit` through any of its ancestors."""
    return bool(openable_ids(user, [unit], role=role))


# What a refusal says for each role when its caller has nothing more precise to say.
_DENIED = {
    Role.VIEWER: _("Bạn không có quyền xem số liệu của đơn vị %(unit)s."),
    Role.EDITOR: _("Bạn không có quyền nhập liệu cho đơn vị %(unit)s."),
    Role.APPROVER: _("Bạn không có quyền duyệt cho đơn vị %(unit)s."),
    Role.UNIT_ADMIN: _("Bạn không quản trị đơn vị %(unit)s."),
}


def require_role(user, unit: OrgUnit, *, role: Role | str, message: str = "") -> None:
    """PermissionDenied unless `user` holds `role` (or a stronger one) on `unit`: the check
    every service and view of every app makes before it acts for a unit. `message` says what
    was refused, when the role's own sentence is not precise enough."""
    if not has_role_on(user, unit, role=role):
        raise role_denied(unit, role=role, message=message)


def role_denied(unit: OrgUnit, *, role: Role | str, message: str = "") -> PermissionDenied:
    """The refusal `require_role` raises, for a caller that found out otherwise."""
    return PermissionDenied(message or str(_DENIED[Role(role)]) % {"unit": unit})


def openable_ids(user, units, *, role: Role | str = Role.VIEWER) -> set[int]:
    """The ids of those of `units` that `user` may open with `role`, in one query whatever
    their number. A page that names units beyond the user's scope (a roll-up's merged
    predecessors, which lie under their former parent) links only these: no link leads to
    a 404."""
    return ids_under(units, scope_paths(user, role=role))
