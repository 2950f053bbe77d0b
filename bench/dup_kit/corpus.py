"""Essay text from real Vietnamese prose: a sentence pool and a word-level Markov model.

Why a model and not the real sentences themselves: 2,000 essays of 3,000 words need six
million words, and the repository holds about 30,000 words of usable prose on each side of
the split. Essays made of the real sentences would reuse each one about 200 times, so that
every two "independent" essays would share about 4 % of their text verbatim, sentence for
sentence, and every pair would be a candidate. A trigram model over the real sentences
(with a bigram step now and then, so that no long stretch of a source is replayed) writes
new sentences in the sources' words and stock phrases: independent essays share what
essays on one topic share (a resolution's title, "Ban Chấp hành Đảng bộ tỉnh", "nâng cao
chất lượng"), not whole sentences.

Sources, split so that the held-out family never sees the development side's texts:
- development: `bench/data/extract_unseen/` (real report, plan, news and State-document text);
- held-out: `tests/textkit/data/devset/`, `reports/`, `meetings/` and `relations/dev/`;
- blind2: `bench/data/dup_blind2/`, a copy made on 2026-12-07 of what prose the repository held
  beyond those two, about 8,000 words: the Vietnamese user guides (Markdown markup dropped),
  the example report of `docs/examples/`, `tests/documents/data/`, the UTF-8 encodings sample
  and the texts of `tests/textkit/data/redact/dev.jsonl` (readers' letters); a copy, so that
  later edits of those files leave the family as it was frozen. A pool that small makes a
  trigram model replay its sources, so this side takes more bigram steps
  (`TRIGRAM_SHARE_BY_SIDE`).
`relations/blind/`, `relations/fresh/`, `reports/blind/` and `redact/blind.jsonl` are other
benchmarks' blind sets and are never read. The folders of the other two sides are read
whole, so texts added to them later change those sets (`relations/dev/` gained 25 texts on
2026-12-07 after the held-out family's first score).
"""

import random
import re
from collections import defaultdict
from pathlib import Path

from tuyengiao.textkit.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "textkit" / "data"
SOURCES = {
    "dev": [ROOT / "bench" / "data" / "extract_unseen"],
    "heldout": [DATA / "devset", DATA / "reports", DATA / "meetings", DATA / "relations" / "dev"],
    "blind2": [ROOT / "bench" / "data" / "dup_blind2"],
}
WORD_RE = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[A-ZĐÀ-Ỹ\"“(])|\n+")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_NO_SPACE_BEFORE = re.compile(r"[.,;:!?)\]…”]")
TRIGRAM_SHARE = 0.7  # of the steps; the others take a bigram step
TRIGRAM_SHARE_BY_SIDE = {"blind2": 0.5}


def words(text: str) -> int:
    return len(WORD_RE.findall(text))


def sentence_pool(side: str) -> list[str]:
    """The distinct sentences of a side's sources: 8 to 80 words, mostly letters, no menus."""
    found: dict[str, None] = {}
    for folder in SOURCES[side]:
        for path in sorted(folder.glob("*.txt")):
            for raw in _SENTENCE_END.split(normalize(path.read_text(encoding="utf-8"))):
                sentence = " ".join(raw.split())
                letters = sum(ch.isalpha() for ch in sentence)
                # Menus ("TRANG CHỦ | TIN TỨC") and lines of figures are not prose.
                prose = "|" not in sentence and letters >= 0.7 * len(sentence)
                if prose and 8 <= words(sentence) <= 80:
                    found[sentence] = None
    return list(found)


class SentenceModel:
    """A trigram model with bigram steps over a sentence pool; `sentence` writes one."""

    def __init__(self, pool: list[str], *, trigram_share: float = TRIGRAM_SHARE) -> None:
        self.trigram_share = trigram_share
        self.starts: list[tuple[str, ...]] = []
        self.bigrams: defaultdict[str, list[str]] = defaultdict(list)
        self.trigrams: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        for sentence in pool:
            tokens = _TOKEN_RE.findall(sentence)
            self.starts.append(tuple(tokens[:2]))
            tokens.append("")
            for n in range(len(tokens) - 1):
                self.bigrams[tokens[n]].append(tokens[n + 1])
                if n:
                    self.trigrams[(tokens[n - 1], tokens[n])].append(tokens[n + 1])

    def sentence(self, rng: random.Random, *, min_words: int = 8) -> str:
        while True:
            tokens = list(rng.choice(self.starts))
            while len(tokens) < 60:
                following = self.trigrams.get((tokens[-2], tokens[-1])) if len(tokens) > 1 else None
                if not following or rng.random() > self.trigram_share:
                    following = self.bigrams.get(tokens[-1]) or [""]
                token = rng.choice(following)
                if not token:
                    break
                tokens.append(token)
            text = _join(tokens)
            if words(text) >= min_words:
                return text if text[-1] in ".!?;…" else text + "."


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        out += token if not out or _NO_SPACE_BEFORE.match(token) else " " + token
    return out
