"""Near-duplicate detection among a contest's entries and against the registry (issue 21).

`tuyengiao.contests.similarity.overlaps_find` over a generated evaluation set
(`bench/dup_kit/`): 2,000 essays of 2,700–3,300 words (`--entries`) and a registry sample of
500 documents of 1,500–5,000 words (`--references`). About a third of the entries take one
stretch of another entry or of a registry document, at a share of their words drawn from 5 %
to 85 %, by copying it in one to three pieces, by spreading its paragraphs through the essay
in another order, or by a light paraphrase (synonym swaps, words dropped and inserted,
neighbouring sentences swapped); the others are clean (some of them are the donors). The truth
of an entry is its largest share of words in common with one other text (a donor's is the
share of its words that were taken).

Three families (dup_kit/essays.py): "dev", on which the thresholds were set, and "heldout",
scored only to report: other source texts and another paraphrase operator (its own synonyms,
clause rotation, word transposition, merged sentences), 600 entries and 150 references by
default. "heldout" was scored after tuning and is no longer blind; "blind2", frozen before the
next rule changes, has its own sources, seed and paraphrase operator (a third synonym table,
"A và B" swapped, sentences split, openers, transposed letters), 600 entries and 150
references. Building the sets is not timed.

Goals: recall ≥ 95 % of the entries whose truth is ≥ 30 %, false flags ≤ 2 % of the others
(each family); the dev set compared (every pair of entries through the LSH index and
verification, and every entry against the registry sample) in < 60 s of wall clock.
Run: .venv/bin/python bench/contests_dup.py [--entries N] [--references N] [--seed N]
"""

import argparse
import sys
import time

from dup_kit.essays import evaluation_set

from tuyengiao.contests.similarity import FLAG_SHARE, overlaps_find

MIN_RECALL = 0.95
MAX_FALSE_FLAGS = 0.02
MAX_SECONDS = 60.0
BANDS = ((0.0, 0.0), (0.0, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.6), (0.6, 1.01))


def score(family: str, entries: int, references: int, seed: int) -> tuple[bool, float]:
    started = time.perf_counter()
    data = evaluation_set(family=family, entries=entries, references=references, seed=seed)
    built = time.perf_counter() - started
    words = sum(len(text.split()) for _, text in data.entries + data.references)
    print(
        f"\n{family}: {len(data.entries):,} entries, {len(data.references):,} references, "
        f"{words / 1e6:.2f} M words (built in {built:.1f} s, not timed)"
    )
    started = time.perf_counter()
    found = overlaps_find(entries=data.entries, references=data.references)
    seconds = time.perf_counter() - started
    flagged = {overlap.key for overlap in found}
    positives = [key for key, share in data.truth.items() if share >= FLAG_SHARE]
    negatives = [key for key, share in data.truth.items() if share < FLAG_SHARE]
    recall = sum(key in flagged for key in positives) / len(positives)
    false_flags = sum(key in flagged for key in negatives) / len(negatives)
    passages = sum(len(overlap.passages) for overlap in found)
    print(
        f"compared in {seconds:.1f} s wall clock: {len(found):,} overlaps ≥ {FLAG_SHARE:.0%} "
        f"with {passages:,} passages"
    )
    print(
        f"recall {recall:.1%} of {len(positives):,} entries sharing ≥ {FLAG_SHARE:.0%} "
        f"(goal ≥ {MIN_RECALL:.0%}); false flags {false_flags:.1%} of {len(negatives):,} "
        f"(goal ≤ {MAX_FALSE_FLAGS:.0%})"
    )
    print(f"  {'true share':14}" + "".join(f"{mode:>12}" for mode in _modes(data)))
    for low, high in BANDS:
        cells = []
        for mode in _modes(data):
            keys = [k for k in _keys_of(data, mode) if _in_band(data.truth[k], low, high)]
            cells.append(
                f"{sum(k in flagged for k in keys):>5}/{len(keys):<6}" if keys else " " * 12
            )
        label = "0 (clean)" if high == 0 else f"{low:.0%}–{min(high, 1):.0%}"
        print(f"  {label:14}" + "".join(f"{cell:>12}" for cell in cells))
    ok = recall >= MIN_RECALL and false_flags <= MAX_FALSE_FLAGS
    if not ok:
        print(f"MISSED ({family}): recall or false flags")
    return ok, seconds


def _modes(data) -> list[str]:
    return [*sorted({mode for mode, _ in data.made.values()}), "donor", "clean"]


def _keys_of(data, mode: str) -> list[str]:
    donors = {donor for _, donor in data.made.values()}
    if mode == "donor":
        return [key for key, _ in data.entries if key in donors and key not in data.made]
    if mode == "clean":
        return [key for key, _ in data.entries if key not in donors and key not in data.made]
    return [key for key, (made, _) in data.made.items() if made == mode]


def _in_band(share: float, low: float, high: float) -> bool:
    return share == 0 if high == 0 else low <= share < high and share > 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2_000)
    parser.add_argument("--references", type=int, default=500)
    parser.add_argument("--heldout-entries", type=int, default=600)
    parser.add_argument("--heldout-references", type=int, default=150)
    parser.add_argument("--blind2-entries", type=int, default=600)
    parser.add_argument("--blind2-references", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--blind2-seed", type=int, default=7121950)
    # Tuning runs say --families dev, so that the other families are never looked at then.
    parser.add_argument("--families", default="dev,heldout,blind2")
    args = parser.parse_args(argv)
    families = args.families.split(",")
    print(
        f"flag rule: an entry shares ≥ {FLAG_SHARE:.0%} of its words with one other text; "
        f"cells: flagged/entries by how the entry was made"
    )
    dev_ok, seconds = score("dev", args.entries, args.references, args.seed)
    held_ok = (
        "heldout" not in families
        or score("heldout", args.heldout_entries, args.heldout_references, args.seed)[0]
    )
    blind_ok = (
        "blind2" not in families
        or score("blind2", args.blind2_entries, args.blind2_references, args.blind2_seed)[0]
    )
    fast = seconds < MAX_SECONDS
    print(
        f"\ndev set compared in {seconds:.1f} s (goal < {MAX_SECONDS:.0f} s): "
        f"{'met' if fast else 'MISSED'}"
    )
    return 0 if dev_ok and held_ok and blind_ok and fast else 1


if __name__ == "__main__":
    sys.exit(main())
