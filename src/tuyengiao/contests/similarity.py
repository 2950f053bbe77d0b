"""Near-duplicate detection among a contest's text entries and against the registry's texts.

Pure Python (no Django, no models): the contest app passes texts in and stores what comes out.

How it works, and why:
- Words: the text is normalised (`textkit.normalize`: NFC, Đ look-alikes, plain spaces) and
  cut into words; a word's key is `textkit.normalize.fold` of it: lower case and no
  diacritics. Folding keeps a passage found when it was retyped without diacritics, in old
  tone placement ("hoà"/"hòa") or from a page that lost its marks; the words it merges
  ("Đảng"/"đang") rarely make a whole shingle alike. Measured against keys that keep the
  diacritics (`tone_key`, case folded): the same flags on 400 generated entries and the same
  shares between 12 essays of real text (largest 11.0 %), so folding costs nothing seen.
- Shingles: every run of SHINGLE_WORDS consecutive keys, hashed to 32 bits.
- Candidates: MinHash signatures (datasketch's permutations) of overlapping windows of
  WINDOW_SHINGLES shingles, indexed in datasketch's MinHashLSH. A window signature rather
  than one per text, because a contest asks "does an entry share 30 % of its text with
  another", a containment that a whole-text Jaccard hides when the texts differ in length;
  a copied passage makes whole windows alike. Shingles found in many texts (stock phrases:
  a resolution's title) are left out of the windows, so they make no candidate on their own.
- Verification: for each candidate pair, the exact shared shingles are chained into runs
  along both texts (a gap of up to MAX_GAP words tolerates substituted, inserted or dropped
  words; each run is local, so reordered paragraphs give one run each). Runs of at least
  MIN_RUN_WORDS words are kept; each one's edges are moved outwards over the words that still
  align across a rewritten word (`_reach`; a run of shingles starts at its first intact
  shingle, so a paraphrase lost the words before a rewritten one); then neighbours are
  joined, as a group, when together they are close in both texts and leave holes alike in
  size in both (a rewritten stretch, swapped sentences), a hole longer than JOIN_GAP only if
  the two texts' holes share most of their words. These are the passages, and a text's
  share is the part of its words inside them. Larger gaps in general were measured to chain
  the stock phrases of independent official texts into false passages (bench/README.md,
  contests_dup.py).

`overlaps_find` is the collection-wide search; `overlap_measure` compares two texts (what a
staff page shows side by side).
"""

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from tuyengiao.textkit.normalize import fold, normalize

# The rule: an entry that shares at least this part of its words with another text is
# flagged for staff to look at before judging.
FLAG_SHARE = 0.30
SHINGLE_WORDS = 5
WINDOW_SHINGLES = 128  # each window overlaps the next by half
LSH_BANDS, LSH_ROWS = 16, 3  # a window pair of Jaccard 0.4 collides with p ≈ 0.65
MINHASH_SEED = 21
MAX_GAP = 20
JOIN_GAP = 30  # shingles between two runs of one passage (`_joined`)
# A hole between two runs of one passage up to this many shingles when the two texts' holes
# share this part of their words (`_compact`).
LONG_GAP, HOLE_ALIKE = 60, 0.5
JOIN_SKEW = 10  # largest difference between the two texts' gaps that `_joined` bridges
MIN_RUN_WORDS = 15
# A run's edge is moved over words aligned within this many of the diagonal, until the
# alignment's score falls this far below its best (`_reach`).
REACH_BAND, REACH_DROP = 2, 3
# An entry's share seen from the other text's comparison, this far below the rule, has the
# entry compared in its own order (`overlaps_find`).
RECHECK_MARGIN = 0.05
# A shingle in more than this share of the texts (and at least STOP_MIN_TEXTS of them) is a
# stock phrase for the candidate search (verification still counts it inside a passage).
STOP_SHARE, STOP_MIN_TEXTS = 0.01, 20
# A bucket holding more texts than this holds what every text has: it makes no candidate.
MAX_BUCKET = 64
# Counted exactly besides the windows (`_shared_pairs`): a pair whose shorter text has this
# part of its shingles, and at least MIN_SHARED, in the other.
SHARED_PART, MIN_SHARED = 0.1, 8

