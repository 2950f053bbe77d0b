"""The results, recording and coding pages: for the organiser's staff only (a 404 for anyone
else, a 403 for a viewer asking to write); exports hold the protected tables and nothing else."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import RoleAssignmentFactory, UserFactory
from tests.surveys.test_results import finish, respond
from tuyengiao.accounts.models import Role
from tuyengiao.surveys.models import FreeText, Question, QuestionKind, Survey
from tuyengiao.surveys.results import survey_results
from tuyengiao.values.models import DataValue


@pytest.fixture
def province_viewer(tree):
    user = UserFactory(username="province.viewer")
    RoleAssignmentFactory(user=user, orgunit=tree.province, role=Role.VIEWER)
    return user


@pytest.fixture
def finished(survey, tree):
    finish(survey)
    respond(survey, tree.commune_a, 40, scores=(1, 2, 3, 4, 5))
    respond(survey, tree.commune_b, 3, scores=(1,))
    q6 = survey.questions.get(key="q6")
    FreeText.objects.bulk_create(
        [FreeText(question=q6, unit=tree.commune_a, topic="Chỗ để xe") for _ in range(5)]
        + [FreeText(question=q6, unit=tree.commune_a, text="Cần làm [tên người] sớm.")]
    )
    return survey


def pages(survey):
    """(url, editors only) of every page of the survey's results."""
    return [
        (f"/surveys/{survey.pk}/results/", False),
        (f"/surveys/{survey.pk}/results/?by=unit", False),
        (f"/surveys/{survey.pk}/results/?by=q1&format=xlsx", False),
        (f"/surveys/{survey.pk}/results/?format=csv", False),
        (f"/surveys/{survey.pk}/coding/", True),
    ]


