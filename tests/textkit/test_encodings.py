import random
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.textkit.encodings import (
    Decoded,
    DecodeError,
    convert_legacy_text,
    decode_bytes,
    detect_legacy,
    encode_legacy,
)
from tuyengiao.textkit.legacy.syllables import is_syllable, plausibility
from tuyengiao.textkit.legacy.tables import TCVN3_DECODE, VISCII_DECODE, VOWELS, letter

DATA = Path(__file__).parent / "data" / "encodings"
LEGACY = ("tcvn3", "vni", "viscii", "cp1258")
LOWER = "".join(letter(v, t) for v in VOWELS for t in range(6)) + "dđ"
ALPHABET = LOWER + LOWER.upper()
SENTENCES = [
    "Nghị quyết số 35-NQ/TW về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    "Ban Thường vụ Tỉnh ủy",
    "Kết luận số 88-KL/TU ngày 05/9/2023",
    "Kết luận số 88-KL/TU ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện "
    "Nghị quyết số 09-NQ/TU. Các cấp ủy đã tổ chức 77 hội nghị với hơn 3.700 lượt người nghe.",
    "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ đạt 16,22%. Khuya rồi, ngoài trời mưa to.",
    "Hội nghị quán triệt, triển khai thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
]


_WORDS = (
    "các cấp ủy tổ chức đảng đã quán triệt sâu rộng nghị quyết đến cán bộ viên và nhân dân "
    "tỉnh huyện xã phường ban thường vụ tuyên giáo dân vận mặt trận hội báo cáo thông tin thời "
    "sự lượt người nghe lớp bồi dưỡng lý luận chính trị học chương trình phát thanh truyền hình "
    "đội văn nghệ gia đình hóa khu cư nghệ nhân câu lạc bảo tồn lịch sử hoàn thành xuất sắc "
    "nhiệm tốt không kinh phí đồng triệu tỷ nghìn trên gần khoảng hơn dưới kết luận chỉ thị "
    "quy định hướng dẫn kế hoạch thực hiện triển khai tiếp tục tăng cường vệ nền tảng tư tưởng"
)
VOCABULARY = _WORDS.split()


def test_detection_generalises_to_unseen_word_sequences():
    rng = random.Random(2024)
    misses = total = 0
    for _ in range(100):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(6, 20))]
        text = " ".join(words) + "."
        for encoding in LEGACY:
            total += 1
            decoded = decode_bytes(encode_legacy(text, encoding))
            misses += decoded.text != text or decoded.encoding != encoding
    assert misses / total <= 0.01


def test_alphabet_round_trips_in_every_encoding():
    for encoding in ("vni", "viscii", "cp1258"):
        data = encode_legacy(ALPHABET, encoding)
        assert decode_bytes(data, encoding).text == ALPHABET, encoding


def test_tcvn3_round_trips_lower_case_and_its_seven_capitals():
    assert decode_bytes(encode_legacy(LOWER, "tcvn3"), "tcvn3").text == LOWER
    capitals = "ĂÂÊÔƠƯĐ"
    assert decode_bytes(encode_legacy(capitals, "tcvn3"), "tcvn3").text == capitals


def test_encoder_says_which_character_it_cannot_write():
    with pytest.raises(ValueError, match=r"'©' \(U\+00A9\) has no code in tcvn3"):
        encode_legacy("© 2023", "tcvn3")


def test_tcvn3_capitals_with_tones_share_the_lower_case_bytes():
    # .VnTimeH draws capitals from the lower-case bytes: the bytes cannot tell them apart.
    assert encode_legacy("Ổ", "tcvn3") == encode_legacy("ổ", "tcvn3") == b"\xe6"
    assert decode_bytes(b"T\xe6ng", "tcvn3").text == "Tổng"
    assert decode_bytes(b"T\xe6NG K\xd5T", "tcvn3").text == "TỔNG KẾT"
    assert decode_bytes(b"T\xe6NG K\xd5T", "tcvn3", caps=False).text == "TổNG KếT"
    assert decode_bytes(b"V\xd2 vi\xd6c", "tcvn3").text == "Về việc"


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip_and_are_detected(sentence, encoding):
    decoded = decode_bytes(encode_legacy(sentence, encoding))
    assert decoded.text == sentence
    assert decoded.encoding == encoding
    assert decoded.confidence >= 0.75


