"""Relations in the grammar of running news prose and Party plans that the corpus rules
were generalised to (issue 20): demonstratives, coordinated objects past a title, preambles
cut by a full stop or opened by a basis, purpose and issuing passives, a table row's
abstract. Each case is a sentence written for the grammar, not copied from a text."""

import pytest

from tuyengiao.textkit.docnum import scan_documents
from tuyengiao.textkit.pipeline import extract
from tuyengiao.textkit.relations import find_relations


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r.source, r.target, r.kind) for r in find_relations(text, scan_documents(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ngày 5/3/2024, thay mặt Ban Bí thư, đồng chí Thường trực Ban Bí thư đã ký ban hành "
            "Chỉ thị số 30-CT/TW về tăng cường công tác dân vận. Chỉ thị này thay thế Chỉ thị số "
            "10-CT/TW ngày 2/2/2012 của Ban Bí thư.",
            {("30-CT/TW", "10-CT/TW", "replaces")},
            id="news_anaphor",
        ),
        pytest.param(
            "Bộ Chính trị vừa ban hành Quy định số 150-QĐ/TW về công tác kiểm tra. Quy định này "
            "thay thế Quy định số 80-QĐ/TW và bãi bỏ Hướng dẫn số 02-HD/TW.",
            {("150-QĐ/TW", "02-HD/TW", "repeals"), ("150-QĐ/TW", "80-QĐ/TW", "replaces")},
            id="news_anaphor_quydinh",
        ),
        pytest.param(
            "Kế hoạch số 12-KH/UBND được ban hành nhằm triển khai Nghị quyết số 05-NQ/TU của "
            "Tỉnh ủy.",
            {("12-KH/UBND", "05-NQ/TU", "implements")},
            id="nham",
        ),
        pytest.param(
            "Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị; Kế hoạch số "
            "81-KH/ĐUK ngày 15/8/2019 của Đảng ủy Khối. Ngày 10/12/2019, Ban Thường vụ Đảng ủy "
            "đã ban hành Kế hoạch số 101-KH/ĐU về tổ chức đại hội.",
            {("101-KH/ĐU", "81-KH/ĐUK", "implements"), ("101-KH/ĐU", "35-CT/TW", "implements")},
            id="fragment",
        ),
        pytest.param(
            "Ngày 23/12/2021, Chính phủ ban hành Nghị định số 118/2021/NĐ-CP quy định chi tiết "
            "Luật Xử lý vi phạm hành chính, thay thế Nghị định số 81/2013/NĐ-CP ngày 19/7/2013 "
            "của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Xử lý vi "
            "phạm hành chính và Nghị định số 97/2017/NĐ-CP ngày 18/8/2017 của Chính phủ sửa đổi, "
            "bổ sung Nghị định số 81/2013/NĐ-CP.",
            {
                ("118/2021/NĐ-CP", "81/2013/NĐ-CP", "replaces"),
                ("97/2017/NĐ-CP", "81/2013/NĐ-CP", "amends"),
                ("118/2021/NĐ-CP", "97/2017/NĐ-CP", "replaces"),
            },
            id="thay_the_list",
        ),
        pytest.param(
            "Ngày 12/5, UBND tỉnh ban hành Kế hoạch số 88/KH-UBND về chuyển đổi số. Kế hoạch này "
            "nhằm triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
            {("88/KH-UBND", "57-NQ/TW", "implements")},
            id="ke_hoach_nay_news",
        ),
        pytest.param(
            "ĐẢNG BỘ TỈNH NINH BÌNH\nHUYỆN ỦY KIM SƠN\n*\nSố 45-KH/HU\nĐẢNG CỘNG SẢN VIỆT "
            "NAM\nKim Sơn, ngày 12 tháng 5 năm 2023\n\nKẾ HOẠCH\ntổ chức Tháng hành động\n\nCăn "
            "cứ Nghị quyết số 08-NQ/TU ngày 2/2/2022 của Ban Chấp hành Đảng bộ tỉnh; thực hiện "
            "Kế hoạch số 90-KH/TU ngày 3/4/2023 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện "
            "ủy xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n",
            {("45-KH/HU", "90-KH/TU", "implements")},
            id="plan_can_cu_thuc_hien",
        ),
        pytest.param(
            "ĐẢNG BỘ TỈNH NINH BÌNH\nHUYỆN ỦY KIM SƠN\n*\nSố 46-KH/HU\nĐẢNG CỘNG SẢN VIỆT "
            "NAM\nKim Sơn, ngày 12 tháng 5 năm 2023\n\nKẾ HOẠCH\nhọc tập, quán triệt Nghị "
            "quyết\n\nThực hiện Kế hoạch số 15-KH/TU ngày 2/3/2023 của Ban Thường vụ Tỉnh ủy về "
            "học tập, quán triệt và triển khai thực hiện Nghị quyết số 27-NQ/TW ngày 9/11/2022 "
            "của Ban Chấp hành Trung ương Đảng,\nBan Thường vụ Huyện ủy ban hành Kế hoạch học "
            "tập, quán triệt như sau:\n",
            {("15-KH/TU", "27-NQ/TW", "implements"), ("46-KH/HU", "15-KH/TU", "implements")},
            id="plan_two_paragraphs",
        ),
        pytest.param(
            "Kế hoạch số 99/KH-UBND được ban hành thay cho Kế hoạch số 45/KH-UBND năm 2022.",
            {("99/KH-UBND", "45/KH-UBND", "replaces")},
            id="duoc_ban_hanh_thay",
        ),
        pytest.param(
            "ĐẢNG BỘ TỈNH THÁI BÌNH\nĐẢNG ỦY XÃ ĐÔNG HÀ\n*\nSố 21-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT "
            "NAM\nĐông Hà, ngày 12 tháng 5 năm 2023\n\nKẾ HOẠCH\ntổ chức học tập nghị quyết\n\n- "
            "Thực hiện Kế hoạch số 90-KH/HU ngày 3/4/2023 của Ban Thường vụ Huyện ủy;\n- Căn cứ "
            "Chương trình công tác năm 2023 của Đảng ủy xã;\nBan Thường vụ Đảng ủy xây dựng Kế "
            "hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n",
            {("21-KH/ĐU", "90-KH/HU", "implements")},
            id="bullets_thuc_hien_can_cu",
        ),
        pytest.param(
            "ĐẢNG BỘ TỈNH THÁI BÌNH\nĐẢNG ỦY XÃ ĐÔNG HÀ\n*\nSố 21-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT "
            "NAM\nĐông Hà, ngày 12 tháng 5 năm 2023\n\nKẾ HOẠCH\ntổ chức học tập nghị quyết\n\n- "
            "Thực hiện Kế hoạch số 90-KH/HU ngày 3/4/2023 của Ban Thường vụ Huyện ủy;\n- Thực "
            "hiện Hướng dẫn số 05-HD/BTGHU ngày 5/4/2023 của Ban Tuyên giáo Huyện ủy,\nBan "
            "Thường vụ Đảng ủy xây dựng Kế hoạch như sau:\n",
            {("21-KH/ĐU", "05-HD/BTGHU", "implements"), ("21-KH/ĐU", "90-KH/HU", "implements")},
            id="bullets_two_thuc_hien",
        ),
        pytest.param(
            "Quyết định số 200/QĐ-UBND thay thế các Quyết định: số 10/QĐ-UBND ngày 2/1/2019 và "
            "số 11/QĐ-UBND ngày 3/1/2019 của UBND tỉnh.",
            {("200/QĐ-UBND", "11/QĐ-UBND", "replaces"), ("200/QĐ-UBND", "10/QĐ-UBND", "replaces")},
            id="so_without_type",
        ),
        pytest.param(
            "Chương trình hành động số 35-CTr/TU ngày 15/3/2021 của Tỉnh ủy thực hiện Nghị quyết "
            "Đại hội XIII của Đảng và Nghị quyết số 01-NQ/TU của Đại hội Đảng bộ tỉnh đã xác "
            "định 6 nhiệm vụ.",
            {("35-CTr/TU", "01-NQ/TU", "implements")},
            id="ctr_cua_tinh_uy_thuc_hien",
        ),
        pytest.param(
            "Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết "
            "số 01-NQ/TU ngày 15/10/2020 của Đại hội Đảng bộ tỉnh, Ban Chấp hành Đảng bộ tỉnh "
            "ban hành Chương trình hành động số 05-CTr/TU.",
            {("05-CTr/TU", "01-NQ/TU", "implements")},
            id="opening_unnumbered_first",
        ),
        pytest.param(
            "Tỉnh ủy ban hành Chương trình hành động số 05-CTr/TU thực hiện Nghị quyết Đại hội "
            "đại biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết số 01-NQ/TU ngày 15/10/2020 "
            "của Đại hội Đảng bộ tỉnh.",
            {("05-CTr/TU", "01-NQ/TU", "implements")},
            id="active_unnumbered_first_long",
        ),
        pytest.param(
            "Tỉnh ủy ban hành Kế hoạch số 05-KH/TU thực hiện Nghị quyết Đại hội XIII và Chương "
            "trình hành động số 06-CTr/TU thực hiện Nghị quyết số 29-NQ/TW.",
            {("06-CTr/TU", "29-NQ/TW", "implements")},
            id="unnumbered_then_new_subject",
        ),
        pytest.param(
            "| STT | Số, ký hiệu | Ngày ban hành | Trích yếu |\n| 1 | 12-KH/TU | 15/3/2023 | Kế "
            "hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị |\n| 2 | 13-KH/TU | "
            "16/3/2023 | Kế hoạch tổ chức Tháng hành động |\n",
            {("12-KH/TU", "57-NQ/TW", "implements")},
            id="table_row_title",
        ),
        pytest.param(
            "UBND tỉnh vừa ban hành Kế hoạch số 88/KH-UBND về chuyển đổi số năm 2025. Kế hoạch "
            "nhằm triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
            {("88/KH-UBND", "57-NQ/TW", "implements")},
            id="bare_ke_hoach_nham",
        ),
        pytest.param(
            "Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động số 20-CTr/TU. Chương trình "
            "hành động cụ thể hóa Nghị quyết số 57-NQ/TW thành 6 nhóm nhiệm vụ.",
            {("20-CTr/TU", "57-NQ/TW", "concretizes")},
            id="bare_chuong_trinh_de_ra",
        ),
        pytest.param(
            "UBND tỉnh vừa ban hành Kế hoạch số 88/KH-UBND về chuyển đổi số năm 2025. Kế hoạch "
            "yêu cầu các sở, ngành quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị.",
            set(),
            id="bare_ke_hoach_yeu_cau",
        ),
        pytest.param(
            "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 12-KH/TU ngày 3/3/2023 về triển khai "
            "thực hiện nghiêm túc, có hiệu quả Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung "
            "ương.",
            {("12-KH/TU", "27-NQ/TW", "implements")},
            id="adverbs_with_a_comma",
        ),
        pytest.param(
            "UBND tỉnh ban hành Kế hoạch số 88/KH-UBND, trong đó giao các sở, ngành tiếp tục "
            "thực hiện Nghị quyết số 30/NQ-CP của Chính phủ.",
            set(),
            id="a_task_handed_to_an_agent",
        ),
        pytest.param(
            "Thực hiện NQ số 57-NQ/TW của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành KH số "
            "12-KH/TU.",
            {("12-KH/TU", "57-NQ/TW", "implements")},
            id="an_abbreviated_type_after_the_issuing_verb",
        ),
    ],
)
def test_grammar(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert rels(text) == expected


@pytest.mark.parametrize(
    ("text", "symbol", "issued"),
    [
        ("Chương trình số 22-NQ/TU ngày28/8/2013 thực hiện Kết luận số60-KL/TW.", "60-KL/TW", None),
        (
            "Căn cứ Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư.",
            "70-TB/TW",
            "2012-01-06",
        ),
        (
            "Chương trình số 22-NQ/TU ngày28/8/2013 thực hiện Kết luận số60-KL/TW.",
            "22-NQ/TU",
            "2013-08-28",
        ),
        (
            "So với Quy định số 24-QĐ/TW (30-7-2021) thì Quy định mới có nhiều điểm mới.",
            "24-QĐ/TW",
            "2021-07-30",
        ),
        (
            "BAN TUYÊN GIÁO\n*\n     Hà Tĩnh, ngày 15 tháng 6 năm 2021\n\nSố 369 - "
            "CV/BTGTU\n\nKính gửi: các ban.",
            "369-CV/BTGTU",
            "2021-06-15",
        ),
    ],
)
def test_numbers_and_dates_as_pages_give_them(text: str, symbol: str, issued: str | None) -> None:
    docs = {d["symbol"]: d["date"] for d in extract(text).to_dict()["documents"]}
    assert symbol in docs
    if issued is not None:
        assert docs[symbol] == issued
