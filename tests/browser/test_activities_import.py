"""Activities from a file, at desktop width and on a phone: a file with a bad row shows its
errors and keeps the chosen file for another try; the corrected file is saved."""

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from tests.activities.test_bulk import HEADER, row
from tests.browser.conftest import Viewport, fits_sideways, log_in
from tuyengiao.activities.models import Activity
from tuyengiao.activities.seeds import kinds_seed
from tuyengiao.tabular.writing import xlsx_bytes
from tuyengiao.values.catalogue import catalogue_seed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def kinds(transactional_db):
    # A transactional test's flush empties what the data migrations wrote: put it back.
    catalogue_seed(apps)
    kinds_seed(apps)


def chosen(name: str, rows) -> list[dict]:
    content = xlsx_bytes(rows, title="Hoạt động", header=HEADER)
    return [{"name": name, "mimeType": XLSX, "buffer": content}]


def test_a_bad_row_then_the_corrected_file(page: Page, kinds, tree, owner, viewport: Viewport):
    log_in(page, "owner")
    page.goto("/activities/import/")
    expect(page.locator("#template-xlsx")).to_be_visible()
    page.set_input_files(
        "#import-file", files=chosen("sai.xlsx", [row(orgunit="XA-AB"), row(orgunit="XA-BM")])
    )
    page.click("#import-submit")
    expect(page.locator("#import-problem")).to_contain_text("chưa ghi hoạt động nào")
    expect(page.locator("#import-errors")).to_contain_text("XA-BM")
    assert page.eval_on_selector("#import-file", "input => input.files.length") == 1
    assert fits_sideways(page)
    assert not Activity.objects.exists()
    page.set_input_files("#import-file", files=chosen("dung.xlsx", [row(orgunit="XA-AB")] * 2))
    page.click("#import-submit")
    expect(page.locator("#import-done")).to_contain_text("đã ghi 2 hoạt động")
    assert fits_sideways(page)
    page.locator("#import-done a").click()
    expect(page).to_have_url("http://" + page.url.split("/")[2] + "/activities/")
