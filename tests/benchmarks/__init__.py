"""Benchmarks: measured figures against a floor, reported by ``python -m tests.benchmarks``."""
