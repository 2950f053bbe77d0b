"""Throughput of textkit's `extract` on ≥ 10 MB of mixed report text, on one core.

The text mixes, half and half by paragraph, the development set (the texts the rules were
written against) with real report, plan, conclusion, news and State-document text the rules
were not written against (`bench/data/extract_unseen/`, from 141 public sites), recombined
with seeded noise (figures, dates, document numbers, page chrome; stray punctuation, NFD,
upper case) and cut into documents of a few kilobytes as the product sees them. The
reference is one compiled-regex scan (`re.finditer`) over the same text with one pattern for
the whole extraction grammar (see REFERENCE), written the way the pipeline writes its own
scans. Goal: ≥ 4 MB/s and ≥ 0.15 × the reference's speed. See bench/README.md.

Run: .venv/bin/python bench/extract.py [--megabytes N] [--seed N] [--runs N]
"""

import argparse
import random
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

from tuyengiao.textkit.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "textkit" / "data" / "devset"
UNSEEN = ROOT / "bench" / "data" / "extract_unseen"
UNSEEN_SHARE = 0.5  # of the paragraphs drawn (noise aside)
SOURCES = {"devset": DEVSET, "unseen": UNSEEN, "noise": None}
MIN_MB_PER_S = 4.0
MIN_RATIO = 0.15
DOC_BYTES = (1_500, 8_000)

# The extraction grammar as one pass of one compiled pattern: Party, State legal and State
# administrative numbers, numeric dates, the date words, and figures in Vietnamese format.
# This is what the pipeline scans for, without the reading of context it then does.
#
# Written as a competent engineer writes a hot scan (and as the pipeline's own scans are):
# the pattern opens with one character class, every character a match can start with, so
# that sre's search loop skips from candidate to candidate with a table lookup instead of
# entering the pattern at every position. The look-behinds that used to open it ("not glued
# to a word or number before it") come after that first character and look one character
# further back. It finds exactly the matches of the plain spelling
#   (?<![\w/.,\-–])(?:\d{1,4} ?[-–] ?…|…)(?![\w/]) | (?<!\w)(?:[Tt]háng|…)\s+(?:\d{1,4}|[IVX]+)
# (bench/README.md: the two were compared on the bench corpus, span for span).
REFERENCE = re.compile(
    r"[0-9NnTtQqKk]"
    r"(?:(?<=[0-9])(?<![\w/.,\-–].)(?:"  # a number; its first digit is already consumed
    r"\d{0,3} ?[-–] ?[A-Za-zĐđÐ]{1,4} ?/ ?[A-Za-zĐđÐƯư]{1,12}"  # Party: 88-KL/TU
    r"|\d{0,3}/(?:19|20)\d\d/[A-Za-zĐđÐ]{1,6}\d{0,2}(?:-[A-Za-zĐđÐ]{1,12}\d{0,2})*"  # legal
    r"|\d{0,4}/[A-ZĐ][A-Za-zĐđ]{0,7}-[A-ZĐ][A-Za-zĐđ0-9]{0,11}(?:-[A-ZĐ][A-Za-zĐđ0-9]{0,11})*"
    r"|\d?[/.\-]\d{1,2}[/.\-]\d{4}"  # numeric date
    r"|\d{0,2}(?:\.\d{3})+(?:,\d+)? ?%?|\d*(?:,\d+)?(?:/\d+)? ?%?"  # figures, ratios, %
    r")(?![\w/])"
    # A date word at a word start: its first letter is consumed, the look-behind checks the
    # character before it.
    r"|(?<!\w.)(?:(?<=[Tt])háng|(?<=[Nn])(?:ăm|gày|hiệm kỳ)|(?<=[Qq])uý|(?<=[Kk])hóa)"
    r"\s+(?:\d{1,4}|[IVX]+))"
)

NOISE = [
    "Hôm nay: {n:,}\n",
    "Lượt truy cập: {n:,}\n",
    "Ảnh {k}: Quang cảnh hội nghị.\n",
    "Trang chủ | Tin tức | Văn bản | Liên hệ\n",
    "Chia sẻ: Facebook | Zalo | In bài\n",
    "Đã tổ chức {k} hội nghị, thu hút {big} lượt người nghe. ",
    "Tỷ lệ đạt {k},{k2}%. ",
    "Ngày {d}/{m}/20{y:02d}, ",
    "Kế hoạch số {k}-KH/HU ngày {d}-{m}-20{y:02d} thực hiện Nghị quyết số {k2}-NQ/TU. ",
    "Thông tư số {k}/20{y:02d}/TT-BTC. ",
    "Kinh phí {k},{k2} tỷ đồng. ",
    "Có {k}/{k3} xã hoàn thành. ",
    "Ban Chỉ đạo 35 họp nhiệm kỳ 2020-2025. ",
    "... ",
    "— ",
    "(*) ",
]


