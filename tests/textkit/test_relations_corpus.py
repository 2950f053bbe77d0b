"""Relations between documents measured on real published texts (issue 20, "Text nobody tuned
for"): tests/textkit/data/relations/{dev,blind,fresh}/NAME.txt, each with a NAME.json gold
written by hand after DOMAIN.md §1 (format and split: the corpus README beside the texts).

The texts are split by the site that published them (sha1 of the host, see `side`), so a
site's wording is on one side only. The rules may be read against the dev part; the blind
part is scored only to report, so `pytest -s` prints its aggregate figures and never which
text or relation it missed. The fresh part is a second blind part, from blind-side sites
that are in neither other part, collected by someone who never ran or read the rules (a
rule writer had seen pages of the first blind part); it is reported like blind. Scored per
part: relations (source, target, kind), the documents (the set of symbols) and the issue
dates the text gives (symbol, date).
"""

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.textkit.test_devset import Score
from tuyengiao.textkit.pipeline import extract

DATA = Path(__file__).parent / "data" / "relations"
PARTS = ("dev", "blind", "fresh")
# Parts the rules are never read against: aggregate figures only.
BLIND = frozenset({"blind", "fresh"})
# The part whose sites a part's hosts must be on (fresh is blind-side text too).
SIDE = {"dev": "dev", "blind": "blind", "fresh": "blind"}
KINDS = ("continues", "concretizes", "implements", "guides", "repeals", "amends", "replaces")
FIELDS = ("relations", "documents", "dates")
MIN_TEXTS = 30

# No floors yet: the lead sets them once both parts are in. The blind part is only run.
FLOORS: dict[str, dict[str, tuple[float, float]]] = {"dev": {}, "blind": {}, "fresh": {}}


# A site's mobile or light mirror (m.mattran.org.vn, lite.baomoi.com) is the same site.
MIRROR = re.compile(r"^(?:m|mobile|lite|amp|ls\d+)\.")


def side(host: str) -> str:
    """The part a site's texts belong to."""
    site = MIRROR.sub("", host)
    return (
        "blind"
        if hashlib.sha1(site.encode(), usedforsecurity=False).hexdigest()[0] in "01234567"
        else "dev"
    )


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Case:
    path: Path
    text: str
    gold: dict[str, Any]


@cache
def cases(part: str) -> tuple[Case, ...]:
    folder = DATA / part
    if not folder.is_dir():
        return ()
    return tuple(
        Case(p, p.read_text(encoding="utf-8"), json.loads(p.with_suffix(".json").read_text()))
        for p in sorted(folder.glob("*.txt"))
    )


def _relations(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    # A relation is a fact about two documents: stated twice, it is still one.
    return {(r["source"], r["target"], r["kind"]) for r in data["relations"]}


def _documents(data: dict[str, Any]) -> set[str]:
    return set(data["documents"])


def _dates(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(d["symbol"], d["date"]) for d in data["dates"]}


@cache
def predicted(path: Path) -> dict[str, Any]:
    """The pipeline's output in the gold's shape (a document's issue date as a date)."""
    data = extract(path.read_text(encoding="utf-8")).to_dict()
    docs = data["documents"]
    return {
        "documents": [d["symbol"] for d in docs],
        "relations": data["relations"],
        "dates": [{"symbol": d["symbol"], "date": d["date"]} for d in docs if d["date"]],
    }


@dataclass
class Figures:
    texts: int = 0
    gold_relations: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    by_kind: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)


def measure(part: str) -> Figures:
    figures = Figures()
    for case in cases(part):
        got, want = predicted(case.path), case.gold
        figures.texts += 1
        figures.gold_relations += len(want["relations"])
        figures.scores["relations"].add(_relations(got), _relations(want))
        figures.scores["documents"].add(_documents(got), _documents(want))
        figures.scores["dates"].add(_dates(got), _dates(want))
        got_rel, want_rel = _relations(got), _relations(want)
        for kind in KINDS:
            figures.by_kind[kind].add(
                [r for r in got_rel if r[2] == kind], [r for r in want_rel if r[2] == kind]
            )
        name = case.path.stem
        figures.misses += [f"{name}: missed {r}" for r in sorted(want_rel - got_rel)]
        figures.misses += [f"{name}: extra  {r}" for r in sorted(got_rel - want_rel)]
    return figures


