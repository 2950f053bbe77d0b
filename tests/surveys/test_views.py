"""The staff's survey pages: each opened by the owner (an editor of commune A, which organises
the survey), the member (a viewer: reads, never writes), the outsider (commune B: nothing of
commune A's survey) and the province's administrator; the builder works without a script
(rows added by a button, removed by a box); the codes sheet is shown once and never cached."""

import datetime
import re

import pytest
from django.utils import timezone

from tuyengiao.surveys.collecting import code_digest
from tuyengiao.surveys.models import Question, Response, Status, Survey, SurveyCode

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def commune_survey(tree) -> Survey:
    """Commune A's published survey of its cell A1, open today."""
    survey = Survey.objects.create(orgunit=tree.commune_a, title="Khảo sát về chợ An Bình",
                                   opens_on=TODAY - DAY, closes_on=TODAY + 9 * DAY,
                                   published=True)  # fmt: skip
    survey.units.set([tree.cell_a1])
    Question.objects.create(survey=survey, key="q1", kind="scale", text="Đồng tình?")
    return survey


@pytest.fixture
def commune_draft(tree) -> Survey:
    survey = Survey.objects.create(orgunit=tree.commune_a, title="Phiếu đang soạn",
                                   opens_on=TODAY, closes_on=TODAY + 9 * DAY)  # fmt: skip
    survey.units.set([tree.cell_a1])
    return survey


def form_data(tree, questions, **fields) -> dict:
    data = {"title": "Khảo sát về vệ sinh môi trường", "purpose": "Nắm ý kiến người dân.",
            "opens_on": day(TODAY), "closes_on": day(TODAY + 14 * DAY),
            "units": [tree.commune_a.pk, tree.cell_a1.pk], "save": "",
            "q-TOTAL_FORMS": str(len(questions)), "q-INITIAL_FORMS": str(len(questions)),
            "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "50"} | fields  # fmt: skip
    for index, question in enumerate(questions):
        for name, value in question.items():
            data[f"q-{index}-{name}"] = value
    return data


THREE = [
    {"kind": "band", "text": "Nhóm tuổi?", "band": "age"},
    {"kind": "single", "text": "Rác được thu mấy lần một tuần?", "options": "Một\nHai\n\nBa"},
    {"kind": "scale", "text": "Anh/chị hài lòng ở mức nào?", "headline": "on", "required": "on"},
]


@pytest.fixture
def pages(commune_survey, commune_draft):
    """(url, for editors only) of every page about commune A's surveys."""
    return [
        (f"/surveys/{commune_survey.pk}/", False),
        (f"/surveys/{commune_draft.pk}/", False),
        (f"/surveys/{commune_survey.pk}/edit/", True),
        (f"/surveys/{commune_draft.pk}/edit/", True),
        (f"/surveys/{commune_survey.pk}/codes/", True),
    ]


def test_anonymous_users_are_sent_to_log_in(client, pages):
    for url, _editors in [*pages, ("/surveys/", False), ("/surveys/new/", True)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "province_admin"])
