"""The organisation tree over the API: children of a unit, one unit, search.

Every query starts from `units_in_scope`, so a unit outside the caller's scope answers
404 exactly like a unit that does not exist.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.apikit import ErrorOut, InputSchema
from tuyengiao.orgunits.access import scope_paths, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import LimitOffset
from tuyengiao.textkit.normalize import fold

router = Router(tags=["orgunits"])

# Wide enough for one commune's cells in one call, small enough to bound a response.
MAX_PAGE = 500


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str = Field(..., alias="kind.code")
    kind_name: str = Field(..., alias="kind.name")
    parent: int | None = Field(None, alias="parent_id")
    level: int
    path: str
    opened_on: date | None
    closed_on: date | None
    successor: int | None = Field(None, alias="successor_id")
    children_count: int


class ChildrenFilter(InputSchema):
    parent: int | None = Field(
        None, description="Đơn vị cấp trên; bỏ trống để lấy các đơn vị gốc trong phạm vi."
    )
    q: str = Field(
        "",
        max_length=200,
        description="Tìm theo tên hoặc mã, không cần dấu (“xa tan uyen”), trong cả cây con.",
    )
    include_closed: bool = Field(False, description="Gồm cả đơn vị đã giải thể, hợp nhất.")


def _open_today(prefix: str = "") -> Q:
    """Not closed yet: a unit with a closing date still ahead of us is open."""
    return Q(**{f"{prefix}closed_on__isnull": True}) | Q(
        **{f"{prefix}closed_on__gt": timezone.localdate()}
    )


def _with_details(units: QuerySet[OrgUnit], *, include_closed: bool) -> QuerySet[OrgUnit]:
    """Adds what the schema reads, in one query, with an order that pages never reshuffle.

    `children_count` follows the same `include_closed` as the list, so a tree that shows a
    toggle for a unit with children finds them when it asks.
    """
    counted = Q() if include_closed else _open_today("children__")
    return (
        units.select_related("kind")
        .annotate(children_count=Count("children", filter=counted))
        .order_by("kind__sort_order", "search_key", "id")
    )


def _scope_roots(user) -> QuerySet[OrgUnit]:
    """The top units the user may see: the roots for a site admin, else the role units."""
    paths = scope_paths(user)
    if paths is None:
        return OrgUnit.objects.filter(parent__isnull=True)
    return units_in_scope(user).filter(path__in=paths)


def _unit_in_scope_or_404(user, unit_id: int) -> OrgUnit:
    unit = units_in_scope(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


@router.get(
    "/",
    response={200: list[OrgUnitOut], 404: ErrorOut},
    url_name="orgunit_list",
    summary="Đơn vị con, tìm kiếm",
)
@paginate(LimitOffset, max_limit=MAX_PAGE)
def orgunit_list(request: HttpRequest, filters: Query[ChildrenFilter]):
    """Con trực tiếp của `parent` (hoặc các đơn vị gốc trong phạm vi); có `q` thì tìm trong
    cả cây con. Đơn vị cấp trên ngoài phạm vi trả về 404."""
    user = request.user
    words = fold(filters.q).split()
    units: QuerySet[OrgUnit]
    if filters.parent is not None:
        # Checked on its own: filtering children alone would turn "not yours" into "empty".
        parent = _unit_in_scope_or_404(user, filters.parent)
        if words:
            units = OrgUnit.objects.subtree_of(parent).exclude(pk=parent.pk)
        else:
            units = OrgUnit.objects.filter(parent=parent)
    elif words:
        units = units_in_scope(user)
    else:
        units = _scope_roots(user)
    for word in words:
        units = units.filter(search_key__contains=word)
    if not filters.include_closed:
        units = units.filter(_open_today())
    return _with_details(units, include_closed=filters.include_closed)


@router.get("/{int:unit_id}/", response=OrgUnitOut, url_name="orgunit_detail", summary="Một đơn vị")
def orgunit_detail(request: HttpRequest, unit_id: int, include_closed: bool = False):
    """Một đơn vị trong phạm vi (404 nếu không có hoặc ngoài phạm vi)."""
    unit = _unit_in_scope_or_404(request.user, unit_id)
    # A closed unit is still returned by id; the flag only governs children_count.
    return _with_details(OrgUnit.objects.filter(pk=unit.pk), include_closed=include_closed).get()
