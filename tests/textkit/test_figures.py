"""textkit.figures: the matching rules one by one, and the quality on the reports dev set
(tests/textkit/data/reports: NAME.txt with its gold NAME.json; blind/ was written before
any matching code and is never tuned against)."""

import json
import re
from pathlib import Path

import pytest

from tuyengiao.textkit.figures import Target, propose_figures, report_sections
from tuyengiao.textkit.normalize import normalize
from tuyengiao.values.catalogue import CATALOGUE, OPTION_PHRASES

DATA = Path(__file__).parent / "data" / "reports"
_RATE = re.compile(r"^\s*([A-Z0-9_.]+)\s*/\s*([A-Z0-9_.]+)\s*\*\s*100\s*$")


def catalogue_targets() -> list[Target]:
    """Targets as the ingestion builds them: every entered indicator (a breakdown's options
    one by one), and the derived rates "A / B * 100" for their numerator and denominator."""
    targets = []
    for entry in CATALOGUE:
        if entry.value_type == "yes_no" or not entry.phrases:
            continue
        if entry.formula:
            rate = _RATE.match(entry.formula)
            if rate:
                targets.append(
                    Target(
                        entry.code,
                        phrases=entry.phrases,
                        percent=True,
                        numerator=rate[1],
                        denominator=rate[2],
                    )
                )
            continue
        options = [(ind, opt) for ind, opt in OPTION_PHRASES if ind == entry.code]
        if options:
            targets.extend(
                Target(entry.code, opt, entry.phrases, OPTION_PHRASES[(ind, opt)])
                for ind, opt in options
            )
        else:
            targets.append(
                Target(entry.code, phrases=entry.phrases, percent=entry.value_type == "percent")
            )
    return targets


TARGETS = catalogue_targets()


def _t(code: str, *phrases: str, **kwargs) -> Target:
    return Target(code, phrases=phrases, **kwargs)


def _cells(text: str, targets: list[Target]) -> dict[tuple[str, str], object]:
    return {(p.indicator, p.option): p.value for p in propose_figures(normalize(text), targets)}


# --- rules ----------------------------------------------------------------------------------
TTTS = _t("HN_THONG_TIN_THOI_SU", "hội nghị thông tin thời sự", "buổi thông tin thời sự")
NGHE = _t("LUOT_NGUOI_NGHE", "lượt người nghe", "người dự")


def test_phrase_split_by_the_figure():
    assert _cells("Tổ chức 3 hội nghị thông tin thời sự.", [TTTS]) == {
        ("HN_THONG_TIN_THOI_SU", ""): 3
    }
    assert _cells("Hội nghị thông tin thời sự: 4 hội nghị.", [TTTS]) == {
        ("HN_THONG_TIN_THOI_SU", ""): 4
    }


def test_each_figure_goes_to_its_own_target_and_approximation_is_kept():
    text = normalize("Tổ chức 3 hội nghị thông tin thời sự với trên 450 lượt người nghe.")
    proposals = propose_figures(text, [TTTS, NGHE])
    assert [(p.indicator, p.value, p.approx) for p in proposals] == [
        ("HN_THONG_TIN_THOI_SU", 3, ""),
        ("LUOT_NGUOI_NGHE", 450, "over"),
    ]
    listeners = proposals[1]
    assert text[listeners.start : listeners.end] == "trên 450 lượt người nghe"
    assert text[slice(*listeners.sentence)].startswith("Tổ chức 3")


def test_nearly_is_under():
    assert propose_figures(normalize("Có gần 190 người dự."), [NGHE])[0].approx == "under"


def test_unit_must_fit_the_target():
    bcv = _t("HN_BAO_CAO_VIEN", "hội nghị báo cáo viên")
    text = "Hội nghị báo cáo viên trực tuyến được kết nối đến 11 điểm cầu."
    assert _cells(text, [bcv]) == {}
    # A phrase before a bare classifier naming it still counts.
    assert _cells("Tổng số lượt người nghe trong tháng khoảng 640 lượt.", [NGHE]) == {
        ("LUOT_NGUOI_NGHE", ""): 640
    }


