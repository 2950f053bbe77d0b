"""The province's staff read a finished survey's protected results, at desktop width and on
a phone: the whole table with its bars, the breakdown by unit with a commune short of k; code
the last free text (its words deleted) and write the figures into the indicators."""

from django.apps import apps
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.surveys.conftest import survey as survey  # the surveys' fixture, used here too
from tests.surveys.test_results import finish, respond
from tuyengiao.surveys.models import FreeText
from tuyengiao.surveys.seeds import DISAGGREGATIONS, ENTRIES
from tuyengiao.values.catalogue import catalogue_seed
from tuyengiao.values.models import DataValue


def test_read_code_and_record_the_results(page: Page, survey, tree, province_admin,
                                          viewport: Viewport):  # fmt: skip
    # The flush after an earlier live-server test empties what the migrations seeded.
    catalogue_seed(apps, entries=ENTRIES, disaggregations=DISAGGREGATIONS)
    finish(survey)
    respond(survey, tree.commune_a, 40, scores=(1, 2, 3, 4, 5))
    respond(survey, tree.commune_b, 3, scores=(4,))
    q6 = survey.questions.get(key="q6")
    FreeText.objects.bulk_create(
        [FreeText(question=q6, unit=tree.commune_a, topic="Chỗ để xe") for _ in range(5)]
        + [FreeText(question=q6, unit=tree.commune_a, text="Cần thêm chỗ để xe gần chợ.")]
    )
    log_in(page, "province")
    page.goto(f"/surveys/{survey.pk}/results/")
    expect(page.locator("h1")).to_have_text("Kết quả khảo sát")
    expect(page.locator("#question-q4 meter").first).to_be_visible()
    expect(page.locator("#results-legend")).to_contain_text("ẩn để không lộ người trả lời")
    assert fits_sideways(page)

    page.select_option("#by-select", "unit")
    with page.expect_navigation():
        page.click("#breakdown-form button")
    expect(page.locator("#question-q4")).to_contain_text("chưa đủ số phiếu")
    assert fits_sideways(page)

    with page.expect_navigation():
        page.click("text=Mã hóa ý kiến")
    expect(page.locator(".coding-item blockquote")).to_have_text("Cần thêm chỗ để xe gần chợ.")
    page.get_by_label("Chỗ để xe").check()
    assert fits_sideways(page)
    with page.expect_navigation():
        page.click(".coding-item button[type=submit]")
    expect(page.locator("#coding-done")).to_be_visible()
    assert not FreeText.objects.exclude(text="").exists()

    with page.expect_navigation():
        page.click("text=Xem kết quả")
    with page.expect_navigation():
        page.click("#record-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Đã ghi vào chỉ tiêu")
    expect(page.locator("#figures-list")).to_contain_text("Số phiếu thu về")
    assert DataValue.objects.filter(orgunit=tree.province, indicator__code="KS_SO_PHIEU").exists()
    assert fits_sideways(page)
