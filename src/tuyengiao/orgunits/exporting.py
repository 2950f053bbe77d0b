"""Export of the tree the user may see, in the columns the import reads back unchanged."""

from collections.abc import Iterator

from tuyengiao.orgunits.access import units_in_scope
from tuyengiao.orgunits.columns import Cell, write_csv, write_xlsx
from tuyengiao.orgunits.models import OrgUnit

_VALUES = (
    "code",
    "name",
    "short_name",
    "kind__code",
    "parent__code",
    "opened_on",
    "closed_on",
    "successor__code",
)


def orgunit_export_rows(*, user) -> Iterator[tuple[Cell | None, ...]]:
    """One row per unit in scope (all units when `user` is None), parents before children."""
    units = OrgUnit.objects.all() if user is None else units_in_scope(user)
    # Ordered by path, a parent always precedes its children, as a person reads a tree.
    yield from units.order_by("path").values_list(*_VALUES).iterator(chunk_size=2000)


def orgunits_export(*, user, file_format: str) -> bytes:
    """The file's bytes in `file_format` ("csv" or "xlsx")."""
    rows = orgunit_export_rows(user=user)
    if file_format == "csv":
        return write_csv(rows)
    return write_xlsx(rows, title="orgunits")
