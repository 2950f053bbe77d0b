from datetime import date

import pytest
from django.http import Http404

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System
from tuyengiao.documents.selectors import (
    derivation_tree,
    document_duplicate,
    document_get_visible_or_404,
    document_relations,
    documents_visible,
)


@pytest.fixture
def documents(tree, site_admin):
    def make(symbol, unit, *, confidential=False):
        return Document.objects.create(
            system=System.PARTY,
            number=symbol.split("-")[0],
            symbol=symbol,
            orgunit=unit,
            registered_by=site_admin,
            confidential=confidential,
        )

    return {
        "province": make("09-NQ/TU", tree.province),
        "province_secret": make("10-NQ/TU", tree.province, confidential=True),
        "commune_a": make("01-KH/ĐU", tree.commune_a),
        "commune_a_secret": make("02-KH/ĐU", tree.commune_a, confidential=True),
        "commune_b": make("03-KH/ĐU", tree.commune_b),
    }


def symbols(user):
    return set(documents_visible(user).values_list("symbol", flat=True))


def test_member_reads_own_subtree_and_what_comes_down_not_secrets(documents, member):
    assert symbols(member) == {"09-NQ/TU", "01-KH/ĐU"}


def test_outsider_never_reads_commune_a(documents, outsider):
    assert "01-KH/ĐU" not in symbols(outsider)
    assert "02-KH/ĐU" not in symbols(outsider)


def test_approver_reads_secrets_held_in_their_subtree_only(tree, documents):
    approver = UserFactory()
    RoleAssignmentFactory(user=approver, orgunit=tree.commune_a, role=Role.APPROVER)
    assert symbols(approver) == {"09-NQ/TU", "01-KH/ĐU", "02-KH/ĐU"}


def test_province_admin_and_site_admin_read_everything_below(documents, province_admin, site_admin):
    assert symbols(province_admin) == {d.symbol for d in documents.values()}
    assert symbols(site_admin) == {d.symbol for d in documents.values()}


# ---------------------------------------------------------------- one document, relations, tree


@pytest.fixture
def chain(tree, site_admin):
    """09-NQ/TU (province) ← 88-KL/TU continues (province) ← 15-KH/ĐU concretizes (commune A)
    ← 01-CTr/CB implements (cell A1); 16-KH/ĐU concretizes (commune B); 17-KH/ĐU
    (commune A, confidential) implements; 20-NQ/TU repeals nothing to do with it."""

    def make(symbol, unit, issued_on, *, confidential=False):
        return Document.objects.create(
            system=System.PARTY,
            number=symbol.split("-")[0],
            symbol=symbol,
            issued_on=issued_on,
            orgunit=unit,
            registered_by=site_admin,
            confidential=confidential,
        )

    def link(source, kind, target):
        return DocumentRelation.objects.create(
            source=source, kind=kind, target=target, target_symbol=target.symbol
        )

    docs = {
        "nq": make("09-NQ/TU", tree.province, date(2021, 10, 18)),
        "kl": make("88-KL/TU", tree.province, date(2023, 9, 5)),
        "kh_a": make("15-KH/ĐU", tree.commune_a, date(2023, 10, 20)),
        "ctr_a1": make("01-CTr/CB", tree.cell_a1, date(2023, 11, 1)),
        "kh_b": make("16-KH/ĐU", tree.commune_b, date(2023, 10, 25)),
        "secret_a": make("17-KH/ĐU", tree.commune_a, date(2023, 10, 1), confidential=True),
        "other": make("20-NQ/TU", tree.province, date(2024, 1, 1)),
    }
    link(docs["kl"], RelationKind.CONTINUES, docs["nq"])
    link(docs["kh_a"], RelationKind.CONCRETIZES, docs["kl"])
    link(docs["ctr_a1"], RelationKind.IMPLEMENTS, docs["kh_a"])
    link(docs["kh_b"], RelationKind.CONCRETIZES, docs["kl"])
    link(docs["secret_a"], RelationKind.IMPLEMENTS, docs["kl"])
    link(docs["other"], RelationKind.REPEALS, docs["nq"])
    DocumentRelation.objects.create(
        source=docs["kh_a"], kind=RelationKind.IMPLEMENTS, target_symbol="05-CT/TW"
    )
    return docs


def test_get_visible_or_404(chain, member, outsider):
    assert document_get_visible_or_404(user=member, pk=chain["kh_a"].pk) == chain["kh_a"]
    assert document_get_visible_or_404(user=outsider, pk=chain["kl"].pk) == chain["kl"]
    for pk in (chain["kh_a"].pk, chain["secret_a"].pk, 999_999, "abc"):
        with pytest.raises(Http404):
            document_get_visible_or_404(user=outsider, pk=pk)
    with pytest.raises(Http404):
        document_get_visible_or_404(user=member, pk=chain["secret_a"].pk)


def test_relations_out_and_in_with_placeholders_and_hidden_ends(chain, member):
    outgoing, incoming = document_relations(user=member, document=chain["kh_a"])
    assert [(r.target_symbol, r.visible, r.is_placeholder) for r in outgoing] == [
        ("88-KL/TU", True, False),
        ("05-CT/TW", False, True),
    ]
    assert [(r.source.symbol, r.visible) for r in incoming] == [("01-CTr/CB", True)]

    outgoing, incoming = document_relations(user=member, document=chain["kl"])
    # Commune B's plan and the secret plan answering it are not the member's to know.
    assert {(r.source.symbol, r.visible) for r in incoming} == {("15-KH/ĐU", True)}


