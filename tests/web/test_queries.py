"""Every main list page and list endpoint, as the demo province's administrator (a scoped
user, no superuser): its queries do not grow with the rows it lists. A query per row (a
deferred field, a foreign key not selected, a relation not prefetched, a per-row check) was
how the dashboard came to 56 queries and the study page to 50."""

import datetime
import uuid

import pytest
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrgUnitFactory, make_token
from tests.queries import assert_queries_flat
from tuyengiao.accounts.models import User
from tuyengiao.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

ROWS = 3


def _unique_fields(model) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()))
    for together in model._meta.unique_together:
        names.update(together)
    return names


def clone(rows: models.QuerySet, count: int = ROWS) -> None:
    """`count` more rows like the last of `rows`, their unique text made unique: rows the page
    shows as it shows those (same unit, same state), without the services' side effects."""
    model = rows.model
    unique = _unique_fields(model)
    for n, row in enumerate(list(rows.order_by("-pk")[:count])):
        many = {f.name: list(getattr(row, f.name).all()) for f in model._meta.many_to_many}
        row.pk = row.id = None
        for field in model._meta.concrete_fields:
            if field.name in unique and isinstance(field, models.CharField):
                kept = (getattr(row, field.attname) or "")[: field.max_length - 4]
                setattr(row, field.attname, f"{kept}-N{n}")
            elif field.name in unique and isinstance(field, models.UUIDField):
                setattr(row, field.attname, uuid.uuid4())
        with transaction.atomic():
            row.save()
            for name, related in many.items():
                getattr(row, name).set(related)


def more_units() -> None:
    from tuyengiao.values.rollup import closure_rebuild

    province = OrgUnit.objects.get(code="HL")
    for n in range(ROWS + 1):
        OrgUnitFactory(code=f"HL-N{n}", name=f"Xã Mới {n}", parent=province, kind=province.kind)
    closure_rebuild()


def more_assignments() -> None:
    """The new units given a task of the province's, overdue and due in two days."""
    from tuyengiao.tracking.models import Assignment, Status

    more_units()
    assignment = Assignment.objects.filter(task__orgunit__code="HL").order_by("pk").first()
    today = timezone.localdate()
    for n, unit in enumerate(OrgUnit.objects.filter(code__startswith="HL-N")):
        assignment.pk = assignment.id = None
        assignment.orgunit, assignment.status = unit, Status.IN_PROGRESS
        assignment.completed_on = None
        assignment.deadline = today + datetime.timedelta(days=2 if n % 2 else -2)
        assignment.save()


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


# (page, what it lists: a model whose last rows are copied, or "units" under the province)
LISTS = [
    ("documents:index", "documents.Document"),
    ("tracking:home", "assignments"),
    ("channels:index", "channels.Channel"),
    ("channels:culture", "channels.CultureRecord"),
    ("activities:list", "activities.Activity"),
    ("surveys:index", "surveys.Survey"),
    ("reporting:manage", "reporting.ReportForm"),
    ("calendar:calendar", "activities.Meeting"),
    ("web:home", "assignments"),
    ("api:document_list", "documents.Document"),
    ("api:task_list", "tracking.Task"),
    ("api:activity_list", "activities.Activity"),
    ("api:meeting_list", "activities.Meeting"),
    ("api:channel_list", "channels.Channel"),
    ("api:survey_list", "surveys.Survey"),
    ("api:indicator_list", "values.Indicator"),
    ("api:orgunit_list", "units"),
]

# Pages of one unit or document that list the units below.
BELOW = ["orgunits:detail", "orgunits:children"]


# The lists served a page at a time: a page already full hides a query per row, so these
# are read 2 rows at a time, then 2 + ROWS.
PAGED_API = {"api:document_list", "api:task_list", "api:activity_list", "api:meeting_list",
             "api:channel_list", "api:orgunit_list"}  # fmt: skip
PAGED_VIEWS = ["tuyengiao.activities.views", "tuyengiao.surveys.views", "tuyengiao.documents.views"]


def _get(client, user, name: str, args=(), limit: list[int] | None = None):
    url, query = reverse(name, args=args), {}
    if name == "api:orgunit_list":
        query["parent"] = OrgUnit.objects.get(code="HL").pk
    if not url.startswith("/api/"):
        return lambda: client.get(url, query)
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    if limit is None:
        return lambda: client.get(url, query, headers=headers)
    return lambda: client.get(url, {**query, "limit": limit[0]}, headers=headers)


@pytest.fixture
def admin(demo, client, monkeypatch) -> User:
    for module in PAGED_VIEWS:  # every row on one page: added rows are shown
        monkeypatch.setattr(f"{module}.PAGE_SIZE", 10_000)
    user = User.objects.get(username="tinh.quantri")
    assert not user.is_superuser
    client.force_login(user)
    return user


@pytest.mark.parametrize(("name", "rows"), LISTS)
def test_a_list_costs_the_same_queries_whatever_its_rows(client, admin, name, rows):
    adders = {"units": more_units, "assignments": more_assignments}
    more = adders.get(rows) or (lambda: clone(_model(rows).objects.all()))
    limit = [2] if name in PAGED_API else None

    def add() -> None:
        more()
        if limit:
            limit[0] += ROWS

    assert_queries_flat(_get(client, admin, name, limit=limit), add)


@pytest.mark.parametrize("name", BELOW)
def test_a_units_page_costs_the_same_queries_whatever_the_units_below(client, admin, name):
    province = OrgUnit.objects.get(code="HL")
    assert_queries_flat(_get(client, admin, name, args=[province.pk]), more_units)


@pytest.mark.parametrize("name", ["tracking:document", "tracking:coverage", "documents:detail"])
def test_a_documents_page_costs_the_same_queries_whatever_its_tasks_and_units(client, admin, name):
    from tuyengiao.tracking.models import Assignment, Task

    task = Task.objects.filter(assignments__isnull=False, document__isnull=False).first()

    def add() -> None:
        more_units()
        assignment = task.assignments.first()
        for unit in OrgUnit.objects.filter(code__startswith="HL-N"):
            assignment.pk = assignment.id = None
            assignment.orgunit = unit
            assignment.save()
        clone(Task.objects.filter(document=task.document_id))
        assert Assignment.objects.filter(orgunit__code__startswith="HL-N").exists()

    assert_queries_flat(_get(client, admin, name, args=[task.document_id]), add)