def _f1(score: Score) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def _report(part: str, figures: Figures) -> None:
    print(f"\n[{part}] texts {figures.texts}, relations in gold {figures.gold_relations}")
    for name, s in figures.scores.items():
        print(
            f"  {name:10} P {s.precision:.3f}  R {s.recall:.3f}  F1 {_f1(s):.3f}"
            f"  (tp/fp/fn {s.tp}/{s.fp}/{s.fn})"
        )
    if part in BLIND:
        return  # aggregates only: nothing that points at a text or a relation
    for kind in KINDS:
        s = figures.by_kind[kind]
        if s.tp + s.fn or s.fp:
            print(f"  recall {kind:12} {s.recall:.3f} ({s.tp}/{s.tp + s.fn}), fp {s.fp}")
    for line in figures.misses:
        print(f"  {line}")


@pytest.mark.parametrize("part", PARTS)
def test_relations_figures(part: str) -> None:
    figures = measure(part)
    _report(part, figures)
    low = [
        f"{name}: P {figures.scores[name].precision:.3f} / R {figures.scores[name].recall:.3f}"
        f" under {floor}"
        for name, floor in FLOORS[part].items()
        if figures.scores[name].precision < floor[0] or figures.scores[name].recall < floor[1]
    ]
    assert not low, low


# --- the corpus itself -----------------------------------------------------------------------


def _key(text: str) -> str:
    """A loose form for finding a symbol in the text: upper case, TƯ as TW, one D-with-stroke,
    no spaces and no separators (a number typed "183/2010/TTLT/BTC-BNN" or "1836 QĐ/TWĐTN" is
    recorded in its canonical form, 183/2010/TTLT-BTC-BNN, 1836-QĐ/TWĐTN)."""
    text = unicodedata.normalize("NFC", text).upper().replace("TƯ", "TW").replace("Ð", "Đ")
    return re.sub(r"[\s\-–‐/]+", "", text)


def _problems(part: str, case: Case) -> list[str]:
    gold, name = case.gold, case.path.name
    problems = []
    missing = {"url", "host", "kind", "documents", "relations", "dates"} - set(gold)
    if missing:
        return [f"{name}: no {sorted(missing)}"]
    if gold["host"] != host_of(gold["url"]):
        problems.append(f"{name}: host {gold['host']} is not the url's {host_of(gold['url'])}")
    if side(gold["host"]) != SIDE[part]:
        problems.append(f"{name}: host {gold['host']} belongs to {side(gold['host'])}")
    text = _key(case.text)
    symbols = set(gold["documents"])
    problems += [f"{name}: {s} not in the text" for s in symbols if _key(s) not in text]
    for rel in gold["relations"]:
        if rel["kind"] not in KINDS or rel["source"] == rel["target"]:
            problems.append(f"{name}: bad relation {rel}")
        problems += [
            f"{name}: {rel[end]} of {rel} not in documents"
            for end in ("source", "target")
            if rel[end] not in symbols
        ]
    for date in gold["dates"]:
        if date["symbol"] not in symbols or not re.fullmatch(r"\d{4}-\d\d-\d\d", date["date"]):
            problems.append(f"{name}: bad date {date}")
    if len(case.text) < 400:
        problems.append(f"{name}: only {len(case.text)} characters")
    return problems


def test_corpus_is_sound() -> None:
    problems = []
    hosts: dict[str, set[str]] = {}
    for part in PARTS:
        for path in (DATA / part).glob("*.txt") if (DATA / part).is_dir() else ():
            if not path.with_suffix(".json").exists():
                problems.append(f"{part}/{path.name}: no gold")
        for case in cases(part):
            problems += [f"{part}/{p}" for p in _problems(part, case)]
        hosts[part] = {MIRROR.sub("", case.gold["host"]) for case in cases(part)}
    shared = {
        (a, b): sorted(hosts[a] & hosts[b])
        for i, a in enumerate(PARTS)
        for b in PARTS[i + 1 :]
        if hosts[a] & hosts[b]
    }
    assert not shared, f"hosts in two parts: {shared}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("part", PARTS)
def test_part_is_big_enough(part: str) -> None:
    count = len(cases(part))
    if count < MIN_TEXTS:
        print(f"\n[{part}] {count} texts, fewer than {MIN_TEXTS}: count not checked yet")
        pytest.skip(f"{part}: {count} texts so far")
    assert len({c.gold["host"] for c in cases(part)}) >= 6
