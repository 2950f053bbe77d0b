"""Reviews of a span: every report inside it, by task, and the draft report as .docx."""

import datetime
import io

import docx

from tests.tracking.conftest import TODAY
from tests.values.conftest import make_indicator
from tuyengiao.tracking.models import Assignment, Status
from tuyengiao.tracking.reviews import default_span, review_collect, review_docx, span_codes
from tuyengiao.tracking.services import (
    assignments_create,
    progress_report_review,
    progress_report_save,
    task_update,
)
from tuyengiao.values.periods import Period


def test_span_codes_hold_every_period_inside_the_span():
    codes = span_codes(Period.half(2026, 1))
    assert {"202601", "202606", "2026Q1", "2026Q2", "2026S1"} <= set(codes)
    assert "2026" not in codes and "2026S2" not in codes and "202607" not in codes


def test_the_default_span_is_the_half_year_that_ended_last():
    assert default_span(datetime.date(2026, 12, 3)).code == "2026S2"
    assert default_span(datetime.date(2026, 10, 3)).code == "2026S1"
    assert default_span(datetime.date(2026, 3, 3)).code == "2025S2"


def _report(tree, assigned, unit, user, period, text):
    item = Assignment.objects.get(task=assigned[1], orgunit=unit)
    return progress_report_save(
        user=user, assignment=item, period=period, status=Status.IN_PROGRESS, results=text,
        shortcomings=f"Hạn chế {text}", next_steps=f"Tiếp theo {text}",
    )  # fmt: skip


def test_a_review_gathers_the_spans_reports_by_task_and_leaves_returned_ones_out(
    assigned, tree, owner, outsider, province_admin, conclusion
):
    _report(tree, assigned, tree.commune_a, owner, "2026S2", "A sáu tháng cuối")
    _report(tree, assigned, tree.commune_a, owner, "2026S1", "A sáu tháng đầu")
    returned = _report(tree, assigned, tree.commune_b, outsider, "202611", "B tháng 11")
    progress_report_review(user=province_admin, report=returned, accept=False, note="Thiếu")
    review = review_collect(
        user=province_admin, document=conclusion, period=Period.half(2026, 2), today=TODAY
    )
    by_number = {item.task.number: item for item in review.tasks}
    assert [r.results for r in by_number["2"].reports] == ["A sáu tháng cuối"]
    assert by_number["2"].counts.total == 2 and by_number["1"].reports == []
    assert review.report_count == 1
    data = review_docx(review, unit_name="Tỉnh ủy Thử")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "88-KL/TU" in text
    assert "Đảng ủy xã An Bình (6 tháng cuối năm 2026): A sáu tháng cuối" in text
    assert "Hạn chế A sáu tháng cuối" in text and "Tiếp theo A sáu tháng cuối" in text


def test_a_commune_reviews_only_its_own_reports(assigned, tree, owner, outsider, conclusion):
    _report(tree, assigned, tree.commune_a, owner, "2026S2", "A")
    _report(tree, assigned, tree.commune_b, outsider, "2026S2", "B")
    review = review_collect(
        user=owner, document=conclusion, period=Period.half(2026, 2), today=TODAY
    )
    assert [r.results for t in review.tasks for r in t.reports] == ["A"]


def test_a_review_adds_up_the_tasks_figures_without_counting_a_unit_twice(
    assigned, tree, owner, outsider, province_admin, conclusion
):
    conferences = make_indicator("T_HN_REVIEW", name="Số hội nghị", unit_of_measure="hội nghị")
    rate = make_indicator(
        "T_TY_LE_REVIEW", name="Tỷ lệ", value_type="percent", aggregation="average"
    )
    task = assigned[1]
    task_update(user=province_admin, task=task, indicators=[conferences, rate])
    # A cell of commune A is given the task too: its figure is inside commune A's roll-up.
    assignments_create(user=province_admin, task=task, units=[tree.cell_a1])
    for unit, user, figures in (
        (tree.commune_a, owner, {conferences: "3", rate: "80"}),
        (tree.cell_a1, owner, {conferences: "2"}),
        (tree.commune_b, outsider, {conferences: "4", rate: "90"}),
    ):
        progress_report_save(
            user=user,
            assignment=Assignment.objects.get(task=task, orgunit=unit),
            period="2026S2",
            status=Status.IN_PROGRESS,
            figures=figures,
        )
    review = review_collect(
        user=province_admin, document=conclusion, period=Period.half(2026, 2), today=TODAY
    )
    [item] = [item for item in review.tasks if item.task == task]
    assert [(f.indicator.code, f.display, f.total.count) for f in item.figures] == [
        ("T_HN_REVIEW", "9", 3),
        ("T_TY_LE_REVIEW", "85", 2),
    ]
    commune = review_collect(
        user=owner, document=conclusion, period=Period.half(2026, 2), today=TODAY
    )
    [mine] = [item for item in commune.tasks if item.task == task]
    assert mine.figures[0].display == "5"
    tables = docx.Document(io.BytesIO(review_docx(review, unit_name="Tỉnh"))).tables
    assert [c.text for c in tables[-1].rows[1].cells][1:] == ["Số hội nghị", "9 hội nghị"]
