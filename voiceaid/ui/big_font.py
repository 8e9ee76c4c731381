"""Large letters for the text scale: the main line of a screen drawn in a block font.

A terminal program cannot change the terminal's font size, so a larger text scale draws the one
line that matters (the instruction, the question, what to do) with figlet fonts made of box and
block characters: three rows per letter at scale 1, seven at scale 2. If the text would not fit the
space it has at that size, the next smaller size is used, down to ordinary text: medical guidance is
never cut off to make it bigger. A character the font cannot draw also means ordinary text, so no
letter of an instruction silently disappears.
"""

from __future__ import annotations

from functools import lru_cache

# The block font for each step of the text scale (0 is the terminal's own text).
FONTS = {1: "future", 2: "smmono9"}
MAX_SCALE = max(FONTS)
WORD_GAP = 1  # columns between words, on top of the font's own spacing
LINE_GAP = 1  # blank rows between lines of big letters, so the lines do not run together

# Typography the fonts lack, replaced by the plain characters a reader sees as the same.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "·": "-", "\u00a0": " "})


@lru_cache(maxsize=4)
def _figlet(name: str):  # -> pyfiglet.Figlet; imported and loaded on first use (the scale is often 0)
    import pyfiglet

    return pyfiglet.Figlet(font=name, width=10_000)


@lru_cache(maxsize=512)
def _word(word: str, name: str) -> tuple[str, ...] | None:
    """One word drawn in the font, rows of equal width; None if the font lacks a character."""
    figlet = _figlet(name)
    if any(ord(char) not in figlet.Font.chars for char in word):
        return None
    rows = figlet.renderText(word).split("\n")
    rows = [row.rstrip() for row in rows]
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    width = max((len(row) for row in rows), default=0)
    return tuple(row.ljust(width) for row in rows)


def big_lines(text: str, scale: int, width: int, max_rows: int | None = None) -> list[str] | None:
    """`text` in the largest font up to `scale` that fits `width` columns (and `max_rows` rows).

    Returns the rows to draw, or None when ordinary text should be used (scale 0, or nothing fits).
    Words are wrapped whole; the lines of `text` flow together (big letters need the room).
    """
    flowing = " ".join(text.translate(_PLAIN).split())
    for step in range(min(scale, MAX_SCALE), 0, -1):
        rows = _layout(flowing, FONTS[step], width)
        if rows is not None and (max_rows is None or len(rows) <= max_rows):
            return rows
    return None


@lru_cache(maxsize=256)
def _layout(text: str, name: str, width: int) -> list[str] | None:
    out: list[str] = []
    words = [_word(word, name) for word in text.split()]
    line: list[tuple[str, ...]] = []
    used = 0
    for word in words:
        if word is None:
            return None  # a character the font cannot draw
        word_width = len(word[0]) if word else 0
        if word_width > width:
            return None  # one word wider than the screen: ordinary text wraps better
        extra = word_width + (WORD_GAP + 1 if line else 0)
        if line and used + extra > width:
            _add(out, _join(line))
            line, used = [], 0
            extra = word_width
        line.append(word)
        used += extra
    if line:
        _add(out, _join(line))
    return out or None


def _add(out: list[str], rows: list[str]) -> None:
    if out:
        out.extend([""] * LINE_GAP)
    out.extend(rows)


def _join(words: list[tuple[str, ...]]) -> list[str]:
    height = max(len(word) for word in words)
    gap = " " * (WORD_GAP + 1)
    padded = [word + (" " * len(word[0]),) * (height - len(word)) for word in words]
    return [gap.join(word[row] for word in padded) for row in range(height)]  # equal widths: centring keeps the letters whole
