import hashlib
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UnitKindFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System
from tuyengiao.documents.services import (
    DuplicateDocument,
    PrefillRelation,
    document_prefill,
    document_register,
    document_update,
    relation_add,
    relation_remove,
)

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor_a(tree):
    user = UserFactory(username="editor_a")
    RoleAssignmentFactory(user=user, orgunit=tree.commune_a, role=Role.EDITOR)
    return user


def register(user, unit, symbol, issued_on=None, **fields):
    number = symbol.split("-")[0].split("/")[0]
    return document_register(
        user=user,
        orgunit=unit,
        system=fields.pop("system", System.PARTY),
        symbol=symbol,
        number=number,
        issued_on=issued_on,
        **fields,
    )


def register_prefilled(user, unit, text, **overrides):
    prefill = document_prefill(text=text)
    fields = {
        "system": prefill.system,
        "symbol": prefill.symbol,
        "number": prefill.number,
        "type_code": prefill.type_code,
        "type_name": prefill.type_name,
        "year": prefill.year,
        "issuer_code": prefill.issuer_code,
        "issuer_name": prefill.issuer_name,
        "issued_on": prefill.issued_on,
        "title": prefill.title,
        "full_text": text,
        "references": prefill.references,
    }
    fields.update(overrides)
    return document_register(user=user, orgunit=unit, **fields)


# ---------------------------------------------------------------- prefill


def test_prefill_reads_a_provincial_conclusion_header(db):
    prefill = document_prefill(text=read("ket_luan_tinh_uy.txt"))
    assert prefill.symbol == "88-KL/TU"
    assert prefill.system == "party"
    assert (prefill.type_code, prefill.type_name) == ("KL", "Kết luận")
    assert prefill.number == "88"
    assert prefill.issuer_code == "TU"
    assert prefill.issuer_name == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert prefill.issued_on == date(2023, 9, 5)
    assert prefill.title.startswith("về tiếp tục thực hiện Nghị quyết số 09-NQ/TU")
    assert prefill.references == [
        PrefillRelation("continues", "09-NQ/TU", date(2021, 10, 18)),
    ]
    assert prefill.duplicate is None


def test_prefill_commune_plan_concretizes_the_conclusion_and_ignores_plain_mentions(db):
    prefill = document_prefill(text=read("ke_hoach_xa.txt"))
    assert prefill.symbol == "15-KH/ĐU"
    assert prefill.issuer_name == "ĐẢNG ỦY XÃ AN BÌNH"
    assert prefill.issued_on == date(2023, 10, 20)
    # 07-KH/ĐU is only mentioned ("gắn với"), 09-NQ/TU is what 88-KL/TU continues.
    assert prefill.references == [PrefillRelation("concretizes", "88-KL/TU", date(2023, 9, 5))]


def test_prefill_state_header(db):
    text = (
        "BỘ TÀI CHÍNH\nSố: 25/2024/TT-BTC\nHà Nội, ngày 28 tháng 6 năm 2024\n\nTHÔNG TƯ\n"
        "Quy định quản lý kinh phí tuyên truyền\n\nThông tư này thay thế Thông tư số "
        "76/2018/TT-BTC ngày 17/8/2018 của Bộ Tài chính."
    )
    prefill = document_prefill(text=text)
    assert prefill.symbol == "25/2024/TT-BTC"
    assert prefill.system == "state"
    assert prefill.year == 2024
    assert prefill.issued_on == date(2024, 6, 28)
    assert [(r.kind, r.target_symbol) for r in prefill.references] == [
        ("replaces", "76/2018/TT-BTC")
    ]


DATE_LINE = "Sông Mây, ngày 05 tháng 9 năm 2023"
BODY = (
    "\nKẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề tiếp tục thực hiện Nghị quyết số 09-NQ/TU, "
    "ngày 18/10/2021 của Ban Chấp hành Đảng bộ tỉnh về phát triển văn hóa\n-----\n"
    "Tại hội nghị ngày 30/8/2023, Ban Thường vụ Tỉnh ủy kết luận như sau:\n"
)


