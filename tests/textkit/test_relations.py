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


# --- issue 20: the grammar of real administrative text ----------------------------------


def _header(number: str, kind: str, title: str) -> str:
    return (
        f"ỦY BAN NHÂN DÂN\nTỈNH SÔNG MÂY\n-------\nSố: {number}\n"
        f"Sông Mây, ngày 02 tháng 11 năm 2023\n\n{kind}\n{title}\n\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # passive, topic first: the agent after "bằng" is the source
            "Kết luận số 224-KL/TU được cụ thể hóa bằng Kế hoạch số 91-KH/HU.",
            {("91-KH/HU", "224-KL/TU", "concretizes")},
        ),
        (
            "Nghị định số 30/2020/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định số 13/2023/NĐ-CP.",
            {("13/2023/NĐ-CP", "30/2020/NĐ-CP", "amends")},
        ),
        (  # the passive's subject is the document its clause opens with
            "Kể từ ngày 08/7/2013, Quyết định số 59/1999/QĐ-UB về quản lý rừng theo Quyết "
            "định số 245/1998/QĐ-TTg bị thay thế bởi Quyết định số 1177/QĐ-UBND.",
            {("1177/QĐ-UBND", "59/1999/QĐ-UB", "replaces")},
        ),
        (  # an agent between "được" and the cue; "thông qua"
            "Kết luận số 224-KL/TU đã được Ban Thường vụ Huyện ủy cụ thể hóa bằng Kế hoạch "
            "số 91-KH/HU.",
            {("91-KH/HU", "224-KL/TU", "concretizes")},
        ),
        (
            "Chỉ thị số 05-CT/TW được triển khai thực hiện thông qua Kế hoạch số 10-KH/TU.",
            {("10-KH/TU", "05-CT/TW", "implements")},
        ),
        (
            "Quyết định số 15/2010/QĐ-UBND bị bãi bỏ theo Quyết định số 20/2024/QĐ-UBND.",
            {("20/2024/QĐ-UBND", "15/2010/QĐ-UBND", "repeals")},
        ),
        (  # coordinated verbs of a passive: the one next to the preposition
            "Thông tư liên tịch số 02/2011/TTLT-VPCP-BNV ngày 28/01/2011 hướng dẫn về chức năng "
            "của Văn phòng (Văn bản hết hiệu lực) bị bãi bỏ, thay thế bởi Thông tư liên tịch số "
            "01/2015/TTLT-VPCP-BNV ngày 23/10/2015.",
            {("01/2015/TTLT-VPCP-BNV", "02/2011/TTLT-VPCP-BNV", "replaces")},
        ),
        (  # topicalised purpose clause: the main clause's subject acts
            "Để triển khai Nghị quyết số 35-NQ/TW, Kế hoạch số 12-KH/TU đề ra 5 nhiệm vụ.",
            {("12-KH/TU", "35-NQ/TW", "implements")},
        ),
        (  # two cues in one sentence, each with its own source
            "Thực hiện Kết luận số 224-KL/TU của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện "
            "Chỉ thị số 05-CT/TW, Ban Thường vụ Huyện ủy ban hành Kế hoạch số 91-KH/HU.",
            {("224-KL/TU", "05-CT/TW", "continues"), ("91-KH/HU", "224-KL/TU", "implements")},
        ),
        (  # a cue after a coordinator is the sentence's, not the previous document's
            "Thực hiện Nghị quyết số 11/NQ-CP của Chính phủ và triển khai Nghị quyết số "
            "43/2022/QH15 của Quốc hội, Ủy ban nhân dân tỉnh ban hành Chương trình số "
            "28/CTr-UBND.",
            {
                ("28/CTr-UBND", "11/NQ-CP", "implements"),
                ("28/CTr-UBND", "43/2022/QH15", "implements"),
            },
        ),
        (  # the passive's preposition before the agent's type words
            "Nghị quyết số 57-NQ/TW đã được Ban Thường vụ Tỉnh ủy cụ thể hóa thành Chương "
            "trình hành động số 35-CTr/TU.",
            {("35-CTr/TU", "57-NQ/TW", "concretizes")},
        ),
        (  # two verbs of one subject
            "Nghị định số 13/2023/NĐ-CP thay thế Nghị định số 52/2013/NĐ-CP và bãi bỏ Nghị "
            "định số 99/2015/NĐ-CP.",
            {
                ("13/2023/NĐ-CP", "52/2013/NĐ-CP", "replaces"),
                ("13/2023/NĐ-CP", "99/2015/NĐ-CP", "repeals"),
            },
        ),
        (  # a verb after an issued document is that document's
            "Ngày 05/3/2024, UBND tỉnh ban hành Quyết định số 10/2024/QĐ-UBND về phí, thay thế "
            "Quyết định số 05/2020/QĐ-UBND.",
            {("10/2024/QĐ-UBND", "05/2020/QĐ-UBND", "replaces")},
        ),
        (  # synonyms
            "Quy định số 105-QĐ/TW thay cho Quy định số 80-QĐ/TW.",
            {("105-QĐ/TW", "80-QĐ/TW", "replaces")},
        ),
        (
            "Huyện ủy cụ thể hóa Kết luận số 224-KL/TU thành Chương trình hành động số 09-CTr/HU.",
            {("09-CTr/HU", "224-KL/TU", "concretizes")},
        ),
        (  # one cue, one relation
            "Hướng dẫn số 99-HD/BTGTW hướng dẫn thực hiện Quy định số 08-QĐi/TW.",
            {("99-HD/BTGTW", "08-QĐi/TW", "guides")},
        ),
        (  # a line wrapped mid-sentence does not end the clause
            "Căn cứ Nghị định số\n59/2014/NĐ-CP ngày 16 tháng 6 năm 2014 của Chính phủ về sửa "
            "đổi, bổ sung một số\nđiều của Nghị định số 69/2008/NĐ-CP ngày 30 tháng 5 năm 2008;",
            {("59/2014/NĐ-CP", "69/2008/NĐ-CP", "amends")},
        ),
    ],
)
def test_running_text_grammar(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert rels(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # documents cited together or for different reasons
        "Các cấp ủy quán triệt Nghị quyết số 35-NQ/TW, đồng thời thực hiện Kết luận số 01-KL/TW.",
        # the cue belongs to a new noun phrase without a number
        "Thực hiện tốt Nghị quyết số 24-NQ/TW và Chương trình hành động của Chính phủ thực "
        "hiện Nghị quyết số 36-NQ/TW.",
        # a report about implementing X does not implement X
        "Báo cáo số 15-BC/HU về kết quả 5 năm thực hiện Nghị quyết số 35-NQ/TW.",
        "Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW.",
        # "theo" and "thay mặt" state nothing
        "Nhiệm vụ tại Quyết định số 15/2010/QĐ-UBND được thực hiện theo Kế hoạch số 12/KH-UBND.",
        "Kế hoạch số 12-KH/TU thực hiện nhiệm vụ theo Nghị quyết số 35-NQ/TW.",
        "Đồng chí Bí thư thay mặt Ban Thường vụ ký Quyết định số 150-QĐ/TU và Quyết định "
        "số 151-QĐ/TU.",
        # the plan presents itself, but has no number of its own
        "Thực hiện Kết luận số 01-KL/TW của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế "
        "hoạch này.",
    ],
)
def test_no_relation_stated(text: str) -> None:
    assert rels(text) == set()