_WORD_RE = re.compile(r"\w+")
_WORD_SPLIT_RE = re.compile(r"(\w+)")
_U64 = np.uint64


@dataclass(frozen=True)
class Passage:
    """A passage two texts share: character spans in the normalised text of each, and
    how many words of the first and the second it covers."""

    text_span: tuple[int, int]
    other_span: tuple[int, int]
    text_words: int
    other_words: int


@dataclass(frozen=True)
class Overlap:
    """What a text (`key`) shares with another (`other`): the share of each one's words
    inside the shared passages, and the passages in the order of the first text."""

    key: Hashable
    other: Hashable
    other_is_reference: bool
    share: float
    other_share: float
    passages: tuple[Passage, ...] = field(repr=False)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(fold(word).encode())


class _Text:
    """A text's normalised form, its words and its shingle hashes."""

    __slots__ = ("_offsets", "distinct", "keys", "normalized", "shingles", "words")

    def __init__(self, text: str) -> None:
        self.normalized = normalize(text)
        words = _WORD_RE.findall(self.normalized)
        self.words = len(words)
        keys = np.fromiter(map(_word_hash, words), _U64, len(words))
        # Each word's key for a run's edges (`_reach`): 31 bits of its hash, negative for a
        # word with a figure (int32 rather than int64: 4 bytes a word less).
        figures = np.fromiter((not w.isalpha() for w in words), bool, len(words))
        halved = (keys >> _U64(1)).astype(np.int32)
        self.keys = np.where(figures, -1 - halved, halved)
        self.shingles = _shingle_hashes(keys)
        self.distinct = _distinct(self.shingles)
        self._offsets: np.ndarray | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Characters from the start of word `first` to the end of word `last`."""
        if self._offsets is None:
            # Separator, word, separator, word…: the running length of the pieces gives
            # where each word starts (at 2n) and ends (at 2n + 1), without a match object
            # per word.
            pieces = _WORD_SPLIT_RE.split(self.normalized)
            self._offsets = np.fromiter(accumulate(map(len, pieces)), np.int64, len(pieces))
        return int(self._offsets[2 * first]), int(self._offsets[2 * last + 1])


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique's hash table is slower on a few thousand)."""
    ordered = np.sort(values)
    return (
        ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(values) else ordered
    )


def _shingle_hashes(words: np.ndarray) -> np.ndarray:
    """32-bit hashes of every SHINGLE_WORDS consecutive words (one shingle for a shorter
    text that has words at all)."""
    if len(words) == 0:
        return np.zeros(0, np.uint32)
    k = min(SHINGLE_WORDS, len(words))
    count = len(words) - k + 1
    h = np.zeros(count, _U64)
    with np.errstate(over="ignore"):
        # Each word multiplied in (its low bits reach the high ones), then MurmurHash3's
        # 64-bit finalizer, so that every word moves the 32 bits kept.
        for j in range(k):
            h = (h ^ words[j : j + count]) * _U64(0x9E3779B97F4A7C15)
            h ^= h >> _U64(32)
        h = (h ^ (h >> _U64(33))) * _U64(0xFF51AFD7ED558CCD)
        h = (h ^ (h >> _U64(33))) * _U64(0xC4CEB9FE1A85EC53)
    return ((h ^ (h >> _U64(33))) >> _U64(32)).astype(np.uint32)


# --- the exact comparison of two texts ------------------------------------------------------


def overlap_measure(*, text: str, other: str) -> Overlap:
    """The passages `text` and `other` share, side by side, and each one's share of them."""
    return _verify(_Text(text), _Text(other), key=None, other_key=None, reference=False)


def _verify(a: _Text, b: _Text, *, key: Hashable, other_key: Hashable, reference: bool) -> Overlap:
    runs = _runs(a, b)
    passages = []
    a_words = b_words = 0
    for i0, i1, j0, j1 in runs:
        a_last, b_last = i1 + SHINGLE_WORDS - 1, j1 + SHINGLE_WORDS - 1
        a_last, b_last = min(a_last, a.words - 1), min(b_last, b.words - 1)
        passages.append(
            Passage(a.span(i0, a_last), b.span(j0, b_last), a_last - i0 + 1, b_last - j0 + 1)
        )
        a_words += a_last - i0 + 1
    b_words = _covered([(p_j0, p_j1) for _, _, p_j0, p_j1 in runs], b.words)
    return Overlap(
        key=key,
        other=other_key,
        other_is_reference=reference,
        share=a_words / a.words if a.words else 0.0,
        other_share=b_words / b.words if b.words else 0.0,
        passages=tuple(passages),
    )