@pytest.mark.parametrize(
    "top",
    [
        # Word's header table, cell by cell and row by row; a PDF's flattened columns.
        "TỈNH ỦY SÔNG MÂY\n*\nSố 88-KL/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n" + DATE_LINE,
        "TỈNH ỦY SÔNG MÂY\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 88-KL/TU\n" + DATE_LINE,
        "TỈNH ỦY SÔNG MÂY     ĐẢNG CỘNG SẢN VIỆT NAM\n   *\n  Số 88-KL/TU      Sông Mây, ngày "
        "05 tháng 9 năm 2023",
    ],
)
def test_prefill_header_layouts(db, top):
    prefill = document_prefill(text=top + BODY)
    assert (prefill.symbol, prefill.issued_on) == ("88-KL/TU", date(2023, 9, 5))
    assert prefill.title.startswith("về tiếp tục thực hiện Nghị quyết số 09-NQ/TU")
    assert prefill.references == [PrefillRelation("continues", "09-NQ/TU", date(2021, 10, 18))]


def test_prefill_document_naming_itself_in_its_body(db):
    text = (
        "BỘ TÀI CHÍNH\nSố: 25/2024/TT-BTC\nHà Nội, ngày 28 tháng 6 năm 2024\nTHÔNG TƯ\n"
        "Quy định quản lý kinh phí tuyên truyền\nCăn cứ Nghị định số 14/2023/NĐ-CP ngày 20 "
        "tháng 4 năm 2023 của Chính phủ;\nThông tư này bãi bỏ Thông tư số 76/2018/TT-BTC.\n"
    )
    prefill = document_prefill(text=text)
    assert [(r.kind, r.target_symbol) for r in prefill.references] == [
        ("repeals", "76/2018/TT-BTC")
    ]


def test_prefill_symbol_of_two_terms_leaves_the_date_open(db):
    text = (
        "TỈNH ỦY SÔNG MÂY\n*\nSố 12-KH/TU\nSông Mây, ngày 05 tháng 9 năm 2023\n\nKẾ HOẠCH\n"
        "thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị\n\n"
        "Kết luận số 01-KL/TW, ngày 01/4/2016 của Bộ Chính trị đã hết hiệu lực."
    )
    assert document_prefill(text=text).references == [
        PrefillRelation("implements", "01-KL/TW", None)
    ]


def test_prefill_header_number_wins_over_an_earlier_mention(db):
    text = "Căn cứ Nghị quyết số 09-NQ/TU của Tỉnh ủy;\nĐẢNG ỦY XÃ AN BÌNH\nSố 15-KH/ĐU\n"
    assert document_prefill(text=text).symbol == "15-KH/ĐU"


def test_prefill_without_header_takes_the_first_document(db):
    text = (
        "Ban Thường vụ Tỉnh ủy ban hành Kết luận số 88-KL/TU về tiếp tục thực hiện "
        "Nghị quyết số 09-NQ/TU."
    )
    prefill = document_prefill(text=text)
    assert prefill.symbol == "88-KL/TU"
    assert prefill.references[0].target_symbol == "09-NQ/TU"


def test_prefill_of_text_without_numbers_is_empty(db):
    prefill = document_prefill(text="Hội nghị báo cáo viên tháng 10.")
    assert prefill.symbol == "" and prefill.references == []


def test_prefill_finds_the_registered_duplicate_the_user_reads(tree, owner, outsider):
    first = register_prefilled(owner, tree.commune_a, read("ket_luan_tinh_uy.txt"))
    assert document_prefill(text=read("ket_luan_tinh_uy.txt"), user=owner).duplicate == first
    # Commune A's record is not commune B's to know of.
    assert document_prefill(text=read("ket_luan_tinh_uy.txt"), user=outsider).duplicate is None


# ---------------------------------------------------------------- register


def test_register_saves_fields_relations_and_attachment(tree, editor_a):
    data = read("ket_luan_tinh_uy.txt").encode()
    doc = register_prefilled(
        editor_a,
        tree.commune_a,
        read("ket_luan_tinh_uy.txt"),
        upload=ContentFile(data, name="kl88.txt"),
    )
    doc.refresh_from_db()
    assert doc.registered_by == editor_a
    assert doc.symbol == "88-KL/TU"
    assert doc.full_text.startswith("TỈNH ỦY SÔNG MÂY")
    relation = doc.outgoing.get()
    assert (relation.kind, relation.target_symbol, relation.target) == (
        "continues",
        "09-NQ/TU",
        None,
    )
    attachment = doc.attachments.get()
    assert attachment.filename == "kl88.txt"
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.file.read() == data
    assert LogEntry.objects.get_for_object(doc).exists()


