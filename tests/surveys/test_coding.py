"""Coding free text: an editor of the organiser sets a topic and the text is deleted in the
same write; the texts still uncoded 30 days after the survey's end are deleted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import RoleAssignmentFactory, UserFactory
from tests.surveys.test_results import finish
from tuyengiao.accounts.models import Role
from tuyengiao.surveys.coding import (
    CODING_DAYS,
    coding_ends_on,
    coding_open,
    freetext_code,
    freetexts_expire,
    freetexts_expire_all,
    freetexts_uncoded,
    topics_used,
)
from tuyengiao.surveys.models import FreeText


@pytest.fixture
def texts(survey, tree):
    q6 = survey.questions.get(key="q6")
    return FreeText.objects.bulk_create(
        FreeText(question=q6, unit=unit, text=text)
        for unit, text in [
            (tree.commune_a, "Vỉa hè trước chợ bị lấn, [số điện thoại] gọi không ai nghe."),
            (tree.commune_a, "Cần thêm chỗ để xe máy gần trường."),
            (tree.commune_b, "Nên trồng thêm cây xanh."),
        ]
    )  # fmt: skip


def test_coding_keeps_the_topic_and_deletes_the_text(survey, texts, province_admin):
    assert freetexts_uncoded(survey).count() == 3
    coded = freetext_code(user=province_admin, freetext=texts[0], topic="  Lấn chiếm   vỉa hè ")
    stored = FreeText.objects.get(pk=texts[0].pk)
    assert (stored.topic, stored.text) == ("Lấn chiếm vỉa hè", "") == (coded.topic, coded.text)
    assert freetexts_uncoded(survey).count() == 2
    freetext_code(user=province_admin, freetext=texts[1], topic="Chỗ để xe")
    freetext_code(user=province_admin, freetext=texts[2], topic="Chỗ để xe")
    assert topics_used(survey) == ["Chỗ để xe", "Lấn chiếm vỉa hè"]
    assert not FreeText.objects.exclude(text="").exists()


def test_a_text_is_coded_once_and_into_a_topic(survey, texts, province_admin):
    for topic in ("", "   ", "x" * 101):
        with pytest.raises(ValidationError):
            freetext_code(user=province_admin, freetext=texts[0], topic=topic)
    freetext_code(user=province_admin, freetext=texts[0], topic="Vỉa hè")
    with pytest.raises(ValidationError, match="đã được mã hóa"):
        freetext_code(user=province_admin, freetext=texts[0], topic="Khác")


def test_only_an_editor_of_the_organiser_codes(survey, texts, owner, member, outsider, tree):
    viewer = UserFactory(username="province.viewer")
    RoleAssignmentFactory(user=viewer, orgunit=tree.province, role=Role.VIEWER)
    # A commune's own administrator does not read its residents' words: the organiser's do.
    for user in (owner, member, outsider, viewer):
        with pytest.raises(PermissionDenied):
            freetext_code(user=user, freetext=texts[0], topic="Vỉa hè")
    assert FreeText.objects.get(pk=texts[0].pk).text


def test_uncoded_text_is_deleted_30_days_after_the_end(survey, texts, province_admin):
    freetext_code(user=province_admin, freetext=texts[0], topic="Vỉa hè")
    finish(survey, days_ago=CODING_DAYS)
    assert coding_open(survey) and coding_ends_on(survey) == survey.closes_on + datetime.timedelta(
        days=CODING_DAYS
    )
    assert freetexts_expire(survey=survey) == 0
    freetext_code(user=province_admin, freetext=texts[1], topic="Chỗ để xe")
    finish(survey, days_ago=CODING_DAYS + 1)
    assert not coding_open(survey)
    assert freetexts_uncoded(survey).count() == 0
    with pytest.raises(ValidationError):
        freetext_code(user=province_admin, freetext=texts[2], topic="Cây xanh")
    assert not FreeText.objects.filter(pk=texts[2].pk).exists()  # deleted, words and all
    assert sorted(FreeText.objects.values_list("topic", flat=True)) == ["Chỗ để xe", "Vỉa hè"]


def test_the_daily_pass_deletes_expired_text_of_every_survey(survey, texts):
    assert freetexts_expire_all() == 0
    finish(survey, days_ago=CODING_DAYS + 5)
    assert freetexts_expire_all() == 3
    assert not FreeText.objects.exists()


def test_a_draft_is_not_coded(survey, texts, province_admin):
    survey.published = False
    survey.save()
    with pytest.raises(ValidationError):
        freetext_code(user=province_admin, freetext=texts[0], topic="Vỉa hè")
