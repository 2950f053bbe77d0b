"""The ICU collation names are ordered by on PostgreSQL. SQLite gets its equivalent on each
connection (tuyengiao.ui.apps), so there is nothing to create there."""

from django.db import migrations

from tuyengiao.ui.collation import COLLATION, ICU_LOCALE


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {COLLATION} "
            f"(provider = icu, locale = '{ICU_LOCALE}')"
        )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {COLLATION}")


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create, drop)]
