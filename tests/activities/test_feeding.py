"""A cell that activities feed: the grid shows "từ N hoạt động" with a link and does not let
it be typed; the core refuses it by hand (entry, file, API) and takes it from activities."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind, Measure
from tuyengiao.activities.services import activity_delete, activity_save
from tuyengiao.values.models import DataValue, SourceKind
from tuyengiao.values.services import CellKey, Source, datavalue_save, datavalues_write


@pytest.fixture
def fed_form(monthly_form, count):
    """The form's count of conferences is fed by a kind of activity."""
    kind = ActivityKind.objects.create(code="HN_THU", name="Hội nghị thử")
    ActivityFeed.objects.create(kind=kind, indicator=count, measure=Measure.EVENTS)
    return monthly_form


def record(owner, unit, form, kind_code="HN_THU"):
    period = form.current
    activity = Activity(
        kind=ActivityKind.objects.get(code=kind_code), orgunit=unit, title="Hội nghị",
        held_on=period.start, public=10,
    )  # fmt: skip
    return activity_save(user=owner, activity=activity)


def test_the_grid_shows_where_a_fed_figure_comes_from(client, owner, fed_form, tree, count):
    client.force_login(owner)
    entry = reverse(
        "reporting:entry", args=[fed_form.code, tree.commune_a.pk, fed_form.current.code]
    )
    assert "từ 1 hoạt động" not in client.get(entry).content.decode()
    record(owner, tree.commune_a, fed_form)
    record(owner, tree.commune_a, fed_form)
    page = client.get(entry).content.decode()
    assert "từ 2 hoạt động" in page
    link = (
        f"{reverse('activities:list')}?unit={tree.commune_a.pk}&amp;period={fed_form.current.code}"
    )
    assert link in page
    assert DataValue.objects.get(indicator=count, orgunit=tree.commune_a).value == 2


@pytest.mark.parametrize("kind", [SourceKind.ENTRY, SourceKind.IMPORT, SourceKind.API])
def test_a_fed_cell_is_not_typed_or_imported(owner, fed_form, tree, count, kind):
    record(owner, tree.commune_a, fed_form)
    cell = {"indicator": count.code, "orgunit": tree.commune_a.code,
            "period": fed_form.current.code, "value": 9}  # fmt: skip
    report = datavalues_write([cell], user=owner, source=Source(kind))
    assert [error.code for error in report.errors] == ["locked"]
    assert "từ 1 hoạt động" in report.errors[0].message
    assert DataValue.objects.get(indicator=count, orgunit=tree.commune_a).value == 1


def test_a_cell_with_no_activity_is_typed_as_before(owner, fed_form, tree, count):
    key = CellKey(tree.commune_a, count, fed_form.current)
    assert datavalue_save(user=owner, key=key, raw="4").value == 4
    activity = record(owner, tree.commune_a, fed_form)  # activities now give the figure
    assert DataValue.objects.get(indicator=count, orgunit=tree.commune_a).value == 1
    with pytest.raises(ValidationError, match="từ 1 hoạt động"):
        datavalue_save(user=owner, key=key, raw="5")
    activity_delete(user=owner, activity=activity)  # none left: the cell is typed again
    assert datavalue_save(user=owner, key=key, raw="5").value == 5
