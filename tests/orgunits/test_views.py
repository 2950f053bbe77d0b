import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.exporting import orgunits_export
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.services import orgunit_merge

DAY = "2025-07-01"


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def detail(unit):
    return reverse("orgunits:detail", args=[unit.pk])


def act(unit, name):
    return reverse("orgunits:action", args=[unit.pk, name])


def codes_in(html: str) -> set[str]:
    return set(re.findall(r'data-code="([^"]+)"', html))


# ---- tree, children, search -------------------------------------------------------------


def test_tree_shows_the_scope_roots_lazily(as_owner, tree):
    response = as_owner.get(reverse("orgunits:tree"))
    html = response.content.decode()
    assert response.status_code == 200
    # Only the root of the owner's scope; its children come through HTMX.
    assert codes_in(html) == {"XA-AB"}
    assert 'class="tree-node' in html and 'id="tree-search"' in html and 'name="q"' in html
    assert f'hx-get="{reverse("orgunits:children", args=[tree.commune_a.pk])}"' in html
    assert 'hx-trigger="click once"' in html
    assert "style=" not in html


def test_site_admin_sees_the_roots(client, tree, site_admin):
    client.force_login(site_admin)
    assert codes_in(client.get(reverse("orgunits:tree")).content.decode()) == {"TU"}


def test_children_fragment(as_owner, tree):
    OrgUnitFactory(code="TO-1", parent=tree.cell_a1)
    response = as_owner.get(reverse("orgunits:children", args=[tree.commune_a.pk]))
    html = response.content.decode()
    assert codes_in(html) == {"CB-A1"}
    assert "1 đơn vị cấp dưới" in html
    assert "<html" not in html


def test_search_without_diacritics_lists_breadcrumbs(as_owner, tree):
    OrgUnitFactory(code="CB-TU", name="Chi bộ Xã Tân Uyên", parent=tree.cell_a1)
    OrgUnitFactory(code="CB-HOA", name="Chi bộ Hoà Bình", parent=tree.cell_a1)
    response = as_owner.get(reverse("orgunits:tree"), {"q": "xa tan uyen"})
    html = response.content.decode()
    assert "Chi bộ Xã Tân Uyên" in html
    assert "Chi bộ thôn 1" in html  # its breadcrumb
    assert "Hoà Bình" not in html
    hits = as_owner.get(reverse("orgunits:tree"), {"q": "hòa"}).content.decode()
    assert "Chi bộ Hoà Bình" in hits


def test_htmx_search_returns_only_the_results(as_owner, tree):
    response = as_owner.get(
        reverse("orgunits:tree"),
        {"q": "thon 1"},
        headers={"HX-Request": "true", "HX-Target": "tree-results"},
    )
    html = response.content.decode()
    assert "Chi bộ thôn 1" in html and "<html" not in html and "tree-search" not in html


def test_closed_units_are_greyed_with_date_and_successor(client, tree, site_admin):
    orgunit_merge(
        units=[tree.commune_a],
        successor=tree.commune_b,
        merged_on=datetime.date(2025, 7, 1),
        move_children=True,
    )
    client.force_login(site_admin)
    html = client.get(reverse("orgunits:children", args=[tree.province.pk])).content.decode()
    assert "tree-closed" in html
    assert "01/07/2025" in html and "hợp nhất vào Đảng ủy xã Bình Minh" in html


# ---- unit page --------------------------------------------------------------------------


