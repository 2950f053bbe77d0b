"""The pipeline: one call, the JSON shape of issue 3, spans into the normalised text."""

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tuyengiao.textkit.docnum import canonical_symbol
from tuyengiao.textkit.encodings import DecodeError, decode_bytes
from tuyengiao.textkit.pipeline import extract
from tuyengiao.textkit.relations import KINDS

TEXT = (
    "Ngày 05/9/2023, Ban Thường vụ Tỉnh ủy ban hành Kết luận số 88-KL/TU về tiếp tục thực "
    "hiện Nghị quyết số 09-NQ/TU. Đã có trên 2.000 cán bộ tham gia; 5/10 xã hoàn thành."
)


def test_json_shape_of_issue_3() -> None:
    data = json.loads(extract(TEXT).to_json())
    assert set(data) >= {"documents", "relations", "dates", "quantities", "text"}
    doc = data["documents"][0]
    assert doc == doc | {
        "symbol": "88-KL/TU",
        "system": "party",
        "type_code": "KL",
        "type_name": "Kết luận",
        "number": "88",
        "year": None,
        "issuer_code": "TU",
        "issuer": "Ban Thường vụ Tỉnh ủy",
        "date": "2023-09-05",
        "title": "về tiếp tục thực hiện Nghị quyết số 09-NQ/TU",
    }
    assert data["relations"][0] | {"span": None} == {
        "source": "88-KL/TU",
        "target": "09-NQ/TU",
        "kind": "continues",
        "span": None,
    }
    assert {"text": "05/9/2023", "value": "2023-09-05"}.items() <= data["dates"][0].items()
    first = data["quantities"][0]
    assert {k: first[k] for k in ("text", "value", "total", "approx", "unit")} == {
        "text": "trên 2.000 cán bộ",
        "value": 2000,
        "total": None,
        "approx": "over",
        "unit": "cán bộ",
    }
    assert data["quantities"][1]["total"] == 10


def test_spans_point_into_the_normalised_text() -> None:
    raw = unicodedata.normalize("NFD", TEXT).replace("Đ", "Ð")
    result = extract(raw)
    text = result.text
    assert text == unicodedata.normalize("NFC", text)
    for doc in result.documents:
        assert text[doc.mentions[0][0] : doc.mentions[0][1]] == doc.symbol
    for d in result.dates:
        assert text[d.span[0] : d.span[1]] == d.text
    for q in result.quantities:
        assert text[q.start : q.end] == q.text


def test_document_numbers_are_not_dates_or_quantities() -> None:
    result = extract("Thông tư số 25/2024/TT-BTC và Nghị quyết 202/2025/QH15 có 12 điều.")
    assert [d.text for d in result.dates] == []
    assert [q.text for q in result.quantities] == ["12 điều"]


def test_empty_text() -> None:
    data = extract("").to_dict()
    assert data == {
        "documents": [],
        "relations": [],
        "dates": [],
        "quantities": [],
        "meetings": [],
        "text": "",
    }


# ---------------------------------------------------------------- properties

FRAGMENTS = [
    "Kết luận số 88-KL/TU",
    "ngày 05/9/2023",
    " của Ban Thường vụ Tỉnh ủy ",
    "về tiếp tục thực hiện ",
    "Nghị quyết 35",
    "35 - nq/tư",
    "25/2024/TT-BTC",
    "123/UBND-VX",
    "Số: ",
    "trên 2.000 cán bộ, đảng viên",
    "5/10 xã",
    "16,22%",
    "1,5 tỷ đồng",
    "Hôm nay: 1,996\n",
    "Ảnh 1",
    "nhiệm kỳ 2020-2025",
    "\n",
    ", ",
    ". ",
    "(",
    ")",
    "“",
    "Ð",
    "\u0301",
    "thay thế ",
    "cụ thể hóa ",
    " thành ",
    "ban hành ",
]


def _check_spans(text: str) -> None:
    result = extract(text)
    norm = result.text
    data = json.loads(result.to_json())  # always serialisable
    assert data["text"] == norm
    for doc in result.documents:
        for a, b in doc.mentions:
            assert 0 <= a < b <= len(norm)
        first = norm[doc.mentions[0][0] : doc.mentions[0][1]]
        assert canonical_symbol(first) == doc.symbol or not first[0].isdigit()
    for d in result.dates:
        assert norm[d.span[0] : d.span[1]] == d.text
    for q in result.quantities:
        assert norm[q.start : q.end] == q.text
    for r in result.relations:
        assert r.kind in KINDS


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_any_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_spans_hold_on_report_like_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return
    _check_spans(decoded.text)
