"""The evaluation set of bench/contests_dup.py: generated essays with known overlaps."""