def test_the_preamble_speaks_for_the_document_under_its_header() -> None:
    text = _header("12-KH/TU", "KẾ HOẠCH", "tuyên truyền năm 2024") + (
        "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực "
        "hiện Chỉ thị số 05-CT/TW; Hướng dẫn số 54-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, Ban "
        "Thường vụ Tỉnh ủy ban hành Kế hoạch này."
    )
    assert rels(text) == {
        ("12-KH/TU", "01-KL/TW", "implements"),
        ("12-KH/TU", "54-HD/BTGTU", "implements"),
        ("01-KL/TW", "05-CT/TW", "continues"),
    }


def test_a_guidance_guides_what_its_preamble_implements() -> None:
    text = _header("16-HD/BTCTW", "HƯỚNG DẪN", "kiểm điểm, đánh giá, xếp loại chất lượng") + (
        "Thực hiện Quy định số 132-QĐ/TW, ngày 08/3/2018 của Bộ Chính trị, Ban Tổ chức Trung "
        "ương hướng dẫn việc kiểm điểm như sau:"
    )
    assert rels(text) == {("16-HD/BTCTW", "132-QĐ/TW", "guides")}


def test_title_and_v_v_lines_state_the_documents_relations() -> None:
    title = "VỀ VIỆC BÃI BỎ QUYẾT ĐỊNH SỐ 68/2010/QĐ-UBND NGÀY 18/6/2010"
    text = _header("641/QĐ-UBND", "QUYẾT ĐỊNH", title) + "Căn cứ Luật Tổ chức chính quyền."
    assert rels(text) == {("641/QĐ-UBND", "68/2010/QĐ-UBND", "repeals")}
    v_v = "V/v triển khai thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh"
    text = _header("123/UBND-VX", "", v_v) + "Kính gửi: Các sở, ban, ngành."
    assert rels(text) == {("123/UBND-VX", "45/KH-UBND", "implements")}
    by = "V/v ban hành quy định theo Quyết định số 245/1998/QĐ-TTg"
    assert rels(_header("59/1999/QĐ-UB", "QUYẾT ĐỊNH", by) + "Căn cứ Luật.") == set()


def test_the_documents_own_clauses() -> None:
    head = _header("20/2024/QĐ-UBND", "QUYẾT ĐỊNH", "Ban hành Quy chế làm việc")
    text = head + (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n"
        "Căn cứ Nghị định số 13/2023/NĐ-CP sửa đổi, bổ sung Nghị định số 30/2020/NĐ-CP;\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Bãi bỏ các quyết định sau:\n"
        "1. Quyết định số 15/2010/QĐ-UBND ngày 02/3/2010 của UBND tỉnh;\n"
        "2. Quyết định số 30/2012/QĐ-UBND ngày 05/6/2012 của UBND tỉnh.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký, thay thế Quyết định số "
        "1090/QĐ-UBND ngày 01/6/2015 của UBND tỉnh.\n"
    )
    assert rels(text) == {
        ("13/2023/NĐ-CP", "30/2020/NĐ-CP", "amends"),  # a Căn cứ line may state one
        ("20/2024/QĐ-UBND", "15/2010/QĐ-UBND", "repeals"),
        ("20/2024/QĐ-UBND", "30/2012/QĐ-UBND", "repeals"),
        ("20/2024/QĐ-UBND", "1090/QĐ-UBND", "replaces"),
    }


def test_this_directive_replaces() -> None:
    text = _header("05/CT-UBND", "CHỈ THỊ", "Về tăng cường công tác phòng cháy") + (
        "Trong những năm qua, công tác phòng cháy được quan tâm.\n"
        "Chỉ thị này thay thế Chỉ thị số 12/CT-UBND ngày 10/5/2019 của Chủ tịch UBND tỉnh."
    )
    assert rels(text) == {("05/CT-UBND", "12/CT-UBND", "replaces")}


def test_a_clause_of_the_body_that_opens_with_its_verb_is_the_documents() -> None:
    text = _header("07/2025/QĐ-UBND", "QUYẾT ĐỊNH", "Ban hành Quy định về phí") + (
        "Căn cứ Luật Phí và lệ phí;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này "
        "Quy định về phí.\nĐiều 2. Hiệu lực thi hành\n1. Quyết định này có hiệu lực từ ngày "
        "01/7/2025.\n2. Bãi bỏ Quyết định số 21/2017/QĐ-UBND ngày 05/6/2017 của UBND tỉnh.\n"
    )
    assert rels(text) == {("07/2025/QĐ-UBND", "21/2017/QĐ-UBND", "repeals")}
    inline = text.replace("01/7/2025.\n2. Bãi bỏ", "01/7/2025; bãi bỏ")
    assert rels(inline) == {("07/2025/QĐ-UBND", "21/2017/QĐ-UBND", "repeals")}
    # the same words in a news report belong to no document of its own
    news = "Theo quyết định mới của UBND tỉnh:\n2. Bãi bỏ Quyết định số 21/2017/QĐ-UBND."
    assert rels(news) == set()