def _covered(runs: list[tuple[int, int]], words: int) -> int:
    """Words of a text inside runs given by their first and last shingle (runs may overlap
    on this side: two paragraphs of an entry may both copy one paragraph)."""
    total, end = 0, -1
    for first, last in sorted(runs):
        last = min(last + SHINGLE_WORDS - 1, words - 1)
        if last > end:
            total += last - max(first, end + 1) + 1
            end = last
    return total


def _runs(a: _Text, b: _Text) -> list[tuple[int, int, int, int]]:
    """Runs of shared shingles as (first, last) shingle positions in `a` and in `b`.

    Matches are taken in the order of `a`; one extends a run when it lies at most MAX_GAP
    words after the run's last match in both texts, so a substituted or inserted word (which
    breaks SHINGLE_WORDS shingles) does not cut the run. Runs in `a` never overlap.
    """
    open_runs: list[list[int]] = []  # [first_i, last_i, first_j, last_j, last_match_j]
    done: list[list[int]] = []
    last: list[int] | None = None
    for i, places in _matches(a.shingles, b.shingles, a.distinct, b.distinct):
        still: list[list[int]] = []
        for run in open_runs:
            (still if i - run[1] <= MAX_GAP else done).append(run)
        open_runs = still
        if last is not None and i == last[1] + 1 and last[4] + 1 in places:
            last[1] = i  # the common case: the next shingle on the same diagonal
            last[4] += 1
            last[3] = max(last[3], last[4])
            continue
        for j in places:
            extended = _run_to_extend(open_runs, i, j)
            if extended is not None:
                extended[1], extended[4] = i, j
                extended[2], extended[3] = min(extended[2], j), max(extended[3], j)
                last = extended
                break
        else:
            # A phrase the other text holds in several places: a run from each (a few), the
            # one that goes on wins in `_disjoint`.
            opened = [[i, i, j, j, j] for j in places[:4]]
            open_runs.extend(opened)
            last = opened[0]
    done.extend(open_runs)
    kept = [r for r in done if r[1] - r[0] + SHINGLE_WORDS >= MIN_RUN_WORDS]
    return _joined(_extended(_disjoint(sorted(kept, key=lambda r: (r[0], -r[1]))), a, b), a, b)


def _matches(
    a: np.ndarray, b: np.ndarray, a_distinct: np.ndarray, b_distinct: np.ndarray
) -> list[tuple[int, list[int]]]:
    """Each position of `a` whose shingle `b` holds, with the positions of it in `b`."""
    common = np.intersect1d(a_distinct, b_distinct, assume_unique=True)
    if len(common) == 0:
        return []
    in_b: defaultdict[int, list[int]] = defaultdict(list)
    b_at = _positions(b, common)
    for j, value in zip(b_at.tolist(), b[b_at].tolist(), strict=True):
        in_b[value].append(j)
    a_at = _positions(a, common)
    return [(i, in_b[v]) for i, v in zip(a_at.tolist(), a[a_at].tolist(), strict=True)]


