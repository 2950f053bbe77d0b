"""Safety net for work on `extract`'s speed: the same output, text for text.

`record` runs `tuyengiao.textkit.pipeline.extract` over every text of the development set,
the relations development set (not blind/ nor fresh/), bench/data/extract_unseen, their
upper-case and NFD forms, and the 10 MB corpus bench/extract.py builds by its default seed,
and writes each result's repr (every field of every object, with its type's spelling: 1 and
1.0 differ) to a file. `compare` runs the current code over the same texts and counts the
texts whose repr is equal to the recorded one.

Run: .venv/bin/python bench/extract_kit/same_output.py record|compare PATH [--megabytes N]
"""

import argparse
import pickle
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for extract.py
from extract import build_corpus

from tuyengiao.textkit.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent.parent
FOLDERS = [
    ROOT / "tests" / "textkit" / "data" / "devset",
    ROOT / "tests" / "textkit" / "data" / "relations" / "dev",
    ROOT / "bench" / "data" / "extract_unseen",
]


def texts(megabytes: float) -> list[str]:
    """The texts compared, always in the same order."""
    files = [path.read_text(encoding="utf-8") for d in FOLDERS for path in sorted(d.glob("*.txt"))]
    variants = [t.upper() for t in files] + [unicodedata.normalize("NFD", t) for t in files]
    return files + variants + build_corpus(megabytes, 20251125)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args(argv)
    outputs = [repr(extract(text)) for text in texts(args.megabytes)]
    if args.action == "record":
        args.path.write_bytes(pickle.dumps(outputs))
        print(f"recorded {len(outputs)} texts")
        return 0
    recorded = pickle.loads(args.path.read_bytes())  # noqa: S301 - our own file
    if len(recorded) != len(outputs):
        print(f"different texts: {len(recorded)} recorded, {len(outputs)} now")
        return 1
    differ = [i for i, (a, b) in enumerate(zip(recorded, outputs, strict=True)) if a != b]
    print(f"{len(outputs)} texts compared, {len(outputs) - len(differ)} equal")
    if differ:
        print(f"first that differ: {differ[:10]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