def test_an_unnumbered_programme_named_by_its_parenthesis() -> None:
    text = (
        "Thực hiện Nghị quyết số 24-NQ/TW và Chương trình hành động của Chính phủ thực hiện "
        "Nghị quyết số 24-NQ/TW (ban hành kèm theo Nghị quyết số 08/NQ-CP ngày 23/01/2014), "
        "Bộ đã ban hành nhiều văn bản."
    )
    assert rels(text) == {("08/NQ-CP", "24-NQ/TW", "implements")}


def test_a_coordinated_document_with_its_own_object_shares_nothing() -> None:
    text = (
        "Ban Thường vụ ban hành Kế hoạch số 05-KH/TU thực hiện Nghị quyết số 35-NQ/TW và "
        "Chương trình số 06-CTr/TU thực hiện Kết luận số 01-KL/TW."
    )
    assert rels(text) == {
        ("05-KH/TU", "35-NQ/TW", "implements"),
        ("06-CTr/TU", "01-KL/TW", "implements"),
    }


# --- issue 20: issue dates a registry gives in a field or a column -------------------------


def _dates(text: str) -> dict[str, str | None]:
    from tuyengiao.textkit.pipeline import extract

    return {d.symbol: d.date.isoformat() if d.date else None for d in extract(text).documents}


def test_a_registry_field_dates_its_record() -> None:
    text = (
        "thuộc tính Quyết định 254/2006/QĐ-TTg\n"
        "Số hiệu: | 254/2006/QĐ-TTg | Ngày đăng công báo: | Đã biết |\n"
        "Loại văn bản: | Quyết định | Người ký: | Nguyễn Tấn Dũng |\n"
        "Ngày ban hành: Ngày ban hành là ngày văn bản được ký ban hành. | 07/11/2006 | Ng"
    )
    assert _dates(text) == {"254/2006/QĐ-TTg": "2006-11-07"}


def test_a_table_column_dates_each_row() -> None:
    text = (
        "STT | Số ký hiệu | Ngày ban hành | Trích yếu\n"
        "1 | 12/KH-UBND | 05/3/2024 | Kế hoạch tuyên truyền năm 2024\n"
        "2 | 45/QĐ-UBND | 10/4/2024 | Quyết định thành lập Ban Chỉ đạo\n"
    )
    assert _dates(text) == {"12/KH-UBND": "2024-03-05", "45/QĐ-UBND": "2024-04-10"}


def test_a_date_the_text_gives_beside_the_number_is_kept() -> None:
    text = (
        "Kế hoạch số 12/KH-UBND ngày 01/3/2024 của UBND tỉnh.\n"
        "Số hiệu: 12/KH-UBND\nNgày ban hành: 05/3/2024"
    )
    assert _dates(text) == {"12/KH-UBND": "2024-03-01"}


def test_a_consolidated_text_lists_what_amended_it() -> None:
    text = (
        "Thông tư số 107/2012/TT-BTC ngày 28 tháng 6 năm 2012 của Bộ Tài chính hướng dẫn chế "
        "độ thu phí, có hiệu lực kể từ ngày 15/8/2012, được sửa đổi, bổ sung bởi:\n"
        "1. Thông tư số 11/2013/TT-BTC ngày 21 tháng 01 năm 2013 của Bộ Tài chính sửa đổi, "
        "bổ sung Thông tư số 04/2012/TT-BTC và Thông tư số 107/2012/TT-BTC;\n"
        "2. Thông tư số 204/2013/TT-BTC ngày 24 tháng 12 năm 2013 của Bộ Tài chính.\n\n"
        "Căn cứ Nghị định số 57/2002/NĐ-CP ngày 03/6/2002 của Chính phủ;"
    )
    assert rels(text) == {
        ("11/2013/TT-BTC", "107/2012/TT-BTC", "amends"),
        ("11/2013/TT-BTC", "04/2012/TT-BTC", "amends"),
        ("204/2013/TT-BTC", "107/2012/TT-BTC", "amends"),
    }


def test_a_preamble_cut_by_a_full_stop_goes_on_in_the_next_sentence() -> None:
    text = _header("258/KH-UBND", "KẾ HOẠCH", "Triển khai Đề án trồng cây xanh") + (
        "Thực hiện Quyết định số 524/QĐ-TTg ngày 01/4/2021 của Thủ tướng Chính phủ; Kế hoạch "
        "số 2616/KH-BNN ngày 07/5/2021 của Bộ Nông nghiệp và PTNT. UBND tỉnh ban hành Kế "
        "hoạch triển khai thực hiện trên địa bàn tỉnh, cụ thể như sau:\nI. MỤC ĐÍCH"
    )
    assert rels(text) == {
        ("258/KH-UBND", "524/QĐ-TTg", "implements"),
        ("258/KH-UBND", "2616/KH-BNN", "implements"),
    }
    # a next sentence that presents nothing leaves the preamble without an acting document
    text = text.replace("ban hành Kế hoạch triển khai thực hiện", "đã họp bàn việc triển khai")
    assert rels(text) == set()


def test_a_clause_ending_with_a_colon_acts_on_the_list_under_it() -> None:
    text = _header("05/2024/QĐ-UBND", "QUYẾT ĐỊNH", "Ban hành Quy chế") + (
        "Điều 3. Quyết định này thay thế các quyết định sau:\n"
        "1. Quyết định số 12/2015/QĐ-UBND ngày 02/3/2015 của UBND tỉnh;\n"
        "2. Quyết định số 30/2018/QĐ-UBND ngày 05/6/2018 của UBND tỉnh.\n\n"
        "Điều 4. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này."
    )
    assert rels(text) == {
        ("05/2024/QĐ-UBND", "12/2015/QĐ-UBND", "replaces"),
        ("05/2024/QĐ-UBND", "30/2018/QĐ-UBND", "replaces"),
    }


