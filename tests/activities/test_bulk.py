"""Activities from a file: read by the Vietnamese headings, checked row by row, saved all or
nothing with each unit-month's figures written once; the template and its list of codes."""

import datetime
import io

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories import OrgUnitFactory
from tuyengiao.activities.bulk import (
    COLUMNS,
    activities_file_import,
    read_rows,
    template_csv,
    template_xlsx,
)
from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind
from tuyengiao.documents.models import Document, System
from tuyengiao.reporting import services as reporting_services
from tuyengiao.tabular.writing import csv_bytes, xlsx_bytes
from tuyengiao.textkit.encodings import encode_legacy
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period

HEADER = [heading for _key, heading, _others in COLUMNS]


def row(**cells) -> list:
    """A row of the template, by field: orgunit, kind, title, held_on, ... ."""
    defaults = {"kind": "THONG_TIN_THOI_SU", "title": "Hội nghị thông tin thời sự",
                "held_on": "05/03/2026", "party_members": 40, "public": 60}  # fmt: skip
    values = defaults | cells
    return [values.get(key, "") for key, _heading, _others in COLUMNS]


def imported(user, rows, *, name="hoat-dong.csv", content=None):
    content = content if content is not None else csv_bytes(rows, header=HEADER)
    found, lines = read_rows(name, content)
    return activities_file_import(user, found, lines)


def value(code, unit, period):
    found = DataValue.objects.filter(indicator__code=code, orgunit=unit, period=period.code).first()
    return None if found is None or found.value is None else int(found.value)


def registered(symbol, unit, by, issued_on=datetime.date(2026, 1, 10)) -> Document:
    return Document.objects.create(
        system=System.PARTY, number=symbol.split("-")[0], symbol=symbol, orgunit=unit,
        registered_by=by, title="Văn bản thử", issued_on=issued_on,
    )  # fmt: skip


@pytest.fixture
def document(tree, site_admin):
    return registered("88-KL/TU", tree.province, site_admin)


def test_rows_become_activities_and_each_months_figures(tree, owner, document):
    result = imported(owner, [
        row(orgunit="XA-AB", held_on="05/03/2026", starts_at="7h30", ends_at="11:00",
            place="Hội trường UBND xã An Bình"),
        row(orgunit="XA-AB", held_on="20/03/2026", party_members="1.200", public=""),
        row(orgunit="CB-A1", held_on="02/04/2026"),
        row(orgunit="xa-ab", kind="Hội nghị học tập, quán triệt nghị quyết", held_on="2026-04-09",
            title="Học tập Kết luận 88", documents="88 - kl/tu", cadres=5),
    ])  # fmt: skip
    assert not result.errors
    assert len(result.saved) == Activity.objects.count() == 4
    first = Activity.objects.get(held_on=datetime.date(2026, 3, 5))
    assert (first.starts_at, first.ends_at) == (datetime.time(7, 30), datetime.time(11))
    assert first.created_by == owner and first.place == "Hội trường UBND xã An Bình"
    march = Period.month(2026, 3)
    assert value("HN_THONG_TIN_THOI_SU", tree.commune_a, march) == 2
    assert value("LUOT_NGUOI_NGHE", tree.commune_a, march) == 100 + 1200
    study = Activity.objects.get(kind__code="HN_QUAN_TRIET")
    assert list(study.documents.all()) == [document]
    assert value("LUOT_QUAN_TRIET", tree.commune_a, Period.month(2026, 4)) == 45


def test_any_bad_row_saves_nothing_and_names_row_and_column(tree, owner, outsider):
    result = imported(owner, [
        row(orgunit="XA-AB"),
        row(orgunit="XA-BM"),  # the neighbour's
        row(orgunit="XA-AB", kind="KHONG_CO", held_on="31/02/2026", public="-3"),
        row(orgunit="XA-AB", documents="99-NQ/TW", sessions=3),
        row(orgunit="XA-AB", held_on="05/03/2026", ends_on="01/03/2026"),
    ])  # fmt: skip
    assert not Activity.objects.exists() and not DataValue.objects.exists()
    found = {(e.row, e.field) for e in result.errors}
    assert found == {
        (3, "Mã đơn vị"),
        (4, "Loại hoạt động"), (4, "Ngày"), (4, "Quần chúng"),
        (5, "Văn bản học tập"), (5, "Số buổi học"),
        (6, "Đến ngày"),
    }  # fmt: skip
    by_field = {e.field: e.message for e in result.errors}
    assert "XA-BM" in by_field["Mã đơn vị"] and "99-NQ/TW" in by_field["Văn bản học tập"]


def test_a_viewer_and_an_outsider_import_nothing(tree, member, outsider):
    for user in (member, outsider):
        result = imported(user, [row(orgunit="XA-AB")])
        assert [e.field for e in result.errors] == ["Mã đơn vị"]
    assert not Activity.objects.exists()


def test_a_document_hidden_from_the_user_is_unknown(tree, owner, site_admin):
    registered("05-KH/ĐU", tree.commune_b, site_admin)
    result = imported(owner, [row(orgunit="XA-AB", documents="05-KH/ĐU")])
    assert [e.field for e in result.errors] == ["Văn bản học tập"]


