"""Reads for the web shell: what the navigation and the home dashboard show a user."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from tuyengiao.accounts.models import Role, RoleAssignment
from tuyengiao.accounts.scope import scope_paths, units_in_scope
from tuyengiao.ui.formats import name_in_language


@dataclass(frozen=True)
class KindCount:
    """How many open units of one kind lie in a user's scope."""

    name: str
    name_en: str
    count: int

    @property
    def display_name(self) -> str:
        """The English name when the page is in English and the kind has one."""
        return name_in_language(self.name, self.name_en)


def user_can_manage_roles(*, user) -> bool:
    """Whether the user may open the role pages: a site administrator or a unit administrator."""
    paths = scope_paths(user, role=Role.UNIT_ADMIN)
    return paths is None or bool(paths)


def role_assignment_list_for_home(*, user) -> QuerySet[RoleAssignment]:
    """The roles the user holds, on units still open, from the top of the tree down."""
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(user=user, orgunit__closed_on__isnull=True)
        .select_related("orgunit", "orgunit__kind")
        .order_by("orgunit__path", "role")
    )


def unit_counts_by_kind(*, user) -> list[KindCount]:
    """Open units in the user's scope, counted by kind in the kinds' own order."""
    rows = (
        units_in_scope(user)
        .open_on(timezone.localdate())
        .values("kind__name", "kind__name_en", "kind__sort_order")
        .annotate(count=Count("id"))
        .order_by("kind__sort_order", "kind__name")
    )
    return [
        KindCount(name=row["kind__name"], name_en=row["kind__name_en"], count=row["count"])
        for row in rows
    ]