def test_register_needs_editor_role_on_the_unit(tree, member, outsider, editor_a):
    with pytest.raises(PermissionDenied):
        register(member, tree.commune_a, "01-KH/ĐU")
    with pytest.raises(PermissionDenied):
        register(outsider, tree.commune_a, "01-KH/ĐU")
    with pytest.raises(PermissionDenied):  # an editor of a commune cannot write for the province
        register(editor_a, tree.province, "01-KH/ĐU")
    assert not Document.objects.exists()


def test_register_canonicalises_the_symbol(tree, owner):
    doc = register(owner, tree.commune_a, "35 - nq/tư")
    assert doc.symbol == "35-NQ/TW"


def test_second_registration_is_refused_with_the_first(tree, owner, province_admin):
    first = register(owner, tree.commune_a, "09-NQ/TU", date(2021, 10, 18))
    with pytest.raises(DuplicateDocument) as caught:
        register(province_admin, tree.province, "09-nq/tu", date(2021, 10, 18))
    assert caught.value.existing == first
    assert "09-NQ/TU" in caught.value.messages[0]
    assert "18/10/2021" in caught.value.messages[0]
    assert isinstance(caught.value, ValidationError)


def test_a_document_the_user_cannot_open_is_no_duplicate(
    tree, owner, editor_a, outsider, province_admin
):
    """Issue 15, item 7: a commune registering the symbol and date of a confidential
    province document gets its own record, not a refusal that tells the document exists."""
    secret = register(
        province_admin, tree.province, "100-KH/TU", date(2026, 3, 2), confidential=True
    )
    own = register(editor_a, tree.commune_a, "100-KH/TU", date(2026, 3, 2))
    assert (own.orgunit, own.confidential) == (tree.commune_a, False)
    neighbour = register(outsider, tree.commune_b, "100-kh/tu", date(2026, 3, 2))
    assert Document.objects.filter(symbol="100-KH/TU").count() == 3
    # Who reads a record still gets the refusal: the commune's own, again.
    with pytest.raises(DuplicateDocument) as caught:
        register(owner, tree.commune_a, "100-KH/TU", date(2026, 3, 2))
    assert caught.value.existing == own
    # The province reads all three and registers no fourth.
    with pytest.raises(DuplicateDocument) as caught:
        register(province_admin, tree.province, "100-KH/TU", date(2026, 3, 2))
    assert caught.value.existing == secret
    # Nor may an edit reach a symbol the editor reads already (the neighbour's is not read).
    other = register(outsider, tree.commune_b, "101-KH/TU", date(2026, 3, 2))
    with pytest.raises(DuplicateDocument):
        document_update(user=outsider, document=other, symbol="100-KH/TU")
    assert neighbour.symbol == "100-KH/TU"


def test_same_symbol_of_another_term_is_another_document(tree, owner):
    register(owner, tree.commune_a, "01-KL/TW", date(2016, 4, 1))
    register(owner, tree.commune_a, "01-KL/TW", date(2021, 6, 1))
    assert Document.objects.filter(symbol="01-KL/TW").count() == 2


def test_two_registrations_without_date_are_duplicates(tree, owner):
    first = register(owner, tree.commune_a, "01-KH/ĐU")
    with pytest.raises(DuplicateDocument) as caught:
        register(owner, tree.commune_a, "01-KH/ĐU")
    assert caught.value.existing == first


def test_register_refuses_bad_fields(tree, owner):
    with pytest.raises(ValidationError):
        register(owner, tree.commune_a, "")
    with pytest.raises(ValidationError):
        register(owner, tree.commune_a, "01-KH/ĐU", system="church")
    with pytest.raises(ValidationError):
        register(
            owner,
            tree.commune_a,
            "01-KH/ĐU",
            references=[{"kind": "likes", "target_symbol": "02-KH/ĐU"}],
        )
    assert not Document.objects.exists()