def test_person_unit_fills_a_count_of_people_only():
    ttv = _t("SO_TUYEN_TRUYEN_VIEN", "tuyên truyền viên")
    assert _cells("Đội ngũ tuyên truyền viên của xã có 18 đồng chí.", [ttv, TTTS]) == {
        ("SO_TUYEN_TRUYEN_VIEN", ""): 18
    }
    assert _cells("Hội nghị thông tin thời sự cho 85 đồng chí.", [TTTS]) == {}


def test_longest_and_closest_phrase_wins():
    portal = _t("TIN_BAI_CONG_TTDT", "trang thông tin điện tử … tin, bài")
    items = _t("TIN_BAI_PHONG_SU", "tin, bài")
    text = "Đài truyền thanh phát 46 tin, bài; Trang thông tin điện tử của xã đăng 63 tin, bài."
    assert _cells(text, [portal, items]) == {
        ("TIN_BAI_PHONG_SU", ""): 46,
        ("TIN_BAI_CONG_TTDT", ""): 63,
    }


def test_percent_and_count_targets_take_their_own_figures():
    rate = _t("TY_LE_X", "tỷ lệ đảng viên", percent=True)
    count = _t("DV_X", "tỷ lệ đảng viên")
    cells = _cells("Tỷ lệ đảng viên tham gia đạt 94,1%.", [rate, count])
    assert cells == {("TY_LE_X", ""): 94.1}


def test_ratio_fills_numerator_and_denominator():
    rate = _t(
        "TY_LE_GD_VAN_HOA",
        "hộ … gia đình văn hóa",
        percent=True,
        numerator="GD_VAN_HOA",
        denominator="GD_TONG",
    )
    count = _t("GD_VAN_HOA", "hộ … gia đình văn hóa")
    text = "Có 1.234/1.375 hộ đạt danh hiệu gia đình văn hóa, đạt 89,7%."
    assert _cells(text, [rate, count]) == {("GD_VAN_HOA", ""): 1234, ("GD_TONG", ""): 1375}


def test_options_by_their_nearest_phrase():
    targets = [
        Target("CB_DAO_TAO_LLCT", opt, ("cử … đi học",), (name,))
        for opt, name in [("TRUNG_CAP", "trung cấp"), ("CAO_CAP", "cao cấp")]
    ]
    text = "Cử 02 đồng chí đi học trung cấp lý luận chính trị và 01 đồng chí đi học cao cấp."
    assert _cells(text, targets) == {
        ("CB_DAO_TAO_LLCT", "TRUNG_CAP"): 2,
        ("CB_DAO_TAO_LLCT", "CAO_CAP"): 1,
    }


def test_plans_comparisons_and_later_sections_are_not_results():
    text = (
        "I. KẾT QUẢ ĐẠT ĐƯỢC\nTổ chức 2 hội nghị thông tin thời sự, tăng 1 hội nghị thông tin"
        " thời sự so với cùng kỳ. Phấn đấu tổ chức 6 hội nghị thông tin thời sự trong năm.\n"
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI\nTổ chức 5 hội nghị thông tin thời sự.\n"
    )
    proposals = propose_figures(normalize(text), [TTTS])
    assert [(p.value, p.alternatives) for p in proposals] == [(2, ())]


def test_total_wins_among_mentions_then_the_largest():
    text = normalize(
        "Tổ chức hội nghị báo cáo viên với 420 người dự. Thông tin thời sự có 380 người dự. "
        "Tổng cộng có 800 người dự. Một buổi chỉ 900 người dự."
    )
    (proposal,) = propose_figures(text, [NGHE])
    assert proposal.value == 800
    assert [m.value for m in proposal.alternatives] == [420, 380, 900]
    text = normalize("Buổi thứ nhất có 120 người dự; buổi thứ hai có 150 người dự.")
    assert propose_figures(text, [NGHE])[0].value == 150


def test_table_rows():
    text = (
        "STT | Nội dung | Đơn vị tính | Kết quả | Kế hoạch\n"
        "1 | Hội nghị thông tin thời sự | hội nghị | 2 | 3\n"
        "2 | Lượt người nghe | lượt | 236 | 300\n"
    )
    assert _cells(text, [TTTS, NGHE]) == {
        ("HN_THONG_TIN_THOI_SU", ""): 2,
        ("LUOT_NGUOI_NGHE", ""): 236,
    }


