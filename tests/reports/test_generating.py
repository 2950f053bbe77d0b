"""Reports out in the Party's format: a unit's draft assembled from the figures of the level
below, activities, tasks and the sentences the units below wrote; read back with python-docx;
issuing numbers, registers and freezes it."""

import datetime
import io
import threading
import time

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.factories import OrgUnitFactory, UnitKindFactory
from tuyengiao.activities.models import Activity, ActivityKind
from tuyengiao.documents.services import document_register
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.assembling import sentences, sentences_below
from tuyengiao.reports.generating import party_report, report_docx, report_generate, report_save
from tuyengiao.reports.issuing import DIRECTIVE_RELATION, report_issue, suggested_number
from tuyengiao.reports.models import ReportStatus
from tuyengiao.reports.services import report_ingest
from tuyengiao.tracking.models import Assignment, Status, Task
from tuyengiao.values.periods import Period
from tuyengiao.values.services import Source, datavalues_write

MARCH = Period.month(2026, 3)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Issuing attaches the .docx to the registry: into the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write(user, unit, value, indicator="HN_THONG_TIN_THOI_SU", period=MARCH):
    cell = {"indicator": indicator, "orgunit": unit.code, "period": period.code, "value": value}
    report = datavalues_write([cell], user=user, source=Source("entry"))
    assert report.ok, report


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


def test_a_draft_is_made_once_and_refreshed(tree, province_admin):
    first = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    again = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    assert first.pk == again.pk
    assert first.status == ReportStatus.DRAFT
    assert first.kind == "month"
    assert "tháng 3 năm 2026" in first.summary


def test_a_viewer_may_not_generate(tree, member):
    with pytest.raises(PermissionDenied):
        report_generate(user=member, orgunit=tree.commune_a, period=MARCH)


def test_the_docx_shows_the_figures_below(tree, province_admin):
    write(province_admin, tree.commune_a, 3)
    write(province_admin, tree.commune_b, 4)
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    text = text_of(report_docx(report=report))
    assert "DỰ THẢO" in text
    assert "Đảng ủy xã An Bình | 3" in text
    assert "Tổng cộng | 7" in text


COMMUNE_REPORT = """BÁO CÁO
I. KẾT QUẢ ĐẠT ĐƯỢC
Đảng ủy xã tổ chức 3 hội nghị thông tin thời sự với 468 lượt người nghe.
Phong trào học tập lan tỏa rộng khắp.
II. HẠN CHẾ, TỒN TẠI
Một số chi bộ sinh hoạt chưa đều.
III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 4
Phấn đấu tổ chức 5 hội nghị.
"""


def ingested(user, unit):
    return report_ingest(
        user=user, orgunit=unit, period=MARCH, text=COMMUNE_REPORT, filename="t3.txt"
    )


def test_sentences_below_are_offered_and_marked_once_used(tree, owner, province_admin):
    ingested(owner, tree.commune_a)
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    found = sentences_below(unit=tree.province, period=MARCH, sections=report.sections)
    texts = [s.text for s in found]
    assert "Phong trào học tập lan tỏa rộng khắp." in texts
    assert {s.unit for s in found} == {"Đảng ủy xã An Bình"}
    assert not any(s.used for s in found)
    picked = next(s for s in found if s.text.startswith("Phong trào"))
    sections = {**report.sections, "results": picked.text}
    again = sentences_below(unit=tree.province, period=MARCH, sections=sections)
    assert next(s for s in again if s.key == picked.key).used


def test_the_docx_header_and_body(tree, province_admin):
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    report_save(
        user=province_admin,
        report=report,
        sections={"results": "Câu của xã An Bình được chọn.", "limitations": "",
                  "causes": "", "directions": "Tiếp tục tuyên truyền."},
    )  # fmt: skip
    document = docx.Document(io.BytesIO(report_docx(report=report)))
    header = document.tables[0]
    left, right = header.rows[0].cells[0].text, header.rows[0].cells[1].text
    assert "TỈNH ỦY THỬ" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    assert "Số" in header.rows[1].cells[0].text + left
    assert f"Thử, ngày {timezone.localdate().day} tháng" in text_of(report_docx(report=report))
    body = text_of(report_docx(report=report))
    assert "Câu của xã An Bình được chọn." in body
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in body
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 4 NĂM 2026" in body


