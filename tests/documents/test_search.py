"""Search over the registry, the same tests on SQLite (FTS5) and PostgreSQL (tsvector)."""

import datetime
import re

import pytest
from django.db import connection

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System
from tuyengiao.documents.search import (
    Term,
    parse_query,
    search_documents,
    search_index_documents,
    search_key,
)
from tuyengiao.textkit.normalize import fold

pytestmark = pytest.mark.django_db


def make(unit, by, symbol, *, title="", issued_on=None, **fields):
    fields.setdefault("system", System.PARTY)
    fields.setdefault("number", symbol.split("-")[0].split("/")[0])
    return Document.objects.create(
        symbol=symbol, title=title, issued_on=issued_on, orgunit=unit, registered_by=by, **fields
    )


@pytest.fixture(autouse=True, params=["python", "sql"])
def ranking(request, monkeypatch):
    """Every test twice: tiers told apart in Python (up to MAX_TOTAL matches) and by the
    tier queries (beyond it), which must rank alike."""
    from tuyengiao.documents import search

    monkeypatch.setattr(search, "_RANK_IN_PYTHON", request.param == "python")
    return request.param


@pytest.fixture
def corpus(tree, site_admin):
    return {
        "nq35": make(
            tree.province,
            site_admin,
            "35-NQ/TW",
            type_code="NQ",
            type_name="Nghị quyết",
            issuer_code="TW",
            issuer_name="Bộ Chính trị",
            title="về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các "
            "quan điểm sai trái, thù địch trong tình hình mới",
            issued_on=datetime.date(2018, 10, 22),
        ),
        "kl88": make(
            tree.province,
            site_admin,
            "88-KL/TU",
            type_code="KL",
            type_name="Kết luận",
            issuer_code="TU",
            title="về tiếp tục thực hiện Nghị quyết số 35-NQ/TW",
            summary="Tỉnh ủy kết luận tiếp tục đẩy mạnh công tác phòng, chống diễn biến hoà bình.",
            issued_on=datetime.date(2024, 3, 5),
        ),
        "kh01": make(
            tree.commune_a,
            site_admin,
            "01-KH/ĐU",
            type_code="KH",
            type_name="Kế hoạch",
            issuer_code="ĐU",
            title="thực hiện Kết luận số 88-KL/TU về chuyển đổi số",
            full_text="Đảng ủy xã An Bình xây dựng kế hoạch chuyển đổi số năm 2024. "
            "Mục tiêu: 100% chi bộ thôn ứng dụng sổ tay đảng viên điện tử. " * 3,
            issued_on=datetime.date(2024, 5, 1),
        ),
        "kh01_secret": make(
            tree.commune_a,
            site_admin,
            "02-KH/ĐU",
            type_code="KH",
            type_name="Kế hoạch",
            title="bảo vệ bí mật nhà nước về chuyển đổi số",
            confidential=True,
            issued_on=datetime.date(2024, 6, 1),
        ),
        "kh_b": make(
            tree.commune_b,
            site_admin,
            "03-KH/ĐU",
            type_code="KH",
            type_name="Kế hoạch",
            title="chuyển đổi số ở xã Bình Minh",
            issued_on=datetime.date(2024, 7, 1),
        ),
        "tt25": make(
            tree.province,
            site_admin,
            "25/2024/TT-BTC",
            system=System.STATE,
            number="25",
            year=2024,
            type_code="TT",
            type_name="Thông tư",
            issuer_code="BTC",
            issuer_name="Bộ Tài chính",
            title="quy định quản lý kinh phí thực hiện chuyển đổi số",
            issued_on=datetime.date(2024, 4, 20),
        ),
    }


def symbols(page):
    return [hit.document.symbol for hit in page.hits]


# --- keys and queries ----------------------------------------------------------------------
def test_search_key_folds_like_textkit_and_keeps_only_words():
    text = "Nghị quyết số 35-NQ/TW: Uỷ ban hoà giải “Thuý” — ĐẢNG ủy; Ðà Nẵng_x"
    assert search_key(text) == "nghi quyet so 35 nq tw uy ban hoa giai thuy dang uy da nang x"
    assert search_key(text).split() == re.findall(r"[^\W_]+", fold(text))


