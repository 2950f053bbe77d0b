"""The pipeline: one call, the JSON shape of issue 3, spans into the normalised text."""

import json
import unicodedata

from tuyengiao.textkit.pipeline import extract

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
    assert data == {"documents": [], "relations": [], "dates": [], "quantities": [], "text": ""}
