"""Reads of the staff's survey pages: who sees which survey, the units a builder offers, the
statuses, and of the responses only what the results publish (the total from k on, whether a
unit has k yet)."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from tuyengiao.accounts.models import Role
from tuyengiao.surveys import selectors
from tuyengiao.surveys.models import Response, Status, Survey

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def commune_survey(tree) -> Survey:
    survey = Survey.objects.create(orgunit=tree.commune_a, title="Khảo sát về chợ",
                                   opens_on=TODAY, closes_on=TODAY)  # fmt: skip
    survey.units.set([tree.cell_a1])
    return survey


def visible(user) -> set[int]:
    return set(selectors.surveys_visible(user).values_list("pk", flat=True))


def test_a_survey_is_seen_by_its_organisers_staff_and_the_surveyed_units_staff(
    tree, survey, commune_survey, owner, member, outsider, province_admin, site_admin
):
    assert visible(province_admin) == visible(site_admin) == {survey.pk, commune_survey.pk}
    assert visible(owner) == visible(member) == {survey.pk, commune_survey.pk}
    # Commune B is surveyed by the province, not by commune A.
    assert visible(outsider) == {survey.pk}
    # Once, however many of its units lie in scope.
    assert selectors.surveys_visible(province_admin).filter(pk=survey.pk).count() == 1


def test_editors_only_for_a_role_asked(tree, survey, commune_survey, member, owner):
    assert visible(member) and not selectors.surveys_visible(member, role=Role.EDITOR).exists()
    assert selectors.survey_editable(owner, commune_survey)
    assert not selectors.survey_editable(owner, survey)
    assert not selectors.survey_editable(member, commune_survey)


def test_survey_get_is_404_outside_scope(commune_survey, owner, outsider):
    assert selectors.survey_get(owner, commune_survey.pk) == commune_survey
    with pytest.raises(Http404):
        selectors.survey_get(outsider, commune_survey.pk)
    with pytest.raises(Http404):
        selectors.survey_get(owner, commune_survey.pk + 1000)


def test_statuses_as_the_model_says(tree, survey, commune_survey):
    ended = Survey.objects.create(orgunit=tree.province, title="Đã kết thúc sớm", published=True,
                                  ended=True, opens_on=TODAY, closes_on=TODAY + DAY)  # fmt: skip
    past = Survey.objects.create(orgunit=tree.province, title="Đã qua", published=True,
                                 opens_on=TODAY - 5 * DAY, closes_on=TODAY - DAY)  # fmt: skip
    everything = Survey.objects.all()
    for status in Status.values:
        found = set(selectors.with_status(everything, status))
        assert found == {s for s in everything if s.status == status}, status
    assert set(selectors.with_status(everything, Status.CLOSED)) == {ended, past}


def test_the_builder_offers_the_organiser_and_the_units_right_below(tree, owner, province_admin):
    names = [u.name for u in selectors.unit_choices(tree.province)]
    assert names == ["Tỉnh ủy Thử", "Đảng ủy xã An Bình", "Đảng ủy xã Bình Minh"]
    # A unit already chosen stays offered, whatever its depth.
    names = [u.name for u in selectors.unit_choices(tree.province, keep=[tree.cell_b1])]
    assert "Chi bộ thôn 2" in names
    assert [u.name for u in selectors.organiser_choices(owner)] == [
        "Đảng ủy xã An Bình", "Chi bộ thôn 1"]  # fmt: skip
    tree.commune_b.closed_on = TODAY
    tree.commune_b.save()
    assert "Đảng ủy xã Bình Minh" not in [u.name for u in selectors.unit_choices(tree.province)]
    assert "Đảng ủy xã Bình Minh" not in [
        u.name for u in selectors.organiser_choices(province_admin)]  # fmt: skip


def respond(survey, unit, count):
    for _n in range(count):
        Response.objects.create(survey=survey, unit=unit, day=TODAY, answers={})


def test_collection_shows_the_total_from_k_and_only_whether_a_unit_has_k(
    tree, survey, province_admin, outsider, settings
):
    settings.SURVEY_MIN_CELL = 5
    respond(survey, tree.commune_a, 3)
    seen = selectors.survey_collection(province_admin, survey)
    assert seen.total is None and [row.enough for row in seen.units] == [False, False]
    respond(survey, tree.commune_a, 3)
    respond(survey, tree.commune_b, 2)
    seen = selectors.survey_collection(province_admin, survey)
    assert seen.total == 8 and seen.k == 5
    assert [(row.unit.name, row.enough) for row in seen.units] == [
        ("Đảng ủy xã An Bình", True), ("Đảng ủy xã Bình Minh", False)]  # fmt: skip
    # A surveyed commune sees its own unit only.
    seen = selectors.survey_collection(outsider, survey)
    assert [row.unit.name for row in seen.units] == ["Đảng ủy xã Bình Minh"]
    assert not any(hasattr(row, "count") for row in seen.units)


def test_totals_of_several_surveys_in_one_query(
    tree, survey, commune_survey, settings, django_assert_num_queries
):
    settings.SURVEY_MIN_CELL = 2
    respond(survey, tree.commune_a, 2)
    respond(commune_survey, tree.cell_a1, 1)
    with django_assert_num_queries(1):
        totals = selectors.survey_totals([survey, commune_survey])
    assert totals == {survey.pk: 2, commune_survey.pk: None}


def test_the_public_url_is_the_sites(survey, settings):
    settings.SITE_URL = "https://khaosat.example.vn/"
    assert selectors.public_url(survey) == (
        f"https://khaosat.example.vn/khao-sat/{survey.public_key}/"
    )


def test_paper_forms_are_offered_to_an_editor_of_the_organiser_or_a_unit(
    tree, survey, owner, member, outsider, province_admin
):
    assert selectors.paper_open_to(province_admin, survey)
    # Commune A's and B's editors type their own residents' forms.
    assert selectors.paper_open_to(owner, survey) and selectors.paper_open_to(outsider, survey)
    assert not selectors.paper_open_to(member, survey)
    survey.ended = True
    assert not selectors.paper_open_to(province_admin, survey)
    survey.ended, survey.published = False, False
    assert not selectors.paper_open_to(province_admin, survey)
    survey.published = True
    survey.closes_on = TODAY - 8 * DAY
    survey.opens_on = TODAY - 20 * DAY
    assert not selectors.paper_open_to(province_admin, survey)
    survey.closes_on = TODAY - 7 * DAY  # the last day forms may be typed in
    assert selectors.paper_open_to(province_admin, survey)


def test_the_organisers_staff_read_results_and_history(survey, owner, province_admin, member):
    assert selectors.organiser_staff(province_admin, survey)
    assert not selectors.organiser_staff(owner, survey)
    assert not selectors.organiser_staff(member, survey)


def test_a_draft_is_seen_by_its_organisers_staff_only(tree, survey, owner, province_admin):
    survey.published = False
    survey.save()
    assert survey.pk not in visible(owner)
    assert survey.pk in visible(province_admin)
