"""Statements with thousands of parameters: the set-based writes of imports and roll-ups.

Django's SQLite cursor turns every `%s` into `?` with a look-behind regular expression on
each call, a cost that grows with the parameters and adds up over a national import
(bench/README.md, "Long statements and Django's placeholder regex"). Such statements carry
no literal `%`, so a plain replace does the same for less; the statement then goes to the
sqlite3 cursor itself, inside Django's error translation.

On PostgreSQL the same statements cost more: psycopg binds parameters on the client, and
splitting a statement of 30,000 placeholders took as long as running it (half a national
import's time went there). Many rows go by COPY instead (`copy_in`), into a temporary
table that one plain statement then reads: the write is the same, only its transport.
"""

import sqlite3
import threading
from collections.abc import Iterable, Sequence

from django.db import connection

# Rows from which a write on PostgreSQL copies them in (`copying`): below, the temporary
# table's creation costs more than the placeholders; a single save stays one statement.
COPY_FROM = 200


def execute(cursor, sql: str, params: Sequence) -> None:
    """`cursor.execute(sql, params)` for a long statement of `%s` parameters, no `%%`."""
    if connection.vendor != "sqlite":
        cursor.execute(sql, params)
        return
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql.replace("%s", "?"), params)


def copying(rows: int) -> bool:
    """Whether `rows` rows go by `copy_in`: on PostgreSQL, from `COPY_FROM` rows."""
    return rows >= COPY_FROM and connection.vendor == "postgresql"


def copy_in(
    cursor, name: str, like: str, rows: Iterable[Sequence], *, joined: bool = False
) -> None:
    """`rows` into the temporary table `name`, made afresh with the columns (names and
    types) that the query `like` selects, by COPY; it is dropped at commit. PostgreSQL
    only: one write's tables, seen by its own transaction alone. A table to be `joined`
    to others is analysed: the planner then knows its size."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
    cursor.execute(f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS {like} WITH NO DATA")
    with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if joined:
        cursor.execute(f"ANALYZE {name}")


# The list last copied in by `copy_in_once`, and its table.
_once = threading.local()


def copy_in_once(cursor, prefix: str, like: str, rows: Iterable[Sequence], *, source) -> str:
    """The temporary table that holds `rows`, made from the object `source` (`copy_in`):
    copied in, unless the last call copied the same object and its table is still there;
    then nothing is read from `rows`. Each copy has a table of its own name, since a
    savepoint rolled back drops the table it made and can bring back the one before."""
    last, _once.last = getattr(_once, "last", None), None  # taken twice at most
    if last is not None and last[0] is source:
        cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.{last[1]}"])
        if cursor.fetchone()[0] is not None:
            return last[1]
    number = getattr(_once, "number", 0) + 1
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{prefix}_{number - 1}")
    table = f"{prefix}_{number}"
    copy_in(cursor, table, like, rows)
    _once.number, _once.last = number, (source, table)
    return table


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