def test_a_history_tables_rows() -> None:
    text = (
        "Lịch sử hiệu lực: Quyết định 90/2007/QĐ-UBND\n"
        "Ngày Trạng thái Văn bản nguồn Phần hết hiệu lực\n"
        "24/09/2007 Văn bản được ban hành 90/2007/QĐ-UBND\n"
        "04/10/2007 Văn bản có hiệu lực 90/2007/QĐ-UBND\n"
        "25/10/2008 Được bổ sung 58/2008/QĐ-UBND Xem tại đây\n"
        "23/07/2011 Văn bản hết hiệu lực 90/2007/QĐ-UBND\n"
        "23/07/2011 Bị thay thế 18/2011/QĐ-UBND\n"
    )
    assert rels(text) == {
        ("58/2008/QĐ-UBND", "90/2007/QĐ-UBND", "amends"),
        ("18/2011/QĐ-UBND", "90/2007/QĐ-UBND", "replaces"),
    }
    assert _dates(text)["90/2007/QĐ-UBND"] == "2007-09-24"


# --- enumerations: a document acting on a set it does not number, and the set's list ---------


def test_an_act_on_an_unnumbered_set_reaches_each_document_its_list_opens_with() -> None:
    # the list after "gồm:", items as paragraphs; a document inside an item's title is no member
    text = (
        "Cụ thể, Nghị định số 285/2025/NĐ-CP bãi bỏ toàn bộ 8 nghị định gồm: Nghị định số "
        "35/2005/NĐ-CP ngày 17/3/2005 của Chính phủ về việc xử lý kỷ luật cán bộ, công chức.\n\n"
        "Nghị định số 119/2010/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số "
        "105/2006/NĐ-CP.\n\nBộ Tư pháp cho biết Nghị định số 78/2025/NĐ-CP vẫn áp dụng."
    )
    assert rels(text) == {
        ("285/2025/NĐ-CP", "35/2005/NĐ-CP", "repeals"),
        ("285/2025/NĐ-CP", "119/2010/NĐ-CP", "repeals"),
        ("119/2010/NĐ-CP", "105/2006/NĐ-CP", "amends"),
    }
    # numbered items separated by blank lines, the acting document the object of "ban hành"
    text = (
        "Ngày 1/12, Thủ tướng Chính phủ ban hành Quyết định số 44/2025/QĐ-TTg bãi bỏ toàn bộ 39 "
        "văn bản quy phạm pháp luật của Thủ tướng Chính phủ gồm:\n\n"
        "1. Quyết định số 104/2000/QĐ-TTg ngày 25/8/2000 của Thủ tướng Chính phủ.\n\n"
        "2. Quyết định số 63/2002/QĐ-TTg ngày 20/5/2002 của Thủ tướng Chính phủ.\n"
    )
    assert rels(text) == {
        ("44/2025/QĐ-TTg", "104/2000/QĐ-TTg", "repeals"),
        ("44/2025/QĐ-TTg", "63/2002/QĐ-TTg", "repeals"),
    }


def test_a_set_announced_then_listed_by_its_passive() -> None:
    text = (
        "Bộ Nội vụ vừa ban hành Thông tư số 02/2026/TT-BNV về việc bãi bỏ một số văn bản quy "
        "phạm pháp luật do Bộ trưởng ban hành.\n\nCác văn bản bị bãi bỏ gồm Quyết định số "
        "202/TCCP-VC ngày 8.6.1994 về tiêu chuẩn; Thông tư số 09/2007/TT-BNV ngày 26.11.2007 "
        "hướng dẫn về kho lưu trữ.\n\nCùng với đó là Thông tư số 09/2012/TT-BNV ngày 10.12.2012 "
        "quy định quy trình thanh tra."
    )
    assert rels(text) == {
        ("02/2026/TT-BNV", "202/TCCP-VC", "repeals"),
        ("02/2026/TT-BNV", "09/2007/TT-BNV", "repeals"),
        ("02/2026/TT-BNV", "09/2012/TT-BNV", "repeals"),
    }
    # the passive of another act lists another set: nothing the announcement said
    other = text.replace("bị bãi bỏ gồm", "được sửa đổi gồm")
    assert rels(other) == set()


def test_a_set_without_its_list_or_a_list_that_is_no_set_states_nothing() -> None:
    # announced, never listed
    assert (
        rels(
            "Chính phủ ban hành Nghị định số 285/2025/NĐ-CP ngày 3/11/2025 bãi bỏ một số nghị "
            "định của Chính phủ. Nghị định số 78/2025/NĐ-CP quy định chi tiết Luật."
        )
        == set()
    )
    # a list of tasks, not of documents; a count that ends the list
    assert (
        rels(
            "Quyết định số 44/2025/QĐ-TTg sửa đổi các nhiệm vụ sau: tuyên truyền Chỉ thị số "
            "05-CT/TW; kiểm tra."
        )
        == set()
    )
    text = (
        "Nghị định số 285/2025/NĐ-CP bãi bỏ 1 nghị định gồm: Nghị định số 35/2005/NĐ-CP.\n"
        "Nghị định số 78/2025/NĐ-CP quy định chi tiết Luật."
    )
    assert rels(text) == {("285/2025/NĐ-CP", "35/2005/NĐ-CP", "repeals")}


def test_an_unnumbered_document_is_named_by_the_one_it_was_issued_with() -> None:
    title = _header("12/2021/QĐ-UBND", "QUYẾT ĐỊNH", "Sửa đổi, bổ sung một số điều của Quy định")
    text = title.replace(
        "Quy định\n", "Quy định ban hành kèm theo Quyết định số 25/2015/QĐ-UBND của UBND tỉnh\n"
    )
    assert ("12/2021/QĐ-UBND", "25/2015/QĐ-UBND", "amends") in rels(text)
    assert rels(
        "Thực hiện Quy chế ban hành kèm theo Quyết định số 25/2015/QĐ-UBND, UBND huyện ban hành "
        "Kế hoạch số 12/KH-UBND."
    ) == {("12/KH-UBND", "25/2015/QĐ-UBND", "implements")}
    # a basis, or an attachment no cue acts on, states nothing
    assert (
        rels(
            "Căn cứ Quy chế ban hành kèm theo Quyết định số 84/QĐ-TWĐTN; Quyết định số "
            "367/QĐ-TWĐTN quy định về ban hành văn bản."
        )
        == set()
    )