def test_anonymous_users_are_sent_to_log_in(client, finished):
    for url, _editors in pages(finished):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
    response = client.post(f"/surveys/{finished.pk}/results/record/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


@pytest.mark.parametrize(
    "who", ["owner", "member", "outsider", "province_admin", "province_viewer", "site_admin"]
)
def test_each_page_opens_for_the_organisers_staff_only(client, request, finished, who):
    client.force_login(request.getfixturevalue(who))
    for url, editors in pages(finished):
        status = client.get(url).status_code
        if who in ("owner", "member", "outsider"):
            expected = 404  # a province's survey: not a commune's to read
        elif who == "province_viewer":
            expected = 403 if editors else 200
        else:
            expected = 200
        assert status == expected, url
    record = client.post(f"/surveys/{finished.pk}/results/record/")
    expected = {"province_admin": 302, "site_admin": 302, "province_viewer": 403}.get(who, 404)
    assert record.status_code == expected


def test_a_communes_own_survey_is_its_staffs(client, tree, owner, member, outsider):
    today = timezone.localdate()
    survey = Survey.objects.create(
        orgunit=tree.commune_a,
        title="Khảo sát của xã",
        opens_on=today,
        closes_on=today,
        published=True,
    )
    finish(survey)
    survey.units.set([tree.cell_a1])
    Question.objects.create(survey=survey, key="q1", kind=QuestionKind.SCALE, text="Đồng tình?")
    url = f"/surveys/{survey.pk}/results/"
    for user, status in ((owner, 200), (member, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(member)
    assert client.get(f"/surveys/{survey.pk}/coding/").status_code == 403
    client.force_login(owner)
    assert client.get(f"/surveys/{survey.pk}/coding/").status_code == 200


def test_an_open_survey_shows_only_its_count_of_responses(client, survey, tree, province_admin):
    respond(survey, tree.commune_a, 7, scores=(2,))
    client.force_login(province_admin)
    response = client.get(f"/surveys/{survey.pk}/results/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả có khi cuộc khảo sát kết thúc" in page and "Số phiếu đã nhận đến nay: 7" in page
    assert "question-q4" not in page and "record-form" not in page
    export = client.get(f"/surveys/{survey.pk}/results/?format=csv")
    assert export["Content-Type"].startswith("text/html")  # no file of an open survey


def test_the_page_shows_the_protected_tables(client, finished, province_admin):
    client.force_login(province_admin)
    page = client.get(f"/surveys/{finished.pk}/results/").content.decode()
    assert "question-q4" in page and "ẩn để không lộ người trả lời" in page
    assert "Chỗ để xe" in page and "[tên người]" not in page  # topics, never text
    assert "<meter" in page and 'style="' not in page
    assert "results-figures" in page and "record-form" in page
    by_unit = client.get(f"/surveys/{finished.pk}/results/?by=unit").content.decode()
    assert "chưa đủ số phiếu" in by_unit and "Đảng ủy xã Bình Minh" in by_unit
    unknown = client.get(f"/surveys/{finished.pk}/results/?by=q9")
    assert unknown.status_code == 200  # the whole table instead


@pytest.mark.parametrize("by", ["", "unit", "q1"])
def test_the_exports_are_exactly_the_protected_tables(client, finished, province_admin, by):
    client.force_login(province_admin)
    table = survey_results(survey=finished, by=by)
    expected = []
    for question in table["questions"]:
        for row in question["rows"]:
            for cell in row["cells"]:
                expected.append((question["id"], row["total"], cell["option"], cell["count"]))
    response = client.get(f"/surveys/{finished.pk}/results/", {"by": by, "format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    got = [(line[0], int(line[3]) if line[3] else None, line[4],
            int(line[6]) if line[6] else None) for line in lines if line[4]]  # fmt: skip
    assert got == expected
    xlsx = client.get(f"/surveys/{finished.pk}/results/", {"by": by, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len([row for row in rows if row[4]]) == len(expected)
    text = xlsx.content + response.content
    assert "[tên người]".encode() not in text


def test_recording_from_the_page(client, finished, province_admin, tree):
    client.force_login(province_admin)
    response = client.post(f"/surveys/{finished.pk}/results/record/", follow=True)
    page = response.content.decode()
    assert "Đã ghi vào chỉ tiêu" in page
    assert DataValue.objects.filter(orgunit=tree.province, indicator__code="KS_SO_PHIEU").exists()
    finished.refresh_from_db()
    assert finished.recorded


def test_coding_from_the_page(client, finished, province_admin):
    client.force_login(province_admin)
    url = f"/surveys/{finished.pk}/coding/"
    page = client.get(url).content.decode()
    assert "Cần làm [tên người] sớm." in page and "Chỗ để xe" in page
    text = FreeText.objects.get(topic="")
    refused = client.post(url, {"freetext": str(text.pk), "new_topic": ""})
    assert refused.status_code == 400 and FreeText.objects.get(pk=text.pk).text
    response = client.post(url, {"freetext": str(text.pk), "topic": "Chỗ để xe"}, follow=True)
    assert "Không còn ý kiến nào chờ mã hóa" in response.content.decode()
    assert FreeText.objects.get(pk=text.pk).text == ""
    assert client.post(url, {"freetext": "not-a-uuid", "topic": "x"}).status_code == 302


def test_coding_reaches_only_this_surveys_text(client, finished, province_admin, tree):
    other = Survey.objects.create(orgunit=tree.commune_b, title="Của xã B",
                                  opens_on=finished.opens_on, closes_on=finished.closes_on,
                                  published=True)  # fmt: skip
    q = Question.objects.create(survey=other, key="q1", kind=QuestionKind.TEXT, text="Ý kiến")
    foreign = FreeText.objects.create(question=q, unit=tree.commune_b, text="Ý kiến xã B")
    client.force_login(province_admin)
    client.post(f"/surveys/{finished.pk}/coding/", {"freetext": str(foreign.pk), "topic": "X"})
    assert FreeText.objects.get(pk=foreign.pk).text == "Ý kiến xã B"


def test_recording_in_the_days_of_paper_forms_publishes_the_results(
    client, survey, tree, province_admin
):
    finish(survey, days_ago=2)
    respond(survey, tree.commune_a, 30, scores=(1, 2, 3, 4, 5))
    respond(survey, tree.commune_b, 10, scores=(4, 5))
    client.force_login(province_admin)
    url = f"/surveys/{survey.pk}/results/"
    page = client.get(url).content.decode()
    assert "còn nhận phiếu giấy đến hết ngày" in page and "record-form" in page
    assert "question-q4" not in page
    client.post(f"/surveys/{survey.pk}/results/record/")
    assert "question-q4" in client.get(url).content.decode()


def test_before_the_results_a_count_below_k_is_not_shown(client, survey, tree, province_viewer):
    respond(survey, tree.commune_a, 3, scores=(4,))
    client.force_login(province_viewer)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "chưa đủ 5 phiếu" in page and "đến nay: 3" not in page
    respond(survey, tree.commune_b, 4, scores=(4,))
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "đến nay: 7" in page
