"""Snippets over long texts: only the head is read, the first passage with every word wins."""

import pytest

from tuyengiao.documents.models import Document, System
from tuyengiao.documents.search import _highlighter, parse_query, search_documents
from tuyengiao.documents.snippets import SNIPPET_SCAN_CHARS

FILLER = "Các cấp ủy tổ chức học tập, quán triệt nghị quyết đến cán bộ, đảng viên. "


def snippet(query: str, *sources: str) -> str:
    return _highlighter(parse_query(query)).snippet(*sources)


def test_the_first_passage_with_every_word_is_taken():
    text = FILLER * 50 + "Chuyển đổi số ở xã. " + FILLER * 10 + "Chuyển đổi số. " + FILLER * 400
    html = snippet("chuyen doi so", "Tóm tắt.", text)
    assert "<mark>Chuyển</mark> <mark>đổi</mark> <mark>số</mark> ở xã" in html
    assert html.startswith("… ") and html.endswith(" …")


def test_a_passage_with_more_words_beats_the_summary():
    text = FILLER * 20 + "Nông thôn mới nâng cao ở Thuỷ Xuân."
    assert "<mark>Thuỷ</mark> <mark>Xuân</mark>" in snippet(
        "nong thon thuy xuan", "Nông thôn.", text
    )
    assert snippet("nong thon", "Nông thôn.", text) == "<mark>Nông</mark> <mark>thôn</mark>."


def test_words_beyond_the_head_are_not_looked_for():
    text = FILLER * (SNIPPET_SCAN_CHARS // len(FILLER) + 10) + "Chuyển đổi số."
    assert len(text) > SNIPPET_SCAN_CHARS
    html = snippet("chuyen doi so", "", text)
    assert html.startswith("Các cấp ủy") and html.endswith(" …")
    assert "<mark>" not in html


@pytest.mark.django_db
def test_the_page_reads_the_head_of_long_texts(tree, site_admin):
    head = FILLER * 100 + "Ứng dụng sổ tay đảng viên điện tử. "
    Document.objects.create(
        system=System.PARTY,
        number="12",
        symbol="12-KH/TU",
        title="về chuyển đổi số",
        summary="Kế hoạch của Tỉnh ủy.",
        full_text=head + FILLER * 2000,  # 150,000 characters
        orgunit=tree.province,
        registered_by=site_admin,
    )
    (hit,) = search_documents(user=site_admin, query="so tay dang vien").hits
    assert "<mark>sổ</mark> <mark>tay</mark> <mark>đảng</mark> <mark>viên</mark>" in (
        hit.snippet_html
    )
    assert "full_text" in hit.document.get_deferred_fields()