def test_issuing_numbers_registers_and_freezes(tree, province_admin):
    write(province_admin, tree.commune_a, 3)
    write(province_admin, tree.commune_b, 4)
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    number = suggested_number(unit=tree.province, day=datetime.date(2026, 4, 2))
    assert number == "1-BC/TU"
    report = report_issue(
        user=province_admin, report=report, number="27-BC/TU", issued_on=datetime.date(2026, 4, 2)
    )
    assert report.status == ReportStatus.ISSUED
    document = report.document
    assert document.symbol == "27-BC/TU"
    assert document.number == "27" and document.type_code == "BC"
    assert document.issuer_unit == tree.province
    assert document.attachments.count() == 1
    assert suggested_number(unit=tree.province, day=datetime.date(2026, 5, 1)) == "28-BC/TU"
    write(province_admin, tree.commune_a, 10)  # after issuing: the issued report keeps 3
    text = text_of(report_docx(report=report))
    assert "DỰ THẢO" not in text
    assert "Số 27-BC/TU" in text
    assert "Đảng ủy xã An Bình | 3" in text
    assert "Tổng cộng | 7" in text
    # An issued report is never changed: generating again makes a new draft.
    draft = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    assert draft.pk != report.pk
    assert "Đảng ủy xã An Bình | 10" in text_of(report_docx(report=draft))
    with pytest.raises(PermissionDenied):
        report_issue(user=province_admin, report=report, number="28")


def test_a_bad_number_is_refused(tree, province_admin):
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    with pytest.raises(ValidationError):
        report_issue(user=province_admin, report=report, number="27-NQ/TU")
    assert report_issue(user=province_admin, report=report, number="5").number == "5-BC/TU"


def test_a_directive_is_linked(tree, province_admin):
    directive = document_register(
        user=province_admin, orgunit=tree.province, system="party", symbol="05-CT/TW",
        number="05", type_code="CT", issued_on=datetime.date(2016, 5, 15),
    )  # fmt: skip
    report = report_generate(
        user=province_admin, orgunit=tree.province, period=Period.year(2026),
        kind="so_ket", directive=directive,
    )  # fmt: skip
    assert report.summary == "sơ kết thực hiện 05-CT/TW"
    report = report_issue(user=province_admin, report=report, number="3")
    relation = report.document.outgoing.get()
    assert relation.kind == DIRECTIVE_RELATION and relation.target == directive


def test_thirty_communes_drafts_and_docx_timing(tree, province_admin, capsys):
    """The time to make 30 communes' drafts and their .docx, each with a table row per cell
    (three cells a commune) for the indicators its figures name: printed for the closing note."""
    cells = []
    for n in range(30):
        commune = OrgUnitFactory(
            code=f"XA-{n:02d}", name=f"Đảng ủy xã Số {n}", kind=tree.commune_a.kind,
            parent=tree.province,
        )  # fmt: skip
        for m in range(3):
            cells.append(
                OrgUnitFactory(code=f"CB-{n:02d}-{m}", name=f"Chi bộ thôn {m}",
                               kind=tree.cell_a1.kind, parent=commune)
            )  # fmt: skip
    rows = [
        {"indicator": code, "orgunit": cell.code, "period": period.code, "value": value}
        for cell in cells
        for code, value in (("HN_THONG_TIN_THOI_SU", 2), ("LUOT_NGUOI_NGHE", 150))
        for period in (MARCH, MARCH.previous())
    ]
    assert datavalues_write(rows, user=province_admin, source=Source("entry")).ok
    communes = list(OrgUnit.objects.filter(code__startswith="XA-", level=1, code__regex=r"\d$"))
    assert len(communes) == 30
    started = time.perf_counter()
    for commune in communes:
        report = report_generate(user=province_admin, orgunit=commune, period=MARCH)
        data = report_docx(report=report)
    elapsed = time.perf_counter() - started
    assert "Chi bộ thôn 2 | 2 | 150" in text_of(data)
    started = time.perf_counter()
    province = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    text = text_of(report_docx(report=province))
    above = time.perf_counter() - started
    assert "Đảng ủy xã Số 29 | 6 | 450" in text and "Tổng cộng | 180 | 13.500" in text
    assert "Số hội nghị thông tin thời sự (hội nghị) | 180 | 180" in text  # beside February
    with capsys.disabled():
        print(f"\n30 communes' drafts and .docx: {elapsed:.2f} s ({elapsed / 30 * 1000:.0f} ms "
              f"each); the province's, 32 rows a table: {above * 1000:.0f} ms")  # fmt: skip
    assert elapsed < 60


