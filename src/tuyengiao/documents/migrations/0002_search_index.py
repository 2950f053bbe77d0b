"""The search index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL.

Neither is a Django model: each exists only on its own database (see documents/search.py).
No foreign key on PostgreSQL: a flush truncates documents_document, which a table Django
does not know about must not block.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE documents_search USING fts5("
    "symbol, title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS documents_search"]
POSTGRESQL = [
    "CREATE TABLE documents_search (document_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
    "CREATE INDEX documents_search_vector ON documents_search USING gin (vector)",
]
POSTGRESQL_REVERSE = ["DROP TABLE IF EXISTS documents_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _index_existing(apps, schema_editor):
    from tuyengiao.documents.search import search_index_documents

    Document = apps.get_model("documents", "Document")
    search_index_documents(Document.objects.using(schema_editor.connection.alias).iterator())


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(_index_existing, migrations.RunPython.noop),
    ]
