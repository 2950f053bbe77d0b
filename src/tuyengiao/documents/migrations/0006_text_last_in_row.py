"""SQLite: a document's text moves to the end of its row.

SQLite reads a row's columns in order, and a text of 20 K characters or more lies in
overflow pages: every column after it (confidential, orgunit_id…) cost a walk through the
whole text. The search's count reads the scope of up to 500 matches: 30 ms of a scoped
user's search went there (bench/README.md, search.py). A later migration that remakes the
table (an AlterField on SQLite) puts the column back in the model's order: repeat this then.
PostgreSQL keeps a long text out of line (TOAST): nothing to do there.
"""

from django.db import migrations

SQLITE = [
    "ALTER TABLE documents_document RENAME COLUMN full_text TO full_text_moved",
    "ALTER TABLE documents_document ADD COLUMN full_text text NOT NULL DEFAULT ''",
    "UPDATE documents_document SET full_text = full_text_moved",
    "ALTER TABLE documents_document DROP COLUMN full_text_moved",
]


def move_text_last(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_filter_choice_indexes")]

    operations = [migrations.RunPython(move_text_last, migrations.RunPython.noop)]
