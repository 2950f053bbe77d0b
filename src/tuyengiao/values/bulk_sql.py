"""Statements with thousands of parameters: the set-based writes of imports and roll-ups.

Django's SQLite cursor turns every `%s` into `?` with a look-behind regular expression on
each call, a cost that grows with the parameters and adds up over a national import
(bench/README.md, "Long statements and Django's placeholder regex"). Such statements carry
no literal `%`, so a plain replace does the same for less; the statement then goes to the
sqlite3 cursor itself, inside Django's error translation.
"""

import sqlite3
from collections.abc import Iterable, Sequence

from django.db import connection


def execute(cursor, sql: str, params: Sequence) -> None:
    """`cursor.execute(sql, params)` for a long statement of `%s` parameters, no `%%`."""
    if connection.vendor != "sqlite":
        cursor.execute(sql, params)
        return
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql.replace("%s", "?"), params)


def select_in(sql: str, values: Iterable, *, chunk: int = 4000) -> list[tuple]:
    """The rows of `sql`, whose `{marks}` is the placeholder list of an `IN`, for `values`
    a chunk at a time (under SQLite's limit on parameters). Plain SQL: the ORM took longer
    to build an `IN` of thousands of values than to read its rows."""
    values = list(values)
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            execute(cursor, sql.format(marks=", ".join(["%s"] * len(part))), part)
            rows += cursor.fetchall()
    return rows