def test_parse_query_words_phrases_and_symbol_prefixes():
    assert parse_query('nghị quyết "nền tảng tư tưởng" 88-KL') == [
        Term(("nghi",)),
        Term(("quyet",)),
        Term(("nen", "tang", "tu", "tuong")),
        Term(("88", "kl"), symbol=True),
    ]
    assert parse_query("  ") == []
    # FTS5 operators and quotes are only words.
    assert parse_query('NOT "a OR b') == [Term(("not",)), Term(("a", "or", "b"))]


# --- finding -------------------------------------------------------------------------------
def test_diacritic_free_query_finds_the_resolution(corpus, site_admin):
    page = search_documents(user=site_admin, query="nghi quyet 35 nen tang tu tuong")
    assert symbols(page)[0] == "35-NQ/TW"


def test_tone_placement_and_d_fold_on_both_sides(corpus, site_admin):
    # Stored "hoà" (old placement) is found by "hòa" (new) and by "hoa".
    assert symbols(search_documents(user=site_admin, query="hòa bình")) == ["88-KL/TU"]
    assert symbols(search_documents(user=site_admin, query="dien bien hoa binh")) == ["88-KL/TU"]
    assert "01-KH/ĐU" in symbols(search_documents(user=site_admin, query="dang vien dien tu"))


def test_symbol_prefixes(corpus, site_admin):
    assert symbols(search_documents(user=site_admin, query="88-KL"))[0] == "88-KL/TU"
    assert symbols(search_documents(user=site_admin, query="35-nq"))[0] == "35-NQ/TW"
    assert symbols(search_documents(user=site_admin, query="01-kh/du"))[0] == "01-KH/ĐU"
    assert symbols(search_documents(user=site_admin, query="25/2024"))[0] == "25/2024/TT-BTC"
    # A symbol is ranked above documents that only mention it.
    ranked = symbols(search_documents(user=site_admin, query="35-NQ/TW"))
    assert ranked == ["35-NQ/TW", "88-KL/TU"]
    # Prefix of the whole symbol, not of any number: 8-KL is not 88-KL.
    assert symbols(search_documents(user=site_admin, query="8-KL")) == []


def test_symbol_filter_keeps_only_that_symbol(corpus, site_admin):
    page = search_documents(user=site_admin, symbol="88-kl")
    assert symbols(page) == ["88-KL/TU"]
    # The kế hoạch mentions 88-KL/TU in its title but its own symbol differs.
    page = search_documents(user=site_admin, query="chuyen doi so", symbol="01-KH")
    assert symbols(page) == ["01-KH/ĐU"]


def test_phrase_needs_words_in_order(corpus, site_admin):
    assert symbols(search_documents(user=site_admin, query='"chuyen doi so"')) != []
    assert symbols(search_documents(user=site_admin, query='"so doi chuyen"')) == []


def test_all_words_must_match(corpus, site_admin):
    assert symbols(search_documents(user=site_admin, query="chuyen doi so kinh phi")) == [
        "25/2024/TT-BTC"
    ]
    assert search_documents(user=site_admin, query="chuyen doi so khongcotu").total == 0


def test_full_text_is_searched_and_ranked_below_title(corpus, site_admin):
    page = search_documents(user=site_admin, query="chi bo thon")
    assert symbols(page) == ["01-KH/ĐU"]


# --- scope ---------------------------------------------------------------------------------
def test_outsider_never_finds_commune_a(corpus, outsider):
    found = symbols(search_documents(user=outsider, query="chuyen doi so", limit=50))
    assert "01-KH/ĐU" not in found and "02-KH/ĐU" not in found
    assert set(found) == {"03-KH/ĐU", "25/2024/TT-BTC"}
    assert symbols(search_documents(user=outsider, query="01-KH")) == []


