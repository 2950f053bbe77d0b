"""The values core's models: codes that formulas can name, which indicators roll up, an
indicator's own consistency, and where a figure came from."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from tests.values.conftest import make_indicator
from tuyengiao.values.models import (
    Aggregation,
    DataValue,
    Indicator,
    SourceKind,
    ValueType,
    code_validator,
)


@pytest.mark.parametrize("code", ["T_HOI_NGHI", "_NOI_BO", "dv2025", "A" * 40])
def test_a_code_is_a_name_formulas_can_use(code):
    code_validator(code)


@pytest.mark.parametrize(
    "code",
    [
        "HỘI_NGHỊ",
        "",
        "2025_DV",
        "DV-TONG",
        "DV TONG",
        "A" * 41,
    ],
)
def test_other_codes_are_refused(code):
    with pytest.raises(ValidationError):
        code_validator(code)


def test_only_plain_numeric_indicators_that_combine_roll_up():
    assert Indicator(value_type=ValueType.COUNT, aggregation=Aggregation.SUM).rolls_up
    assert Indicator(value_type=ValueType.PERCENT, aggregation=Aggregation.AVERAGE).rolls_up
    text = Indicator(value_type=ValueType.TEXT, aggregation=Aggregation.NONE)
    assert not text.rolls_up and not text.is_numeric
    derived = Indicator(value_type=ValueType.PERCENT, formula="A / B * 100")
    assert derived.is_derived and not derived.rolls_up
    assert not Indicator(value_type=ValueType.COUNT, aggregation=Aggregation.NONE).rolls_up


def test_a_text_indicator_must_not_combine():
    with pytest.raises(ValidationError) as refused:
        Indicator(value_type=ValueType.TEXT, aggregation=Aggregation.SUM).clean()
    assert "aggregation" in refused.value.message_dict
    Indicator(value_type=ValueType.TEXT, aggregation=Aggregation.NONE).clean()


def test_bounds_must_be_in_order():
    with pytest.raises(ValidationError) as refused:
        Indicator(value_type=ValueType.COUNT, minimum=10, maximum=5).clean()
    assert refused.value.message_dict == {"maximum": ["Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất."]}
    Indicator(value_type=ValueType.COUNT, minimum=5, maximum=5).clean()


def test_a_value_is_empty_without_a_number_or_a_text():
    assert DataValue().is_empty
    assert not DataValue(value=0).is_empty
    assert not DataValue(text_value="Đã tổ chức").is_empty


def test_the_source_says_the_path_and_its_note():
    # Saved rows hold "" where nothing was said (the columns' database default).
    assert DataValue(source="", source_note="").source_label == ""
    entered = DataValue(source=SourceKind.ENTRY, source_note="")
    assert entered.source_label == "Nhập trên biểu mẫu"
    imported = DataValue(source=SourceKind.IMPORT, source_note="thang-11.xlsx")
    assert imported.source_label == "Nhập từ tệp · thang-11.xlsx"


@pytest.mark.django_db
def test_the_source_links_to_its_object_while_it_exists(tree):
    unit_type = ContentType.objects.get_for_model(tree.cell_a1)
    value = DataValue(source=SourceKind.TRACKING, source_type=unit_type, source_id=tree.cell_a1.pk)
    assert value.source_url == tree.cell_a1.get_absolute_url()
    value.source_id = 10**9  # gone
    assert value.source_url == ""
    indicator_type = ContentType.objects.get_for_model(Indicator)
    no_page = make_indicator("T_KHONG_TRANG")
    assert DataValue(source_type=indicator_type, source_id=no_page.pk).source_url == ""
    assert DataValue(source=SourceKind.API).source_url == ""
