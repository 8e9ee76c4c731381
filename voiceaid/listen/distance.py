"""Edit distance: how many items to insert, delete or change to turn one sequence into another.

Shared by the engines: pocketsphinx's decoys are kept far enough (in phones) from every phrase, and
Whisper's transcript is matched to a phrase when near enough (in letters).
"""

from __future__ import annotations

from typing import Sequence


def edit_distance(a: Sequence[object], b: Sequence[object]) -> int:
    """Items (letters of a string, phones of a list) to insert, delete or change to turn `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
