from tests.values.conftest import by_level, count, monthly_form, rate, stock  # noqa: F401