def test_relations_seen_by_the_province(chain, province_admin):
    _outgoing, incoming = document_relations(user=province_admin, document=chain["kl"])
    assert {r.source.symbol for r in incoming} == {"15-KH/ĐU", "16-KH/ĐU", "17-KH/ĐU"}
    assert all(r.visible for r in incoming)


def flatten(nodes, depth=0):
    for node in nodes:
        yield depth, node.document.symbol, node.unit.code, node.kind
        yield from flatten(node.children, depth + 1)


def test_derivation_tree_for_the_province(chain, province_admin):
    tree_ = derivation_tree(user=province_admin, document=chain["nq"])
    assert list(flatten(tree_)) == [
        (0, "88-KL/TU", "TU", "continues"),
        (1, "17-KH/ĐU", "XA-AB", "implements"),  # by unit, then by date
        (1, "15-KH/ĐU", "XA-AB", "concretizes"),
        (2, "01-CTr/CB", "CB-A1", "implements"),
        (1, "16-KH/ĐU", "XA-BM", "concretizes"),
    ]


def test_derivation_tree_hides_neighbours_and_secrets(chain, member, outsider):
    assert list(flatten(derivation_tree(user=member, document=chain["nq"]))) == [
        (0, "88-KL/TU", "TU", "continues"),
        (1, "15-KH/ĐU", "XA-AB", "concretizes"),
        (2, "01-CTr/CB", "CB-A1", "implements"),
    ]
    assert list(flatten(derivation_tree(user=outsider, document=chain["kl"]))) == [
        (0, "16-KH/ĐU", "XA-BM", "concretizes"),
    ]


def test_derivation_tree_survives_a_cycle(chain, province_admin):
    DocumentRelation.objects.create(
        source=chain["nq"],
        kind=RelationKind.CONTINUES,
        target=chain["ctr_a1"],
        target_symbol="01-CTr/CB",
    )
    symbols_ = [
        s for _d, s, _u, _k in flatten(derivation_tree(user=province_admin, document=chain["nq"]))
    ]
    assert sorted(symbols_) == sorted(["88-KL/TU", "15-KH/ĐU", "01-CTr/CB", "17-KH/ĐU", "16-KH/ĐU"])


def test_duplicate_lookup_treats_missing_dates_alike(chain, member):
    found = document_duplicate(user=member, symbol="09-NQ/TU", issued_on=date(2021, 10, 18))
    assert found == chain["nq"]
    assert document_duplicate(user=member, symbol="09-NQ/TU", issued_on=None) is None
    assert document_duplicate(user=member, symbol="09-NQ/TU", issued_on=date(2011, 1, 1)) is None


def test_duplicate_lookup_sees_only_what_the_user_reads(chain, member, outsider, province_admin):
    """A document the user cannot open is no duplicate of theirs: a refusal would tell them
    it exists (issue 15, item 7)."""
    secret = {"symbol": "17-KH/ĐU", "issued_on": date(2023, 10, 1)}
    assert document_duplicate(user=member, **secret) is None  # confidential, member only
    assert document_duplicate(user=province_admin, **secret) == chain["secret_a"]
    neighbour = {"symbol": "15-KH/ĐU", "issued_on": date(2023, 10, 20)}
    assert document_duplicate(user=outsider, **neighbour) is None
    assert document_duplicate(user=member, **neighbour) == chain["kh_a"]


def test_a_link_to_a_hidden_document_looks_like_a_placeholder(chain, member, outsider, tree):
    """Whether a cited document is registered is not told by a link the user cannot follow;
    a record of the same document the user reads stands in for the hidden one."""
    cites = Document.objects.create(
        system=System.PARTY, number="30", symbol="30-KH/ĐU", orgunit=tree.commune_b,
        registered_by=chain["kl"].registered_by,
    )  # fmt: skip
    DocumentRelation.objects.create(
        source=cites, kind=RelationKind.IMPLEMENTS, target=chain["secret_a"],
        target_symbol="17-KH/ĐU",
    )  # fmt: skip
    DocumentRelation.objects.create(
        source=cites, kind=RelationKind.CONCRETIZES, target=chain["kh_a"], target_symbol="15-KH/ĐU"
    )
    outgoing, _incoming = document_relations(user=outsider, document=cites)
    assert [(r.target_symbol, r.target, r.visible, r.is_placeholder) for r in outgoing] == [
        ("15-KH/ĐU", None, False, True),
        ("17-KH/ĐU", None, False, True),
    ]
    # Commune B registered its own record of commune A's plan: the link shows that one.
    own = Document.objects.create(
        system=System.PARTY, number="15", symbol="15-KH/ĐU", issued_on=date(2023, 10, 20),
        orgunit=tree.commune_b, registered_by=cites.registered_by,
    )  # fmt: skip
    outgoing, _incoming = document_relations(user=outsider, document=cites)
    assert [(r.target, r.visible) for r in outgoing] == [(own, True), (None, False)]
    assert (
        DocumentRelation.objects.get(source=cites, target_symbol="15-KH/ĐU").target_id
        == chain["kh_a"].pk
    )
