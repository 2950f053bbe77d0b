"""The faster spellings of whole-text scans (bench/README.md, extract.py) find what the
plain spellings they replaced find, on any text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tuyengiao.textkit import dates, quantities, vocab
from tuyengiao.textkit.docnum import clauses
from tuyengiao.textkit.meetings import atoms
from tuyengiao.textkit.relations import cues


def _texts(*pieces: str) -> st.SearchStrategy[str]:
    """Texts made of the pieces a scan cares about, in any order and number."""
    return st.lists(st.sampled_from(pieces), max_size=12).map("".join)


@given(_texts("1", "2", "0", "8", "9", "19", "20", "2020", "1920", " ", "a", "/", "\u0663"))
@settings(max_examples=500)
def test_year_starts_are_those_of_one_year_scan(text: str) -> None:
    assert dates._year_starts(text) == [m.start() for m in dates._YEAR_RE.finditer(text)]


@given(_texts("0", "1", "5", "9", " ", "\n", "h", "g", ":", "giờ", "a", "00", "\u0663"))
@settings(max_examples=500)
def test_hour_anchors_are_those_of_the_digit_led_scan(text: str) -> None:
    expected = [m.start() for m in atoms._HOUR_ANCHOR.finditer(text)]
    assert atoms._hour_anchors(text) == expected


_PLAIN_WORD_ANCHORS = tuple(
    re.compile(pattern)
    for pattern in (
        "thời gian",
        "sáng" + atoms._SESSION_NEXT,
        "chiều" + atoms._SESSION_NEXT,
        "tối" + atoms._SESSION_NEXT,
        "trưa" + atoms._SESSION_NEXT,
        r"hôm nay(?!\s*:)",
        r"ngày (?:mai\b|kia\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*,"
        r"(?=[^.;\n]{0,80}?(?:tổ chức|diễn ra|khai mạc|họp|làm việc)))",
        "vào ngày",
    )
)


@given(
    _texts(
        "thời gian",
        "sáng",
        "chiều",
        "tối",
        "trưa",
        "hôm nay",
        "ngày ",
        "vào ngày",
        " ",
        "mai",
        "kia",
        "12/3/2026",
        ",",
        " họp",
        ":",
        "thời",
        "nay",
        "\n",
    )
)
@settings(max_examples=500)
def test_word_anchors_find_the_plain_words(text: str) -> None:
    for (anchor, skip), plain in zip(atoms._WORD_ANCHORS, _PLAIN_WORD_ANCHORS, strict=True):
        assert [m.start() - skip for m in anchor.finditer(text)] == [
            m.start() for m in plain.finditer(text)
        ]


_HEADS = sorted(map(re.escape, vocab.CHROME_LINE_HEADS), key=len, reverse=True)
_PLAIN_CHROME = r"[ \t|•·»>\-*]*(?:" + "|".join(_HEADS) + r")\b[^\n]{0,80}$"


@given(
    _texts(
        *vocab.CHROME_LINE_HEADS,
        *(head.upper() for head in vocab.CHROME_LINE_HEADS),
        "\n",
        " ",
        "•",
        ": 1,996",
        "x" * 90,
        "K",
        "İ",
        "ı",
        "a",
    )
)
@settings(max_examples=500)
def test_chrome_lines_grouped_by_first_letter(text: str) -> None:
    flags = re.IGNORECASE | re.MULTILINE
    first = re.compile(_PLAIN_CHROME, flags).match(text)
    found = quantities._CHROME_LINE.match(text)
    assert (first and first.span()) == (found and found.span())
    plain = re.compile(r"\n(?P<line>" + _PLAIN_CHROME + ")", flags)
    assert [m.span("line") for m in plain.finditer(text)] == [
        m.span("line") for m in quantities._CHROME_NEXT_LINE.finditer(text)
    ]


_PLAIN_BREAKS = (
    (re.compile(r"[.!?](?=\s)|[|;]|\n[ \t\r]*\n"), cues.SURE_BREAK),
    (re.compile(r"[.!?](?=\s)|[|]|\n[ \t\r]*\n"), cues._SURE_HARD),
)


@given(_texts(".", "!", "?", "|", ";", "\n", " ", "\t", "\r", "a"), st.data())
@settings(max_examples=500)
def test_sure_breaks_open_with_one_class(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for plain, fast in _PLAIN_BREAKS:
        a, b = plain.search(text, lo, hi), fast.search(text, lo, hi)
        assert (a and (a.span(), a.group())) == (b and (b.span(), b.group()))


_PLAIN_TITLE_END = re.compile(
    r"[;\n”\")\].,(\s](?:(?<=[;\n”\")\]])|(?<=\.)(?=\s|$)"
    r"|(?<=\s)\s*(?:ngày|Ngày)\s+\d|(?<=\s)\s*(?:đã|đang|sẽ|được|có hiệu lực)\s"
    r"|(?<=,)\s+(?:đến nay|trong đó|theo đó|qua đó|đồng thời|tuy nhiên|kết quả|tính đến|sau|từ"
    r"|còn|nhưng|song|trong|tại|qua|nhằm|để|[A-ZĐ])|(?<=\s)\s*\(\s*\d|(?<=\()\s*\d)"
)


@given(
    _texts(
        " ",
        "  ",
        "\n",
        "ngày 5",
        "Ngày 1",
        "đã ",
        "được ",
        "có hiệu lực ",
        "(",
        "( 3",
        ",",
        ", ",
        "trong đó",
        "A",
        ".",
        ". ",
        "x",
        ";",
    ),
    st.data(),
)
@settings(max_examples=500)
def test_title_end_starts_where_it_did(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    a, b = _PLAIN_TITLE_END.search(text, lo, hi), clauses._TITLE_END.search(text, lo, hi)
    assert (a and a.start()) == (b and b.start())