def test_each_page_opens_for_its_scope_only(client, request, pages, who):
    client.force_login(request.getfixturevalue(who))
    for url, editors in pages:
        status = client.get(url).status_code
        expected = {"owner": 200, "province_admin": 200, "member": 403 if editors else 200,
                    "outsider": 404}[who]  # fmt: skip
        assert status == expected, url


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("member", 403), ("outsider", 404), ("province_admin", 302)]
)
def test_publish_and_end_are_for_an_editor_of_the_organiser(
    client, request, commune_draft, commune_survey, who, status
):
    Question.objects.create(survey=commune_draft, key="q1", kind="scale", text="Đồng tình?")
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/surveys/{commune_draft.pk}/publish/").status_code == status
    assert client.post(f"/surveys/{commune_survey.pk}/end/").status_code == status
    commune_draft.refresh_from_db()
    commune_survey.refresh_from_db()
    assert commune_draft.published == commune_survey.ended == (status == 302)
    # Never by a link followed or a page fetched.
    assert client.get(f"/surveys/{commune_draft.pk}/publish/").status_code in (405, 404)


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("member", 403), ("outsider", 200)])
def test_the_new_page_needs_an_editor_somewhere(client, request, tree, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/surveys/new/").status_code == status


def test_the_new_page_offers_only_the_users_units(client, tree, owner):
    client.force_login(owner)
    assert client.get(f"/surveys/new/?unit={tree.commune_b.pk}").status_code == 404
    page = client.get(f"/surveys/new/?unit={tree.commune_a.pk}").content.decode()
    assert "Chi bộ thôn 1" in page and "Chi bộ thôn 2" not in page


def test_the_index_lists_the_scope_and_the_outsider_sees_nothing_of_a(
    client, commune_survey, survey, owner, outsider
):
    client.force_login(owner)
    page = client.get("/surveys/").content.decode()
    # Its own survey, and the province's survey of commune A (read only).
    assert commune_survey.title in page and survey.title in page
    client.force_login(outsider)
    page = client.get("/surveys/").content.decode()
    assert commune_survey.title not in page and survey.title in page
    drafts = client.get("/surveys/", {"status": "draft"}).content.decode()
    assert survey.title not in drafts


def test_a_surveyed_commune_reads_the_provinces_survey_but_does_not_change_it(
    client, survey, owner
):
    client.force_login(owner)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "Đảng ủy xã An Bình" in page and "Đảng ủy xã Bình Minh" not in page
    assert f"/surveys/{survey.pk}/edit/" not in page and "end-form" not in page
    assert client.get(f"/surveys/{survey.pk}/edit/").status_code == 403
    assert client.get(f"/surveys/{survey.pk}/codes/").status_code == 403


def test_the_owner_builds_a_survey_with_three_questions(client, tree, owner):
    client.force_login(owner)
    response = client.post(f"/surveys/new/?unit={tree.commune_a.pk}", form_data(tree, THREE))
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/"
    assert survey.orgunit == tree.commune_a and survey.status == Status.DRAFT
    assert survey.closes_on == TODAY + 14 * DAY
    assert set(survey.units.all()) == {tree.commune_a, tree.cell_a1}
    assert [(q.key, q.kind) for q in survey.questions.all()] == [
        ("q1", "band"), ("q2", "single"), ("q3", "scale")]  # fmt: skip
    assert [o["label"] for o in survey.questions.get(key="q2").options] == ["Một", "Hai", "Ba"]
    assert survey.questions.get(key="q3").headline


def test_a_row_is_added_without_a_script_and_nothing_is_saved(client, tree, owner):
    client.force_login(owner)
    data = form_data(tree, THREE[:1], add="")
    del data["save"]
    response = client.post(f"/surveys/new/?unit={tree.commune_a.pk}", data)
    assert response.status_code == 200 and not Survey.objects.exists()
    page = response.content.decode()
    assert 'name="q-TOTAL_FORMS" value="2"' in page and "Nhóm tuổi?" in page
    assert "Khảo sát về vệ sinh môi trường" in page and "errorlist" not in page


def test_a_row_ticked_is_removed_and_blank_rows_are_left_out(client, tree, owner, commune_draft):
    client.force_login(owner)
    rows = [*THREE, {"kind": "single", "text": "", "options": ""}]
    rows[0] = rows[0] | {"DELETE": "on"}
    response = client.post(f"/surveys/{commune_draft.pk}/edit/", form_data(tree, rows))
    assert response.status_code == 302
    assert [q.kind for q in commune_draft.questions.all()] == ["single", "scale"]
    assert commune_draft.questions.get(key="q1").text == "Rác được thu mấy lần một tuần?"


def test_a_wrong_question_is_shown_on_its_row_and_nothing_is_saved(client, tree, owner):
    client.force_login(owner)
    rows = [THREE[0], {"kind": "single", "text": "Một phương án?", "options": "Có"}]
    response = client.post(f"/surveys/new/?unit={tree.commune_a.pk}", form_data(tree, rows))
    assert response.status_code == 400 and not Survey.objects.exists()
    assert "từ 2 đến 20 phương án" in response.content.decode()
    assert "Chưa lưu được: xem các chỗ báo lỗi" in response.content.decode()
    # Between rows: the service's reason, above the form.
    response = client.post(f"/surveys/new/?unit={tree.commune_a.pk}",
                           form_data(tree, [THREE[0], THREE[0]]))  # fmt: skip
    assert response.status_code == 400 and "hỏi hai lần" in response.content.decode()
    response = client.post(f"/surveys/new/?unit={tree.commune_a.pk}",
                           form_data(tree, THREE, units=[tree.commune_b.pk]))  # fmt: skip
    assert response.status_code == 400 and not Survey.objects.exists()


def test_a_published_surveys_edit_page_shows_its_questions_fixed(client, tree, owner,
                                                                commune_survey):  # fmt: skip
    client.force_login(owner)
    page = client.get(f"/surveys/{commune_survey.pk}/edit/").content.decode()
    assert "questions-fixed" in page and "q-TOTAL_FORMS" not in page
    data = form_data(
        tree,
        [],
        title="Khảo sát về chợ (gia hạn)",
        opens_on=day(commune_survey.opens_on),
        units=[tree.cell_a1.pk],
    )
    response = client.post(f"/surveys/{commune_survey.pk}/edit/", data)
    assert response.status_code == 302
    commune_survey.refresh_from_db()
    assert commune_survey.title == "Khảo sát về chợ (gia hạn)"
    assert commune_survey.questions.count() == 1


def test_publishing_shows_the_full_link_and_its_qr_code(client, tree, owner, commune_draft,
                                                        settings):  # fmt: skip
    settings.SITE_URL = "https://tuyengiao.example.vn"
    Question.objects.create(survey=commune_draft, key="q1", kind="scale", text="Đồng tình?")
    client.force_login(owner)
    page = client.get(f"/surveys/{commune_draft.pk}/").content.decode()
    assert "public-qr" not in page and "publish-form" in page
    response = client.post(f"/surveys/{commune_draft.pk}/publish/", follow=True)
    page = response.content.decode()
    link = f"https://tuyengiao.example.vn{commune_draft.public_path}"
    assert f'value="{link}"' in page and '<svg viewBox="0 0' in page
    assert "Đã phát hành" in page and "end-form" in page


def test_refused_publication_says_why(client, owner, commune_draft):
    client.force_login(owner)
    response = client.post(f"/surveys/{commune_draft.pk}/publish/", follow=True)
    assert "Chưa có câu hỏi nào" in response.content.decode()
    commune_draft.refresh_from_db()
    assert not commune_draft.published


def test_staff_see_whether_each_unit_has_k_responses_never_its_count(
    client, survey, province_admin, tree
):
    for unit, count in ((tree.commune_a, 7), (tree.commune_b, 2)):
        for _n in range(count):
            Response.objects.create(survey=survey, unit=unit, day=TODAY, answers={"q4": 4})
    client.force_login(province_admin)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    table = page[
        page.index('id="collection-units"') : page.index("</table>", page.index("collection-units"))
    ]
    assert "Đã đủ" in table and "Chưa đủ số phiếu" in table
    assert ">7<" not in table and ">2<" not in table
    assert "Số phiếu đã nhận: 9." in page
    listed = client.get("/surveys/").content.decode()
    assert re.search(r'class="number">9<', listed)


def test_the_codes_sheet_is_printed_once_and_never_cached(client, tree, owner, commune_survey,
                                                          settings):  # fmt: skip
    settings.SITE_URL = "https://tuyengiao.example.vn"
    client.force_login(owner)
    form = client.get(f"/surveys/{commune_survey.pk}/codes/")
    assert "no-store" in form["Cache-Control"]
    assert "In ngay: mã chỉ hiện một lần" in form.content.decode()
    response = client.post(f"/surveys/{commune_survey.pk}/codes/",
                           {"unit": tree.cell_a1.pk, "count": 3})  # fmt: skip
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    link = f"https://tuyengiao.example.vn{commune_survey.public_path}"
    codes = re.findall(re.escape(link) + r"\?ma=([A-Z0-9-]+)", page)
    assert len(set(codes)) == 3
    stored = SurveyCode.objects.filter(survey=commune_survey, unit=tree.cell_a1, used=False)
    assert set(stored.values_list("digest", flat=True)) == {code_digest(c) for c in set(codes)}
    assert page.count('class="code-slip"') == 3 and page.count("<svg") >= 3
    assert "In ngay: mã chỉ hiện một lần" in page


def test_codes_only_for_a_surveyed_unit_and_a_sensible_number(client, tree, owner,
                                                              commune_survey):  # fmt: skip
    client.force_login(owner)
    url = f"/surveys/{commune_survey.pk}/codes/"
    assert client.post(url, {"unit": tree.commune_a.pk, "count": 3}).status_code == 400
    assert client.post(url, {"unit": tree.cell_a1.pk, "count": 501}).status_code == 400
    assert client.post(url, {"unit": tree.cell_a1.pk, "count": 0}).status_code == 400
    assert not SurveyCode.objects.exists()


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "province_admin"])
def test_every_link_on_the_survey_pages_opens_for_whoever_is_shown_it(
    client, request, survey, commune_survey, commune_draft, who
):
    """Results, history, paper forms, codes: a link is shown only to whom it opens."""
    client.force_login(request.getfixturevalue(who))
    pages = ["/surveys/", *(f"/surveys/{s.pk}/" for s in (survey, commune_survey, commune_draft))]
    followed = set()
    for url in pages:
        response = client.get(url)
        if response.status_code == 404:
            continue
        for link in re.findall(r'href="(/(?:surveys|accounts/history)/[^"]*)"', response.text):
            link = link.replace("&amp;", "&")
            if link not in followed:
                followed.add(link)
                assert client.get(link).status_code == 200, (url, link)
    # Commune A's staff and the province's read the results of their own surveys; commune B
    # is only surveyed.
    assert any("/results/" in link for link in followed) == (who != "outsider")