def test_activities_of_the_subtree_and_the_units_tasks(tree, province_admin):
    kind = ActivityKind.objects.create(code="HN_TEST", name="Hội nghị thông tin thời sự")
    for unit, day, people in (
        (tree.cell_a1, 5, 40),
        (tree.commune_b, 20, 60),
        (tree.commune_a, 1, 0),
    ):
        Activity.objects.create(
            kind=kind, orgunit=unit, title="Hội nghị", held_on=datetime.date(2026, 3, day),
            party_members=people // 2, public=people - people // 2,
        )  # fmt: skip
    Activity.objects.create(  # another month: not counted
        kind=kind, orgunit=tree.commune_a, title="Hội nghị", held_on=datetime.date(2026, 4, 1)
    )
    task = Task.objects.create(
        orgunit=tree.province, title="Tổ chức học tập Nghị quyết", created_by=province_admin
    )
    other = Task.objects.create(orgunit=tree.province, title="Sơ kết", created_by=province_admin)
    late = datetime.date(2026, 1, 1)
    Assignment.objects.create(task=task, orgunit=tree.province, deadline=late,
                              assigned_by=province_admin)  # fmt: skip
    Assignment.objects.create(task=other, orgunit=tree.province, status=Status.DONE,
                              assigned_by=province_admin)  # fmt: skip
    Assignment.objects.create(task=other, orgunit=tree.commune_a, assigned_by=province_admin)
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    text = text_of(report_docx(report=report))
    assert "- Hội nghị thông tin thời sự: 3 hoạt động, 100 lượt người tham dự." in text
    assert (
        "Được giao 2 nhiệm vụ: hoàn thành 1, đang thực hiện 0, chưa thực hiện 0, quá hạn 1." in text
    )
    assert "- Tổ chức học tập Nghị quyết" in text


def test_a_department_names_its_committee_above_it(tree, province_admin):
    department = OrgUnitFactory(
        code="BTG", name="Ban Tuyên giáo và Dân vận", parent=tree.province,
        kind=UnitKindFactory(code="ban-dang", name="Ban của Đảng"),
    )  # fmt: skip
    report = report_generate(user=province_admin, orgunit=department, period=MARCH)
    party = party_report(report)
    assert party.parent_body == "Tỉnh ủy Thử" and party.body == "Ban Tuyên giáo và Dân vận"
    assert party.place == "Thử" and party.number == "-BC/BTGDVTU"
    assert (
        report.authority == "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN" and report.signer_title == "TRƯỞNG BAN"
    )
    header = docx.Document(io.BytesIO(report_docx(report=report))).tables[0]
    assert "TỈNH ỦY THỬ" in header.rows[0].cells[0].text
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN" in header.rows[0].cells[0].text


def test_sentences_split_at_a_stop_before_a_capital_and_lose_their_dash():
    text = (
        "Tổ chức 3 hội nghị. Đảng ủy chỉ đạo tốt; các chi bộ làm. đ sau chấm.\n- Ý khác.\n+ Ý ba."
    )
    assert sentences(text) == [
        "Tổ chức 3 hội nghị.",
        "Đảng ủy chỉ đạo tốt; các chi bộ làm. đ sau chấm.",
        "Ý khác.",
        "Ý ba.",
    ]


def test_a_stale_copy_cannot_turn_an_issued_report_back_into_a_draft(tree, province_admin):
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    stale = type(report).objects.get(pk=report.pk)
    report_issue(
        user=province_admin, report=report, number="7", issued_on=datetime.date(2026, 4, 2)
    )
    with pytest.raises(PermissionDenied):
        report_save(user=province_admin, report=stale, summary="sửa sau khi ban hành")
    with pytest.raises(PermissionDenied):
        report_issue(user=province_admin, report=stale, number="8")
    stale.refresh_from_db()
    assert stale.status == ReportStatus.ISSUED and stale.number == "7-BC/TU"
    assert stale.frozen is not None and stale.document is not None


