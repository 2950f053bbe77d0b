"""Relations between documents, source → target as the text states them."""

import pytest

from tuyengiao.textkit.docnum import scan_documents
from tuyengiao.textkit.relations import find_relations


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r.source, r.target, r.kind) for r in find_relations(text, scan_documents(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kết luận số 88-KL/TU, ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy về tiếp tục thực "
            "hiện Nghị quyết số 09-NQ/TU",
            ("88-KL/TU", "09-NQ/TU", "continues"),
        ),
        (
            "Huyện ủy cụ thể hóa Kết luận số 224-KL/TU thành Kế hoạch số 91-KH/HU.",
            ("91-KH/HU", "224-KL/TU", "concretizes"),
        ),
        (
            "Kế hoạch số 91-KH/HU cụ thể hóa Kết luận số 224-KL/TU.",
            ("91-KH/HU", "224-KL/TU", "concretizes"),
        ),
        (
            "Kế hoạch số 12-KH/ĐU về triển khai thực hiện Nghị quyết số 35-NQ/TW",
            ("12-KH/ĐU", "35-NQ/TW", "implements"),
        ),
        (
            "Thực hiện Nghị quyết số 35-NQ/TW, Ban Thường vụ Huyện ủy ban hành Kế hoạch số "
            "91-KH/HU.",
            ("91-KH/HU", "35-NQ/TW", "implements"),
        ),
        (
            "Hướng dẫn số 99-HD/BTGTW thực hiện Quy định số 08-QĐi/TW",
            ("99-HD/BTGTW", "08-QĐi/TW", "guides"),
        ),
        (
            "Thông tư số 25/2024/TT-BTC bãi bỏ Thông tư số 13/2020/TT-BTC.",
            ("25/2024/TT-BTC", "13/2020/TT-BTC", "repeals"),
        ),
        (
            "Nghị định 13/2023/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP.",
            ("13/2023/NĐ-CP", "30/2020/NĐ-CP", "amends"),
        ),
        (
            "Quy định 85-QĐ/TW thay thế Quy định số 47-QĐ/TW.",
            ("85-QĐ/TW", "47-QĐ/TW", "replaces"),
        ),
        (
            "Thông tư 01/2021/TT-BNV được thay thế bởi Thông tư 05/2024/TT-BNV.",
            ("05/2024/TT-BNV", "01/2021/TT-BNV", "replaces"),
        ),
    ],
)
def test_relation_table(text: str, expected: tuple[str, str, str]) -> None:
    assert rels(text) == {expected}


def test_coordinated_targets_share_the_relation() -> None:
    text = "Kế hoạch số 12-KH/ĐU thực hiện Nghị quyết 35-NQ/TW và Kết luận số 01-KL/TW."
    assert rels(text) == {
        ("12-KH/ĐU", "35-NQ/TW", "implements"),
        ("12-KH/ĐU", "01-KL/TW", "implements"),
    }


def test_no_relation_across_sentences_or_without_a_cue() -> None:
    assert rels("Nghị quyết 35-NQ/TW được quán triệt. Thực hiện Kết luận 01-KL/TW tốt.") == set()
    assert rels("Nghị quyết 35-NQ/TW và Kết luận 01-KL/TW đều quan trọng.") == set()


def test_back_reference_carries_the_symbol() -> None:
    text = "Nghị quyết số 35-NQ/TW ra đời. Kế hoạch số 91-KH/HU triển khai Nghị quyết 35."
    assert rels(text) == {("91-KH/HU", "35-NQ/TW", "implements")}


def test_coordinated_sources_answer_the_same_document() -> None:
    text = (
        "Thực hiện Kết luận số 21-KL/TW, Ban Thường vụ Huyện ủy đã ban hành Kế hoạch số "
        "58-KH/HU và Chương trình số 09-CTr/HU."
    )
    assert rels(text) == {
        ("58-KH/HU", "21-KL/TW", "implements"),
        ("09-CTr/HU", "21-KL/TW", "implements"),
    }


def test_a_header_title_states_the_relation() -> None:
    text = (
        "HUYỆN ỦY TÂN PHÚ\nSố 91-KH/HU\nTân Phú, ngày 02 tháng 11 năm 2023\n\nKẾ HOẠCH\n"
        "thực hiện Kết luận số 224-KL/TU của Ban Thường vụ Tỉnh ủy\n"
    )
    assert rels(text) == {("91-KH/HU", "224-KL/TU", "implements")}