def test_a_phrase_inside_a_longer_one_of_another_indicator_is_not_read():
    bcv = _t("SO_BAO_CAO_VIEN", "báo cáo viên")
    conf = _t("HN_BAO_CAO_VIEN", "hội nghị báo cáo viên")
    text = "Cử 15 đồng chí dự hội nghị báo cáo viên của tỉnh."
    assert _cells(text, [bcv, conf]) == {}
    assert _cells("Huyện có 23 đồng chí báo cáo viên.", [bcv, conf]) == {
        ("SO_BAO_CAO_VIEN", ""): 23
    }


def test_unit_head_decides_between_phrases_inside_the_unit():
    bcv = _t("SO_BAO_CAO_VIEN", "báo cáo viên cấp huyện")
    conf = _t("HN_BAO_CAO_VIEN", "hội nghị báo cáo viên")
    text = "Tổ chức 12 hội nghị báo cáo viên cấp huyện."
    assert _cells(text, [bcv, conf]) == {("HN_BAO_CAO_VIEN", ""): 12}


def test_figure_after_la_or_a_colon():
    hv = _t("HOC_VIEN", "học viên")
    assert _cells("Tổng số học viên trong tháng là 38.", [hv]) == {("HOC_VIEN", ""): 38}
    bcv = _t("SO_BAO_CAO_VIEN", "báo cáo viên")
    assert _cells("Đội ngũ báo cáo viên quận: 18 đồng chí.", [bcv]) == {("SO_BAO_CAO_VIEN", ""): 18}


def test_a_higher_bodys_figure_and_cumulative_figures():
    conf = _t("HN_BAO_CAO_VIEN", "hội nghị báo cáo viên")
    text = "Ban Tuyên giáo Trung ương tổ chức 6 hội nghị báo cáo viên toàn quốc."
    assert _cells(text, [conf]) == {}
    text = normalize(
        "Tổ chức 3 hội nghị báo cáo viên. Lũy kế từ đầu năm đã tổ chức 9 hội nghị báo cáo viên."
    )
    (proposal,) = propose_figures(text, [conf])
    assert (proposal.value, [m.value for m in proposal.alternatives]) == (3, [9])


def test_breakdown_total_fills_no_option_and_no_other_indicator():
    total = _t("DV_TONG", "tổng số đảng viên")
    rated = [
        Target("DV_XEP_LOAI", opt, ("đảng viên được đánh giá, xếp loại",), (name,))
        for opt, name in [("HTXS", "hoàn thành xuất sắc nhiệm vụ"), ("HTT", "hoàn thành tốt")]
    ]
    text = (
        "Tổng số đảng viên được đánh giá, xếp loại: 351 đồng chí. Trong đó: hoàn thành xuất"
        " sắc nhiệm vụ 52 đồng chí; hoàn thành tốt nhiệm vụ 271 đồng chí."
    )
    assert _cells(text, [total, *rated]) == {
        ("DV_XEP_LOAI", "HTXS"): 52,
        ("DV_XEP_LOAI", "HTT"): 271,
    }


def test_rate_with_an_option_numerator():
    rate = _t(
        "TY_LE_X",
        "chi bộ … hoàn thành xuất sắc",
        percent=True,
        numerator="TCCS_XEP_LOAI.HTXS",
        denominator="sum(TCCS_XEP_LOAI.HTXS, TCCS_XEP_LOAI.HTT)",
    )
    text = "Có 5/21 chi bộ hoàn thành xuất sắc nhiệm vụ."
    assert _cells(text, [rate]) == {("TCCS_XEP_LOAI", "HTXS"): 5}


def test_one_event_named_without_a_figure():
    conf = _t("HN_BAO_CAO_VIEN", "hội nghị báo cáo viên")
    text = normalize("Tổ chức Hội nghị báo cáo viên tháng 3/2026 với gần 250 đại biểu.")
    (proposal,) = propose_figures(text, [conf])
    assert (proposal.value, text[proposal.start : proposal.end]) == (
        1,
        "Hội nghị báo cáo viên",
    )
    text = "Tổ chức hội nghị báo cáo viên định kỳ; cả năm tổ chức 12 hội nghị báo cáo viên."
    assert _cells(text, [conf]) == {("HN_BAO_CAO_VIEN", ""): 12}


