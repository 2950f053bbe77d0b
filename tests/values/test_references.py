"""A value's references are refused when they lead nowhere, and what they lead to is not
deleted under them: foreign keys on SQLite, per-statement triggers on PostgreSQL
(migration values 0009)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
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
