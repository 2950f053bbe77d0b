"""Shared parts of `bench/load.py` and `bench/faults.py`: the server, the clients and the
Django-side preparation and read-back (kept out of `bench/*.py`, which `make bench` runs)."""