def test_reference_links_to_an_existing_document_even_one_the_user_cannot_see(
    tree, owner, outsider
):
    # A commune B document, invisible to commune A: the link is a fact all the same.
    target = register(outsider, tree.commune_b, "03-KH/ĐU", date(2023, 1, 5))
    doc = register(
        owner,
        tree.commune_a,
        "04-KH/ĐU",
        date(2023, 2, 1),
        references=[PrefillRelation("implements", "03-kh/đu")],
    )
    assert doc.outgoing.get().target == target


def test_reference_with_a_date_links_only_that_date(tree, owner):
    old = register(owner, tree.commune_a, "01-KL/TW", date(2016, 4, 1))
    new = register(owner, tree.commune_a, "01-KL/TW", date(2021, 6, 1))
    dated = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        date(2022, 1, 1),
        references=[PrefillRelation("implements", "01-KL/TW", date(2016, 4, 1))],
    )
    undated = register(
        owner,
        tree.commune_a,
        "06-KH/ĐU",
        date(2019, 1, 1),
        references=[PrefillRelation("implements", "01-KL/TW")],
    )
    assert dated.outgoing.get().target == old
    # Without a date: the latest issued before the citing document (2021 came later).
    assert undated.outgoing.get().target == old
    latest = register(
        owner,
        tree.commune_a,
        "07-KH/ĐU",
        date(2024, 1, 1),
        references=[PrefillRelation("implements", "01-KL/TW")],
    )
    assert latest.outgoing.get().target == new


def test_placeholder_links_itself_when_the_target_is_registered(tree, owner, province_admin):
    plan = register_prefilled(owner, tree.commune_a, read("ke_hoach_xa.txt"))
    placeholder = plan.outgoing.get()
    assert placeholder.is_placeholder
    conclusion = register_prefilled(province_admin, tree.province, read("ket_luan_tinh_uy.txt"))
    placeholder.refresh_from_db()
    assert placeholder.target == conclusion
    # …and the conclusion's own reference to 09-NQ/TU waits as a placeholder.
    assert conclusion.outgoing.get().is_placeholder
    resolution = register(province_admin, tree.province, "09-NQ/TU", date(2021, 10, 18))
    assert conclusion.outgoing.get().target == resolution
    assert LogEntry.objects.get_for_object(placeholder).count() == 2  # created, then linked


def test_placeholder_with_another_date_stays_a_placeholder(tree, owner):
    plan = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        date(2022, 1, 1),
        references=[PrefillRelation("implements", "01-KL/TW", date(2016, 4, 1))],
    )
    register(owner, tree.commune_a, "01-KL/TW", date(2021, 6, 1))
    assert plan.outgoing.get().is_placeholder


def test_placeholder_without_date_does_not_link_a_later_document(tree, owner):
    plan = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        date(2019, 1, 1),
        references=[PrefillRelation("implements", "01-KL/TW")],
    )
    register(owner, tree.commune_a, "01-KL/TW", date(2021, 6, 1))
    assert plan.outgoing.get().is_placeholder


def test_self_reference_and_repeats_are_dropped(tree, owner):
    doc = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        references=[
            PrefillRelation("implements", "05-KH/ĐU"),
            PrefillRelation("implements", "09-NQ/TU"),
            {"kind": "implements", "target_symbol": "09-nq/tu"},
        ],
    )
    assert list(doc.outgoing.values_list("target_symbol", flat=True)) == ["09-NQ/TU"]


def test_failed_registration_writes_nothing(tree, owner):
    register(owner, tree.commune_a, "09-NQ/TU", date(2021, 10, 18))
    with pytest.raises(DuplicateDocument):
        register(
            owner,
            tree.commune_a,
            "09-NQ/TU",
            date(2021, 10, 18),
            references=[PrefillRelation("continues", "01-NQ/TU")],
        )
    assert Document.objects.count() == 1
    assert not DocumentRelation.objects.exists()


# ---------------------------------------------------------------- update


