"""The file pages: the import page, all or nothing, with the spreadsheet's line numbers and
the file named as each value's source; a form's template over the units in scope only."""

import io

from django.urls import reverse

from tests.reporting.test_files import xlsx
from tuyengiao.values.models import DataValue


def test_import_page_all_or_nothing_with_spreadsheet_lines(
    client, owner, tree, count, monthly_form
):
    client.force_login(owner)
    period = monthly_form.current.code
    data = xlsx([
        ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"],
        [count.code, "XA-AB", period, 5],
        [count.code, "XA-BM", period, 5],  # another commune: not the owner's
        [count.code, "XA-AB", "2025Q9", 5],
    ])  # fmt: skip
    upload = io.BytesIO(data)
    upload.name = "bao-cao.xlsx"
    response = client.post(reverse("reporting:import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400 and "chưa ghi số liệu nào" in body
    assert '<td class="number">3</td>' in body and '<td class="number">4</td>' in body
    assert not DataValue.objects.exists()
    good = io.BytesIO(xlsx([["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"],
                            [count.code, "XA-AB", period, 5]]))  # fmt: skip
    good.name = "tot.xlsx"
    response = client.post(reverse("reporting:import"), {"file": good}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="import-done"' in response.content.decode()
    assert DataValue.objects.get().value == 5


def test_import_page_needs_a_file_and_a_login(client, owner):
    assert client.get(reverse("reporting:import")).status_code == 302
    client.force_login(owner)
    assert client.post(reverse("reporting:import")).status_code == 400


def test_template_lists_only_units_in_scope(client, outsider, monthly_form, tree):
    client.force_login(outsider)
    url = reverse("reporting:template", args=[monthly_form.code, "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    assert "XA-BM" in text and "XA-AB" not in text
    assert client.get(url, {"unit": tree.commune_a.pk}).status_code == 404


def test_import_page_refuses_a_figure_counted_twice(client, owner, tree, count):
    client.force_login(owner)
    data = xlsx([
        ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"],
        [count.code, "XA-AB", "2023Q4", 9],
        [count.code, "XA-AB", "202311", 3],
    ])  # fmt: skip
    upload = io.BytesIO(data)
    upload.name = "quy-va-thang.xlsx"
    body = client.post(reverse("reporting:import"), {"file": upload}).content.decode()
    assert "chưa ghi số liệu nào" in body and body.count("cộng hai lần") == 2
    assert not DataValue.objects.exists()


def test_an_imported_value_names_its_file(client, owner, tree, count):
    client.force_login(owner)
    upload = io.BytesIO(xlsx([["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"],
                              [count.code, "XA-AB", "202311", 3]]))  # fmt: skip
    upload.name = "thang-11.xlsx"
    client.post(reverse("reporting:import"), {"file": upload})
    stored = DataValue.objects.get()
    assert (stored.source, stored.source_note) == ("import", "thang-11.xlsx")
