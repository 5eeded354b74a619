"""A local Wesog-compatible server for the demo, the tests and the benchmarks."""
