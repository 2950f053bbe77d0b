import pytest
from django.utils import translation

from tests.factories import UnitKindFactory
from tuyengiao.web.templatetags.web_tags import localized_name

pytestmark = pytest.mark.django_db


def test_localized_name_follows_the_language():
    kind = UnitKindFactory(code="chi-bo", name="Chi bộ", name_en="Party cell")

    with translation.override("en"):
        assert localized_name(kind) == "Party cell"
    with translation.override("vi"):
        assert localized_name(kind) == "Chi bộ"


def test_localized_name_falls_back_to_vietnamese():
    kind = UnitKindFactory(code="ban", name="Ban Tuyên giáo", name_en="")

    with translation.override("en"):
        assert localized_name(kind) == "Ban Tuyên giáo"
