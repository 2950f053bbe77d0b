"""Reads of the channels pages, every one through the scope helper."""

import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import get_in_scope_or_404, has_role_on, scope_filter, units_in_scope
from tuyengiao.channels.models import BROADCASTING, Channel, CultureRecord
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values.periods import Period, PeriodKind, period_for, periods_between

_UNIT = ("pk", "name", "parent_id", "path", "level")


def picked_unit(request: HttpRequest) -> OrgUnit:
    """The unit `?unit=` names (in scope, else 404), or the user's highest unit."""
    user = request.user
    unit_pk = request.GET.get("unit")
    if unit_pk:
        try:
            return get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path",
                                       pk=int(unit_pk))  # fmt: skip
        except ValueError:
            raise Http404 from None
    top = units_in_scope(user).order_by("level", "path").first()
    if top is None:
        raise Http404
    return top


def unit_choices(user) -> list:
    """The units in scope, in tree order, for the picker."""
    return tree_sorted(units_in_scope(user).only(*_UNIT))


def channel_or_404(user, pk: int) -> Channel:
    return get_in_scope_or_404(
        Channel.objects.select_related("orgunit"), user, path_field="orgunit__path", pk=pk
    )


def channels_under(user, unit: OrgUnit, *, kind: str = "") -> QuerySet[Channel]:
    channels = scope_filter(Channel.objects.all(), user, path_field="orgunit__path")
    channels = channels.filter(orgunit__path__startswith=unit.path).select_related("orgunit")
    return channels.filter(kind=kind) if kind else channels


def broadcasting_under(user, unit: OrgUnit) -> QuerySet[Channel]:
    channels = channels_under(user, unit).filter(kind__in=BROADCASTING)
    return channels.prefetch_related("slots", "exceptions")


def record_or_404(user, pk: int) -> CultureRecord:
    return get_in_scope_or_404(
        CultureRecord.objects.select_related("orgunit"), user, path_field="orgunit__path", pk=pk
    )


def records_under(user, unit: OrgUnit, *, register: str = "") -> QuerySet[CultureRecord]:
    records = scope_filter(CultureRecord.objects.all(), user, path_field="orgunit__path")
    records = records.filter(orgunit__path__startswith=unit.path).select_related("orgunit")
    return records.filter(register=register) if register else records


def can_edit(user, unit: OrgUnit) -> bool:
    return has_role_on(user, unit, role=Role.EDITOR)


def recent_months(today: datetime.date | None = None, *, count: int = 24) -> list[Period]:
    """The months a page offers, newest first: never one after this month."""
    today = today or timezone.localdate()
    first = period_for(PeriodKind.MONTH, today)
    for _step in range(count - 1):
        first = first.previous()
    return list(reversed(periods_between(PeriodKind.MONTH, first.start, today)))