def test_numbers_coordinated_in_one_item_are_all_members() -> None:
    text = (
        "Thông tư số 05/2023/TT-BTC thay thế 3 thông tư gồm Thông tư số 12/2019/TT-BTC, "
        "Thông tư số 33/2020/TT-BTC và Thông tư số 40/2021/TT-BTC của Bộ Tài chính."
    )
    assert rels(text) == {
        ("05/2023/TT-BTC", "12/2019/TT-BTC", "replaces"),
        ("05/2023/TT-BTC", "33/2020/TT-BTC", "replaces"),
        ("05/2023/TT-BTC", "40/2021/TT-BTC", "replaces"),
    }
    # items on their own lines, two numbers coordinated in one of them
    text = (
        "Nghị định số 285/2025/NĐ-CP bãi bỏ toàn bộ 3 nghị định gồm:\n"
        "- Nghị định số 35/2005/NĐ-CP và Nghị định số 27/2010/NĐ-CP của Chính phủ;\n"
        "- Nghị định số 04/2015/NĐ-CP về thực hiện dân chủ.\n"
        "Nghị định số 78/2025/NĐ-CP quy định chi tiết Luật."
    )
    assert rels(text) == {
        ("285/2025/NĐ-CP", "35/2005/NĐ-CP", "repeals"),
        ("285/2025/NĐ-CP", "27/2010/NĐ-CP", "repeals"),
        ("285/2025/NĐ-CP", "04/2015/NĐ-CP", "repeals"),
    }


def test_a_thuc_hien_line_of_a_decisions_preamble_is_the_decisions() -> None:
    head = _header("742/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch chuyển đổi số")
    preamble = (
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;\n"
        "Thực hiện Công văn số 562-CV/BCS ngày 20/12/2022 của Ban Cán sự Đảng UBND tỉnh về\n"
        "việc triển khai thực hiện chuyển đổi số;\n"
        "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông.\n\n"
    )
    body = "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.\n"
    assert rels(head + preamble + body) == {("742/QĐ-UBND", "562-CV/BCS", "implements")}
    # a line that is no preamble's between the sentence and the formula; no formula at all
    other = preamble.replace("Theo đề nghị", "Hội nghị đã thảo luận, theo đề nghị")
    assert rels(head + other + body) == set()
    assert rels(head + preamble + "Điều 1. Ban hành Kế hoạch chuyển đổi số.\n") == set()
    # no number of its own in a header: nothing to be the source
    assert rels("QUYẾT ĐỊNH\n" + preamble + body) == set()


def test_an_announced_set_listed_under_a_colon() -> None:
    text = (
        "UBND tỉnh ban hành Quyết định số 19/2023/QĐ-UBND về việc bãi bỏ một số văn bản quy "
        "phạm pháp luật do UBND tỉnh ban hành.\nCác văn bản bị bãi bỏ kể từ ngày 04/5/2023:\n"
        "- Quyết định số 12/2015/QĐ-UBND ngày 02/3/2015 của UBND tỉnh;\n"
        "- Chỉ thị số 05/2016/CT-UBND ngày 01/4/2016 của UBND tỉnh.\n"
    )
    assert rels(text) == {
        ("19/2023/QĐ-UBND", "12/2015/QĐ-UBND", "repeals"),
        ("19/2023/QĐ-UBND", "05/2016/CT-UBND", "repeals"),
    }


def test_a_bare_plural_set_and_a_numbered_object_after_the_same_verb() -> None:
    text = (
        "Ngày 24/4/2023, UBND tỉnh ban hành Quyết định số 19/2023/QĐ-UBND về việc bãi bỏ văn "
        "bản quy phạm pháp luật do UBND tỉnh ban hành. Các văn bản bị bãi bỏ gồm Quyết định số "
        "12/2015/QĐ-UBND ngày 02/3/2015 và Chỉ thị số 05/2016/CT-UBND ngày 01/4/2016."
    )
    assert rels(text) == {
        ("19/2023/QĐ-UBND", "12/2015/QĐ-UBND", "repeals"),
        ("19/2023/QĐ-UBND", "05/2016/CT-UBND", "repeals"),
    }
    # the verb's object is a number: the ordinary reading, no set
    assert rels(
        "Quyết định số 19/2023/QĐ-UBND bãi bỏ văn bản số 12/2015/QĐ-UBND. Các văn bản được "
        "sửa đổi gồm Quyết định số 30/2016/QĐ-UBND."
    ) == {("19/2023/QĐ-UBND", "12/2015/QĐ-UBND", "repeals")}


def test_a_preamble_of_several_thuc_hien_paragraphs_is_the_plans() -> None:
    """Every "Thực hiện …" paragraph before the sentence that issues the plan is its own."""
    head = "ỦY BAN NHÂN DÂN TỈNH\nSố: 140/KH-UBND\n\nKẾ HOẠCH\nTriển khai công tác A\n\n"
    body = (
        "Thực hiện Chỉ thị số 42/CT-TTg ngày 09/11/2024 của Thủ tướng Chính phủ về việc B; "
        "Thông báo số 523/TB-TTg ngày 16/11/2024 của Thủ tướng Chính phủ về C;\n\n"
        "Thực hiện Quyết định số 1502-QĐ/TU ngày 29/11/2024 của Ban Thường vụ Tỉnh ủy về D;\n\n"
    )
    issue = "UBND tỉnh ban hành Kế hoạch triển khai công tác A, cụ thể như sau:\n"
    got = rels(head + body + issue)
    assert {
        ("140/KH-UBND", "42/CT-TTg", "implements"),
        ("140/KH-UBND", "523/TB-TTg", "implements"),
        ("140/KH-UBND", "1502-QĐ/TU", "implements"),
    } <= got
    # Without a sentence that issues the plan, the paragraphs state nothing.
    assert not {r for r in rels(head + body + "I. MỤC ĐÍCH\n") if r[0] == "140/KH-UBND"}