def test_confidential_only_for_approvers_of_the_holding_subtree(corpus, member, tree):
    assert "02-KH/ĐU" not in symbols(search_documents(user=member, query="bi mat"))
    approver = UserFactory()
    RoleAssignmentFactory(user=approver, orgunit=tree.commune_a, role=Role.APPROVER)
    assert symbols(search_documents(user=approver, query="bi mat")) == ["02-KH/ĐU"]


def test_anonymous_finds_nothing(corpus):
    from django.contrib.auth.models import AnonymousUser

    page = search_documents(user=AnonymousUser(), query="chuyen doi so")
    assert page.total == 0 and page.hits == []


# --- filters, order, paging ----------------------------------------------------------------
def test_empty_query_with_filters_is_newest_first(corpus, site_admin):
    page = search_documents(user=site_admin, type_code="kh")
    assert symbols(page) == ["03-KH/ĐU", "02-KH/ĐU", "01-KH/ĐU"]
    assert page.total == 3
    assert all(hit.score == 0.0 for hit in page.hits)


def test_filters_by_issuer_year_and_type(corpus, site_admin, tree):
    assert symbols(search_documents(user=site_admin, issuer_code="btc")) == ["25/2024/TT-BTC"]
    # Party documents take the year of their issue date.
    assert set(symbols(search_documents(user=site_admin, year=2018))) == {"35-NQ/TW"}
    assert "88-KL/TU" in symbols(search_documents(user=site_admin, year=2024))
    query = search_documents(user=site_admin, query="chuyen doi so", type_code="TT")
    assert symbols(query) == ["25/2024/TT-BTC"]
    corpus["kl88"].issuer_unit = tree.province
    corpus["kl88"].issuer_code = ""
    corpus["kl88"].save()
    assert symbols(search_documents(user=site_admin, issuer_code="TU")) == ["88-KL/TU"]


def test_filter_by_relation_kind_either_end(corpus, site_admin):
    DocumentRelation.objects.create(
        source=corpus["kl88"],
        kind=RelationKind.CONTINUES,
        target=corpus["nq35"],
        target_symbol="35-NQ/TW",
    )
    page = search_documents(user=site_admin, relation_kind=RelationKind.CONTINUES)
    assert symbols(page) == ["88-KL/TU", "35-NQ/TW"]
    assert search_documents(user=site_admin, relation_kind=RelationKind.REPEALS).total == 0


def test_paging_keeps_total(corpus, site_admin):
    first = search_documents(user=site_admin, query="chuyen doi so", limit=2)
    second = search_documents(user=site_admin, query="chuyen doi so", limit=2, offset=2)
    assert first.total == second.total == 4
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert not set(symbols(first)) & set(symbols(second))
    assert first.hits[0].score >= first.hits[1].score > 0


# --- highlighting --------------------------------------------------------------------------
def test_title_and_snippet_marked_and_escaped(tree, site_admin):
    make(
        tree.province,
        site_admin,
        "07-HD/BTG",
        title="hướng dẫn <script> tuyên truyền Hoà bình",
        full_text="Mở đầu. " * 80 + "Tuyên truyền kỷ niệm ngày hòa bình & độc lập. " + "Kết. " * 80,
    )
    page = search_documents(user=site_admin, query="tuyen truyen hoa binh")
    hit = page.hits[0]
    assert hit.title_html == (
        "hướng dẫn &lt;script&gt; <mark>tuyên</mark> <mark>truyền</mark> "
        "<mark>Hoà</mark> <mark>bình</mark>"
    )
    assert "<mark>Tuyên</mark> <mark>truyền</mark> kỷ niệm ngày <mark>hòa</mark> " in (
        hit.snippet_html
    )
    assert "&amp; độc lập" in hit.snippet_html
    assert hit.snippet_html.startswith("… ") and hit.snippet_html.endswith(" …")
    assert len(hit.snippet_html) < 400


