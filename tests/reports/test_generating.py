"""Reports out in the Party's format: a unit's draft assembled from the figures of the level
below, activities, tasks and the sentences the units below wrote; read back with python-docx;
issuing numbers, registers and freezes it."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied

from tuyengiao.reports.generating import report_docx, report_generate
from tuyengiao.reports.models import ReportStatus
from tuyengiao.values.periods import Period
from tuyengiao.values.services import Source, datavalues_write

MARCH = Period.month(2026, 3)


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
