"""A generated evaluation set: essays that copy, paraphrase or reorder passages of another
entry or of a registry document at known shares, and clean essays (deterministic by seed).

Each derived entry takes one contiguous stretch of a donor (a clean entry or a registry
document, each donor used once, so that no two entries share a passage through a third) and
spreads it through its own text in one of the family's modes. The truth is the share of an
entry's words inside what it took (and, for a donor entry, the share of its words that were
taken); the sources' stock phrases that independent essays also share are not counted.

Families (`FAMILIES`): "dev" is what the thresholds may be tuned on; "heldout" is scored only
to report: other source texts (corpus.SOURCES) and a paraphrase operator the development
never sees (its own synonym table, clause rotation, word transposition, merged sentences).
"heldout" was scored after tuning, so it stopped being blind; "blind2" (added 2026-12-07,
frozen before the rule changes that followed) has its own sources, seed and operator: a
third synonym table, the two sides of a short "A và B" swapped, long sentences split in
two, openers added, letters of a word transposed (a typo that folding does not undo), and
an intensity drawn per entry.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dup_kit.corpus import (
    TRIGRAM_SHARE,
    TRIGRAM_SHARE_BY_SIDE,
    SentenceModel,
    sentence_pool,
    words,
)

FLAG_SHARE = 0.30
DERIVED_PART = 0.35  # of the entries
FROM_REGISTRY = 0.3  # of the derived entries, the others copy an entry
SHARES = (0.05, 0.85)
ESSAY_WORDS = (2_700, 3_300)
REGISTRY_WORDS = (1_500, 5_000)

DEV_SYNONYMS = {
    "tăng cường": "đẩy mạnh",
    "thực hiện": "triển khai",
    "nâng cao": "cải thiện",
    "cán bộ": "công chức",
    "nhân dân": "người dân",
    "quan trọng": "trọng yếu",
    "phát triển": "phát huy",
    "công tác": "hoạt động",
    "kết quả": "thành quả",
    "hiệu quả": "hiệu lực",
    "tích cực": "chủ động",
    "nhiệm vụ": "công việc",
    "giải pháp": "biện pháp",
    "xây dựng": "kiến tạo",
    "tuyên truyền": "phổ biến",
    "chỉ đạo": "điều hành",
    "đánh giá": "nhận định",
    "tiếp tục": "duy trì",
    "yêu cầu": "đòi hỏi",
    "bảo đảm": "đảm bảo",
    "địa phương": "cơ sở",
    "tình hình": "bối cảnh",
    "mục tiêu": "định hướng",
    "các": "những",
    "cần": "phải",
}
DEV_FILLERS = ("rất", "cũng", "đã", "luôn", "thật sự", "nhiều", "một cách", "hết sức")
HELDOUT_SYNONYMS = {
    "lãnh đạo": "dẫn dắt",
    "triển khai": "thực thi",
    "quán triệt": "thấm nhuần",
    "hướng dẫn": "chỉ dẫn",
    "xã hội": "cộng đồng",
    "học tập": "nghiên cứu",
    "hội nghị": "cuộc họp",
    "báo cáo": "tường trình",
    "vận động": "kêu gọi",
    "thường xuyên": "liên tục",
    "đẩy mạnh": "thúc đẩy",
    "tập trung": "chú trọng",
    "khó khăn": "trở ngại",
    "người dân": "bà con",
    "trên địa bàn": "tại địa phương",
    "đồng chí": "ông",
    "ban hành": "đưa ra",
    "kế hoạch": "chương trình",
    "năm": "niên độ",
}

BLIND2_SYNONYMS = {
    "văn bản": "tài liệu",
    "đơn vị": "cơ quan",
    "số liệu": "dữ liệu",
    "cho biết": "phản ánh",
    "đề nghị": "kiến nghị",
    "gia đình": "hộ gia đình",
    "chọn": "lựa chọn",
    "bấm": "nhấn",
    "hiện": "hiển thị",
    "mỗi": "từng",
    "sau khi": "khi đã",
    "không": "chẳng",
    "tổ chức": "tiến hành",
    "đảng viên": "đảng viên, cán bộ",
    "thôn": "xóm",
    "chưa": "vẫn chưa",
    "người": "cá nhân",
    "trang": "màn hình",
    "ghi": "nêu",
    "chi bộ": "tổ chức đảng",
    "xã": "địa phương xã",
    "tháng": "tháng qua",
}
BLIND2_OPENERS = ("Bên cạnh đó, ", "Có thể nói, ", "Ngoài ra, ", "Thực tế cho thấy, ")


def _swapper(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, table)) + r")(?!\w)")


_DEV_RE, _HELDOUT_RE = _swapper(DEV_SYNONYMS), _swapper(HELDOUT_SYNONYMS)
_BLIND2_RE = _swapper(BLIND2_SYNONYMS)
_AND_RE = re.compile(r"(?<!\w)((?:\w+ ){0,2}\w+) và (\w+(?: \w+){0,2})(?!\w)")


def paraphrase_dev(sentence: str, rng: random.Random) -> str:
    """Synonym swaps (six in ten of the table's words), words dropped and fillers inserted
    (each one word in 25)."""
    text = _DEV_RE.sub(lambda m: DEV_SYNONYMS[m[1]] if rng.random() < 0.6 else m[1], sentence)
    out = []
    for token in text.split(" "):
        if rng.random() < 0.04:
            out.append(rng.choice(DEV_FILLERS))
        if rng.random() >= 0.04 or not token[-1:].isalpha():
            out.append(token)
    return " ".join(out)


def paraphrase_heldout(sentence: str, rng: random.Random) -> str:
    """The held-out operator: its own synonyms, the last clause moved to the front (two
    sentences in five that have one), neighbouring words swapped (one word in 25)."""
    text = _HELDOUT_RE.sub(
        lambda m: HELDOUT_SYNONYMS[m[1]] if rng.random() < 0.6 else m[1], sentence
    )
    clauses = text.rstrip(".;").split(", ")
    if len(clauses) > 1 and rng.random() < 0.4:
        text = ", ".join([clauses[-1], *clauses[:-1]]) + "."
    tokens = text.split(" ")
    for n in range(len(tokens) - 1):
        if rng.random() < 0.04:
            tokens[n], tokens[n + 1] = tokens[n + 1], tokens[n]
    return " ".join(tokens)


def paraphrase_blind2(sentence: str, rng: random.Random, intensity: float) -> list[str]:
    """The blind2 operator, as one or two sentences: its own synonyms (half of the table's
    words, times `intensity`), a short "A và B" turned into "B và A" (one in three), a long
    sentence split at a middle comma (one in three of those over 25 words), an opener (one
    sentence in eight), two letters of a word transposed (one word in 40, times
    `intensity`)."""
    text = _BLIND2_RE.sub(
        lambda m: BLIND2_SYNONYMS[m[1]] if rng.random() < 0.5 * intensity else m[1], sentence
    )
    if rng.random() < 0.33:
        text = _AND_RE.sub(lambda m: f"{m[2]} và {m[1]}", text, count=1)
    tokens = text.split(" ")
    for n, token in enumerate(tokens):
        if len(token) >= 4 and token.isalpha() and rng.random() < intensity / 40:
            k = rng.randrange(len(token) - 1)
            tokens[n] = token[:k] + token[k + 1] + token[k] + token[k + 2 :]
    text = " ".join(tokens)
    out = [text]
    commas = [m.start() for m in re.finditer(", ", text)]
    if words(text) > 25 and commas and rng.random() < 0.33:
        cut = min(commas, key=lambda c: abs(c - len(text) / 2))
        first, second = text[:cut].rstrip(".;"), text[cut + 2 :]
        if words(first) >= 5 and words(second) >= 5:
            out = [first + ".", second[:1].upper() + second[1:]]
    if rng.random() < 0.125:
        out[0] = rng.choice(BLIND2_OPENERS) + out[0][:1].lower() + out[0][1:]
    return out


def _pieces_copy(stretch: list[str], rng: random.Random) -> list[list[str]]:
    cuts = sorted(rng.sample(range(1, len(stretch)), min(rng.randint(0, 2), len(stretch) - 1)))
    return [stretch[a:b] for a, b in zip([0, *cuts], [*cuts, len(stretch)], strict=True)]


def _pieces_reorder(stretch: list[str], rng: random.Random) -> list[list[str]]:
    pieces, n = [], 0
    while n < len(stretch):
        size = rng.randint(3, 5)
        pieces.append(stretch[n : n + size])
        n += size
    rng.shuffle(pieces)
    return pieces


def _pieces_paraphrase(stretch: list[str], rng: random.Random) -> list[list[str]]:
    pieces = [[paraphrase_dev(s, rng) for s in piece] for piece in _pieces_copy(stretch, rng)]
    for piece in pieces:
        for n in range(len(piece) - 1):
            if rng.random() < 0.3:
                piece[n], piece[n + 1] = piece[n + 1], piece[n]
    return pieces


def _pieces_heldout(stretch: list[str], rng: random.Random) -> list[list[str]]:
    split = _pieces_reorder if rng.random() < 0.5 else _pieces_copy
    pieces = []
    for piece in split(stretch, rng):
        out: list[str] = []
        for sentence in piece:
            sentence = paraphrase_heldout(sentence, rng)
            if out and rng.random() < 0.2:  # two sentences merged into one
                out[-1] = (
                    out[-1].rstrip(".;") + ", đồng thời " + sentence[:1].lower() + sentence[1:]
                )
            else:
                out.append(sentence)
        pieces.append(out)
    return pieces


def _pieces_blind2(stretch: list[str], rng: random.Random) -> list[list[str]]:
    intensity = rng.uniform(0.5, 1.5)
    if rng.random() < 0.4:  # pieces of 2–4 sentences in another order
        pieces, n = [], 0
        while n < len(stretch):
            size = rng.randint(2, 4)
            pieces.append(stretch[n : n + size])
            n += size
        rng.shuffle(pieces)
    else:
        pieces = _pieces_copy(stretch, rng)
    return [
        [out for s in piece for out in paraphrase_blind2(s, rng, intensity)] for piece in pieces
    ]


Mode = Callable[[list[str], random.Random], list[list[str]]]
FAMILIES: dict[str, tuple[str, dict[str, Mode]]] = {
    "dev": (
        "dev",
        {"copy": _pieces_copy, "reorder": _pieces_reorder, "paraphrase": _pieces_paraphrase},
    ),
    "heldout": ("heldout", {"heldout": _pieces_heldout}),
    "blind2": ("blind2", {"blind2": _pieces_blind2}),
}


@dataclass
class EvaluationSet:
    """Entries and references as (key, text); `truth` is each entry's largest share of its
    words in common with one other text; `made` says how a derived entry was made."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    truth: dict[str, float] = field(default_factory=dict)
    made: dict[str, tuple[str, str]] = field(default_factory=dict)  # key: (mode, donor)


def evaluation_set(*, family: str, entries: int, references: int, seed: int) -> EvaluationSet:
    side, modes = FAMILIES[family]
    rng = random.Random(f"{family}-{seed}")
    model = SentenceModel(
        sentence_pool(side), trigram_share=TRIGRAM_SHARE_BY_SIDE.get(side, TRIGRAM_SHARE)
    )
    essays = [_sentences(model, rng, rng.randint(*ESSAY_WORDS)) for _ in range(entries)]
    registry = [_sentences(model, rng, rng.randint(*REGISTRY_WORDS)) for _ in range(references)]
    keys = [f"{family}-e{n}" for n in range(entries)]
    order = list(range(entries))
    rng.shuffle(order)
    derived, clean = order[: int(DERIVED_PART * entries)], order[int(DERIVED_PART * entries) :]
    spare_entries, spare_registry = list(clean), list(range(references))
    out = EvaluationSet(truth=dict.fromkeys(keys, 0.0))
    texts = list(essays)
    for n in derived:
        from_registry = spare_registry and (rng.random() < FROM_REGISTRY or not spare_entries)
        donor = spare_registry.pop() if from_registry else spare_entries.pop()
        source = registry[donor] if from_registry else essays[donor]
        mode = rng.choice(sorted(modes))
        share, donor_share, texts[n] = _derive(essays[n], source, modes[mode], rng)
        donor_key = f"{family}-r{donor}" if from_registry else keys[donor]
        out.made[keys[n]] = (mode, donor_key)
        out.truth[keys[n]] = share
        if not from_registry:
            out.truth[donor_key] = max(out.truth[donor_key], donor_share)
    out.entries = [(key, _text(s, rng)) for key, s in zip(keys, texts, strict=True)]
    out.references = [(f"{family}-r{n}", _text(s, rng)) for n, s in enumerate(registry)]
    return out


def _sentences(model: SentenceModel, rng: random.Random, total: int) -> list[str]:
    out, count = [], 0
    while count < total:
        out.append(model.sentence(rng))
        count += words(out[-1])
    return out


def _derive(
    own: list[str], donor: list[str], mode: Mode, rng: random.Random
) -> tuple[float, float, list[str]]:
    """The entry's sentences with a stretch of the donor spread through them, the share of
    the entry's words taken, and the share of the donor's words taken."""
    total = sum(map(words, own))
    need = rng.uniform(*SHARES) * total
    start = rng.randrange(len(donor))
    stretch: list[str] = []
    for sentence in donor[start:] + donor[:start]:
        if sum(map(words, stretch)) >= need:
            break
        stretch.append(sentence)
    pieces = mode(stretch, rng)
    taken = sum(words(s) for piece in pieces for s in piece)
    kept, count = [], 0
    for sentence in own:
        if count + taken >= total:
            break
        kept.append([sentence])
        count += words(sentence)
    for piece in pieces:
        kept.insert(rng.randint(0, len(kept)), piece)
    text = [s for group in kept for s in group]
    return taken / sum(map(words, text)), sum(map(words, stretch)) / sum(map(words, donor)), text


def _text(sentences: list[str], rng: random.Random) -> str:
    paragraphs, n = [], 0
    while n < len(sentences):
        size = rng.randint(4, 7)
        paragraphs.append(" ".join(sentences[n : n + size]))
        n += size
    return "\n\n".join(paragraphs)
