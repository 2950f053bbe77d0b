import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.textkit.normalize import fold, match_key, nfc, normalize, tone_key


def test_nfc_composes_decomposed_input():
    assert nfc("Đa\u0309ng") == "Đảng"


def test_fold_keeps_its_behaviour():
    assert fold("  Ban Thường   vụ Tỉnh ủy ") == "ban thuong vu tinh uy"
    assert fold("Ðảng") == fold("Đảng") == "dang"


def test_normalize_composes_and_replaces_eth():
    assert normalize("Ða\u0309ng ðoàn") == "Đảng đoàn"
    assert normalize("Ɖảng") == "Đảng"


def test_normalize_spaces_newlines_and_invisible_characters():
    assert normalize("a\u00a0b\u202fc\u2009d") == "a b c d"
    assert normalize("dòng 1\r\ndòng 2\rdòng 3\n") == "dòng 1\ndòng 2\ndòng 3\n"
    assert normalize("a\x0bb\x0cc\u2028d\u2029e") == "a\nb\nc\nd\ne"
    assert normalize("line\x0bbreak") == "line\nbreak"
    assert normalize("\ufeffNghị\u200b quyết\u00ad") == "Nghị quyết"


def test_normalize_joins_marks_separated_by_invisible_characters():
    assert normalize("a\u200b\u0301") == "á"


def test_normalize_keeps_tone_placement_and_ascii():
    assert normalize("hoà") == "hoà"
    text = "88-KL/TU ngay 05/9/2023"
    assert normalize(text) is text


def test_tone_key_old_and_new_placement_meet():
    pairs = [("hoà", "hòa"), ("uỷ", "ủy"), ("thuý", "thúy"), ("khoẻ", "khỏe"), ("xoá", "xóa")]
    for old, new in pairs:
        assert tone_key(old) == tone_key(new) == new
    assert tone_key("Ban Thường vụ Tỉnh uỷ") == "Ban Thường vụ Tỉnh ủy"
    assert tone_key("HOÀ BÌNH") == "HÒA BÌNH"


def test_tone_key_leaves_syllables_with_a_fixed_place():
    words = "hoàng toán thuyết người quý già gì giữa quả khoái khuya thuở Việt"
    assert tone_key(words) == words
    assert tone_key("hòang") == "hoàng"  # a misplaced tone in a closed syllable moves too


def test_match_key_folds_everything():
    assert match_key("Hoà Bình") == match_key("hòa bình") == "hoa binh"


@given(st.text())
def test_normalize_is_idempotent_and_total(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not {"\r", "\x0b", "\u2028", "\u00a0", "\u200b"} & set(once)


@given(st.text())
def test_fold_and_tone_key_are_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert tone_key(tone_key(text)) == tone_key(text)


@given(st.text(alphabet="aăâeêioôơuưyqgdhntcpkAĐ\u0300\u0301\u0303\u0309\u0323 "))
def test_tone_key_keeps_the_letters(text):
    assert fold(tone_key(text)) == fold(text)


def test_characters_left_out_of_nfc_are_nfc_quick_check_yes():
    """`normalize` passes to NFC only lines with a character outside `_NFC_STABLE`: each
    of those must stay as it is under NFC and never be the second half of a composition."""
    from tuyengiao.textkit.normalize import _NFC_STABLE

    stable = set(_NFC_STABLE.replace("\\", ""))
    second_halves = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                second_halves.add(chr(int(parts[1], 16)))
    second_halves.update(chr(c) for c in range(0x1161, 0x11C3))  # Hangul vowels and finals
    assert not stable & second_halves
    assert all(unicodedata.normalize("NFC", ch) == ch for ch in stable)
    assert {"ạ", "ỹ", "Đ", "ư", "—", "“", "₫", "•", "\n", "a"} <= stable


def test_normalize_composes_only_the_lines_that_need_it():
    text = "Đã có 5 xã.\nNga\u0300y 05/9/2023\nTrường học\n\nHo\u0301a"
    assert normalize(text) == unicodedata.normalize("NFC", text)
    assert normalize("a\n\u0301b") == "a\n\u0301b"


@given(st.text(alphabet="aoưĐ\u0301\u0300\u0323\u0338= \n\r\u2028\u200b\u1100\u1161\u11a8"))
def test_normalize_equals_nfc_of_the_whole_text(text):
    from tuyengiao.textkit.normalize import _ODD_RE, _replace

    assert normalize(text) == unicodedata.normalize("NFC", _ODD_RE.sub(_replace, text))