def test_a_wrapped_can_cu_line_ends_the_title() -> None:
    """ "Căn\\ncứ" (a page's line wrap) opens the preamble: a Căn cứ item after a title that
    implements one document is not implemented too."""
    text = (
        "Số: 216/QĐ-UBND\nQUYẾT ĐỊNH\nVỀ VIỆC TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND "
        "CỦA HỘI ĐỒNG NHÂN DÂN TỈNH\nỦY BAN NHÂN DÂN TỈNH\nCăn\ncứ Nghị định số 27/2022/NĐ-CP "
        "ngày 19/4/2022 của Chính phủ về quy định cơ chế quản lý, tổ chức thực hiện các Chương "
        "trình;\nQUYẾT ĐỊNH:\n"
    )
    got = rels(text)
    assert ("216/QĐ-UBND", "41/2022/NQ-HĐND", "implements") in got
    assert not {r for r in got if r[1] == "27/2022/NĐ-CP"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Quán triệt Kết luận số 93-KL/TW, ngày 20/11/2020 của Ban Bí thư về việc tiếp tục "
            "thực hiện Chỉ thị số 42-CT/TW, ngày 16/4/2010 của Bộ Chính trị.",
            {("93-KL/TW", "42-CT/TW", "continues")},
        ),
        (
            "Kế hoạch số 12-KH/HU về việc triển khai thực hiện Nghị quyết số 35-NQ/TW.",
            {("12-KH/HU", "35-NQ/TW", "implements")},
        ),
        # A letter's or a report's subject line speaks about implementing: no relation.
        (
            "Thực hiện Công văn số 562-CV/BCS ngày 20/12/2022 của Ban Cán sự đảng về việc triển "
            "khai thực hiện Nghị quyết số 07-NQ/TU của Ban Chấp hành Đảng bộ tỉnh;",
            set(),
        ),
        (
            "Báo cáo số 5-BC/TU về việc thực hiện Nghị quyết số 08-NQ/TU.",
            set(),
        ),
        # "việc" after a review word is still a review.
        (
            "Kết luận số 20-KL/TU đánh giá kết quả việc thực hiện Nghị quyết số 08-NQ/TU.",
            set(),
        ),
    ],
)
def test_ve_viec_is_a_titles_concerning_not_a_review(text: str, expected: set) -> None:
    assert rels(text) == expected


def test_an_upper_case_title_ends_at_the_first_mixed_case_sentence() -> None:
    """Under "CHỈ THỊ" and an upper-case title, "Sau 02 năm triển khai thực hiện X …" opens
    the body (a review of X), not the title: the directive does not implement X."""
    head = "ỦY BAN NHÂN DÂN TỈNH\nSố: 06/CT-UBND\nLai Châu, ngày 23 tháng 3 năm 2021\nCHỈ THỊ\n"
    title = "VỀ\nVIỆC TĂNG CƯỜNG THỰC HIỆN CÁC GIẢI PHÁP BẢO ĐẢM TRẬT TỰ AN TOÀN GIAO THÔNG\n"
    body = (
        "Sau 02 năm triển khai thực hiện\nKết luận số 45-KL/TW ngày 01/02/2019 của Ban Bí thư "
        "về tiếp tục đẩy mạnh thực hiện có hiệu quả Chỉ thị số 18-CT/TW, đã ghi nhận kết quả."
    )
    assert rels(head + title + body) == {("45-KL/TW", "18-CT/TW", "continues")}
    # A title in capitals that names the document it implements still does.
    title2 = "VỀ VIỆC TRIỂN KHAI THỰC HIỆN KẾT LUẬN SỐ 45-KL/TW CỦA BAN BÍ THƯ\n"
    assert ("06/CT-UBND", "45-KL/TW", "implements") in rels(head + title2 + "Trong thời gian qua.")
    # A mixed-case title line under a capital heading is still the title.
    plan = "Số: 91-KH/HU\nKẾ HOẠCH\nThực hiện Kết luận số 224-KL/TU\nI. MỤC ĐÍCH\n"
    assert ("91-KH/HU", "224-KL/TU", "implements") in rels(plan)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A mixed-case title line right under the bare heading, cue first, no full stop.
        (
            "Số: 91-KH/HU\nKẾ HOẠCH\nThực hiện Kết luận số 224-KL/TU của Tỉnh ủy\nI. MỤC ĐÍCH\n",
            {("91-KH/HU", "224-KL/TU", "implements")},
        ),
        (
            "Số: 91-KH/HU\nKẾ HOẠCH\nTriển khai thực hiện Kết luận số 224-KL/TU\nI. MỤC ĐÍCH\n",
            {("91-KH/HU", "224-KL/TU", "implements")},
        ),
        # A preamble sentence (its punctuation) that presents nothing states nothing.
        ("Số: 91-KH/HU\nKẾ HOẠCH\nThực hiện Kết luận số 224-KL/TU;\nI. MỤC ĐÍCH\n", set()),
        # A title about reviewing X does not implement X.
        (
            "Số: 91-KH/HU\nKẾ HOẠCH\nTổ chức hội nghị sơ kết 5 năm thực hiện Kết luận số "
            "224-KL/TU\nI. MỤC ĐÍCH\n",
            set(),
        ),
    ],
)
def test_a_title_line_under_a_bare_heading(text: str, expected: set) -> None:
    assert rels(text) == expected


_DECISION = (
    "ỦY BAN NHÂN DÂN\nSố: 25/2021/QĐ-UBND\nNgày 01 tháng 3 năm 2021\nQUYẾT ĐỊNH\n"
    "BAN HÀNH QUY ĐỊNH VỀ B\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Quy định về B.\n"
)


