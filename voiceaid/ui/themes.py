"""Screen themes. Night is the default: dim red and amber on black, nothing white, nothing that
flashes a dark-adapted eye awake. Contrast is for poor sight; dim is the kiosk's resting state."""

from __future__ import annotations

from textual.theme import Theme

NIGHT = Theme(
    name="night",
    primary="#c0461c",
    secondary="#8a3a14",
    accent="#d2691e",
    warning="#d08a2a",
    error="#ff3b1f",
    success="#9a7a2a",
    foreground="#c8602a",
    background="#000000",
    surface="#000000",
    panel="#140600",
    dark=True,
)

CONTRAST = Theme(
    name="contrast",
    primary="#ffd700",
    secondary="#ffffff",
    accent="#00e5ff",
    warning="#ffd700",
    error="#ff4040",
    success="#7CFC00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
)

DIM = Theme(
    name="dim",
    primary="#5a200c",
    secondary="#3a1508",
    accent="#6a2a10",
    warning="#6a3a10",
    error="#a02010",
    success="#4a3a10",
    foreground="#5a2a12",
    background="#000000",
    surface="#000000",
    panel="#080200",
    dark=True,
)

THEMES = {theme.name: theme for theme in (NIGHT, CONTRAST, DIM)}