def _positions(shingles: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Positions in `shingles` of the values in `common` (sorted)."""
    found = np.searchsorted(common, shingles).clip(max=len(common) - 1)
    return np.flatnonzero(common[found] == shingles)


def _run_to_extend(open_runs: list[list[int]], i: int, j: int) -> list[int] | None:
    best, best_drift = None, MAX_GAP + 1
    for run in open_runs:
        step_i, step_j = i - run[1], j - run[4]
        if step_i > 0 and 0 < step_j <= MAX_GAP and abs(step_i - step_j) < best_drift:
            best, best_drift = run, abs(step_i - step_j)
    return best


def _joined(
    runs: list[tuple[int, int, int, int]], a: _Text, b: _Text
) -> list[tuple[int, int, int, int]]:
    """Neighbouring runs joined into one passage when, taken together, they are close in
    both texts (no hole longer than JOIN_GAP shingles on either side) and leave holes of
    about the same size in both (JOIN_SKEW): the words of the holes were rewritten, and
    belong to the passage. Two copied paragraphs that an entry puts around a sentence of
    its own leave a hole in the entry and none in the other text, so they stay apart.

    Runs are taken as a group, from each passage's first run to the furthest one that makes
    such a group, rather than two by two: when a paraphrase swaps sentences, or rewrites
    one whole sentence next to a swap, each run on its own is far (in the other text) from
    the one before it, and only the group as a whole is compact."""
    out: list[tuple[int, int, int, int]] = []
    n = 0
    while n < len(runs):
        last = n
        m = n + 1
        while m < len(runs) and runs[m][0] - runs[m - 1][1] <= LONG_GAP:
            if _compact(runs[n : m + 1], a, b):
                last = m
            m += 1
        group = runs[n : last + 1]
        out.append((group[0][0], group[-1][1], min(r[2] for r in group), max(r[3] for r in group)))
        n = last + 1
    return out


def _compact(group: list[tuple[int, int, int, int]], a: _Text, b: _Text) -> bool:
    """Whether runs (in the order of `a`, each within LONG_GAP shingles of the one before)
    are also close in `b`, with holes of about the same size in both texts; a hole longer
    than JOIN_GAP (up to LONG_GAP) only when the long holes of both texts share HOLE_ALIKE
    of their words (a rewritten sentence keeps most of its words)."""
    a_holes, long_a = 0, []
    for before, after in pairwise(group):
        a_holes += max(0, after[0] - before[1] - SHINGLE_WORDS)
        if after[0] - before[1] > JOIN_GAP:
            long_a.extend(a.keys[before[1] + SHINGLE_WORDS : after[0]].tolist())
    b_holes, end, long_b = 0, -1, []
    for _, _, j0, j1 in sorted(group, key=lambda r: r[2]):
        if end >= 0 and j0 > end:
            if j0 - end > LONG_GAP:
                return False
            if j0 - end > JOIN_GAP:
                long_b.extend(b.keys[end + SHINGLE_WORDS : j0].tolist())
            b_holes += max(0, j0 - end - SHINGLE_WORDS)
        end = max(end, j1)
    if abs(a_holes - b_holes) > JOIN_SKEW:
        return False
    if long_a or long_b:
        shared = sum((Counter(long_a) & Counter(long_b)).values())
        return shared >= HOLE_ALIKE * max(len(long_a), len(long_b))
    return True


def _extended(
    runs: list[tuple[int, int, int, int]], a: _Text, b: _Text
) -> list[tuple[int, int, int, int]]:
    """Each run's ends moved outwards over the words that still align in both texts
    (`_reach`), never into the run before or after it in `a`.

    A run starts and ends at an intact shingle, so a word rewritten two words into a
    paraphrased passage costs the passage the two words before it as well: they are the
    passage's words, aligned across the rewritten one."""
    out: list[tuple[int, int, int, int]] = []
    a_keys, b_keys = a.keys.tolist(), b.keys.tolist()
    tail = SHINGLE_WORDS - 1  # a run's last word is its last shingle's position + tail
    for n, (i0, i1, j0, j1) in enumerate(runs):
        floor = out[-1][1] + tail + 1 if out else 0
        ceiling = runs[n + 1][0] - 1 if n + 1 < len(runs) else len(a_keys) - 1
        back_a, back_b = _reach(
            a_keys[max(floor, i0 - MAX_GAP) : i0][::-1], b_keys[max(0, j0 - MAX_GAP) : j0][::-1]
        )
        on_a, on_b = _reach(
            a_keys[i1 + tail + 1 : min(ceiling, i1 + tail + MAX_GAP) + 1],
            b_keys[j1 + tail + 1 : j1 + tail + 1 + MAX_GAP],
        )
        out.append((i0 - back_a, i1 + on_a, j0 - back_b, j1 + on_b))
    return out


def _reach(a: list[int], b: list[int]) -> tuple[int, int]:
    """How many words of `a` and of `b` (keys, each read from a run's edge outwards) align
    as the run's continuation: the end of the best-scoring alignment of their beginnings (a
    word alike +1; a word changed, added or dropped -1), cut off once the score falls
    REACH_DROP below its best (BLAST's X-drop), and only if it scores above 0.

    A word with a figure (a negative key) is never changed, added or dropped: a paraphrase
    keeps figures, dates and document numbers, while two official texts built on one
    template ("Căn cứ Nghị định số …/NĐ-CP ngày … của Chính phủ về …") differ in them."""
    best, best_at = 0, (0, 0)
    previous: dict[int, int] = {}  # the row before: words of `b` -> score
    for x in range(len(a) + 1):
        row: dict[int, int] = {}
        for y in range(max(0, x - REACH_BAND), min(len(b), x + REACH_BAND) + 1):
            options = [0] if x == y == 0 else []
            if x and y and y - 1 in previous:  # a word of each: alike or changed
                if a[x - 1] == b[y - 1]:
                    options.append(previous[y - 1] + 1)
                elif a[x - 1] >= 0 and b[y - 1] >= 0:
                    options.append(previous[y - 1] - 1)
            if x and y in previous and a[x - 1] >= 0:  # a word of `a` only
                options.append(previous[y] - 1)
            if y and y - 1 in row and b[y - 1] >= 0:  # a word of `b` only
                options.append(row[y - 1] - 1)
            if options:
                row[y] = max(options)
                if row[y] > best:
                    best, best_at = row[y], (x, y)
        if not row or max(row.values()) < best - REACH_DROP:
            break
        previous = row
    return best_at


def _disjoint(runs: list[list[int]]) -> list[tuple[int, int, int, int]]:
    """Runs sorted by start in `a`, each cut to start after the words of the one before (a
    word of `a` counts once), and dropped when what is left is shorter than MIN_RUN_WORDS:
    a phrase that the other text repeats elsewhere is not a second passage."""
    out: list[tuple[int, int, int, int]] = []
    for i0, i1, j0, j1, _ in runs:
        if out and i0 < out[-1][1] + SHINGLE_WORDS:
            cut = out[-1][1] + SHINGLE_WORDS - i0
            i0, j0 = i0 + cut, min(j0 + cut, j1)
            if i1 - i0 + SHINGLE_WORDS < MIN_RUN_WORDS:
                continue
        out.append((i0, i1, j0, j1))
    return out


# --- the collection-wide search -------------------------------------------------------------


def overlaps_find(
    *,
    entries: Iterable[tuple[Hashable, str]],
    references: Iterable[tuple[Hashable, str]] = (),
    min_share: float = FLAG_SHARE,
) -> list[Overlap]:
    """Every overlap in which an entry shares at least `min_share` of its words with another
    entry or with a reference text (the registry's), with its passages.

    An overlap between two entries is given for each entry that reaches `min_share` (the two
    shares differ when the texts differ in length); references are never flagged.
    """
    entry_list = [(key, _Text(text)) for key, text in entries]
    reference_list = [(key, _Text(text)) for key, text in references]
    texts = [t for _, t in entry_list] + [t for _, t in reference_list]
    keys = [k for k, _ in entry_list] + [k for k, _ in reference_list]
    found = []
    for x, y in sorted(_candidate_pairs(texts, entries=len(entry_list))):
        reference = y >= len(entry_list)
        overlap = _verify(texts[x], texts[y], key=keys[x], other_key=keys[y], reference=reference)
        if overlap.share >= min_share:
            found.append(overlap)
        # The other entry's share as this comparison sees it is what passages found in the
        # order of this text cover; compared in its own order (what `overlap_measure` shows
        # staff for it) it can be a little larger, so one near the rule is compared again.
        if not reference and overlap.other_share >= min_share - RECHECK_MARGIN:
            back = _verify(texts[y], texts[x], key=keys[y], other_key=keys[x], reference=False)
            if back.share >= min_share:
                found.append(back)
    return found


def _candidate_pairs(texts: Sequence[_Text], *, entries: int) -> set[tuple[int, int]]:
    """Pairs (entry, other) of indexes into `texts` whose windows collide in the LSH index;
    the first `entries` texts are entries, the others references."""
    stop = _stock_shingles(texts)
    permutations = MinHash(num_perm=LSH_BANDS * LSH_ROWS, seed=MINHASH_SEED).permutations
    lsh = MinHashLSH(num_perm=LSH_BANDS * LSH_ROWS, params=(LSH_BANDS, LSH_ROWS))
    with lsh.insertion_session() as session:
        for index, text in enumerate(texts):
            shingles = (
                np.delete(text.shingles, _positions(text.shingles, stop))
                if len(stop)
                else text.shingles
            )
            for signature in window_signatures(shingles, permutations):
                session.insert(
                    index,
                    LeanMinHash(seed=MINHASH_SEED, hashvalues=signature, scheme="affine32"),
                    check_duplication=False,
                )
    pairs: set[tuple[int, int]] = set()
    for table, counts in zip(lsh.hashtables, lsh.get_counts(), strict=True):
        for bucket, count in counts.items():
            if count < 2 or count > MAX_BUCKET:
                continue
            ordered = sorted(table.get(bucket))
            for n, x in enumerate(ordered):
                if x >= entries:
                    break
                pairs.update((x, y) for y in ordered[n + 1 :])
    return pairs | _shared_pairs(texts, entries=entries, stop=stop)


def _shared_pairs(
    texts: Sequence[_Text], *, entries: int, stop: np.ndarray
) -> set[tuple[int, int]]:
    """Pairs (entry, other) in which the shorter text has at least SHARED_PART of its distinct
    shingles (and MIN_SHARED) in the other, counted exactly.

    The windows miss a short text: one of 80 words that takes 30 of them from an essay has a
    single window, whose Jaccard with the essay's window is about 0.1, a collision in 2 % of
    cases. Counting shared shingles finds it whatever the lengths; stock shingles and those
    in more than MAX_BUCKET texts are left out, as in the windows."""
    if len(texts) < 2:
        return set()
    hashes = np.concatenate([t.distinct for t in texts])
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t.distinct) for t in texts])
    if len(stop):
        keep = ~np.isin(hashes, stop)
        hashes, owners = hashes[keep], owners[keep]
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
    sizes = np.diff(np.append(starts, len(hashes)))
    n = np.int64(len(texts))
    keys = []
    for size in range(2, MAX_BUCKET + 1):
        groups = starts[sizes == size]
        if not len(groups):
            continue
        members = owners[groups[:, None] + np.arange(size)]  # owners ascend within a group
        for i in range(size - 1):
            for j in range(i + 1, size):
                keys.append(members[:, i] * n + members[:, j])
    if not keys:
        return set()
    pair_keys, shared = np.unique(np.concatenate(keys), return_counts=True)
    first, second = pair_keys // n, pair_keys % n
    lengths = np.array([len(t.distinct) for t in texts])
    shorter = np.minimum(lengths[first], lengths[second])
    wanted = (shared >= np.maximum(MIN_SHARED, SHARED_PART * shorter)) & (first < entries)
    return set(zip(first[wanted].tolist(), second[wanted].tolist(), strict=True))


