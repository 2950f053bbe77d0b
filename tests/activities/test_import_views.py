"""The import page and the template downloads: scoped, all or nothing, errors on the page
(the htmx answer swaps only the result, so the chosen file stays in the form)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.activities.test_bulk import HEADER, row
from tuyengiao.activities.models import Activity
from tuyengiao.tabular.writing import csv_bytes

URL = "/activities/import/"


def upload(rows, name="hoat-dong.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, header=HEADER), content_type="text/csv")


def test_the_urls_are_where_the_page_links_them():
    assert reverse("activities:import") == URL
    assert reverse("activities:import_template", args=["xlsx"]) == URL + "template.xlsx"


def test_anonymous_is_sent_to_log_in(client, tree):
    for url in (URL, URL + "template.xlsx", URL + "template.csv"):
        assert client.get(url).status_code == 302


def test_the_page_offers_the_templates(client, owner):
    client.force_login(owner)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'id="template-xlsx"' in page.text and 'id="import-file"' in page.text
    xlsx = client.get(URL + "template.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "hoat-dong.xlsx" in xlsx["Content-Disposition"]
    assert client.get(URL + "template.csv").content.decode("utf-8-sig").startswith("Mã đơn vị,")
    assert client.get(URL + "template.pdf").status_code == 404


def test_an_import_saves_and_links_back(client, owner):
    client.force_login(owner)
    page = client.post(URL, {"file": upload([row(orgunit="XA-AB"), row(orgunit="CB-A1")])})
    assert page.status_code == 200
    assert 'id="import-done"' in page.text and 'href="/activities/"' in page.text
    assert Activity.objects.count() == 2


def test_errors_by_row_and_nothing_saved_htmx_keeps_the_form(client, owner):
    client.force_login(owner)
    bad = upload([row(orgunit="XA-AB"), row(orgunit="XA-AB", held_on="hôm qua")])
    page = client.post(URL, {"file": bad}, headers={"HX-Request": "true"})
    assert page.status_code == 200  # htmx swaps only a 2xx answer
    assert 'id="import-errors"' in page.text and "hôm qua" in page.text
    assert 'id="import-file"' not in page.text  # the result alone: the form stays as it was
    assert not Activity.objects.exists()
    page = client.post(URL, {"file": upload([row(orgunit="XA-AB", held_on="x")])})
    assert page.status_code == 400 and 'id="import-file"' in page.text


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_a_viewer_or_a_neighbour_writes_nothing_for_commune_a(client, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.post(URL, {"file": upload([row(orgunit="XA-AB")])})
    assert page.status_code == 400 and "XA-AB" in page.text
    assert not Activity.objects.exists()


def test_the_template_lists_only_the_users_units(client, owner, outsider):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(outsider)
    book = load_workbook(BytesIO(client.get(URL + "template.xlsx").content))
    codes = {cell.value for line in book["Danh mục"].iter_rows() for cell in line}
    assert "XA-BM" in codes and "XA-AB" not in codes and "CB-A1" not in codes


def test_a_file_that_is_not_a_spreadsheet_is_explained(client, owner):
    client.force_login(owner)
    page = client.post(URL, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert page.status_code == 400 and ".xlsx" in page.text
    assert client.post(URL, {}).status_code == 400
