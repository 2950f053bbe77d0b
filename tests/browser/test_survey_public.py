"""A resident fills in a survey on a phone (360 px) through the link of a printed QR code,
which carries their one-time code: big choices, one column, an error beside its question
with nothing lost, a thank-you page, and no cookie in the browser at any step."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.conftest import fits_sideways
from tests.surveys import conftest as surveys_conftest
from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.models import FreeText, Response

# The surveys tests' survey: communes A and B, open today, one question of every kind.
survey = surveys_conftest.survey
SMALL_PHONE = {"width": 360, "height": 740}
# Apple's and Google's guidance: a touch target of 44–48 px; the choices are 48 (3rem).
TOUCH_MIN = 44


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
    assert not Response.objects.exists()

    page.get_by_label("Họp thôn").check()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert fits_sideways(page)
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
