"""`search_key`'s path through bytes gives the words its general path gives."""

import random
import unicodedata
from pathlib import Path

from tuyengiao.documents.search import _MARKS, _NON_WORD, search_key

DEVSET = Path(__file__).resolve().parents[1] / "textkit" / "data" / "devset"


def general(text: str) -> str:
    for letter in "đĐÐð":
        text = text.replace(letter, "d")
    decomposed = unicodedata.normalize("NFD", text)
    return _NON_WORD.sub(" ", _MARKS.sub("", decomposed).casefold()).strip()


def test_vietnamese_text_folds_as_before():
    texts = [path.read_text() for path in sorted(DEVSET.glob("*.txt"))]
    assert texts
    for text in texts:
        assert search_key(text) == general(text)
    assert search_key("Nghị quyết số 35-NQ/TW “về” Đảng… 2021 – 2025") == (
        "nghi quyet so 35 nq tw ve dang 2021 2025"
    )


def test_any_mix_of_scripts_marks_and_separators_folds_as_before():
    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠáàảãạĐđÐð  ,.-/_–—“”…\u00a0\u200b\u0301\u0300\u0338"
        "ÆæøßΩωЖж中文١٢Ⅻⓐǅ²³¼\t\n0123456789ʹ\u0374\u2126ﬁ≮İı"
    )
    rng = random.Random(20)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert search_key(text) == general(text), text
