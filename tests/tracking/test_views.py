"""The tracking pages, and the access test of each: owner and member of commune A, the
outsider of commune B, and the province."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.tracking.conftest import TODAY, make_document
from tests.values.conftest import make_indicator
from tuyengiao.tracking.models import Assignment, ProgressAttachment, ProgressReport, Status, Task
from tuyengiao.tracking.services import TaskDraft, task_update, tasks_create
from tuyengiao.values.models import DataValue


def _row_data(rows: list[dict]) -> dict:
    data = {"task-TOTAL_FORMS": str(len(rows)), "task-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"task-{index}-{name}"] = value
    return data


def test_tasks_new_proposes_the_numbered_items_of_the_text(client, conclusion, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("tracking:tasks_new", args=[conclusion.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tiếp tục tăng cường sự lãnh đạo của các cấp ủy đảng" in body
    assert "Đưa nội dung Kết luận vào sinh hoạt chi bộ" in body
    assert "Kết quả thực hiện" not in body.lower().replace(
        "kết quả thực hiện</", ""
    )  # part I is no task
    rows = response.context["rows"]
    assert [f.initial.get("number") for f in rows.forms][:4] == ["1", "1.a", "1.b", "2"]


def test_tasks_new_saves_the_kept_rows_with_their_subtasks(
    client, conclusion, tree, province_admin
):
    client.force_login(province_admin)
    data = {
        "orgunit": str(tree.province.pk),
        **_row_data(
            [
                {
                    "keep": "on",
                    "number": "1",
                    "title": "Lãnh đạo",
                    "deadline": "31/12/2026",
                    "recurrence": "half",
                    "parent": "",
                },
                {"keep": "on", "number": "1.a", "title": "Học tập", "parent": "0"},
                {"number": "2", "title": "Bỏ dòng này", "parent": ""},
                {"keep": "on", "title": "", "parent": ""},
            ]
        ),
    }
    response = client.post(reverse("tracking:tasks_new", args=[conclusion.pk]), data)
    assert response.status_code == 302
    tasks = {t.title: t for t in Task.objects.filter(document=conclusion)}
    assert set(tasks) == {"Lãnh đạo", "Học tập"}
    assert tasks["Học tập"].parent == tasks["Lãnh đạo"]
    assert tasks["Lãnh đạo"].deadline.isoformat() == "2026-12-31"
    assert tasks["Lãnh đạo"].recurrence == "half"


DATED = """KẾT LUẬN
II. NHIỆM VỤ, GIẢI PHÁP
1. Tổ chức quán triệt Kết luận. Hoàn thành trước ngày 30/6/2026; báo cáo kết quả hằng quý.
a) Học tập ở chi bộ.
b) Sơ kết, chậm nhất ngày 15/12/2026.
2. Tuyên truyền trên cổng thông tin. Báo cáo hằng tháng.
3. Biên soạn tài liệu trong quý III/2026.
"""


def test_tasks_new_reads_deadlines_and_recurrences_and_saves_them(client, tree, province_admin):
    """Issue 15, item 14: "trước ngày 30/6/2026" is the deadline, "hằng quý" a quarterly
    recurrence; a sub-item that says neither has its item's."""
    directive = make_document(tree.province, province_admin, symbol="90-KL/TU", full_text=DATED)
    client.force_login(province_admin)
    url = reverse("tracking:tasks_new", args=[directive.pk])
    response = client.get(url)
    rows = [f.initial for f in response.context["rows"].forms]
    proposed = [(r.get("number"), r.get("deadline"), r.get("recurrence")) for r in rows[:5]]
    assert proposed == [
        ("1", datetime.date(2026, 6, 30), "quarter"),
        ("1.a", datetime.date(2026, 6, 30), "quarter"),
        ("1.b", datetime.date(2026, 12, 15), "quarter"),
        ("2", None, "month"),
        ("3", datetime.date(2026, 9, 30), ""),
    ]
    page = response.content.decode()
    assert '<option value="quarter" selected>Hằng quý</option>' in page
    # A compact list: one table row per task, the text folded away, no fieldset per task.
    assert page.count('<tr class="task-row') == len(rows)
    assert "<fieldset" not in page.split('id="task-rows"')[1]
    # Saved as proposed (the form posted back as rendered).
    data = {"orgunit": str(tree.province.pk)}
    data |= _row_data(
        [
            {
                "keep": "on" if row.get("keep") else "",
                "number": row.get("number", ""),
                "title": row.get("title", ""),
                "description": row.get("description", ""),
                "deadline": row["deadline"].strftime("%d/%m/%Y") if row.get("deadline") else "",
                "recurrence": row.get("recurrence", ""),
                "parent": row.get("parent", ""),
            }
            for row in rows
        ]
    )
    assert client.post(url, data).status_code == 302
    saved = {t.number: (t.deadline, t.recurrence) for t in Task.objects.filter(document=directive)}
    assert saved["1"] == (datetime.date(2026, 6, 30), "quarter")
    assert saved["1.b"] == (datetime.date(2026, 12, 15), "quarter")
    assert saved["2"] == (None, "month")


