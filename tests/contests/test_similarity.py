"""Near-duplicate detection (contests/similarity.py) on real Vietnamese prose: the official
texts of tests/textkit/data/relations/dev/, a few put together into one essay. Pure: no
database. bench/contests_dup.py measures recall, false flags and speed at scale."""

import random
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from tuyengiao.contests import similarity
from tuyengiao.contests.similarity import (
    FLAG_SHARE,
    LSH_BANDS,
    LSH_ROWS,
    MINHASH_SEED,
    WINDOW_SHINGLES,
    overlap_measure,
    overlaps_find,
    window_signatures,
)
from tuyengiao.textkit.normalize import fold, normalize

PROSE = Path(__file__).resolve().parent.parent / "textkit" / "data" / "relations" / "dev"
# Named, so that texts added to that set later change none of these essays.
_NAMES = (
    "b05_baomoi_ctr_nq57",
    "b17_mattran_quy_dinh_97_dang_doan",
    "baohatinh_tag_dong_luc",
    "baoninhthuan_so_ket_ct05",
    "btv_bai_bo_van_ban_qppl",
    "cafef_408_tb_vpcp",
    "danluc_trieuson_ke_hoach_bau_cu",
    "dulieuphapluat_41_2019_qd_ubnd_bao_cao",
    "dulieuphapluat_54_kh_ubnd_dinh_duong",
    "hesinhthaidoanhnghiep_22_nq_tu_kien_giang",
    "hethongphapluat_06_hd_ubkttw",
    "hethongphapluat_103_2005_qd_ub_gia_lai",
    "hethongphapluat_128_2025_qd_ubnd_thanh_hoa",
    "hethongphapluat_12_2013_qd_ubnd_phu_tho",
    "hethongphapluat_130_kh_ubnd_thanh_hoa",
    "hethongphapluat_25_qd_ubnd_bac_lieu",
    "hethongphapluat_60_tb_vpcp_lien_quan",
    "hethongphapluat_712_qd_ubnd_hung_yen",
    "hethongphapluat_924_qd_ubnd_tra_vinh",
    "luatminhkhue_11_2011_nq_hdnd_tien_giang",
    "luatminhkhue_14_2014_qd_ubnd_long_an",
    "luatminhkhue_2516_kh_ubnd_kon_tum",
    "luatminhkhue_2891_qd_ubnd_binh_thuan",
    "luatminhkhue_55_2007_ke_hoach_phu_nu",
    "luatminhkhue_641_qd_ubnd_bai_bo",
    "luatminhkhue_719_qd_ttg_can_cu",
    "luatvietnam_02_kh_bcdtw_thuoc_tinh",
    "luatvietnam_16_2001_ct_ttg",
    "luatvietnam_254_2006_qd_ttg_thuoc_tinh",
    "luatvietnam_diem_tin_16_2009",
    "nhipsonghanoi_long_bien_ke_hoach",
    "oszar_thuvienphapluat_61_1998_nd_cp",
    "quangvinh_thuathienhue_nd30_van_thu",
    "seothuonghieu_68_2019_tt_btc_hoa_don",
    "snnptnt_hanam_ke_hoach_nuoc_sach_2014",
    "snnptnt_thuathienhue_27_ctr_tu",
    "stttt_daknong_du_thao_luat_cong_nghiep_cong_nghe_so",
    "tailieu_gioi_thieu_nd30_van_thu",
    "tapchicongsan_hoi_nghi_kl01",
    "tapchimoitruong_gtvt_nq24",
    "text123docz_127_nq_cp_phien_hop",
    "text123docz_445_kl_tu_ket_cau_ha_tang",
    "text123docz_nd30_van_thu_diem_moi",
    "thanhnien_02_2026_tt_bnv_bai_bo",
    "thongtinphapluat_bacgiang_qd_bnn_giong_lam_nghiep",
    "thongtinphapluat_bacgiang_tt_doping",
    "thuviennhadat_1000_qd_ubnd_quang_binh",
    "thuviennhadat_1209_qd_ubnd_ha_giang",
)
_FILES = [PROSE / f"{name}.txt" for name in _NAMES]


def _paragraphs(first: int, count: int) -> list[str]:
    """The paragraphs (lines of 12 words or more) of `count` texts from the `first`-th."""
    out = []
    for path in _FILES[first : first + count]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 12:
                out.append(" ".join(line.split()))
    return out


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text))


