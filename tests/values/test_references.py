"""A value's references are refused when they lead nowhere, and what they lead to is not
deleted under them: foreign keys on SQLite, per-statement triggers on PostgreSQL
(migration values 0009)."""

import datetime

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from tests.values.conftest import import_rows
from tuyengiao.accounts.models import User
from tuyengiao.values.models import DataValue, DataValueChange

pytestmark = pytest.mark.django_db


def _value(**fields) -> DataValue:
    day = datetime.date(2023, 10, 1)
    return DataValue(
        period="202310", period_start=day, period_end=datetime.date(2023, 10, 31), value=1,
        created_at=timezone.now(), updated_at=timezone.now(), **fields,
    )  # fmt: skip


def _refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        connection.check_constraints()  # SQLite's foreign keys are checked at commit


def test_a_value_of_a_missing_unit_indicator_or_user_is_refused(tree, count):
    _refused(lambda: _value(orgunit_id=tree.cell_a1.pk + 1000, indicator=count).save())
    _refused(lambda: _value(orgunit=tree.cell_a1, indicator_id=count.pk + 1000).save())
    _refused(lambda: _value(orgunit=tree.cell_a1, indicator=count, created_by_id=999).save())
    _refused(
        lambda: DataValue.objects.bulk_create(
            [_value(orgunit=tree.cell_a1, indicator=count), _value(orgunit_id=0, indicator=count,
                                                                    option="X")]
        )
    )  # fmt: skip
    assert not DataValue.objects.exists()


def test_a_unit_or_indicator_with_values_stays_and_a_user_is_let_go(tree, site_admin, count):
    import_rows(user=site_admin, rows=[{"indicator": count.code, "orgunit": tree.cell_a1.code,
                                        "period": "202310", "value": 1}])  # fmt: skip
    import_rows(user=site_admin, rows=[{"indicator": count.code, "orgunit": tree.cell_a1.code,
                                        "period": "202310", "value": 2}])  # fmt: skip
    with pytest.raises(ProtectedError):
        tree.cell_a1.delete()  # Django refuses first
    units = tree.cell_a1._meta.db_table
    delete = f"DELETE FROM {units} WHERE id = %s"  # noqa: S608 (a table's name)
    _refused(lambda: connection.cursor().execute(delete, [tree.cell_a1.pk]))
    _refused(lambda: DataValue.objects.filter(pk__in=DataValue.objects.values("pk"))._raw_delete(
        DataValue.objects.db))  # fmt: skip
    User.objects.filter(pk=site_admin.pk).delete()  # its values and changes keep no author
    value = DataValue.objects.get()
    assert (value.created_by_id, value.updated_by_id, value.value) == (None, None, 2)
    assert DataValueChange.objects.get().changed_by_id is None
    value.delete()  # with its history
    assert not DataValueChange.objects.exists()


# What 0009's triggers missed (migration values 0010); SQLite's foreign keys do all this.
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's reference triggers"
)


def _two_values(*, tree, user, indicator) -> None:
    """A value of cell A1 with a change (written twice)."""
    for value in (1, 2):
        import_rows(user=user, rows=[{"indicator": indicator.code, "orgunit": tree.cell_a1.code,
                                      "period": "202310", "value": value}])  # fmt: skip


@on_postgresql
def test_a_truncate_leaving_references_behind_is_refused(tree, site_admin, count):
    _two_values(tree=tree, user=site_admin, indicator=count)
    with connection.cursor() as cursor:  # no TRUNCATE with deferred checks still pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for parent in (tree.cell_a1, count, site_admin, DataValue.objects.get()):
        table = parent._meta.db_table
        _refused(lambda t=table: connection.cursor().execute(f"TRUNCATE {t} CASCADE"))
    with connection.cursor() as cursor:  # the children with them: as `flush` does
        cursor.execute(f"TRUNCATE {DataValueChange._meta.db_table}, {DataValue._meta.db_table}, "
                       f"{count._meta.db_table} CASCADE")  # fmt: skip
    assert not DataValue.objects.exists()


@on_postgresql
def test_a_new_id_for_a_row_referred_to_is_refused(tree, site_admin, count):
    _two_values(tree=tree, user=site_admin, indicator=count)
    value = DataValue.objects.get()
    _refused(lambda: DataValue.objects.filter(pk=value.pk).update(id=value.pk + 1000))
    _refused(lambda: User.objects.filter(pk=site_admin.pk).update(id=site_admin.pk + 1000))
    changed = type(count).objects.filter(pk=count.pk)
    _refused(lambda: changed.update(id=count.pk + 1000))
    assert DataValueChange.objects.get().datavalue_id == value.pk


@on_postgresql
@pytest.mark.django_db(transaction=True)  # a transaction of its own; flushed (TRUNCATE) after
def test_a_delete_outside_read_committed_is_refused(tree):
    # Its check would read the transaction's snapshot, blind to values committed since.
    with pytest.raises(OperationalError) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tree.cell_b1.delete()
    assert refused.value.__cause__.sqlstate == "40001"
    tree.cell_b1.delete()  # at READ COMMITTED


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its foreign keys")
def test_sqlite_keeps_the_references_of_values_and_changes():
    # The model state says db_constraint=False: a migration rebuilding these tables would
    # drop them (see models.py, `DataValue`).
    tables = {DataValue._meta.db_table: {"orgunit_id", "indicator_id", "created_by_id",
                                         "updated_by_id", "source_type_id"},
              DataValueChange._meta.db_table: {"datavalue_id", "changed_by_id",
                                               "source_type_id"}}  # fmt: skip
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            cursor.execute(f"PRAGMA foreign_key_list({table})")
            assert {row[3] for row in cursor.fetchall()} == columns, table
