"""A resident fills in a survey on a phone (360 px) through the link of a printed QR code,
which carries their one-time code: big choices, one column, an error beside its question
with nothing lost, a thank-you page, and no cookie in the browser at any step."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import fits_sideways, log_in
from tests.surveys import conftest as surveys_conftest
from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.models import FreeText, Response

# The surveys tests' survey: communes A and B, open today, one question of every kind.
survey = surveys_conftest.survey
SMALL_PHONE = {"width": 360, "height": 740}
# Apple's and Google's guidance: a touch target of 44–48 px; the choices are 48 (3rem).
TOUCH_MIN = 44


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings, as the crawl checks every page."""
    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]


@pytest.fixture
def code(survey, province_admin, tree) -> str:
    cache.clear()
    return codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=1)[0]


def test_a_resident_fills_the_survey_on_a_phone_with_the_code_from_the_link(
    page: Page, survey, code
):
    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"{survey.public_path}?ma={code}")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    expect(page.locator("#code")).to_have_value(code)
    assert fits_sideways(page)
    choices = page.locator("label.survey-choice")
    assert choices.count() == 4 + 3 + 3 + 5  # age bands, q2, q3, the scale
    for index in range(choices.count()):
        box = choices.nth(index).bounding_box()
        assert box is not None and box["height"] >= TOUCH_MIN and box["width"] >= 300
    submit = page.get_by_role("button", name="Gửi phiếu").bounding_box()
    assert submit is not None and submit["height"] >= TOUCH_MIN
    assert serious_violations(page) == []

    # Everything but the required q2, to see the error and that nothing is lost.
    page.get_by_label("Dưới 30 tuổi").check()
    page.get_by_label("Kẻ vạch").check()
    page.get_by_label("Cây xanh").check()
    page.get_by_label("4 - Đồng tình").check()
    page.locator("#answer-q5").fill("2")
    page.locator("#answer-q6").fill("Vỉa hè chợ bị lấn chiếm, gọi anh Tư 0912 345 678.")
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#error-q2")).to_contain_text("cần được trả lời")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Dưới 30 tuổi")).to_be_checked()
    expect(page.get_by_label("Cây xanh")).to_be_checked()
    expect(page.get_by_label("4 - Đồng tình")).to_be_checked()
    expect(page.locator("#answer-q5")).to_have_value("2")
    expect(page.locator("#answer-q6")).to_have_value(
        "Vỉa hè chợ bị lấn chiếm, gọi anh Tư 0912 345 678."
    )
    expect(page.locator("#code")).to_have_value(code)
    assert fits_sideways(page)
    assert serious_violations(page) == []
    assert not Response.objects.exists()

    page.get_by_label("Họp thôn").check()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert fits_sideways(page)
    assert serious_violations(page) == []
    assert page.context.cookies() == []

    response = Response.objects.get()
    assert response.answers == {"q1": "U30", "q2": "B", "q3": ["A", "C"], "q4": 4, "q5": 2}
    assert FreeText.objects.get().text == (
        "Vỉa hè chợ bị lấn chiếm, gọi anh [tên người] [số điện thoại]."
    )

    # The same code again: refused beside the code field.
    page.goto(f"{survey.public_path}?ma={code}")
    page.get_by_label("Dưới 30 tuổi").check()
    page.get_by_label("Họp thôn").check()
    page.get_by_label("4 - Đồng tình").check()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#code-error")).to_contain_text("đã được dùng")
    assert Response.objects.count() == 1
    assert page.context.cookies() == []


def test_a_surveyor_types_a_paper_form_on_a_phone(page: Page, survey, owner, tree):
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, owner.username)
    page.goto(reverse("surveys:paper", args=[survey.pk]))
    # One unit the owner edits: chosen already.
    expect(page.locator("#unit")).to_have_value("XA-AB")
    assert fits_sideways(page)
    assert serious_violations(page) == []
    page.get_by_label("Trên 60 tuổi").check()
    page.get_by_label("Loa truyền thanh").check()
    page.get_by_label("5 - Rất đồng tình").check()
    page.get_by_role("button", name="Lưu phiếu").click()
    expect(page.get_by_text("Đã lưu phiếu giấy của Đảng ủy xã An Bình")).to_be_visible()
    # Ready for the next form of the pile: the unit and day kept, the answers cleared.
    expect(page.locator("#unit")).to_have_value("XA-AB")
    expect(page.get_by_label("Trên 60 tuổi")).not_to_be_checked()
    response = Response.objects.get()
    assert response.paper and response.unit == tree.commune_a
    assert response.answers == {"q1": "O60", "q2": "A", "q4": 5}
