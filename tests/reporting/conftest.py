"""The indicators and the monthly form of the values core's tests serve these too."""

from tests.values.conftest import by_level, count, monthly_form, rate, stock  # noqa: F401
