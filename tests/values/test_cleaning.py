"""`whole_range`, the import's two-comparison check of whole numbers, must take exactly
the whole numbers `value_clean` takes, for every kind of indicator and bound."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.ui.formats import format_number
from tuyengiao.values.cleaning import MAX_ABS, value_clean, whole_range
from tuyengiao.values.models import Indicator, ValueType

BOUNDED = [
    Indicator(code="A", value_type=ValueType.COUNT),
    Indicator(code="B", value_type=ValueType.PERCENT),
    Indicator(code="C", value_type=ValueType.DECIMAL),
    Indicator(code="D", value_type=ValueType.MONEY, minimum=Decimal(5), maximum=Decimal(900)),
    Indicator(
        code="E", value_type=ValueType.DECIMAL, minimum=Decimal("-7.5"), maximum=Decimal("2.5")
    ),
    Indicator(code="F", value_type=ValueType.PERCENT, maximum=Decimal("99.9")),
]


def takes(indicator: Indicator, value: int) -> bool:
    try:
        value_clean(indicator, value)
    except ValidationError:
        return False
    return True


EDGES = [-(10**12), 1 - 10**12, -8, -7, -1, 0, 1, 2, 3, 4, 5, 99, 100, 101, 900, 901]


@pytest.mark.parametrize("indicator", BOUNDED, ids=lambda i: i.code)
@pytest.mark.parametrize("value", [*EDGES, 10**12 - 1, 10**12])
def test_whole_range_takes_what_value_clean_takes_at_every_edge(indicator, value):
    low, high = whole_range(indicator)
    assert (low <= value <= high) == takes(indicator, value)


@given(
    st.sampled_from(BOUNDED),
    st.integers(min_value=-2 * int(MAX_ABS), max_value=2 * int(MAX_ABS)),
)
def test_whole_range_takes_what_value_clean_takes(indicator, value):
    low, high = whole_range(indicator)
    assert (low <= value <= high) == takes(indicator, value)


def test_text_and_yes_no_read_whole_numbers_their_own_way():
    assert whole_range(Indicator(code="T", value_type=ValueType.TEXT)) is None
    assert whole_range(Indicator(code="Y", value_type=ValueType.YES_NO)) is None


def test_a_whole_number_kept_as_an_int_displays_as_its_decimal():
    assert format_number(1234) == format_number(Decimal(1234)) == "1.234"
