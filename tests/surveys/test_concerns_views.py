"""The pages of concerns: who sees and who records what (owner, member, outsider, province),
the month's form, the overview and opening a task from it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tuyengiao.surveys.concern_selectors import months_back
from tuyengiao.surveys.concerns import ConcernRow, concerns_save, current_month
from tuyengiao.surveys.models import ConcernNote, ConcernTask
from tuyengiao.tracking.models import Assignment
from tuyengiao.values.models import DataValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def month():
    return current_month().previous()


def _month_url(unit, month):
    return reverse("concerns:month", args=[unit.pk, month.code])


def _post(month_rows: dict[str, tuple[str, str, str, str]]) -> dict:
    data = {}
    for code, (heard, resolved, passed_up, summary) in month_rows.items():
        data |= {f"{code}-heard": heard, f"{code}-resolved": resolved,
                 f"{code}-passed_up": passed_up, f"{code}-summary": summary}  # fmt: skip
    return data


# --- the month ------------------------------------------------------------------------------


def test_an_editor_records_a_month(client, tree, owner, month):
    client.force_login(owner)
    url = _month_url(tree.commune_a, month)
    page = client.get(url)
    assert page.status_code == 200 and b'name="DAT_DAI-heard"' in page.content
    summary = "Bà Lê Thị Hoa ở tổ 3 phản ánh đường ngập khi mưa, đề nghị nạo vét cống."
    response = client.post(url, _post({"MOI_TRUONG": ("5", "3", "1", summary)}), follow=True)
    assert response.redirect_chain[-1][0] == url
    text = response.content.decode()
    assert "Đã ghi tâm tư, nguyện vọng" in text
    assert "đã bỏ tên người, địa chỉ để giữ ẩn danh" in text  # the page says what was removed
    assert DataValue.objects.filter(orgunit=tree.commune_a, option="MOI_TRUONG").count() == 3
    stored = ConcernNote.objects.get().summary
    assert "Hoa" not in stored and "tổ 3" not in stored
    # The page shows what was saved, ready to correct.
    assert 'value="5"' in text and "[tên người]" in text


def test_a_refused_month_says_which_topic_and_keeps_what_was_typed(client, tree, owner, month):
    client.force_login(owner)
    response = client.post(
        _month_url(tree.commune_a, month), _post({"QUY_HOACH": ("2", "2", "1", "")})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chủ đề “Quy hoạch”: số đã giải quyết cộng số chuyển cấp trên (3)" in text
    assert not DataValue.objects.exists()


def test_a_viewer_reads_the_month_without_a_form(client, tree, owner, member, month):
    concerns_save(user=owner, orgunit=tree.commune_a, period=month,
                  rows=[ConcernRow("GIA_CA", heard="8", summary="Giá điện tăng.")])  # fmt: skip
    client.force_login(member)
    url = _month_url(tree.commune_a, month)
    page = client.get(url)
    assert page.status_code == 200
    assert b'<form method="post" id="concern-month"' not in page.content
    assert "Giá điện tăng." in page.content.decode()
    assert client.post(url, _post({"GIA_CA": ("9", "", "", "")})).status_code == 403
    assert DataValue.objects.get(option="GIA_CA").value == 8


def test_an_outsider_cannot_reach_the_month(client, tree, outsider, month):
    client.force_login(outsider)
    url = _month_url(tree.commune_a, month)
    assert client.get(url).status_code == 404
    assert client.post(url, _post({"DAT_DAI": ("1", "", "", "")})).status_code == 404
    assert not DataValue.objects.exists()


def test_the_province_reads_and_records_a_commune(client, tree, province_admin, month):
    client.force_login(province_admin)
    url = _month_url(tree.cell_b1, month)
    assert client.get(url).status_code == 200
    assert client.post(url, _post({"DAT_DAI": ("1", "", "", "")})).status_code == 302
    assert DataValue.objects.filter(orgunit=tree.cell_b1).exists()


@pytest.mark.parametrize("code", ["2026Q1", "abc", "209912"])
def test_only_past_and_current_months_open(client, tree, owner, code):
    client.force_login(owner)
    assert client.get(reverse("concerns:month", args=[tree.commune_a.pk, code])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, tree, month):
    for url in (reverse("concerns:index"), _month_url(tree.commune_a, month)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


# --- the overview -----------------------------------------------------------------------------


def _rising_in_commune_a(user, month):
    from tuyengiao.orgunits.models import OrgUnit

    cell = OrgUnit.objects.get(code="CB-A1")
    for m, heard in zip(months_back(month, 4), [3, 4, 3, 17], strict=True):
        concerns_save(user=user, orgunit=cell, period=m,
                      rows=[ConcernRow("TRAT_TU_DO_THI", heard=str(heard), resolved="1",
                                       summary="Lấn chiếm vỉa hè để kinh doanh.")])  # fmt: skip


def test_the_province_overview(client, tree, province_admin, month):
    _rising_in_commune_a(province_admin, month)
    client.force_login(province_admin)
    page = client.get(reverse("concerns:index"), {"to": month.code})
    assert page.status_code == 200
    text = page.content.decode()
    assert page.context["unit"] == tree.province  # the user's top unit by default
    assert len(page.context["overview"].months) == 12
    rises = page.context["overview"].rises
    assert [(r.unit.code, r.topic.code) for r in rises] == [("XA-AB", "TRAT_TU_DO_THI")]
    assert "Đang tăng" in text and "Đảng ủy xã An Bình" in text
    assert "Giao nhiệm vụ giải quyết" in text  # an editor of the province opens tasks


def test_the_overview_costs_the_same_queries_whatever_its_months(
    client, tree, province_admin, month
):
    """Months × topics × counts were a roll-up read each (216 queries on the demo)."""
    from tests.queries import queries_of

    _rising_in_commune_a(province_admin, month)
    client.force_login(province_admin)
    url = reverse("concerns:index")

    def span(months: int):
        first = months_back(month, months)[0]
        return queries_of(lambda: client.get(url, {"from": first.code, "to": month.code}))

    assert span(3) == span(12) < 25


def test_the_overview_is_scoped(client, tree, owner, member, outsider, month):
    _rising_in_commune_a(owner, month)
    client.force_login(member)
    page = client.get(reverse("concerns:index"))
    assert page.status_code == 200 and page.context["unit"] == tree.commune_a
    assert "Giao nhiệm vụ giải quyết" not in page.content.decode()  # a viewer does not
    # Nobody below the province reaches it, nor a neighbour, by changing the id.
    assert client.get(reverse("concerns:index"), {"unit": tree.province.pk}).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("concerns:index"), {"unit": tree.commune_a.pk}).status_code == 404
    page = client.get(reverse("concerns:index"))
    assert page.context["unit"] == tree.commune_b
    assert all(line.heard_total == 0 for line in page.context["overview"].lines)


def test_a_bad_span_falls_back_with_a_warning(client, tree, owner):
    client.force_login(owner)
    page = client.get(reverse("concerns:index"), {"from": "202612", "to": "202501"})
    assert page.status_code == 200 and len(page.context["overview"].months) == 12
    assert "Tháng bắt đầu sau tháng kết thúc" in page.content.decode()


# --- a task -----------------------------------------------------------------------------------


def _task_url(holder, child, month, topic="TRAT_TU_DO_THI"):
    query = f"?unit={holder.pk}&child={child.pk}&topic={topic}&period={month.code}"
    return reverse("concerns:task_new") + query


def test_the_province_opens_a_task_for_a_rising_topic(
    client, tree, province_admin, owner, outsider, month
):
    _rising_in_commune_a(province_admin, month)
    client.force_login(province_admin)
    url = _task_url(tree.province, tree.commune_a, month)
    form = client.get(url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["title"] == "Giải quyết kiến nghị về trật tự đô thị, vỉa hè xã An Bình"
    assert "tiếp nhận 17" in initial["description"]
    assert "Lấn chiếm vỉa hè" in initial["description"]
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(url, {"title": initial["title"], "description": initial["description"],
                                 "deadline": deadline.strftime("%d/%m/%Y")})  # fmt: skip
    assert response.status_code == 302
    opened = ConcernTask.objects.get()
    assignment = Assignment.objects.get(task=opened.task)
    assert assignment.orgunit == tree.commune_a and assignment.deadline == deadline
    # The overview links to where it is followed.
    page = client.get(response.url)
    assert reverse("tracking:assignment", args=[assignment.pk]) in page.content.decode()
    # …the commune sees the task it was given, and opens where it reports on it…
    client.force_login(owner)
    assert opened.task.title in client.get(reverse("concerns:index")).content.decode()
    assert client.get(reverse("tracking:assignment", args=[assignment.pk])).status_code == 200
    # …and its neighbour does not.
    client.force_login(outsider)
    assert opened.task.title not in client.get(reverse("concerns:index")).content.decode()


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_editor_of_the_holder_opens_a_task(request, client, tree, month, who):
    client.force_login(request.getfixturevalue(who))
    url = _task_url(tree.commune_a, tree.cell_a1, month)
    expected = 403 if who == "member" else 404
    assert client.get(url).status_code == expected
    assert client.post(url, {"title": "x", "deadline": "01/01/2099"}).status_code == expected
    assert not ConcernTask.objects.exists()


def test_a_task_only_for_a_unit_below(client, tree, owner, province_admin, month):
    client.force_login(province_admin)
    assert client.get(_task_url(tree.commune_a, tree.commune_b, month)).status_code == 404
    assert client.get(_task_url(tree.commune_a, tree.commune_a, month)).status_code == 404
    assert client.get(_task_url(tree.commune_a, tree.cell_a1, month, "NONE")).status_code == 404
    client.force_login(owner)
    assert client.get(_task_url(tree.commune_a, tree.cell_b1, month)).status_code == 404
