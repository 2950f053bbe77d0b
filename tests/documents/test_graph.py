"""The relation graph is plain SVG: links only to what the user may open, placeholders marked."""

from datetime import date
from xml.etree import ElementTree

import pytest

from tuyengiao.documents.graph import MAX_PER_SIDE, PER_ROW, document_graph_svg, graph_nodes
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def make(tree, site_admin):
    def make(symbol, *, unit=None, issued_on=None, title=""):
        return Document.objects.create(
            system=System.PARTY,
            number=symbol.split("-")[0],
            symbol=symbol,
            issued_on=issued_on,
            title=title,
            orgunit=unit or tree.province,
            registered_by=site_admin,
        )

    return make


def url_for(document):
    return f"/documents/{document.pk}/"


def draw(document, outgoing, incoming):
    svg = document_graph_svg(
        document=document,
        above=graph_nodes(outgoing, outgoing=True, url_for=url_for),
        below=graph_nodes(incoming, outgoing=False, url_for=url_for),
    )
    return svg, ElementTree.fromstring(str(svg))  # noqa: S314 — our own output


def test_links_placeholders_and_hidden_ends(make, tree):
    resolution = make("09-NQ/TU", issued_on=date(2021, 3, 1), title="về chuyển đổi số")
    conclusion = make("88-KL/TU", issued_on=date(2024, 5, 2))
    plan = make("91-KH/ĐU", unit=tree.commune_b)
    continues = DocumentRelation.objects.create(
        source=conclusion, kind=RelationKind.CONTINUES, target=resolution, target_symbol="09-NQ/TU"
    )
    placeholder = DocumentRelation.objects.create(
        source=conclusion, kind=RelationKind.IMPLEMENTS, target_symbol="35-NQ/TW"
    )
    hidden = DocumentRelation.objects.create(
        source=plan, kind=RelationKind.CONCRETIZES, target=conclusion, target_symbol="88-KL/TU"
    )
    hidden.visible = False

    svg, root = draw(conclusion, [continues, placeholder], [hidden])

    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == [f"/documents/{resolution.pk}/"]
    assert "91-KH/ĐU" in svg  # shown, but not linked
    assert "chưa có trong hệ thống" in svg
    assert "docgraph-placeholder" in svg
    assert "(01/03/2021)" in svg
    assert "tiếp tục thực hiện" in svg and "cụ thể hóa" in svg
    assert len(list(root.iter(f"{SVG}line"))) == 3


def test_text_is_escaped_and_nothing_inline(make):
    evil = make("01-NQ/TU", title='<script>alert(1)</script> "về" & <b>')
    other = make("02-KL/TU")
    relation = DocumentRelation.objects.create(
        source=other, kind=RelationKind.CONTINUES, target=evil, target_symbol="01-NQ/TU"
    )
    svg, root = draw(evil, [], [relation])
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert " style=" not in svg and "onclick" not in svg
    assert root.tag == f"{SVG}svg"


def test_crowded_sides_are_cut_with_a_count(make):
    centre = make("35-NQ/TW")
    incoming = [
        DocumentRelation.objects.create(
            source=make(f"{n:02d}-KH/HU"),
            kind=RelationKind.IMPLEMENTS,
            target=centre,
            target_symbol="35-NQ/TW",
        )
        for n in range(1, MAX_PER_SIDE + 4)
    ]
    svg, root = draw(centre, [], incoming)
    assert len(list(root.iter(f"{SVG}a"))) == MAX_PER_SIDE
    assert "… và 3 văn bản khác" in svg


def test_alone_without_relations(make):
    svg, root = draw(make("05-CT/TU"), [], [])
    assert "05-CT/TU" in svg
    assert list(root.iter(f"{SVG}line")) == []


def test_drawn_at_its_natural_size_narrow_enough_for_a_phone_when_it_can_be(make):
    """1 unit of the drawing is 1 CSS pixel (the page never shrinks its 12 px text): a chain
    of one document per row fits a 375 px phone, a crowded side makes the drawing wider."""
    title = "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU về xây dựng văn hóa, con người"
    resolution = make("09-NQ/TU", issued_on=date(2021, 3, 1), title=title)
    conclusion = make("88-KL/TU")
    chain = [
        DocumentRelation.objects.create(
            source=conclusion,
            kind=RelationKind.CONTINUES,
            target=resolution,
            target_symbol="09-NQ/TU",
        )
    ]
    _svg, root = draw(conclusion, chain, [])
    width = int(root.get("width"))
    assert root.get("viewBox") == f"0 0 {width} {root.get('height')}"
    assert width <= 375 - 2 * 12

    plans = [
        DocumentRelation.objects.create(
            source=make(f"{n}-KH/HU"), kind=RelationKind.IMPLEMENTS, target=conclusion
        )
        for n in range(1, PER_ROW + 1)
    ]
    _svg, crowded = draw(conclusion, chain, plans)
    assert int(crowded.get("width")) > width

    # The box shows the title's first words; hovering shows it whole, with its symbol.
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    assert f"09-NQ/TU (01/03/2021) — tiếp tục thực hiện — {title}" in tooltips