def test_report_sections():
    inline = normalize(
        "A. KẾT QUẢ THỰC HIỆN\nTổ chức 2 hội nghị.\nB. HẠN CHẾ VÀ NGUYÊN NHÂN\nHạn chế: còn"
        " chậm. Nguyên nhân: thiếu người.\nC. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM\nTiếp tục."
    )
    assert report_sections(inline) == {
        "results": "Tổ chức 2 hội nghị.",
        "limitations": "còn chậm.",
        "causes": "thiếu người.",
        "directions": "Tiếp tục.",
    }
    text = normalize(
        "BÁO CÁO\nI. KẾT QUẢ ĐẠT ĐƯỢC\n1. Công tác tuyên truyền\nTổ chức 2 hội nghị.\n"
        "II. HẠN CHẾ, TỒN TẠI\nCòn chậm.\n2. Nguyên nhân\nThiếu kinh phí.\n"
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI\nPhấn đấu 5 hội nghị.\nNơi nhận:\n- Lưu.\n"
    )
    assert report_sections(text) == {
        "results": "1. Công tác tuyên truyền\nTổ chức 2 hội nghị.",
        "limitations": "Còn chậm.",
        "causes": "Thiếu kinh phí.",
        "directions": "Phấn đấu 5 hội nghị.",
    }


# --- quality on the dev set -----------------------------------------------------------------
def _reports(folder: Path) -> list[tuple[str, str, dict]]:
    return [
        (path.stem, normalize(path.read_text()), json.loads(path.with_suffix(".json").read_text()))
        for path in sorted(folder.glob("*.txt"))
    ]


_PROPOSED: dict[str, dict[tuple[str, str], object]] = {}


def _proposed(name: str, text: str) -> dict[tuple[str, str], object]:
    """Each report is read once for all the quality tests (the module stays fast)."""
    if name not in _PROPOSED:
        proposals = propose_figures(text, TARGETS)
        _PROPOSED[name] = {(p.indicator, p.option): p.value for p in proposals}
    return _PROPOSED[name]


def score(reports: list[tuple[str, str, dict]]) -> tuple[float, float, list[str]]:
    proposed = correct = gold_count = 0
    errors = []
    for name, text, gold in reports:
        cells = {(c["indicator"], c["option"]): c["value"] for c in gold["cells"]}
        gold_count += len(cells)
        got = _proposed(name, text)
        proposed += len(got)
        for cell, value in got.items():
            if cells.get(cell) == value:
                correct += 1
            else:
                errors.append(f"{name}: proposed {cell}={value}, gold {cells.get(cell)}")
        errors += [f"{name}: missed {c}={v}" for c, v in cells.items() if c not in got]
    return correct / max(proposed, 1), correct / max(gold_count, 1), errors


DEV = _reports(DATA)
BLIND = _reports(DATA / "blind")


def test_dev_set_is_large_enough():
    assert len(DEV) >= 20 and len(BLIND) >= 10


@pytest.mark.parametrize("part", ["dev", "all"])
def test_quality(part, capsys):
    reports = DEV if part == "dev" else DEV + BLIND
    precision, recall, errors = score(reports)
    with capsys.disabled():
        print(f"\nfigures {part}: precision {precision:.3f}, recall {recall:.3f}")
        if part == "all":
            blind_p, blind_r, _ = score(BLIND)  # the blind part's errors are never shown
            print(f"figures blind: precision {blind_p:.3f}, recall {blind_r:.3f}")
    shown = errors if part == "dev" else []
    assert precision >= 0.9, shown
    assert recall >= 0.8, shown


@pytest.mark.parametrize("name,text,gold", DEV, ids=[r[0] for r in DEV])
def test_sections_found(name, text, gold):
    assert sorted(report_sections(text)) == sorted(gold["sections"])


def test_sections_found_blind(capsys):
    """Only the count: which blind report fails is not looked at."""
    found = sum(
        sorted(report_sections(text)) == sorted(gold["sections"]) for _, text, gold in BLIND
    )
    with capsys.disabled():
        print(f"\nsections blind: {found}/{len(BLIND)} reports with every part found")
    assert found >= 0.8 * len(BLIND)
