"""Reads of the staff's survey pages and API, every one through the scope helper.

Who sees a survey: the staff of its organiser and of the units above it (the organiser lies in
their scope), and, once it is published, the staff of a unit it surveys (a commune sees the
province's survey of its residents, to know it is running, hand out its link, type in its
paper forms and see how collection goes there). Only an editor of the
organiser changes it; the staff of a surveyed unit read it (`survey_editable`).

Of the responses, staff see here only what the results publish anyway: the survey's count
from `SURVEY_MIN_CELL` (k) on, and whether each unit has k yet ("chưa đủ số phiếu"), never a
unit's own count: beside the total it would give back the count of a unit below k, and with it
what the results' tables suppress (`results.units_short` says the same yes or no). Counts are
the only thing read here of the responses: never their answers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch
from django.utils import timezone

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, openable_ids, scope_filter, units_in_scope
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.collecting import paper_last_day
from tuyengiao.surveys.models import Response, Status, Survey
from tuyengiao.ui.collation import tree_sorted

_UNIT = ("pk", "name", "parent_id", "path", "level")


def surveys_visible(user, *, role: Role | str = Role.VIEWER) -> QuerySet[Survey]:
    """Surveys organised in the user's scope, and the published surveys of a unit in it (a
    draft is its organiser's business until it goes out)."""
    organised = scope_filter(Survey.objects.all(), user, role=role, path_field="orgunit__path")
    # Through the M2M's own rows: a survey of several units in scope comes back once.
    surveyed = scope_filter(
        Survey.units.through.objects.filter(survey__published=True),
        user,
        role=role,
        path_field="orgunit__path",
    )
    return Survey.objects.filter(
        Q(pk__in=organised.values("pk")) | Q(pk__in=surveyed.values("survey_id"))
    ).select_related("orgunit")


def survey_get(user, pk: int, *, role: Role | str = Role.VIEWER) -> Survey:
    """One visible survey, or 404: one out of scope looks exactly like a missing one."""
    return get_object_or_404(surveys_visible(user, role=role), pk=pk)


def with_status(surveys: QuerySet[Survey], status: str) -> QuerySet[Survey]:
    """The surveys of a status (`Survey.status`, worked out from today's date)."""
    today = timezone.localdate()
    if status == Status.DRAFT:
        return surveys.filter(published=False)
    closed = Q(ended=True) | Q(closes_on__lt=today)
    if status == Status.OPEN:
        return surveys.filter(published=True).exclude(closed)
    return surveys.filter(closed, published=True)


def survey_editable(user, survey: Survey) -> bool:
    """Whether `user` may build, publish, end the survey and hand out its codes."""
    return has_role_on(user, survey.orgunit, role=Role.EDITOR)


def organiser_choices(user) -> list[OrgUnit]:
    """The open units where `user` may organise a survey (an editor's), in tree order."""
    units = units_in_scope(user, role=Role.EDITOR).filter(closed_on__isnull=True)
    return tree_sorted(units.only(*_UNIT))


def unit_choices(organiser: OrgUnit, *, keep=()) -> list[OrgUnit]:
    """The units a survey of `organiser` may survey, as the builder offers them: the
    organiser and the open units right below it (a province's communes, a commune's cells),
    not its whole subtree, which at a province runs to thousands of cells. Units already
    chosen (`keep`) stay offered whatever their depth."""
    units = OrgUnit.objects.filter(
        Q(pk=organiser.pk)
        | Q(parent=organiser, closed_on__isnull=True)
        | Q(pk__in=[unit.pk for unit in keep])
    )
    return tree_sorted(units.only(*_UNIT))


def surveyed_units(survey: Survey) -> list[OrgUnit]:
    return tree_sorted(survey.units.all().only(*_UNIT, "code"))


def surveyed_units_seen(user, survey: Survey) -> list[OrgUnit]:
    """The surveyed units `user` sees: all of them for the organiser's staff, those in its
    scope for the staff of a surveyed unit (not its neighbours)."""
    units = surveyed_units(survey)
    if has_role_on(user, survey.orgunit):
        return units
    ids = [unit.pk for unit in units]
    seen = set(units_in_scope(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [unit for unit in units if unit.pk in seen]


def organiser_staff(user, survey: Survey) -> bool:
    """Whether `user` is on the staff of the survey's organiser (or above it): who reads its
    results and history. The staff of a surveyed unit see the survey, not these."""
    return has_role_on(user, survey.orgunit)


def paper_open_to(user, survey: Survey) -> bool:
    """Whether `user` may type in paper forms of the survey today (its page offers the link
    then only): published, in the days paper forms are taken, and an editor of its organiser
    or of one of its units (collecting.paper_may_record)."""
    today = timezone.localdate()
    if not survey.published or survey.ended or survey.recorded:
        return False
    if not survey.opens_on <= today <= paper_last_day(survey):
        return False
    if has_role_on(user, survey.orgunit, role=Role.EDITOR):
        return True
    return bool(openable_ids(user, list(survey.units.all()), role=Role.EDITOR))


def public_url(survey: Survey) -> str:
    """The survey's public link in full, as it is printed and typed: SITE_URL and its path."""
    try:
        path = survey.public_path
    except NoReverseMatch:  # the public pages are not mounted (yet)
        return ""
    return settings.SITE_URL.rstrip("/") + path


def min_cell() -> int:
    return settings.SURVEY_MIN_CELL


@dataclass(frozen=True)
class UnitCount:
    unit: OrgUnit
    # k responses or more: whether the unit will have results, and nothing more of it.
    enough: bool


@dataclass(frozen=True)
class Collection:
    """How collection goes, as staff may see it."""

    units: list[UnitCount]
    # The survey's count of responses, from k on; None below.
    total: int | None
    k: int


def count_shown(total: int, k: int) -> int | None:
    """A count of responses as every page may show it: none below k."""
    return total if total >= k else None


def survey_collection(user, survey: Survey) -> Collection:
    """Whether each surveyed unit the user sees has k responses yet (the organiser's staff
    see every unit; a surveyed commune its own), and the survey's count of responses.

    Only what the results publish anyway: a unit's own count, beside the total, would give
    back the count of a unit below k, and with it what the results' tables suppress."""
    k = min_cell()
    counts = dict(
        Response.objects.filter(survey=survey)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
        .order_by()
    )
    units = surveyed_units_seen(user, survey)
    rows = [UnitCount(unit, counts.get(unit.pk, 0) >= k) for unit in units]
    return Collection(units=rows, total=count_shown(sum(counts.values()), k), k=k)


def survey_totals(surveys: list[Survey]) -> dict[int, int | None]:
    """Each survey's count of responses from k on (None below), in one query."""
    k = min_cell()
    counts = dict(
        Response.objects.filter(survey__in=[survey.pk for survey in surveys])
        .values_list("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
        .order_by()
    )
    return {survey.pk: count_shown(counts.get(survey.pk, 0), k) for survey in surveys}