def test_update_changes_fields_and_relinks_on_a_new_symbol(tree, owner):
    plan = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        date(2022, 1, 1),
        references=[PrefillRelation("implements", "09-NQ/TU")],
    )
    typo = register(owner, tree.commune_a, "90-NQ/TU", date(2021, 10, 18))
    assert plan.outgoing.get().is_placeholder
    document_update(user=owner, document=typo, symbol="09-nq/tu", title="  về văn hóa ")
    typo.refresh_from_db()
    assert (typo.symbol, typo.title) == ("09-NQ/TU", "về văn hóa")
    assert plan.outgoing.get().target == typo
    document_update(user=owner, document=typo, symbol="10-NQ/TU")
    assert plan.outgoing.get().is_placeholder


def test_update_refuses_a_duplicate_and_outsiders(tree, owner, outsider, member):
    register(owner, tree.commune_a, "01-KH/ĐU", date(2023, 1, 1))
    second = register(owner, tree.commune_a, "02-KH/ĐU", date(2023, 1, 1))
    with pytest.raises(DuplicateDocument):
        document_update(user=owner, document=second, symbol="01-KH/ĐU")
    with pytest.raises(PermissionDenied):
        document_update(user=outsider, document=second, title="x")
    with pytest.raises(PermissionDenied):
        document_update(user=member, document=second, title="x")
    with pytest.raises(PermissionDenied):  # moving it to a unit where the user is no editor
        document_update(user=owner, document=second, orgunit=tree.commune_b)
    with pytest.raises(TypeError):
        document_update(user=owner, document=second, registered_by=outsider)
    second.refresh_from_db()
    assert (second.symbol, second.title, second.orgunit) == ("02-KH/ĐU", "", tree.commune_a)


def test_editor_cannot_edit_a_confidential_document_they_cannot_read(tree, owner, editor_a):
    secret = register(owner, tree.commune_a, "01-KH/ĐU", confidential=True)
    with pytest.raises(PermissionDenied):
        document_update(user=editor_a, document=secret, title="x")
    document_update(user=owner, document=secret, title="về bảo mật")


# ---------------------------------------------------------------- relations


def test_relation_add_links_or_keeps_a_placeholder(tree, owner):
    resolution = register(owner, tree.commune_a, "09-NQ/TU", date(2021, 10, 18))
    plan = register(owner, tree.commune_a, "05-KH/ĐU", date(2022, 1, 1))
    linked = relation_add(
        user=owner, source=plan, kind=RelationKind.IMPLEMENTS, target_symbol="09-nq/tu"
    )
    assert linked.target == resolution
    waiting = relation_add(
        user=owner,
        source=plan,
        kind=RelationKind.CONCRETIZES,
        target_symbol="88-KL/TU",
        target_date=date(2023, 9, 5),
    )
    assert waiting.is_placeholder and waiting.target_date == date(2023, 9, 5)


def test_relation_add_refuses_repeats_self_links_bad_kinds_and_outsiders(tree, owner, outsider):
    plan = register(owner, tree.commune_a, "05-KH/ĐU")
    relation_add(user=owner, source=plan, kind="implements", target_symbol="09-NQ/TU")
    with pytest.raises(ValidationError):
        relation_add(user=owner, source=plan, kind="implements", target_symbol="09-NQ/TU")
    with pytest.raises(ValidationError):
        relation_add(user=owner, source=plan, kind="implements", target_symbol="05-KH/ĐU")
    with pytest.raises(ValidationError):
        relation_add(user=owner, source=plan, kind="likes", target_symbol="10-NQ/TU")
    with pytest.raises(ValidationError):
        relation_add(user=owner, source=plan, kind="implements", target_symbol="  ")
    with pytest.raises(PermissionDenied):
        relation_add(user=outsider, source=plan, kind="amends", target_symbol="10-NQ/TU")
    assert plan.outgoing.count() == 1


def test_relation_remove(tree, owner, outsider):
    plan = register(owner, tree.commune_a, "05-KH/ĐU")
    relation = relation_add(user=owner, source=plan, kind="implements", target_symbol="09-NQ/TU")
    with pytest.raises(PermissionDenied):
        relation_remove(user=outsider, relation=relation)
    relation_remove(user=owner, relation=relation)
    assert not plan.outgoing.exists()


