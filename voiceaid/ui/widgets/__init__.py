"""Widgets shared by voiceaid's screens."""
