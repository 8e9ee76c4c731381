"""Helpers for scripts/bench.py: isolated homes, the app in tmux, audio sinks, measurements, the report."""
