"""Long statements go around Django's placeholder rewriting and keep its error types."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from tuyengiao.values import bulk_sql
from tuyengiao.values.rollup import aggregate_series

pytestmark = pytest.mark.django_db

AGG = "reporting_aggregate"


def _insert(cursor, rows):
    marks = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    bulk_sql.execute(
        cursor,
        f"INSERT INTO {AGG} (orgunit_id, indicator_id, period, option, total, count) "
        f"VALUES {marks}",
        [p for row in rows for p in row],
    )


def test_writes_and_reads_like_the_cursor():
    rows = [(unit, 7, "202310", "", unit * 10, 1) for unit in range(1, 3001)]
    with connection.cursor() as cursor:
        _insert(cursor, rows[:3000])
        bulk_sql.execute(
            cursor, f"SELECT COUNT(*) FROM {AGG} WHERE total > %s", [Decimal("29990.5")]
        )
        assert cursor.fetchone() == (1,)  # a Decimal parameter is adapted as Django does
        bulk_sql.execute(
            cursor, f"SELECT SUM(total), COUNT(*) FROM {AGG} WHERE indicator_id = %s", [7]
        )
        total, count = cursor.fetchone()
    assert (int(total), count) == (sum(u * 10 for u in range(1, 3001)), 3000)
    assert aggregate_series() == [(7, "202310")]


def test_a_broken_key_is_djangos_integrity_error():
    with connection.cursor() as cursor:
        _insert(cursor, [(1, 7, "202310", "", 1, 1)])
        with pytest.raises(IntegrityError), transaction.atomic():
            _insert(cursor, [(1, 7, "202310", "", 1, 1)])


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY and temporary tables: PostgreSQL"
)
LIKE = f"SELECT orgunit_id, total FROM {AGG}"


def _rows_of(cursor, table):
    cursor.execute(f"SELECT orgunit_id, total FROM {table} ORDER BY orgunit_id")
    return cursor.fetchall()


@postgresql_only
def test_a_copied_list_is_copied_once():
    first, second = [(1, 10), (2, 20)], [(3, 30)]
    with transaction.atomic(), connection.cursor() as cursor:
        table = bulk_sql.copy_in_once(cursor, "tg_test", LIKE, first, source=first)
        assert bulk_sql.copy_in_once(cursor, "tg_test", LIKE, [], source=first) == table
        other = bulk_sql.copy_in_once(cursor, "tg_test", LIKE, second, source=second)
        assert other != table and _rows_of(cursor, other) == second


@postgresql_only
def test_a_copy_undone_by_a_savepoint_is_copied_again():
    first, second = [(1, 10)], [(2, 20)]
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_sql.copy_in_once(cursor, "tg_test", LIKE, first, source=first)
        with pytest.raises(RuntimeError), transaction.atomic():
            bulk_sql.copy_in_once(cursor, "tg_test", LIKE, second, source=second)
            raise RuntimeError
        # The savepoint took the second table with it and brought the first one back.
        table = bulk_sql.copy_in_once(cursor, "tg_test", LIKE, second, source=second)
        assert _rows_of(cursor, table) == second