def test_symbol_marked_in_snippet_and_plain_snippet_without_query(corpus, site_admin):
    hit = search_documents(user=site_admin, query="88-KL")
    kh = next(h for h in hit.hits if h.document.symbol == "01-KH/ĐU")
    assert "<mark>88</mark>-<mark>KL</mark>/TU" in kh.title_html
    page = search_documents(user=site_admin, type_code="KL")
    assert page.hits[0].snippet_html.startswith("Tỉnh ủy kết luận")
    assert "<mark>" not in page.hits[0].snippet_html


# --- keeping the index current -------------------------------------------------------------
def test_index_follows_save_and_delete(corpus, site_admin):
    kh = corpus["kh01"]
    kh.title = "về sắp xếp tổ chức bộ máy"
    kh.full_text = ""
    kh.save()
    assert "01-KH/ĐU" not in symbols(search_documents(user=site_admin, query="chuyen doi so"))
    assert symbols(search_documents(user=site_admin, query="sap xep bo may")) == ["01-KH/ĐU"]
    kh.delete()
    assert search_documents(user=site_admin, query="sap xep bo may").total == 0
    table_column = "rowid" if connection.vendor == "sqlite" else "document_id"
    with connection.cursor() as cursor:
        sql = f"SELECT count(*) FROM documents_search WHERE {table_column} = %s"  # noqa: S608
        cursor.execute(sql, [kh.pk])
        assert cursor.fetchone()[0] == 0


def test_bulk_created_documents_are_found_after_batch_indexing(tree, site_admin):
    documents = Document.objects.bulk_create(
        Document(
            system=System.PARTY,
            number=str(n),
            symbol=f"{n}-CV/BTG",
            title=f"về công văn số {n} tuyên truyền",
            orgunit=tree.province,
            registered_by=site_admin,
        )
        for n in range(1, 6)
    )
    assert search_documents(user=site_admin, query="cong van").total == 0
    assert search_index_documents(documents) == 5
    assert search_documents(user=site_admin, query="cong van").total == 5
    # Indexing again replaces, never duplicates.
    search_index_documents(documents)
    assert search_documents(user=site_admin, query="cong van").total == 5


# --- ranking -------------------------------------------------------------------------------
def test_tiers_symbol_then_heading_then_text_newest_first_within(tree, site_admin):
    body_old = make(tree.province, site_admin, "01-CV/TU", title="về hội nghị",
                    full_text="Triển khai chuyển đổi số.")  # fmt: skip
    heading_old = make(tree.province, site_admin, "02-KH/TU", title="về chuyển đổi số")
    body_new = make(tree.province, site_admin, "03-CV/TU", title="về tập huấn",
                    summary="Nội dung chuyển đổi số.")  # fmt: skip
    heading_new = make(tree.province, site_admin, "04-KH/TU", title="chuyển đổi số năm 2025")
    page = search_documents(user=site_admin, query="chuyen doi so")
    assert [hit.document for hit in page.hits] == [heading_new, heading_old, body_new, body_old]
    assert page.hits[0].score == page.hits[1].score > page.hits[2].score == page.hits[3].score
    # A symbol typed: the document that bears it, then those that mention it.
    mention = make(tree.province, site_admin, "05-CV/TU", title="thực hiện Kế hoạch 02-KH/TU")
    page = search_documents(user=site_admin, query="02-KH")
    assert [hit.document for hit in page.hits] == [heading_old, mention]


def test_symbol_with_words_in_the_heading_comes_first(tree, site_admin):
    in_body = make(tree.province, site_admin, "12-KH/TU", title="về hội nghị",
                   full_text="Tuyên truyền chuyển đổi số.")  # fmt: skip
    in_heading = make(tree.province, site_admin, "12-KH/HU", title="về chuyển đổi số",
                      issued_on=datetime.date(2019, 1, 1))  # fmt: skip
    mention = make(tree.province, site_admin, "30-CV/TU", title="về chuyển đổi số",
                   full_text="Thực hiện Kế hoạch 12-KH/TU.")  # fmt: skip
    page = search_documents(user=site_admin, query="12-KH chuyen doi so")
    assert [hit.document for hit in page.hits] == [in_heading, in_body, mention]
    assert page.hits[0].score > page.hits[1].score > page.hits[2].score


