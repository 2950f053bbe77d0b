from tests.values.conftest import by_level, count, monthly_form  # noqa: F401