def _stock_shingles(texts: Sequence[_Text]) -> np.ndarray:
    limit = max(STOP_MIN_TEXTS, int(STOP_SHARE * len(texts)))
    if len(texts) <= limit:
        return np.zeros(0, np.uint32)
    ordered = np.sort(np.concatenate([t.distinct for t in texts]))
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1], [True])))
    counts = np.diff(starts)
    return ordered[starts[:-1][counts > limit]]


def window_signatures(
    shingles: np.ndarray, permutations: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """MinHash signatures (datasketch's affine32 scheme) of the windows of WINDOW_SHINGLES
    shingles that start every WINDOW_SHINGLES / 2 shingles, one row per window.

    The minimum over each half-window is taken once and two neighbours make a window, so each
    shingle is permuted once. tests/contests/test_similarity.py checks a row against
    datasketch's own `MinHash.update_batch` of the same shingles.
    """
    if len(shingles) == 0:
        return np.zeros((0, len(permutations[0])), np.uint32)
    a, b = permutations
    with np.errstate(over="ignore"):
        permuted = _fmix32(shingles.astype(np.uint32)).reshape(-1, 1) * a + b
    half = WINDOW_SHINGLES // 2
    halves = np.minimum.reduceat(permuted, np.arange(0, len(shingles), half), axis=0)
    if len(halves) == 1:
        return halves
    return np.minimum(halves[:-1], halves[1:])


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies before its permutations."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint32(16))
        h = h * np.uint32(0x85EBCA6B)
        h = h ^ (h >> np.uint32(13))
        h = h * np.uint32(0xC2B2AE35)
        return h ^ (h >> np.uint32(16))