def test_a_viewer_gets_no_tasks_new_page(client, conclusion, member):
    client.force_login(member)
    assert client.get(reverse("tracking:tasks_new", args=[conclusion.pk])).status_code == 403


def test_an_outsider_cannot_open_tasks_new_for_commune_as_plan(client, tree, owner, outsider):
    plan = make_document(tree.commune_a, owner, symbol="12-KH/ĐU")
    client.force_login(outsider)
    assert client.get(reverse("tracking:tasks_new", args=[plan.pk])).status_code == 404


def test_a_viewer_cannot_save_tasks_into_a_unit_they_do_not_edit(client, conclusion, tree, owner):
    client.force_login(owner)
    data = {"orgunit": str(tree.province.pk), **_row_data([{"keep": "on", "title": "x"}])}
    response = client.post(reverse("tracking:tasks_new", args=[conclusion.pk]), data)
    assert response.status_code == 200  # the province is not among the owner's units
    assert not Task.objects.exists()


def test_the_document_page_shows_only_the_rows_in_scope(
    client, conclusion, assigned, member, province_admin
):
    url = reverse("tracking:document", args=[conclusion.pk])
    client.force_login(province_admin)
    body = client.get(url).content.decode()
    assert "Đảng ủy xã An Bình" in body and "Đảng ủy xã Bình Minh" in body
    assert "totals-by-level" in body
    client.force_login(member)
    body = client.get(url).content.decode()
    assert "Đảng ủy xã An Bình" in body and "Đảng ủy xã Bình Minh" not in body


def test_the_matrix_alone_comes_back_for_htmx(client, conclusion, assigned, province_admin):
    client.force_login(province_admin)
    response = client.get(
        reverse("tracking:document", args=[conclusion.pk]),
        {"status": "overdue"},
        headers={"HX-Request": "true", "HX-Target": "tracking-matrix"},
    )
    body = response.content.decode()
    assert body.startswith('<div id="tracking-matrix">') and "totals-by-level" not in body


def test_coverage_lists_units_without_a_plan(client, conclusion, assigned, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("tracking:coverage", args=[conclusion.pk]), {"missing": "1"})
    assert [row.unit.code for row in response.context["rows"]] == ["XA-AB", "XA-BM"]
    assert "0/2" in response.content.decode()


def test_assign_all_units_below(client, tasks, tree, province_admin):
    client.force_login(province_admin)
    url = reverse("tracking:assign", args=[tasks[1].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"all_below": "on", "role": "carry_out", "with_subtasks": "on"})
    assert response.status_code == 302
    assert set(Assignment.objects.values_list("orgunit__code", flat=True)) == {"XA-AB", "XA-BM"}


def test_assign_needs_a_choice_and_says_so(client, tasks, province_admin):
    client.force_login(province_admin)
    response = client.post(reverse("tracking:assign", args=[tasks[1].pk]), {"role": "carry_out"})
    assert "Chọn ít nhất một đơn vị" in response.content.decode()


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_only_the_holders_editors_open_assign(client, tasks, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("tracking:assign", args=[tasks[0].pk])).status_code == 403


