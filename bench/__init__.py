"""Benchmarks and the soak test: ``python -m bench`` (see BENCHMARKS.md)."""
