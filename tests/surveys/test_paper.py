"""Typing in paper forms: /surveys/<id>/paper/, for editors of a surveyed unit or the
organiser; the same questions as the public form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.surveys.models import FreeText, Response

FORM = {"q1": "46_60", "q2": "C", "q3": ["B"], "q4": "2", "q5": "3", "q6": ""}


def url(survey) -> str:
    return reverse("surveys:paper", args=[survey.pk])


def today_text() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def test_anonymous_is_sent_to_log_in(client, survey):
    response = client.get(url(survey))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("who", "units"),
    [("owner", ["XA-AB"]), ("outsider", ["XA-BM"]), ("province_admin", ["XA-AB", "XA-BM"])],
)
def test_the_unit_list_holds_only_units_one_edits(request, client, survey, who, units):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(survey))
    assert response.status_code == 200
    assert [u.code for u in response.context["units"]] == units
    page = response.content.decode()
    for question in survey.questions.all():
        assert question.text in page
    # The public form's questions, from the one shared template.
    assert "surveys/public/_questions.html" in [t.name for t in response.templates]


def test_a_viewer_or_a_stranger_gets_a_404(client, survey, member):
    client.force_login(member)
    assert client.get(url(survey)).status_code == 404
    assert client.post(url(survey), {**FORM, "unit": "XA-AB", "day": today_text()}).status_code \
        == 404  # fmt: skip
    stranger = UserFactory(username="nguoila")
    client.force_login(stranger)
    assert client.get(url(survey)).status_code == 404
    assert not Response.objects.exists()


def test_an_editor_of_a_cell_below_does_not_type_for_the_commune(client, survey, tree):
    # Editing a village cell gives no right on the commune whose residents are surveyed.
    cell_editor = UserFactory(username="chibo")
    RoleAssignmentFactory(user=cell_editor, orgunit=tree.cell_a1, role=Role.EDITOR)
    client.force_login(cell_editor)
    assert client.get(url(survey)).status_code == 404


def test_a_draft_is_not_found(client, survey, province_admin):
    survey.published = False
    survey.save()
    client.force_login(province_admin)
    assert client.get(url(survey)).status_code == 404


def test_a_paper_form_is_saved_for_the_unit_and_day(client, survey, owner, tree):
    client.force_login(owner)
    day = survey.opens_on.strftime("%d/%m/%Y")
    response = client.post(url(survey), {**FORM, "unit": "XA-AB", "day": day,
                                         "q6": "Gọi ông Lê Văn Hai 0912345678"})  # fmt: skip
    assert response.status_code == 302
    assert "don_vi=XA-AB" in response["Location"]
    stored = Response.objects.get()
    assert stored.paper and stored.unit == tree.commune_a and stored.day == survey.opens_on
    assert stored.answers == {"q1": "46_60", "q2": "C", "q3": ["B"], "q4": 2, "q5": 3}
    assert FreeText.objects.get().text == "Gọi ông [tên người] [số điện thoại]"
    again = client.get(response["Location"])
    assert again.context["unit_code"] == "XA-AB" and "Đã lưu phiếu giấy" in again.content.decode()


def test_a_unit_one_may_not_edit_is_refused(client, survey, owner):
    client.force_login(owner)
    response = client.post(url(survey), {**FORM, "unit": "XA-BM", "day": today_text()})
    assert response.status_code == 422
    assert response.context["form_errors"]["unit"]
    assert not Response.objects.exists()


def test_errors_keep_what_was_typed(client, survey, province_admin):
    client.force_login(province_admin)
    response = client.post(url(survey), {**FORM, "q4": "", "unit": "XA-BM", "day": "32/13/2026"})
    assert response.status_code == 422
    assert "day" in response.context["form_errors"]
    page = response.content.decode()
    assert 'value="46_60" checked' in page and 'value="32/13/2026"' in page
    response = client.post(url(survey), {**FORM, "q4": "", "unit": "XA-BM", "day": today_text()})
    assert 'id="error-q4"' in response.content.decode()
    assert not Response.objects.exists()


def test_a_day_outside_the_window_is_refused(client, survey, province_admin):
    client.force_login(province_admin)
    before = (survey.opens_on - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url(survey), {**FORM, "unit": "XA-AB", "day": before})
    assert response.status_code == 422 and "thời gian khảo sát" in response.context[
        "form_errors"]["day"]  # fmt: skip
    assert not Response.objects.exists()


def test_past_the_grace_days_the_page_says_so(client, survey, province_admin):
    today = timezone.localdate()
    survey.opens_on = today - datetime.timedelta(days=30)
    survey.closes_on = today - datetime.timedelta(days=8)
    survey.save()
    client.force_login(province_admin)
    response = client.get(url(survey))
    assert response.status_code == 200 and 'id="paper-closed"' in response.content.decode()
    assert 'id="paper-form"' not in response.content.decode()