def test_a_commune_reports_progress_with_a_file(client, assigned, tree, owner):
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    client.force_login(owner)
    page = client.get(reverse("tracking:assignment", args=[item.pk]))
    assert page.context["form"].initial["period"] == str(TODAY.year)
    response = client.post(
        reverse("tracking:report", args=[item.pk]),
        {
            "period": "2026",
            "status": Status.IN_PROGRESS,
            "results": "Đã tổ chức 2 hội nghị",
            "files": [SimpleUploadedFile("anh.jpg", b"\xff\xd8jpeg", "image/jpeg")],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(assignment=item)
    attachment = ProgressAttachment.objects.get(report=report)
    download = client.get(reverse("tracking:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\xff\xd8jpeg"


def test_a_bad_report_is_shown_again_with_the_typed_text(client, assigned, tree, owner):
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    client.force_login(owner)
    response = client.post(
        reverse("tracking:report", args=[item.pk]),
        {"period": "2026Q9", "status": Status.DONE, "results": "Văn bản đã gõ"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Không đọc được kỳ “2026Q9”" in body and "Văn bản đã gõ" in body


def test_a_viewer_reads_the_assignment_but_gets_no_report_form(client, assigned, tree, member):
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    client.force_login(member)
    response = client.get(reverse("tracking:assignment", args=[item.pk]))
    assert response.status_code == 200 and response.context["form"] is None
    posted = client.post(
        reverse("tracking:report", args=[item.pk]),
        {"period": "2026", "status": Status.DONE, "results": "x"},
    )
    assert posted.status_code == 403


def test_the_outsider_reaches_nothing_of_commune_a(client, assigned, tree, owner, outsider):
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    client.force_login(owner)
    client.post(
        reverse("tracking:report", args=[item.pk]),
        {
            "period": "2026",
            "status": Status.DONE,
            "results": "x",
            "files": [SimpleUploadedFile("a.txt", b"a", "text/plain")],
        },
    )
    attachment = ProgressAttachment.objects.get()
    client.force_login(outsider)
    for url in (
        reverse("tracking:assignment", args=[item.pk]),
        reverse("tracking:attachment", args=[attachment.pk]),
        reverse("tracking:unit", args=[tree.commune_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
    posted = client.post(
        reverse("tracking:report", args=[item.pk]),
        {"period": "2026", "status": "done", "results": "x"},
    )
    assert posted.status_code == 404
    home = client.get(reverse("tracking:home")).content.decode()
    assert "Đảng ủy xã Bình Minh" in home and "Đảng ủy xã An Bình" not in home


def test_the_home_page_lists_overdue_and_due_soon(client, assigned, owner):
    client.force_login(owner)
    response = client.get(reverse("tracking:home"))
    assert response.status_code == 200
    assert "overdue" in response.content.decode()


def test_a_units_page_lists_its_assignments(client, assigned, tree, member):
    client.force_login(member)
    response = client.get(reverse("tracking:unit", args=[tree.commune_a.pk]))
    assert len(response.context["items"]) == 3


def test_anonymous_users_are_sent_to_log_in(client, conclusion):
    response = client.get(reverse("tracking:document", args=[conclusion.pk]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_document_page_links_to_tracking(client, conclusion, province_admin, member):
    client.force_login(province_admin)
    body = client.get(reverse("documents:detail", args=[conclusion.pk])).content.decode()
    assert reverse("tracking:tasks_new", args=[conclusion.pk]) in body
    client.force_login(member)
    body = client.get(reverse("documents:detail", args=[conclusion.pk])).content.decode()
    assert reverse("tracking:document", args=[conclusion.pk]) in body
    assert reverse("tracking:tasks_new", args=[conclusion.pk]) not in body


def test_the_holder_edits_a_task_and_names_the_figures_its_reports_carry(
    client, tasks, province_admin
):
    conferences = make_indicator("T_HN_VIEW", name="Số hội nghị")
    client.force_login(province_admin)
    url = reverse("tracking:task_edit", args=[tasks[1].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "2",
            "title": "Đổi mới tuyên truyền",
            "deadline": "31/12/2026",
            "recurrence": "half",
            "indicators": [str(conferences.pk)],
        },
    )
    assert response.status_code == 302
    tasks[1].refresh_from_db()
    assert (tasks[1].title, tasks[1].recurrence) == ("Đổi mới tuyên truyền", "half")
    assert list(tasks[1].indicators.all()) == [conferences]


def test_a_task_edit_without_a_title_is_shown_again(client, tasks, province_admin):
    client.force_login(province_admin)
    url = reverse("tracking:task_edit", args=[tasks[1].pk])
    response = client.post(url, {"title": "", "description": "Nội dung đã gõ"})
    assert response.status_code == 200
    assert "Nội dung đã gõ" in response.content.decode()
    tasks[1].refresh_from_db()
    assert tasks[1].title == "Đổi mới công tác tuyên truyền"


def test_the_holder_cancels_a_task_from_its_page(client, assigned, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("tracking:task_edit", args=[assigned[1].pk]), {"cancel_task": "1"}
    )
    assert response.status_code == 302
    assert set(Assignment.objects.filter(task=assigned[1]).values_list("status", flat=True)) == {
        Status.CANCELLED
    }


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_only_the_holders_editors_edit_a_task(client, tasks, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("tracking:task_edit", args=[tasks[1].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"cancel_task": "1"}).status_code == 403
    assert not Task.objects.filter(cancelled=True).exists()


def test_an_outsider_cannot_find_a_communes_own_task(client, tree, owner, outsider):
    plan = make_document(tree.commune_a, owner, symbol="12-KH/ĐU")
    [task] = tasks_create(
        user=owner, orgunit=tree.commune_a, document=plan, drafts=[TaskDraft("x")]
    )
    client.force_login(outsider)
    assert client.get(reverse("tracking:task_edit", args=[task.pk])).status_code == 404


def test_a_report_carries_the_tasks_figures_and_shows_them(
    client, assigned, tree, owner, province_admin
):
    conferences = make_indicator("T_HN_VIEW", name="Số hội nghị", unit_of_measure="hội nghị")
    task_update(user=province_admin, task=assigned[1], indicators=[conferences])
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    client.force_login(owner)
    url = reverse("tracking:report", args=[item.pk])
    refused = client.post(
        url, {"period": "2026S2", "status": "in_progress", "figure_T_HN_VIEW": "ba"}
    )
    assert refused.status_code == 400 and "Số hội nghị" in refused.content.decode()
    assert not DataValue.objects.exists()
    sent = client.post(
        url, {"period": "2026S2", "status": "in_progress", "figure_T_HN_VIEW": "1.200"}
    )
    assert sent.status_code == 302
    assert DataValue.objects.get(orgunit=tree.commune_a, indicator=conferences).value == 1200
    page = client.get(reverse("tracking:assignment", args=[item.pk])).content.decode()
    assert "Số hội nghị" in page and "1.200 hội nghị" in page


def test_the_progress_report_period_is_picked_and_read_by_its_label(client, assigned, tree, owner):
    # The report form offers periods by their labels, takes "quý 4/2026" typed by a script
    # or an old form, and the saved report is headed by its label, never by "2026Q4".
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    item.recurrence = ""
    item.save(update_fields=["recurrence"])
    client.force_login(owner)
    body = client.get(reverse("tracking:assignment", args=[item.pk])).content.decode()
    assert f'<option value="{TODAY.year}S2">6 tháng cuối năm {TODAY.year}</option>' in body
    assert 'name="period" maxlength' not in body  # no code typed in a text box
    response = client.post(
        reverse("tracking:report", args=[item.pk]),
        {"period": "quý 4/2026", "status": Status.IN_PROGRESS, "results": "Đã làm"},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(assignment=item)
    assert report.period == "2026Q4"
    body = client.get(reverse("tracking:assignment", args=[item.pk])).content.decode()
    assert "<h3>Quý IV/2026 ·" in body and "<h3>2026Q4" not in body