def build_corpus(megabytes: float, seed: int, shares: dict[str, int] | None = None) -> list[str]:
    """Documents whose UTF-8 size adds up to at least `megabytes`; `shares`, when given,
    receives the UTF-8 bytes drawn from each source (noise, devset, unseen)."""
    rng = random.Random(seed)
    shares = {} if shares is None else shares
    devset, unseen = _paragraphs(DEVSET), _paragraphs(UNSEEN)
    target = int(megabytes * 1_000_000)
    documents: list[str] = []
    total = 0
    while total < target:
        size = rng.randint(*DOC_BYTES)
        pieces: list[str] = []
        length = 0
        while length < size:
            roll = rng.random()
            if roll < 0.3:
                source, piece = "noise", _noise(rng)
            else:
                source = "unseen" if rng.random() < UNSEEN_SHARE else "devset"
                paragraph = rng.choice(unseen if source == "unseen" else devset)
                piece = (_perturbed(paragraph, rng) if roll < 0.4 else paragraph) + "\n\n"
            pieces.append(piece)
            size_of_piece = len(piece.encode("utf-8"))
            shares[source] = shares.get(source, 0) + size_of_piece
            length += size_of_piece
        document = "".join(pieces)
        documents.append(document)
        total += len(document.encode("utf-8"))
    return documents


def _paragraphs(directory: Path) -> list[str]:
    return [
        part.strip()
        for path in sorted(directory.glob("*.txt"))
        for part in path.read_text(encoding="utf-8").split("\n\n")
        if part.strip()
    ]


def _noise(rng: random.Random) -> str:
    template = rng.choice(NOISE)
    return template.format(
        n=rng.randint(100, 99_999_999),
        k=rng.randint(1, 999),
        k2=rng.randint(1, 99),
        k3=rng.randint(10, 99),
        big=f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}",
        d=rng.randint(1, 28),
        m=rng.randint(1, 12),
        y=rng.randint(0, 25),
    )


def _perturbed(paragraph: str, rng: random.Random) -> str:
    """Typing noise: doubled spaces, stray punctuation, a paragraph in NFD or upper case."""
    words = paragraph.split(" ")
    for _ in range(max(1, len(words) // 20)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["", " ", ",", ".", "-", "…", "(", ")"]) + words[i]
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.3:
        return unicodedata.normalize("NFD", text)
    if roll < 0.4:
        return text.upper()
    return text


def cpu_times(runs: int, *works) -> list[list[float]]:
    """`runs` CPU-time measurements of each work, taken in turn.

    CPU time of this process (not wall time), and the works interleaved, so that other
    processes on a shared machine disturb both figures alike and the ratio stays fair."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for i, work in enumerate(works):
            start = time.process_time()
            work()
            times[i].append(time.process_time() - start)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    shares: dict[str, int] = {}
    documents = build_corpus(args.megabytes, args.seed, shares)
    joined = "".join(documents)
    megabytes = len(joined.encode("utf-8")) / 1_000_000
    found = sum(len(extract(doc).quantities) for doc in documents[:50])  # warm-up

    def run_extract() -> None:
        for doc in documents:
            extract(doc)

    def run_reference() -> None:
        for _match in REFERENCE.finditer(joined):
            pass

    extract_times, reference_times = cpu_times(args.runs, run_extract, run_reference)
    # Medians, not the best run: what a typical run costs on this machine.
    extract_rate = megabytes / statistics.median(extract_times)
    reference_rate = megabytes / statistics.median(reference_times)
    ratio = extract_rate / reference_rate

    print(f"bench/extract.py: {megabytes:.1f} MB in {len(documents)} documents (seed {args.seed})")
    drawn = sum(shares.values())
    print(
        "  text (UTF-8 bytes): "
        + ", ".join(f"{name} {shares.get(name, 0) / drawn:.0%}" for name in SOURCES)
    )
    print(f"  warm-up check: {found} quantities in the first 50 documents")
    print(_rate_line("extract:", megabytes, extract_times))
    print(_rate_line("one regex scan:", megabytes, reference_times))
    print(f"  ratio:           {ratio:7.3f}")
    print(f"  thresholds:      extract ≥ {MIN_MB_PER_S} MB/s and ratio ≥ {MIN_RATIO}")
    misses = []
    if extract_rate < MIN_MB_PER_S:
        misses.append(f"extract {extract_rate:.2f} MB/s < {MIN_MB_PER_S}")
    if ratio < MIN_RATIO:
        misses.append(f"ratio {ratio:.3f} < {MIN_RATIO}")
    if misses:
        print("  FAIL: " + "; ".join(misses))
        return 1
    print("  OK")
    return 0


def _rate_line(label: str, megabytes: float, times: list[float]) -> str:
    median = megabytes / statistics.median(times)
    spread = f"{megabytes / max(times):.2f}–{megabytes / min(times):.2f}"
    return f"  {label:<16} {median:7.2f} MB/s, median of {len(times)} runs ({spread})"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
