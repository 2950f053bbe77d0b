"""The parts of bench/aggregate.py: a package, so that `make bench` runs none as a script."""
