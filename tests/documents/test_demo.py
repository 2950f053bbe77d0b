import pytest

from tuyengiao.documents.models import Document, DocumentRelation, RelationKind
from tuyengiao.web.demo import demo_create


@pytest.mark.django_db
def test_demo_registers_linked_documents_through_the_upload_path():
    demo_create()
    assert set(Document.objects.values_list("symbol", flat=True)) >= {
        "09-NQ/TU",
        "88-KL/TU",
        "15-KH/ĐU",
        "35-NQ/TW",
    }
    links = {
        (r.source.symbol, r.kind, r.target.symbol if r.target else None)
        for r in DocumentRelation.objects.select_related("source", "target")
    }
    assert ("88-KL/TU", RelationKind.CONTINUES, "09-NQ/TU") in links
    assert ("15-KH/ĐU", RelationKind.CONCRETIZES, "88-KL/TU") in links
    # Cited documents are registered first: their citations are links, not placeholders.
    assert ("45-KH/TU", RelationKind.IMPLEMENTS, "35-NQ/TW") in links
    assert ("76-KL/TW", RelationKind.CONTINUES, "33-NQ/TW") in links
    plan = Document.objects.get(symbol="15-KH/ĐU")
    assert plan.orgunit.code == "HL-X01"
    assert plan.attachments.count() == 1
    # Issue 15, item 14: each is filed under the unit that issued it, found in the tree
    # from its header, with the year of its date.
    ban_plan = Document.objects.select_related("issuer_unit").get(symbol="27-KH/BTGDVTU")
    assert ban_plan.issuer_unit.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert ban_plan.year == ban_plan.issued_on.year
    assert plan.issuer_unit == plan.orgunit  # the commune's own plan