def test_references_from_json_carry_dates_as_text(tree, owner):
    old = register(owner, tree.commune_a, "01-KL/TW", date(2016, 4, 1))
    register(owner, tree.commune_a, "01-KL/TW", date(2021, 6, 1))
    plan = register(
        owner,
        tree.commune_a,
        "05-KH/ĐU",
        references=[
            {"kind": "implements", "target_symbol": "01-KL/TW", "target_date": "2016-04-01"}
        ],
    )
    assert plan.outgoing.get().target == old
    with pytest.raises(ValidationError):
        register(
            owner,
            tree.commune_a,
            "06-KH/ĐU",
            references=[{"kind": "implements", "target_symbol": "01-KL/TW", "target_date": "1/4"}],
        )


def test_history_is_for_approvers_of_the_holding_subtree(tree, owner, member, outsider):
    from django.http import Http404

    from tuyengiao.accounts.selectors import history_object_get

    plan = register(
        owner, tree.commune_a, "05-KH/ĐU", references=[PrefillRelation("implements", "09-NQ/TU")]
    )
    relation = plan.outgoing.get()
    assert history_object_get(user=owner, label="documents.document", pk=plan.pk) == plan
    assert (
        history_object_get(user=owner, label="documents.documentrelation", pk=relation.pk)
        == relation
    )
    for user in (member, outsider):  # a viewer of the unit; a neighbour
        with pytest.raises(Http404):
            history_object_get(user=user, label="documents.document", pk=plan.pk)


# ---------------------------------------------------------------- prefill: year and issuer

BAN_PLAN = """TỈNH ỦY THỬ
BAN TUYÊN GIÁO VÀ DÂN VẬN
*
Số 27-KH/BTGDVTU
ĐẢNG CỘNG SẢN VIỆT NAM
Thử, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
tuyên truyền thực hiện Quy định số 144-QĐ/TW, ngày 09/5/2024 của Bộ Chính trị
"""


@pytest.fixture
def ban(tree):
    kind = UnitKindFactory(code="ban-dang", name="Ban đảng", sort_order=15)
    return OrgUnitFactory(
        code="BTGDV", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", short_name="BTGDVTU",
        kind=kind, parent=tree.province,
    )  # fmt: skip


def test_prefill_fills_the_year_from_the_issue_date(db):
    """Issue 15, item 14: a Party symbol carries no year; the date does."""
    assert document_prefill(text=BAN_PLAN).year == 2026
    assert document_prefill(text=read("ket_luan_tinh_uy.txt")).year == 2023
    assert document_prefill(text="Số: 25/2024/TT-BTC\nHà Nội, ngày 05/01/2025").year == 2024


def test_prefill_finds_the_issuing_unit_in_the_tree(tree, ban, editor_a, outsider):
    """The plan of "BAN TUYÊN GIÁO VÀ DÂN VẬN" under "TỈNH ỦY THỬ" is the unit "Ban Tuyên
    giáo và Dân vận Tỉnh ủy" below the province, not "Không thuộc hệ thống"."""
    assert document_prefill(text=BAN_PLAN, user=editor_a).issuer_unit is None  # not theirs
    province_editor = UserFactory()
    RoleAssignmentFactory(user=province_editor, orgunit=tree.province, role=Role.EDITOR)
    assert document_prefill(text=BAN_PLAN, user=province_editor).issuer_unit == ban
    # "CỦA BAN THƯỜNG VỤ TỈNH ỦY" under "TỈNH ỦY THỬ": the province, which the commune reads.
    conclusion = read("ket_luan_tinh_uy.txt").replace("SÔNG MÂY", "THỬ")
    assert document_prefill(text=conclusion, user=outsider).issuer_unit == tree.province
    # Without diacritics, old tone placement: still found.
    plain = BAN_PLAN.replace("TỈNH ỦY THỬ", "TINH UY THU").replace("DÂN VẬN", "DAN VAN")
    assert document_prefill(text=plain, user=province_editor).issuer_unit == ban
    # A commune's own header.
    commune = "ĐẢNG BỘ TỈNH THỬ\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố 15-KH/ĐU\nngày 20/10/2023\n"
    assert document_prefill(text=commune, user=editor_a).issuer_unit == tree.commune_a
    assert document_prefill(text=commune, user=outsider).issuer_unit is None