def _essay(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def _take(paragraphs: list[str], words: int) -> list[str]:
    """Leading paragraphs of about `words` words."""
    out: list[str] = []
    while paragraphs and sum(map(_words, out)) < words:
        out.append(paragraphs[len(out)])
    return out


@pytest.fixture(scope="module")
def essays() -> list[list[str]]:
    """Six "essays" of real text on one subject (the State's and the Party's documents),
    each from different source texts. Some quote the same decrees: 0 and 3, 3 and 4, 1 and 4
    share nothing, 1 and 2 share 15.5 % of 1's words (test_independent_…)."""
    return [_paragraphs(first, 8) for first in range(0, 48, 8)]


def test_a_window_signature_is_datasketchs_minhash_of_its_shingles():
    shingles = np.random.default_rng(1).integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32)
    minhash = MinHash(num_perm=LSH_BANDS * LSH_ROWS, seed=MINHASH_SEED, hashfunc=int)
    signatures = window_signatures(shingles, minhash.permutations)
    half = WINDOW_SHINGLES // 2
    assert len(signatures) == -(-len(shingles) // half) - 1
    for row in (0, len(signatures) - 1):
        expected = minhash.copy()
        expected.update_batch(shingles[row * half : row * half + WINDOW_SHINGLES].tolist())
        assert (signatures[row] == expected.hashvalues).all()


def test_a_copied_essay_is_flagged_with_its_passages(essays):
    original = essays[0]
    own = essays[3][:]
    copied = _take(original[5:], 0.45 * sum(map(_words, own)))
    entry = _essay(own[: len(own) // 2] + copied + own[len(own) // 2 :])
    share = sum(map(_words, copied)) / _words(entry)
    found = overlaps_find(entries=[("copy", entry), ("original", _essay(original))])
    mine = [o for o in found if o.key == "copy"]
    assert len(mine) == 1 and mine[0].other == "original" and not mine[0].other_is_reference
    assert mine[0].share == pytest.approx(share, abs=0.01)
    assert len(mine[0].passages) == 1
    passage = mine[0].passages[0]
    shown = entry[slice(*passage.text_span)]
    # From the first word to the last: the full stop after it is not part of the span.
    assert shown == "\n\n".join(copied).rstrip(".")
    assert _essay(original)[slice(*passage.other_span)] == shown


def test_independent_essays_on_one_subject_are_not_flagged(essays):
    entries = [(n, _essay(e)) for n, e in enumerate(essays)]
    assert overlaps_find(entries=entries) == []
    # They quote the same decrees and legal bases ("Căn cứ Luật Tổ chức chính quyền địa
    # phương…"), which are shared passages, but far below the rule. The largest, 15.5 %, was
    # 15.0 % before a passage's edges were aligned across a rewritten word (`_reach`): the
    # template words around a province's name ("TRÊN ĐỊA BÀN TỈNH …") now count.
    shares = [overlap_measure(text=a, other=b).share for _, a in entries for _, b in entries]
    assert 0.05 < sorted(shares)[-len(entries) - 1] < 0.16


def test_reordered_paragraphs_are_found(essays):
    own, source = essays[4], essays[3]
    # Paragraphs long enough to be a passage (MIN_RUN_WORDS), each once in the source (its
    # pages repeat a site's notice).
    whole = [p for p in source if _words(p) >= 25 and source.count(p) == 1]
    taken = _take(whole, 0.5 * sum(map(_words, own)))
    shuffled = taken[:]
    random.Random(4).shuffle(shuffled)
    mixed = [p for pair in zip(own, shuffled, strict=False) for p in pair]
    mixed += own[len(shuffled) :]
    entry = _essay(mixed)
    overlap = overlap_measure(text=entry, other=_essay(source))
    share = sum(map(_words, taken)) / _words(entry)
    assert overlap.share == pytest.approx(share, abs=0.02)
    shown = [" ".join(_word_tuple(entry[slice(*p.text_span)])) for p in overlap.passages]
    for paragraph in taken:  # each one inside a passage of its own
        assert sum(" ".join(_word_tuple(paragraph)) in passage for passage in shown) == 1
    for passage in overlap.passages:
        assert _word_tuple(fold(_essay(source)[slice(*passage.other_span)])) == _word_tuple(
            fold(entry[slice(*passage.text_span)])
        )


def _paraphrase(paragraph: str, rng: random.Random) -> str:
    swaps = {"thực hiện": "triển khai", "các": "những", "tổ chức": "đơn vị", "cơ quan": "ngành"}
    text = re.sub("|".join(swaps), lambda m: swaps[m[0]], paragraph)
    words = text.split(" ")
    for n in sorted(rng.sample(range(len(words)), len(words) // 20), reverse=True):
        if n % 2:
            del words[n]  # a word dropped
        else:
            words.insert(n, "cũng")  # a word inserted
    return " ".join(words)


def test_a_light_paraphrase_is_found(essays):
    rng = random.Random(5)
    own, source = essays[1], essays[4]
    taken = _take(source, 0.6 * sum(map(_words, own)))
    reworded = [_paraphrase(p, rng) for p in taken]
    entry = _essay(own[:3] + reworded + own[3:])
    share = sum(map(_words, reworded)) / _words(entry)
    overlap = overlap_measure(text=entry, other=_essay(source))
    assert overlap.share == pytest.approx(share, abs=0.05)
    assert overlap.share >= FLAG_SHARE


@pytest.mark.parametrize(("part", "flagged"), [(0.20, False), (0.26, False), (0.36, True)])
def test_the_threshold_is_a_share_of_the_entrys_words(essays, part, flagged):
    own, source = essays[3], essays[4]
    total = sum(map(_words, own))
    taken = _take(source, part / (1 - part) * total * 0.97)
    entry = _essay(own + taken)
    share = sum(map(_words, taken)) / _words(entry)
    assert (share >= FLAG_SHARE) is flagged  # the case is what its name says
    found = overlaps_find(entries=[("entry", entry), ("source", _essay(source))])
    assert ("entry" in {o.key for o in found}) is flagged
    lower = overlaps_find(entries=[("entry", entry), ("source", _essay(source))], min_share=0.1)
    assert "entry" in {o.key for o in lower}


def test_a_long_text_shares_less_of_itself_than_the_short_one_it_holds(essays):
    short = _essay(_take(essays[1], 700))
    long = _essay(essays[3] + [short] + essays[4])
    found = {o.key: o for o in overlaps_find(entries=[("short", short), ("long", long)])}
    assert set(found) == {"short"}
    assert found["short"].share > 0.97
    assert found["short"].other_share < FLAG_SHARE


def test_an_entry_copying_a_registry_text_is_flagged_and_the_text_is_not(essays):
    registry_text = _essay(essays[3])
    entry = _essay(essays[4][:4] + essays[3][2:])
    found = overlaps_find(
        entries=[("entry", entry), ("other entry", _essay(essays[0]))],
        references=[("KH-12", registry_text), ("KH-13", _essay(essays[5]))],
    )
    assert [(o.key, o.other, o.other_is_reference) for o in found] == [("entry", "KH-12", True)]


def test_diacritics_case_and_unicode_form_do_not_hide_a_copy(essays):
    # Folding (textkit.normalize.fold) is deliberate: retyped without diacritics, in capitals,
    # or in decomposed Unicode, a copied passage is still the same words.
    source = _essay(essays[1])
    stripped = fold(source)
    decomposed = unicodedata.normalize("NFD", source.upper())
    for copy in (stripped, decomposed):
        overlap = overlap_measure(text=copy, other=source)
        assert overlap.share > 0.97
    # Spans point into the normalised text (NFC), as every span of the text toolkit does.
    overlap = overlap_measure(text=decomposed, other=source)
    first = overlap.passages[0]
    assert (
        normalize(decomposed)[slice(*first.text_span)].lower()
        == source[slice(*first.other_span)].lower()
    )


def test_empty_and_short_texts_share_nothing():
    assert overlap_measure(text="", other="Nghị quyết").share == 0.0
    assert overlaps_find(entries=[("a", ""), ("b", "Kế hoạch số 12-KH/TU")]) == []


def test_a_stock_passage_in_every_text_makes_no_candidate(monkeypatch):
    stock = (
        "Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành. Chánh Văn phòng Ủy ban "
        "nhân dân tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch Ủy ban nhân dân "
        "các huyện, thành phố và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành."
    )
    rng = random.Random(3)
    vocabulary = [w for p in _paragraphs(0, 20) for w in p.split()]
    texts = [
        (n, " ".join(rng.choice(vocabulary) for _ in range(200)) + " " + stock) for n in range(30)
    ]
    monkeypatch.setattr(similarity, "STOP_MIN_TEXTS", 100)  # nothing is stock among 30
    assert len(overlaps_find(entries=texts, min_share=0.1)) > 30
    monkeypatch.setattr(similarity, "STOP_MIN_TEXTS", 2)  # in more than 2 texts: stock
    assert overlaps_find(entries=texts, min_share=0.1) == []


@pytest.mark.parametrize("words", [60, 150, 400])
def test_a_short_entry_taking_a_third_from_a_long_text_is_found(essays, words):
    """An entry shorter than two windows: its one window is too unlike the long text's to
    collide in the LSH index; the exact count of shared shingles finds it."""
    source = _essay(essays[3] + essays[4])
    taken = " ".join(_word_tuple(_essay(essays[3][2:]))[: int(words * 0.4)])
    own = " ".join(_word_tuple(_essay(essays[0]))[: words - int(words * 0.4)])
    entry = f"{own} {taken}"
    found = overlaps_find(entries=[("entry", entry)], references=[("KH-12", source)])
    assert [(o.key, o.other) for o in found] == [("entry", "KH-12")]
    assert found[0].share >= 0.35  # the taken part at least (stock lines may add to it)


def _source_words(paragraphs: list[str]) -> list[str]:
    return " ".join(paragraphs).split(" ")


def _chunks(words: list[str], sizes: list[int]) -> list[list[str]]:
    out, n = [], 0
    for size in sizes:
        out.append(words[n : n + size])
        n += size
    return out


def test_a_word_rewritten_near_a_passages_edges_costs_it_no_more_words(essays):
    # A run of shared shingles starts at its first intact shingle: without aligning its
    # edges, the two words before a rewritten third word were lost to the passage.
    own, source = essays[3], essays[4]
    paragraph = next(p for p in source if _words(p) >= 40 and source.count(p) == 1)
    words = paragraph.split(" ")
    words[2], words[-3] = "cũng", "rất"
    changed = " ".join(words)
    entry = _essay([*own[:3], changed, *own[3:]])
    overlap = overlap_measure(text=entry, other=_essay(source))
    assert len(overlap.passages) == 1
    shown = overlap.passages[0].text_span
    assert _word_tuple(entry[slice(*shown)]) == _word_tuple(changed)
    assert overlap.share == pytest.approx(_words(changed) / _words(entry), abs=0.001)


def test_a_differing_figure_ends_a_passage(essays):
    # A template line of two official texts ("… số 25/QĐ-UBND ngày …") differs in its
    # figures: the passage's edge is not moved over them.
    own, source = essays[3], essays[4]
    shared = " ".join(_source_words(source)[:60])
    entry = _essay([*own[:3], "Quyết định số 25/QĐ-UBND ngày 10 tháng 01 năm 2022 " + shared])
    other = _essay(["Quyết định số 712/QĐ-UBND ngày 03 tháng 5 năm 2021 " + shared, *own[5:8]])
    overlap = overlap_measure(text=entry, other=other)
    assert len(overlap.passages) == 1
    assert _word_tuple(entry[slice(*overlap.passages[0].text_span)]) == _word_tuple(shared)


def test_swapped_sentences_around_a_rewritten_one_make_one_passage(essays):
    # S1 S3 S2 S4' S5 S6: each run on its own is far, in the source, from the one before
    # it; taken together they are one passage, with the rewritten S4' inside it.
    own, source = essays[1], essays[4]
    s1, s2, s3, s4, s5, s6 = _chunks(_source_words(source), [30, 20, 24, 22, 30, 30])
    rewritten = ["cũng" if n % 4 == 3 else word for n, word in enumerate(s4)]
    copied = " ".join(s1 + s3 + s2 + rewritten + s5 + s6)
    entry = _essay([*own[:3], copied, *own[3:]])
    overlap = overlap_measure(text=entry, other=_essay(source))
    assert len(overlap.passages) == 1
    assert overlap.share == pytest.approx(_words(copied) / _words(entry), abs=0.002)


def test_a_long_rewritten_sentence_joins_a_passage_and_an_own_one_does_not(essays):
    # Holes longer than JOIN_GAP between two runs are part of the passage only when the two
    # texts' holes share most of their words: a sentence whose words were put in another
    # order, not a sentence of the entry's own that happens to be as long.
    own, source = essays[1], essays[4]
    before, hole, after = _chunks(_source_words(source), [40, 40, 40])
    # Each four words reversed: no five-word shingle of the hole is left.
    reworded = [w for n in range(0, len(hole), 4) for w in reversed(hole[n : n + 4])]
    mine = _source_words(own)[200:240]
    for middle, passages in ((reworded, 1), (mine, 2)):
        copied = " ".join(before + middle + after)
        entry = _essay([*own[:3], copied, *own[3:]])
        overlap = overlap_measure(text=entry, other=_essay(source))
        assert len(overlap.passages) == passages
        counted = before + middle + after if passages == 1 else before + after
        assert overlap.share == pytest.approx(_words(" ".join(counted)) / _words(entry), abs=0.002)


def test_an_entry_is_flagged_by_its_own_comparison(essays):
    # The second text's share read off the first one's comparison counts each of its words
    # as that comparison found them; an entry that repeats the copied block counts both
    # copies in its own comparison (what a staff page shows for it), and that decides.
    block = _take(essays[4], 400)
    repeating = _essay(_take(essays[5], 900) + block + block)
    copying = _essay(essays[1] + block)
    seen_from_copying = overlap_measure(text=copying, other=repeating).other_share
    own = overlap_measure(text=repeating, other=copying).share
    assert seen_from_copying < FLAG_SHARE <= own  # the case is what its name says
    found = overlaps_find(entries=[("copying", copying), ("repeating", repeating)])
    assert [(o.key, o.other) for o in found] == [("repeating", "copying")]
    assert found[0].share == pytest.approx(own)


def test_no_text_or_one_text_compares_nothing():
    assert overlaps_find(entries=[]) == []
    assert overlaps_find(entries=[("a", "Kế hoạch số 12-KH/TU về tổ chức cuộc thi")]) == []
