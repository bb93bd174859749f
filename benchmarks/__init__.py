"""Benchmarks run by `make bench`; not shipped in the wheel."""