def test_a_locked_month_refuses_its_rows_with_the_grids_reason(tree, owner, count, monthly_form):
    briefing = ActivityKind.objects.get(code="THONG_TIN_THOI_SU")
    feed = ActivityFeed.objects.get(kind=briefing, indicator__code="HN_THONG_TIN_THOI_SU")
    feed.indicator = count  # the form collects it
    feed.save()
    period = monthly_form.current
    reporting_services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    day = period.start.strftime("%d/%m/%Y")
    result = imported(owner, [
        row(orgunit="CB-A1", held_on=day),  # a cell of the commune: no form, no lock
        row(orgunit="XA-AB", held_on=day),
    ])  # fmt: skip
    assert [(e.row, e.field) for e in result.errors] == [(3, "Ngày")]
    assert "khóa" in result.errors[0].message
    assert not Activity.objects.exists() and not DataValue.objects.exists()


def test_class_counts_and_an_xlsx_with_dates_and_times(tree, owner):
    content = xlsx_bytes(
        [row(orgunit="XA-AB", kind="LOP_KET_NAP", title="Lớp đối tượng kết nạp Đảng",
             held_on=datetime.datetime(2026, 5, 11), ends_on=datetime.date(2026, 5, 15),
             starts_at=datetime.time(7, 30), sessions=8.0, enrolled=32, graduated=30)],
        title="Hoạt động", header=HEADER,
    )  # fmt: skip
    result = imported(owner, None, name="lop.xlsx", content=content)
    assert not result.errors
    lesson = Activity.objects.get()
    assert (lesson.sessions, lesson.enrolled, lesson.graduated) == (8, 32, 30)
    assert lesson.ends_on == datetime.date(2026, 5, 15)
    assert value("HOC_VIEN", tree.commune_a, Period.month(2026, 5)) == 32


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258", "tcvn3", "vni"])
def test_legacy_csv_encodings_and_semicolons(tree, owner, encoding):
    text = ";".join(HEADER) + "\n" + ";".join(
        str(c) for c in row(orgunit="XA-AB", place="Nhà văn hóa thôn Đông")
    ) + "\n"  # fmt: skip
    content = text.encode("utf-16") if encoding == "utf-16" else encode_legacy(text, encoding)
    result = imported(owner, None, content=content)
    assert not result.errors, result.errors
    assert Activity.objects.get().place == "Nhà văn hóa thôn Đông"


def test_the_template_lists_kinds_and_units_in_scope_as_plain_text(tree, owner):
    OrgUnitFactory(code="CB-A2", name="=HYPERLINK(\"http://x\")", kind=tree.cell_a1.kind,
                   parent=tree.commune_a)  # fmt: skip
    book = load_workbook(io.BytesIO(template_xlsx(owner)))
    assert book.active.title == "Hoạt động"
    header = [
        c.value for c in next(r for r in book.active.iter_rows() if r[0].value == "Mã đơn vị")
    ]
    assert header == HEADER
    codes = book["Danh mục"]
    cells = {(c.value, c.data_type) for r in codes.iter_rows() for c in r if c.value}
    assert ("LOP_KET_NAP", "s") in cells and ("XA-AB", "s") in cells
    assert ('=HYPERLINK("http://x")', "s") in cells  # text, never a formula
    assert "XA-BM" not in {value for value, _type in cells}
    assert template_csv().decode("utf-8-sig").strip() == ",".join(HEADER)


def test_the_template_reads_back(tree, owner):
    """A template filled in by appending rows reads back as the file a person would send."""
    found, lines = read_rows("mau.csv", template_csv() + ",".join(
        str(c) for c in row(orgunit="XA-AB")).encode() + b"\n")  # fmt: skip
    assert lines == [2] and found[0]["orgunit"] == "XA-AB"


@override_settings(MAX_SHEET_ROWS=10)
def test_a_file_past_the_row_limit_is_refused(tree, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="quá 10 dòng"):
        read_rows("nhieu.csv", csv_bytes([row(orgunit="XA-AB")] * 12, header=HEADER))


def test_a_communes_year_imports_with_each_month_worked_out_once(tree, owner):
    start = datetime.date.today() - datetime.timedelta(days=366)  # the past year: none ahead
    rows = [
        row(orgunit="XA-AB", held_on=(start + datetime.timedelta(days=d)).strftime("%d/%m/%Y"),
            kind=("THONG_TIN_THOI_SU", "HN_BAO_CAO_VIEN")[d % 2])
        for d in range(0, 365, 365 // 200 + 1)
    ] + [row(orgunit="XA-AB", held_on=start.strftime("%d/%m/%Y"))] * 18  # fmt: skip
    assert len(rows) >= 200
    with CaptureQueriesContext(connection) as queries:
        result = imported(owner, rows)
    assert not result.errors and Activity.objects.count() == len(rows)
    # Each row's insert and its audit entry; a month's figures once for all its rows, not
    # once per row (which would read the month's activities 200 times). Speed is measured
    # in bench/, not here.
    recounts = [q for q in queries.captured_queries if 'FROM "activities_activity"' in q["sql"]]
    assert len(recounts) <= 13, len(recounts)