def test_results_and_history_are_linked_for_the_organisers_staff_only(
    client, survey, owner, province_admin
):
    client.force_login(owner)  # commune A: surveyed by the province
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/surveys/{survey.pk}/results/" not in page and "/accounts/history/" not in page
    client.force_login(province_admin)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/surveys/{survey.pk}/results/" in page
    assert f"/accounts/history/surveys.survey/{survey.pk}/" in page


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("outsider", 404)])
def test_a_survey_is_copied_by_an_editor_of_its_organiser_only(
    client, request, commune_survey, owner, who, status
):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/surveys/{commune_survey.pk}/copy/").status_code == status
    assert Survey.objects.count() == 1
    client.force_login(owner)
    response = client.post(f"/surveys/{commune_survey.pk}/copy/")
    made = Survey.objects.exclude(pk=commune_survey.pk).get()
    assert response["Location"] == f"/surveys/{made.pk}/edit/"
    assert made.status == Status.DRAFT and made.questions.count() == 1


def test_paper_forms_are_linked_for_those_who_may_type_them(client, survey, owner, member):
    client.force_login(owner)  # an editor of commune A, which the province surveys
    assert f"/surveys/{survey.pk}/paper/" in client.get(f"/surveys/{survey.pk}/").text
    client.force_login(member)
    assert f"/surveys/{survey.pk}/paper/" not in client.get(f"/surveys/{survey.pk}/").text
