"""Which units a user may see or change, as the tree's own pages, API and files ask it.

Roles are held on units, so the accounts app, which keeps them and the one scope helper
(`accounts.scope`), sits above the tree: the tree never imports it. What the tree needs of it
is one answer, the roots of the subtrees where a user holds a role; accounts plugs its
`scope_paths` in here when Django starts (accounts/apps.py), as the apps above the values core
plug in its guards. The filtering by materialised path is the tree's own, and `accounts.scope`
filters every other app's rows through it too.

Paths end with the separator ("/1/7/"), so a plain prefix test never confuses unit 7 with unit
70. `startswith` keeps the test on the path index (PostgreSQL builds a pattern index for it); a
range query would depend on the database collation, which may ignore "/".
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from tuyengiao.orgunits.models import OrgUnit, OrgUnitQuerySet

# The roles the tree asks about, by their values in `accounts.models.Role`: the provider
# refuses a name it does not know.
VIEWER = "viewer"
UNIT_ADMIN = "unit_admin"

# scope_paths(user, *, role) -> the subtree roots' paths; None for everywhere.
type ScopePaths = Callable[..., list[str] | None]

_provider: ScopePaths | None = None


def scope_provide(provider: ScopePaths) -> None:
    """Answer every question of the tree about a user's scope with `provider`."""
    global _provider  # set once, when the accounts app is ready
    _provider = provider


def scope_paths(user, *, role: str = VIEWER) -> list[str] | None:
    """Paths of the subtree roots where `user` holds `role` or a stronger one: None means
    everywhere, an empty list nowhere. Without a provider nothing can be decided, and the
    tree refuses rather than shows everything."""
    if _provider is None:
        raise ImproperlyConfigured("No scope provider: is tuyengiao.accounts installed?")
    return _provider(user, role=role)


def filter_under[QS: QuerySet](
    queryset: QS, paths: list[str] | None, *, path_field: str, with_ancestors: bool = False
) -> QS:
    """Rows of `queryset` whose unit lies under one of `paths` (all rows for None).

    `path_field` names the unit's path from the queryset's model: "path" for OrgUnit itself,
    "orgunit__path" for a model with an `orgunit` foreign key. Follow forward foreign keys
    only: through a to-many relation the same row may come back once per matching unit.

    `with_ancestors` also admits rows held by the units above those subtrees: what comes
    down from above (a province's resolution, read by every commune under it), never what
    sits beside them.
    """
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    if with_ancestors:
        condition |= Q(**{f"{path_field}__in": _ancestor_paths(paths)})
    return queryset.filter(condition)


def _ancestor_paths(paths: list[str]) -> set[str]:
    """Every proper prefix path of `paths`: "/1/5/9/" gives "/1/" and "/1/5/"."""
    ancestors = set()
    for path in paths:
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts)):
            ancestors.add("/" + "/".join(parts[:depth]) + "/")
    return ancestors


def ids_under(units: Iterable[OrgUnit], paths: list[str] | None) -> set[int]:
    """The ids of those of `units` that lie under one of `paths` (all of them for None)."""
    return {
        unit.pk
        for unit in units
        if paths is None or any(unit.path.startswith(path) for path in paths)
    }


def units_in_scope(user, *, role: str = VIEWER) -> OrgUnitQuerySet:
    """The units `user` may act on with `role`."""
    return filter_under(OrgUnit.objects.all(), scope_paths(user, role=role), path_field="path")


def unit_in_scope_or_404[M: Model](
    queryset: QuerySet[M], user, *, role: str = VIEWER, **lookup
) -> M:
    """One unit in scope, or 404: a unit out of scope looks exactly like a missing one."""
    paths = scope_paths(user, role=role)
    try:
        return filter_under(queryset, paths, path_field="path").get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def has_role_on(user, unit: OrgUnit, *, role: str = VIEWER) -> bool:
    """Whether `user` holds `role` (or a stronger one) on `unit` through any of its ancestors."""
    return bool(ids_under([unit], scope_paths(user, role=role)))
