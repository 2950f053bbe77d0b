"""Indicator reporting (issue 5): periods, safe expressions; the Django app comes next."""