def test_detail_page(as_owner, tree):
    response = as_owner.get(detail(tree.cell_a1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "CB-A1" in html and "Chi bộ" in html
    assert reverse("accounts:history", args=["orgunits.orgunit", tree.cell_a1.pk]) in html
    # Breadcrumb inside the scope only: the province is not the owner's.
    assert "Tỉnh ủy Thử" not in html
    assert 'id="action-rename"' in html


def test_viewer_sees_no_admin_forms_and_cannot_post(client, member, tree):
    client.force_login(member)
    assert 'id="action-rename"' not in client.get(detail(tree.cell_a1)).content.decode()
    response = client.post(act(tree.cell_a1, "rename"), {"name": "X", "effective_on": DAY})
    assert response.status_code == 403
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.name == "Chi bộ thôn 1"


def test_rename_through_the_page(as_owner, tree):
    response = as_owner.post(
        act(tree.cell_a1, "rename"), {"name": "Chi bộ Thôn Một", "effective_on": "01/07/2025"}
    )
    assert response.status_code == 302
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.name == "Chi bộ Thôn Một"
    page = as_owner.get(detail(tree.cell_a1)).content.decode()
    assert "“Chi bộ thôn 1” thành “Chi bộ Thôn Một”" in page


def test_add_child_move_and_close(as_owner, tree):
    response = as_owner.post(
        act(tree.commune_a, "add_child"),
        {"code": "CB-A2", "name": "Chi bộ thôn 2", "kind": tree.cell_a1.kind.pk},
    )
    assert response.status_code == 302
    new = OrgUnit.objects.get(code="CB-A2")
    assert new.parent == tree.commune_a
    response = as_owner.post(act(new, "move"), {"parent": tree.cell_a1.pk, "effective_on": DAY})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.parent == tree.cell_a1 and new.level == 3
    refused = as_owner.post(act(tree.cell_a1, "close"), {"closed_on": DAY})
    assert refused.status_code == 400
    assert "Chi bộ thôn 2" in refused.content.decode()
    assert as_owner.post(act(new, "close"), {"closed_on": DAY}).status_code == 302
    new.refresh_from_db()
    assert new.closed_on == datetime.date(2025, 7, 1)


def test_merge_through_the_page(client, province_admin, tree):
    client.force_login(province_admin)
    response = client.post(
        act(tree.commune_a, "merge"),
        {"successor": tree.commune_b.pk, "merged_on": DAY, "move_children": "on"},
    )
    assert response.status_code == 302
    tree.commune_a.refresh_from_db()
    tree.cell_a1.refresh_from_db()
    assert tree.commune_a.successor == tree.commune_b
    assert tree.cell_a1.parent == tree.commune_b
    page = client.get(detail(tree.commune_b)).content.decode()
    assert "Đảng ủy xã An Bình" in page  # as a predecessor


def test_move_into_own_subtree_is_not_offered(as_owner, tree):
    response = as_owner.post(
        act(tree.commune_a, "move"), {"parent": tree.cell_a1.pk, "effective_on": DAY}
    )
    assert response.status_code == 400
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.parent == tree.province


def test_unknown_action_is_404(as_owner, tree):
    assert as_owner.post(act(tree.cell_a1, "delete"), {}).status_code == 404


def test_actions_need_csrf(owner, tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(act(tree.cell_a1, "rename"), {"name": "X", "effective_on": DAY})
    assert response.status_code == 403


# ---- the outsider: every view, by id --------------------------------------------------


@pytest.mark.parametrize("unit_name", ["commune_a", "cell_a1"])
def test_outsider_gets_404_on_every_unit_view(client, outsider, tree, unit_name):
    client.force_login(outsider)
    unit = getattr(tree, unit_name)
    assert client.get(detail(unit)).status_code == 404
    assert client.get(reverse("orgunits:children", args=[unit.pk])).status_code == 404
    for name, data in [
        ("rename", {"name": "Bị chiếm", "effective_on": DAY}),
        ("move", {"parent": tree.commune_b.pk, "effective_on": DAY}),
        ("close", {"closed_on": DAY}),
        ("merge", {"successor": tree.commune_b.pk, "merged_on": DAY}),
        ("add_child", {"code": "X", "name": "X", "kind": tree.cell_a1.kind.pk}),
    ]:
        assert client.post(act(unit, name), data).status_code == 404, name
    unit.refresh_from_db()
    assert unit.name != "Bị chiếm" and unit.is_open
    assert not OrgUnit.objects.filter(code="X").exists()


def test_outsider_does_not_find_commune_a(client, outsider, tree):
    client.force_login(outsider)
    html = client.get(reverse("orgunits:tree"), {"q": "an binh"}).content.decode()
    assert "An Bình" not in html
    assert codes_in(client.get(reverse("orgunits:tree")).content.decode()) == {"XA-BM"}


@pytest.mark.parametrize(
    ("name", "field"),
    [("move", "parent"), ("merge", "successor")],
)
def test_out_of_scope_target_ids_are_refused(client, outsider, tree, name, field):
    """The outsider may act on commune B, but not point it at commune A's units."""
    client.force_login(outsider)
    data = {field: tree.cell_a1.pk, "effective_on": DAY, "merged_on": DAY, "move_children": "on"}
    response = client.post(act(tree.cell_b1, name), data)
    assert response.status_code == 400
    tree.cell_b1.refresh_from_db()
    assert tree.cell_b1.parent == tree.commune_b and tree.cell_b1.is_open


def test_outsider_cannot_import_into_commune_a(client, outsider, tree):
    client.force_login(outsider)
    content = (
        "code,name,kind,parent_code\nCB-A1,Bị chiếm,chi-bo,XA-AB\nCB-NEW,Mới,chi-bo,XA-AB\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("orgunits:import"), {"file": SimpleUploadedFile("a.csv", content)}
    )
    assert response.status_code == 400
    assert not OrgUnit.objects.filter(code="CB-NEW").exists()
    assert OrgUnit.objects.get(code="CB-A1").name == "Chi bộ thôn 1"


def test_outsider_export_holds_only_their_commune(client, outsider, tree):
    client.force_login(outsider)
    body = client.get(reverse("orgunits:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "XA-BM" in body and "CB-B1" in body
    assert "XA-AB" not in body and "CB-A1" not in body


def test_anonymous_is_sent_to_login(client, tree):
    for url in [
        reverse("orgunits:tree"),
        detail(tree.cell_a1),
        reverse("orgunits:children", args=[tree.cell_a1.pk]),
        reverse("orgunits:import"),
        reverse("orgunits:export"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- import and export pages -----------------------------------------------------------


def upload(client, name: str, content: bytes, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("orgunits:import"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def test_viewer_cannot_open_the_import_page(client, member, tree):
    client.force_login(member)
    assert client.get(reverse("orgunits:import")).status_code == 403


def test_import_page_shows_row_errors(as_owner, tree):
    response = upload(
        as_owner,
        "cay.csv",
        "code,name,kind,parent_code\nN1,Một,chi-bo,KHONG\nN1,Hai,sai-loai,XA-AB\n".encode(),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="import-errors"' in html
    assert "KHONG" in html and "trùng với dòng 2" in html and "sai-loai" in html
    assert not OrgUnit.objects.filter(code="N1").exists()


def test_import_page_summary_and_dry_run(as_owner, tree):
    content = "code,name,kind,parent_code\nN1,Một,chi-bo,XA-AB\n".encode()
    dry = upload(as_owner, "cay.csv", content, dry_run="on")
    assert dry.status_code == 200 and "Tạo mới: 1" in dry.content.decode()
    assert not OrgUnit.objects.filter(code="N1").exists()
    done = upload(as_owner, "cay.csv", content)
    assert done.status_code == 200 and 'id="import-summary"' in done.content.decode()
    assert OrgUnit.objects.get(code="N1").parent == tree.commune_a


def test_import_page_reads_a_legacy_encoding(as_owner, tree):
    # Windows-1258 writes the tone as a combining mark after the vowel.
    content = "code;name;kind;parent_code\nN1;Đông Ho\u0300a;chi-bo;XA-AB\n".encode("cp1258")
    response = upload(as_owner, "cay.csv", content)
    assert response.status_code == 200
    assert OrgUnit.objects.get(code="N1").name == "Đông Hòa"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_download_round_trips(as_owner, owner, tree, file_format):
    response = as_owner.get(reverse("orgunits:export"), {"format": file_format})
    assert response.status_code == 200
    assert f".{file_format}" in response["Content-Disposition"]
    if file_format == "csv":  # an XLSX holds its creation time, so only CSV bytes repeat
        assert response.content == orgunits_export(user=owner, file_format="csv")
    again = upload(as_owner, f"cay.{file_format}", response.content)
    assert "Không đổi: 2" in again.content.decode()


def test_export_rejects_an_unknown_format(as_owner, tree):
    assert as_owner.get(reverse("orgunits:export"), {"format": "pdf"}).status_code == 400
