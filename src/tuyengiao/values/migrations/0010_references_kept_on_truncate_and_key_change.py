"""What migration 0009's triggers missed, on PostgreSQL (a no-op on SQLite, whose foreign
keys do all this):

- a delete at REPEATABLE READ or SERIALIZABLE looks for the rows still referring to what it
  deleted in the transaction's snapshot, which misses a value another transaction wrote and
  committed since (its lock on the unit was released by then): the delete check now refuses
  outside READ COMMITTED (SQLSTATE 40001, serialization_failure: retry at READ COMMITTED);
- TRUNCATE fires no delete trigger: an AFTER TRUNCATE statement trigger on each referenced
  table refuses (23503) while a table referring to it still holds a row. It runs after all
  the tables of the statement are emptied, so truncating both together (`flush`, TRUNCATE …
  CASCADE, a test's teardown) still works;
- changing a referenced row's id is refused (23503) while a value or change refers to the
  old id, and outside READ COMMITTED (40001) for the reason above. Django never changes ids.

References are checked at the end of each statement, not at commit: `loaddata` of a fixture
that lists values before the units, indicators or users they refer to (or changes before
their values) now fails on PostgreSQL; list the referenced objects first.
"""

import importlib

from django.db import migrations

_0009 = importlib.import_module("tuyengiao.values.migrations.0009_references_checked_per_statement")
REFERENCES = _0009.REFERENCES
PARENTS = sorted({parent for _, _, parent in REFERENCES})

_SERIALIZED = (
    "IF current_setting('transaction_isolation') <> 'read committed' THEN "
    "RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = {message!r}; END IF;"
)


def _children(parent: str) -> list[tuple[str, str]]:
    return [(child, column) for child, column, referenced in REFERENCES if referenced == parent]


def _deletes_checked(parent: str) -> str:
    """0009's delete check, refused first outside READ COMMITTED (when it deleted rows)."""
    message = f"deleting from {parent} is checked against its referring rows only at READ COMMITTED"
    steps = [
        "IF NOT EXISTS (SELECT 1 FROM gone) THEN RETURN NULL; END IF;",
        _SERIALIZED.format(message=message),
    ] + [
        f"IF EXISTS (SELECT 1 FROM {child} c WHERE c.{column} IN (SELECT id FROM gone)) THEN "
        + _0009._refused(f"{parent} rows are still referred to by {child}.{column}")
        + " END IF;"
        for child, column in _children(parent)
    ]
    return _0009._function(f"{parent}_references_kept", steps)


def _truncates_checked(parent: str) -> str:
    steps = [
        f"IF EXISTS (SELECT 1 FROM {child}) THEN "
        + _0009._refused(f"{parent} truncated while {child}.{column} refers to it")
        + " END IF;"
        for child, column in _children(parent)
    ]
    return _0009._function(f"{parent}_references_truncated", steps)


def _ids_kept(parent: str) -> str:
    """A row trigger: refuses a new id for a row still referred to (returns the row)."""
    message = f"changing an id of {parent} is checked only at READ COMMITTED"
    steps = [_SERIALIZED.format(message=message)] + [
        f"IF EXISTS (SELECT 1 FROM {child} c WHERE c.{column} = OLD.id) THEN "
        + _0009._refused(f"{parent} id changed while {child}.{column} refers to it")
        + " END IF;"
        for child, column in _children(parent)
    ]
    return _0009._function(f"{parent}_id_kept", steps).replace("RETURN NULL;", "RETURN NEW;")


def forwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for parent in PARENTS:
        schema_editor.execute(_deletes_checked(parent))
        schema_editor.execute(_truncates_checked(parent))
        schema_editor.execute(
            f"CREATE TRIGGER {parent}_truncate_references AFTER TRUNCATE ON {parent} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {parent}_references_truncated()"
        )
        schema_editor.execute(_ids_kept(parent))
        schema_editor.execute(
            f"CREATE TRIGGER {parent}_id_references BEFORE UPDATE OF id ON {parent} "
            f"FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) "
            f"EXECUTE FUNCTION {parent}_id_kept()"
        )


def backwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for parent in PARENTS:
        schema_editor.execute(f"DROP TRIGGER {parent}_id_references ON {parent}")
        schema_editor.execute(f"DROP FUNCTION {parent}_id_kept()")
        schema_editor.execute(f"DROP TRIGGER {parent}_truncate_references ON {parent}")
        schema_editor.execute(f"DROP FUNCTION {parent}_references_truncated()")
        schema_editor.execute(_0009._deletes_checked(parent))  # 0009's own


class Migration(migrations.Migration):
    dependencies = [("values", "0009_references_checked_per_statement")]

    operations = [migrations.RunPython(forwards, backwards)]