@pytest.mark.parametrize(
    "clause",
    [
        "Điều 2. Bãi bỏ các văn bản sau:\n",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n2. Bãi bỏ các Quyết định sau đây "
        "của UBND tỉnh:\n",
    ],
)
def test_the_documents_own_clause_acts_on_each_listed_member(clause: str) -> None:
    items = (
        "a) Quyết định số 12/2010/QĐ-UBND ngày 05/4/2010 của UBND tỉnh về A;\n"
        "b) Quyết định số 13/2011/QĐ-UBND về B, căn cứ Nghị định số 20/2009/NĐ-CP.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành.\n"
    )
    assert rels(_DECISION + clause + items) == {
        ("25/2021/QĐ-UBND", "12/2010/QĐ-UBND", "repeals"),
        ("25/2021/QĐ-UBND", "13/2011/QĐ-UBND", "repeals"),
    }


def test_a_list_after_a_set_that_is_no_act_states_nothing() -> None:
    """A numbered clause that lists documents without an act ("2. Các văn bản sau:") and an
    act on a set never listed give nothing."""
    text = _DECISION + (
        "Điều 2. Giao Sở Tư pháp rà soát các văn bản sau:\n"
        "a) Quyết định số 12/2010/QĐ-UBND;\nb) Quyết định số 13/2011/QĐ-UBND.\n"
        "Điều 3. Bãi bỏ các quy định trái với Quyết định này.\n"
    )
    assert rels(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _DECISION + "Điều 2. Quyết định này có hiệu lực sau 10 ngày, kể từ ngày ký và thay "
            "thế phần danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của UBND cấp xã "
            "tại Quyết định số: 1565/2007/QĐ-UBND ngày 28/6/2007 của UBND tỉnh.\n",
            {("25/2021/QĐ-UBND", "1565/2007/QĐ-UBND", "replaces")},
        ),
        (
            "Nghị định số 15/2020/NĐ-CP bãi bỏ khoản 2 Điều 5 và Phụ lục I của Nghị định số "
            "174/2013/NĐ-CP.",
            {("15/2020/NĐ-CP", "174/2013/NĐ-CP", "repeals")},
        ),
        # A part named but the sentence ends before the document: nothing.
        (
            "Nghị định số 15/2020/NĐ-CP bãi bỏ khoản 2 Điều 5. Các quy định tại Nghị định số "
            "174/2013/NĐ-CP vẫn áp dụng.",
            set(),
        ),
        # The agent after "Thực hiện X," acts, not X.
        (
            "Thực hiện Chỉ thị số 05-CT/TW, Ban Tuyên giáo bổ sung nội dung tuyên truyền trong "
            "Kế hoạch số 12-KH/TU.",
            set(),
        ),
        (
            "Thực hiện Chỉ thị số 05-CT/TW, Ban Tuyên giáo bổ sung Kế hoạch số 12-KH/TU.",
            set(),
        ),
    ],
)
def test_an_act_on_a_part_of_a_document(text: str, expected: set) -> None:
    assert rels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chính phủ ban hành Nghị định số 15/2020/NĐ-CP quy định xử phạt. Nghị định có hiệu "
            "lực từ 15/4/2020 và thay thế Nghị định số 174/2013/NĐ-CP.",
            {("15/2020/NĐ-CP", "174/2013/NĐ-CP", "replaces")},
        ),
        # The decree meant is the acting one, not the object of the sentence before.
        (
            "Nghị định số 15/2020/NĐ-CP thay thế Nghị định số 174/2013/NĐ-CP. Nghị định có hiệu "
            "lực từ 15/4/2020 và bãi bỏ Thông tư số 10/2014/TT-BTC.",
            {
                ("15/2020/NĐ-CP", "174/2013/NĐ-CP", "replaces"),
                ("15/2020/NĐ-CP", "10/2014/TT-BTC", "repeals"),
            },
        ),
        # No document of that type named before, or no act in the sentence: nothing.
        (
            "Nghị quyết số 57-NQ/TW là đột phá. Kế hoạch bổ sung nhiều nhiệm vụ mới theo Kế "
            "hoạch số 12-KH/TU.",
            set(),
        ),
        (
            "Bộ Tài chính ban hành Thông tư số 10/2020/TT-BTC về phí. Thông tư quy định mức thu "
            "mới theo Nghị định số 120/2016/NĐ-CP.",
            set(),
        ),
    ],
)
def test_a_bare_type_word_opening_a_sentence_is_the_document_just_named(
    text: str, expected: set
) -> None:
    assert rels(text) == expected


def test_a_history_row_acting_on_a_part() -> None:
    text = (
        "Lịch sử hiệu lực: Thông tư liên tịch 03/2007/TTLT-BCT-BTC-BNG\n"
        "Ngày Trạng thái Văn bản nguồn Phần hết hiệu lực\n"
        "15/10/2007 Văn bản được ban hành 03/2007/TTLT-BCT-BTC-BNG\n"
        "01/11/2013 Bị bãi bỏ 1 phần 53/2013/QĐ-TTg Xem tại đây\n"
        "27/02/2015 Bị hết hiệu lực 1 phần 413/QĐ-UBND\n"
    )
    assert rels(text) == {("53/2013/QĐ-TTg", "03/2007/TTLT-BCT-BTC-BNG", "repeals")}