def test_detection_of_all_capitals_tcvn3_heading():
    heading = "TỔNG KẾT CÔNG TÁC TUYÊN GIÁO NĂM 2023"
    assert decode_bytes(encode_legacy(heading, "tcvn3")) == Decoded(heading, "tcvn3", 0.992)


def test_punctuation_of_ansi_fonts_is_read_as_windows_1252():
    text = "“Học tập và làm theo” – chuyên đề năm 2024…"
    for encoding in ("tcvn3", "vni"):
        assert decode_bytes(encode_legacy(text, encoding)).text == text


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8", "utf-8"),
        ("utf8-bom", "utf-8"),
        ("tcvn3", "tcvn3"),
        ("vni", "vni"),
        ("viscii", "viscii"),
        ("cp1258", "cp1258"),
    ],
)
def test_fixture_files(name, encoding):
    expected = (DATA / "sample.utf8.txt").read_text(encoding="utf-8")
    decoded = decode_bytes((DATA / f"sample.{name}.txt").read_bytes())
    assert (decoded.text, decoded.encoding) == (expected, encoding)
    assert decoded.confidence >= 0.95


def test_our_encoder_writes_what_iconv_writes():
    text = (DATA / "sample.utf8.txt").read_text(encoding="utf-8")
    for name in ("tcvn3", "viscii", "cp1258"):
        assert encode_legacy(text, name) == (DATA / f"sample.{name}.txt").read_bytes(), name


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")
def test_tables_agree_with_glibc_iconv():
    def iconv(charset: str, byte: int) -> str:
        result = subprocess.run(
            ["iconv", "-f", charset, "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        return result.stdout.decode()

    assert all(iconv("VISCII", b) == VISCII_DECODE[b] for b in range(256))
    # Same as TCVN 5712 VN1 from 0xA0 up; below, VN1 capitals give way to Windows punctuation.
    assert all(iconv("TCVN5712-1", b) == TCVN3_DECODE[b] for b in range(0xA0, 256))


def test_vni_as_seen_in_real_files():
    assert decode_bytes("Tröôøng Vieät Nam, Haø Noäi".encode("cp1252")).text == (
        "Trường Việt Nam, Hà Nội"
    )
    assert decode_bytes("ÑAÛNG BOÄ TÆNH".encode("cp1252"), "vni").text == "ĐẢNG BỘ TỈNH"


def test_ascii_is_utf8_with_full_confidence():
    assert decode_bytes(b"Report 2023: 35-NQ/TW") == Decoded("Report 2023: 35-NQ/TW", "utf-8", 1.0)
    assert decode_bytes(b"") == Decoded("", "utf-8", 1.0)


def test_utf16_with_bom_as_word_saves_unicode_text():
    text = "Ban Thường vụ Tỉnh ủy"
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        assert decode_bytes(data) == Decoded(text, "utf-16", 1.0)
    with pytest.raises(DecodeError, match="not valid UTF-16"):
        decode_bytes(b"\xff\xfe\x00\xd8")


def test_utf8_is_composed():
    nfd = "Ða\u0309ng".replace("Ð", "Đ")
    assert decode_bytes(nfd.encode()).text == "Đảng"
    assert decode_bytes("Đảng".encode(), "utf-8").encoding == "utf-8"


def test_cp1258_combining_marks_are_composed():
    assert decode_bytes(b"Vi\xeat Nam", "cp1258").text == "Viêt Nam"
    assert decode_bytes(b"Vi\xea\xf2t", "cp1258").text == "Việt"


def test_random_binary_is_a_clear_error():
    data = bytes(range(256)) * 4
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(data)
    noise = bytes((i * 7919 + 13) % 96 + 0xA0 for i in range(400))
    with pytest.raises(DecodeError, match=r"Tried utf-8: invalid byte .*; tcvn3: \d+/\d+ words"):
        decode_bytes(noise)
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_bytes(b"\xff\xfe", "utf-8")
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode_bytes(b"x", "latin-9")


def test_random_bytes_never_decode_as_vietnamese():
    for seed in range(50):
        data = random.Random(seed).randbytes(300)
        with pytest.raises(DecodeError):
            decode_bytes(data)


@given(st.binary(max_size=300), st.booleans())
def test_decode_bytes_raises_only_decode_error(data, repair):
    try:
        decoded = decode_bytes(data, repair=repair)
    except DecodeError:
        return
    assert 0.0 <= decoded.confidence <= 1.0
    assert unicodedata.is_normalized("NFC", decoded.text)


@given(st.text(max_size=200))
def test_utf8_of_any_text_decodes_to_its_nfc(text):
    try:
        decoded = decode_bytes(text.encode("utf-8"))
    except DecodeError:
        return  # control characters or NUL: treated as binary
    if decoded.encoding == "utf-8":
        assert decoded.text == unicodedata.normalize("NFC", text)


def test_utf8_of_non_vietnamese_text_stays_utf8():
    for text in ("𠑀", "中华人民共和国", "Привет, мир", "café crème", "emoji 🎉 ok"):
        assert decode_bytes(text.encode()).encoding == "utf-8", text


def test_legacy_bytes_that_happen_to_be_valid_utf8():
    # VISCII "ư" is 0xDF, a UTF-8 lead byte, and "ờ ơ ớ ở" are continuation bytes.
    text = "người thường, phường, tưởng"
    data = encode_legacy(text, "viscii")
    data.decode("utf-8")  # valid, but reads as "ng߶i th߶ng…"
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == (text, "viscii")


def test_mojibake_is_detected_and_converted():
    for sentence in SENTENCES:
        for encoding in ("tcvn3", "vni"):
            mojibake = encode_legacy(sentence, encoding).decode("cp1252", errors="strict")
            found, confidence = detect_legacy(mojibake)
            assert found == encoding
            assert confidence >= 0.75
            assert convert_legacy_text(mojibake) == sentence
            assert convert_legacy_text(mojibake, encoding) == sentence
    assert convert_legacy_text("Tæng kÕt c«ng t¸c tuyªn gi¸o") == "Tổng kết công tác tuyên giáo"


def test_decode_bytes_can_repair_mojibake_saved_as_utf8():
    saved = "Tæng kÕt c«ng t¸c tuyªn gi¸o n¨m 2023 cña Ban Th­êng vô TØnh ñy".encode()
    assert decode_bytes(saved).encoding == "utf-8"
    repaired = decode_bytes(saved, repair=True)
    assert repaired.text == "Tổng kết công tác tuyên giáo năm 2023 của Ban Thường vụ Tỉnh ủy"
    assert repaired.encoding == "utf-8+tcvn3"
    assert repaired.confidence >= 0.8
    unicode = "Tôi là cán bộ, đảng viên.".encode()
    assert decode_bytes(unicode, repair=True).encoding == "utf-8"


def test_detect_legacy_leaves_unicode_and_other_languages_alone():
    assert detect_legacy("Tổng kết công tác tuyên giáo năm 2023")[0] is None
    assert detect_legacy("plain ASCII") == (None, 1.0)
    assert detect_legacy("café crème brûlée")[0] is None
    text = "Tổng kết công tác"
    assert convert_legacy_text(text) == text


def test_convert_keeps_real_unicode_in_half_converted_text():
    mixed = "Tæng kÕt — Tỉnh ủy"
    assert convert_legacy_text(mixed, "tcvn3") == "Tổng kết — Tỉnh ủy"
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy_text("x", "utf-8")


@given(st.text(max_size=200))
def test_legacy_text_functions_never_crash(text):
    found, confidence = detect_legacy(text)
    assert found in (None, "tcvn3", "vni", "cp1258", "viscii")
    assert 0.0 <= confidence <= 1.0
    assert isinstance(convert_legacy_text(text), str)


def test_syllable_shapes():
    for word in ("nghiêng", "khuya", "quốc", "giữa", "Đảng", "TỈNH", "thuở", "hoạch"):
        assert is_syllable(word), word
    for word in ("Tæng", "kÕt", "tịc", "hoàà", "tHế", "bàt", "cềng"):
        assert not is_syllable(word), word


def test_a_long_word_is_judged_in_linear_time():
    # One 32 kB run of ASCII letters after a Vietnamese word (a bomb's filler, a pasted
    # base64 blob) took 100 s when the pattern looked for the non-ASCII letter inside runs.
    text = "Số " + "A" * 32 * 1024 + " Tổng"
    started = time.perf_counter()
    assert plausibility(text) == (2, 2)
    assert detect_legacy(text)[0] is None
    assert time.perf_counter() - started < 0.5
