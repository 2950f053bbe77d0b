"""Legacy 8-bit Vietnamese encodings: byte tables and syllable scoring (see ../encodings.py)."""