def test_a_number_typed_puts_the_document_it_numbers_before_those_citing_it(tree, site_admin):
    resolution = make(tree.province, site_admin, "35-NQ/TW", type_name="Nghị quyết",
                      title="về bảo vệ nền tảng tư tưởng")  # fmt: skip
    plan = make(tree.province, site_admin, "45-KH/TU",
                title="thực hiện Nghị quyết số 35-NQ/TW về bảo vệ nền tảng tư tưởng")  # fmt: skip
    page = search_documents(user=site_admin, query="nghi quyet 35 nen tang tu tuong")
    assert [hit.document for hit in page.hits] == [resolution, plan]
    assert page.hits[0].score > page.hits[1].score


def test_symbol_filter_anchors_at_the_start_of_the_symbol(corpus, site_admin):
    assert symbols(search_documents(user=site_admin, symbol="KL/TU")) == []
    assert symbols(search_documents(user=site_admin, symbol="88-KL/TU")) == ["88-KL/TU"]
    assert symbols(search_documents(user=site_admin, symbol="25/2024/tt")) == ["25/2024/TT-BTC"]


def test_paging_walks_across_tiers(tree, site_admin):
    made = [make(tree.province, site_admin, f"{n:02d}-KH/TU", title="về tuyên truyền")
            for n in range(1, 4)]  # fmt: skip
    made += [make(tree.province, site_admin, f"{n:02d}-CV/TU", summary="tuyên truyền")
             for n in range(1, 4)]  # fmt: skip
    expected = made[2::-1] + made[:2:-1]
    found = []
    for offset in range(0, 6, 2):
        page = search_documents(user=site_admin, query="tuyen truyen", limit=2, offset=offset)
        assert page.total == 6 and not page.capped
        found += [hit.document for hit in page.hits]
    assert found == expected
    assert search_documents(user=site_admin, query="tuyen truyen", offset=6).hits == []


def test_total_is_capped(tree, site_admin, monkeypatch):
    from tuyengiao.documents import search

    monkeypatch.setattr(search, "MAX_TOTAL", 3)
    for n in range(1, 5):
        make(tree.province, site_admin, f"{n:02d}-TB/TU", title="thông báo")
    page = search_documents(user=site_admin, query="thong bao")
    assert (page.total, page.capped, len(page.hits)) == (3, True, 4)
    page = search_documents(user=site_admin, type_code="", symbol="01-TB")
    assert (page.total, page.capped) == (1, False)


def test_a_very_long_text_is_indexed_up_to_the_limit(tree, site_admin):
    # Unique words are the worst case for a PostgreSQL tsvector (1 MB at most).
    words = " ".join(f"tu{n:07d}" for n in range(120_000))
    document = make(tree.province, site_admin, "09-BC/TU", full_text=f"đầu văn bản {words} cuối")
    assert symbols(search_documents(user=site_admin, query="dau van ban")) == [document.symbol]
    assert search_documents(user=site_admin, query="cuoi").total == 0


def test_symbol_filter_holds_in_every_tier(corpus, site_admin):
    # The kế hoạch's title mentions 88-KL/TU: a heading match, but its symbol is 01-KH/ĐU.
    page = search_documents(user=site_admin, query="88-KL", symbol="88-KL")
    assert symbols(page) == ["88-KL/TU"]
    page = search_documents(user=site_admin, query="ket luan 88-KL/TU", symbol="01-KH")
    assert symbols(page) == ["01-KH/ĐU"]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "a*", "(nghi", "title:nghi", "^nghi", "NEAR(a b)", "a AND", "OR", "!", "'",
     "'); DROP TABLE documents_search; --", "-", "/", "88-", "-KL", "a:*", "x & y | !z", "đ", "_"],
)  # fmt: skip
def test_odd_queries_never_break_the_expression(corpus, site_admin, query):
    page = search_documents(user=site_admin, query=query, symbol=query)
    assert page.total >= 0
    assert search_documents(user=site_admin, query="nghi quyet").total >= 1
