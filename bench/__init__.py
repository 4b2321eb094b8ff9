"""Agora's benchmark harness: ``bench/run NAME`` (see docs/performance.md)."""
