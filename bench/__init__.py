"""Benchmarks: `python -m bench` (or `make bench`). Each figure comes with a baseline from the same run."""
