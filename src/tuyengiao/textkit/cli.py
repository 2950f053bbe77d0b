"""`tuyengiao extract` and `tuyengiao normalize` (being built: issue 3)."""

import sys


def main(argv: list[str]) -> int:
    print(f"tuyengiao {argv[0]}: not available yet", file=sys.stderr)
    return 2