def test_this_document_acts_on_a_set_it_lists() -> None:
    items = "số 12/2010/QĐ-UBND ngày 05/4/2010; số 13/2011/QĐ-UBND ngày 01/2/2011 của UBND tỉnh.\n"
    acting = "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế các Quyết định: "
    assert rels(_DECISION + acting + items) == {
        ("25/2021/QĐ-UBND", "12/2010/QĐ-UBND", "replaces"),
        ("25/2021/QĐ-UBND", "13/2011/QĐ-UBND", "replaces"),
    }
    # Another sentence, another subject: the agent asks for the repeal.
    other = (
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Giao Sở Tư pháp đề nghị bãi bỏ các "
        "Quyết định: "
    )
    assert rels(_DECISION + other + items) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nghị quyết số 12/NQ-HĐND bãi bỏ Nghị quyết số 20/2019/NQ-HĐND; thay thế Nghị quyết "
            "số 21/2019/NQ-HĐND.",
            {
                ("12/NQ-HĐND", "20/2019/NQ-HĐND", "repeals"),
                ("12/NQ-HĐND", "21/2019/NQ-HĐND", "replaces"),
            },
        ),
        # No relation before the semicolon: no subject to share.
        ("Thực hiện Nghị quyết số 12/NQ-HĐND; bãi bỏ Nghị quyết số 20/2019/NQ-HĐND.", set()),
        # A new subject after the semicolon acts for itself.
        (
            "Nghị định số 15/2020/NĐ-CP sửa đổi Nghị định số 174/2013/NĐ-CP; Thông tư số "
            "10/2021/TT-BTC bãi bỏ Thông tư số 20/2015/TT-BTC.",
            {
                ("15/2020/NĐ-CP", "174/2013/NĐ-CP", "amends"),
                ("10/2021/TT-BTC", "20/2015/TT-BTC", "repeals"),
            },
        ),
    ],
)
def test_an_act_after_a_semicolon_shares_the_subject(text: str, expected: set) -> None:
    assert rels(text) == expected


# --- issue 20: registry pages and the document's own acts (helper relations) --------------------


def test_history_table_topic_after_its_type_words_and_two_rows_for_one_source() -> None:
    text = (
        "Lịch sử hiệu lực: Nghị định 28/CP\n"
        "01/01/1995 Văn bản có hiệu lực 28/CP\n"
        "04/01/2005 Được bổ sung 210/2004/NĐ-CP\n"
        "20/06/2006 Bị thay thế 54/2006/NĐ-CP\n"
        "20/06/2006 Được bổ sung 54/2006/NĐ-CP\n"
    )
    assert rels(text) == {
        ("210/2004/NĐ-CP", "28/CP", "amends"),
        ("54/2006/NĐ-CP", "28/CP", "replaces"),
        ("54/2006/NĐ-CP", "28/CP", "amends"),
    }


def test_registry_groups_and_fields_name_their_direction() -> None:
    text = (
        "Quyết định 25/2015/QĐ-UBND về giá đất\n"
        "Văn bản bị thay thế\n"
        "1. Quyết định 10/2010/QĐ-UBND ban hành bảng giá đất\n"
        "2. Quyết định 11/2011/QĐ-UBND sửa đổi Quyết định 09/2009/QĐ-UBND\n"
        "Văn bản thay thế: Quyết định 30/2019/QĐ-UBND về giá đất\n"
        "Văn bản căn cứ\n"
        "1. Luật Đất đai 45/2013/QH13\n"
    )
    assert rels(text) == {
        ("25/2015/QĐ-UBND", "10/2010/QĐ-UBND", "replaces"),
        ("25/2015/QĐ-UBND", "11/2011/QĐ-UBND", "replaces"),
        ("11/2011/QĐ-UBND", "09/2009/QĐ-UBND", "amends"),
        ("30/2019/QĐ-UBND", "25/2015/QĐ-UBND", "replaces"),
    }


def test_a_subjectless_status_line_is_about_the_page_document() -> None:
    text = (
        "Số ký hiệu: 57/2009/NĐ-CP\nNgày ban hành: 08/07/2009\n"
        "Lý do hết hiệu lực: Bị thay thế bởi Nghị định số 129/2015/NĐ-CP ngày 15/12/2015\n"
    )
    assert rels(text) == {("129/2015/NĐ-CP", "57/2009/NĐ-CP", "replaces")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số: 50/2020/QĐ-UBND\nQUYẾT ĐỊNH:\nĐiều 1. Sửa đổi, bổ sung một số điều của Quy chế "
            "quản lý tài sản công trên địa bàn tỉnh ban hành kèm theo Quyết định số "
            "11/2016/QĐ-UBND ngày 2/2/2016 như sau:\n",
            {("50/2020/QĐ-UBND", "11/2016/QĐ-UBND", "amends")},
        ),
        (
            "Số 34-CTr/TU\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết số 35-NQ/TW\n"
            "Chương trình hành động này thay thế Chương trình hành động số 36-CTr/TU.\n",
            {("34-CTr/TU", "35-NQ/TW", "implements"), ("34-CTr/TU", "36-CTr/TU", "replaces")},
        ),
        (
            "Quyết định số 21/2010/QĐ-UBND bị bãi bỏ bởi Quyết định số 22/2019/QĐ-UBND và "
            "Quyết định số 23/2011/QĐ-UBND được sửa đổi bởi Quyết định số 24/2013/QĐ-UBND.",
            {
                ("22/2019/QĐ-UBND", "21/2010/QĐ-UBND", "repeals"),
                ("24/2013/QĐ-UBND", "23/2011/QĐ-UBND", "amends"),
            },
        ),
        (
            "THỦ TƯỚNG CHÍNH PHỦ\nCHỈ THỊ\nCỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG NGÀY 21 "
            "THÁNG 6 NĂM 2001\nChỉ thị này thay thế Chỉ thị số 12/2000/CT-TTg.\n",
            {("16/2001/CT-TTg", "12/2000/CT-TTg", "replaces")},
        ),
        (
            "Thông tư số 40/2025/TT-BCT do Bộ trưởng vừa ký ban hành ngày 30/12/2025 đã bãi bỏ "
            "toàn bộ 2 văn bản, cụ thể:\n\n1. Quyết định số 12-BCN/QĐ ngày 29/01/1992.\n\n"
            "2. Thông tư số 05/2010/TT-BCT ngày 08/09/2010.\n",
            {
                ("40/2025/TT-BCT", "12-BCN/QĐ", "repeals"),
                ("40/2025/TT-BCT", "05/2010/TT-BCT", "repeals"),
            },
        ),
    ],
)
def test_acts_of_the_document_and_of_coordinated_clauses(
    text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert rels(text) == expected