def test_generating_again_keeps_what_the_writer_saved_meanwhile(tree, province_admin):
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    report_save(user=province_admin, report=report, sections={"results": "Viết dở."})
    # A second tab's generate holds the draft as it was before the writer saved.
    again = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    again.refresh_from_db()
    assert again.pk == report.pk and again.sections == {"results": "Viết dở."}


def test_a_number_is_used_once_a_year_in_the_units_own_series(tree, province_admin):
    first = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    second = report_generate(user=province_admin, orgunit=tree.province, period=MARCH.previous())
    report_issue(user=province_admin, report=first, number="5-BC/TU",
                 issued_on=datetime.date(2026, 4, 2))  # fmt: skip
    with pytest.raises(ValidationError):
        report_issue(user=province_admin, report=second, number="5-BC/TU",
                     issued_on=datetime.date(2026, 4, 3))  # fmt: skip
    # Another year starts the series again.
    again = report_issue(user=province_admin, report=second, number="5",
                         issued_on=datetime.date(2027, 1, 5))  # fmt: skip
    assert again.number == "5-BC/TU"
    commune = report_generate(user=province_admin, orgunit=tree.commune_a, period=MARCH)
    with pytest.raises(ValidationError):
        report_issue(user=province_admin, report=commune, number="6-BC/TU")
    commune.refresh_from_db()
    assert commune.status == ReportStatus.DRAFT
    assert report_issue(user=province_admin, report=commune, number="6").number == "6-BC/ĐU"


@pytest.mark.parametrize(
    ("period", "kind"),
    [
        ("10000101-99991231", "so_ket"),  # thousands of years
        ("20200101-20301231", "tong_ket"),  # eleven years
        ("2026", "month"),  # a monthly report covering a year
        ("202603", "year"),
        ("20260101-20260630", "month"),
        ("20260101-20260630", ""),  # a custom range without its kind
    ],
)
def test_the_kind_must_fit_the_period(tree, province_admin, period, kind):
    with pytest.raises(ValidationError):
        report_generate(user=province_admin, orgunit=tree.province, period=Period.parse(period),
                        kind=kind)  # fmt: skip


def test_a_directive_of_ten_years_is_reported_on(tree, province_admin):
    period = Period.parse("20160101-20251231")
    report = report_generate(user=province_admin, orgunit=tree.province, period=period,
                             kind="tong_ket")  # fmt: skip
    assert "BÁO CÁO" in text_of(report_docx(report=report))
    monthly = report_generate(user=province_admin, orgunit=tree.province, period=MARCH,
                              kind="month")  # fmt: skip
    assert monthly.kind == "month"


def test_an_issued_reports_docx_is_the_file_that_went_out(tree, province_admin):
    report = report_generate(user=province_admin, orgunit=tree.province, period=MARCH)
    report = report_issue(user=province_admin, report=report, number="9",
                          issued_on=datetime.date(2026, 4, 2))  # fmt: skip
    tree.province.name = "Tỉnh ủy Đổi Tên"
    tree.province.save()
    report.refresh_from_db()
    data = report_docx(report=report)
    assert "TỈNH ỦY THỬ" in text_of(data) and "ĐỔI TÊN" not in text_of(data)
    with report.document.attachments.get().file.open("rb") as file:
        assert data == file.read()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_two_reports_issued_at_once_do_not_share_a_number(transactional_db, tree,
                                                          province_admin):  # fmt: skip
    reports = [
        report_generate(user=province_admin, orgunit=tree.province, period=period)
        for period in (MARCH, MARCH.previous())
    ]
    start = threading.Barrier(len(reports))
    outcomes: list[str] = []

    def issue(report, day: int) -> None:
        try:
            start.wait()
            # Different days: the registry itself refuses one symbol twice on one day.
            report_issue(user=province_admin, report=report, number="5",
                         issued_on=datetime.date(2026, 4, day))  # fmt: skip
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue, args=(report, day))
        for day, report in enumerate(reports, start=2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused"]
