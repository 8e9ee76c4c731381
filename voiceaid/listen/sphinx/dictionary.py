"""Which words pocketsphinx cannot listen for: those its pronouncing dictionary lacks.

A vocabulary with such a word is refused by the recogniser, so voiceaid would listen for nothing;
`voiceaid check-content` asks before a night (through `engines.unsayable`), without loading a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable


def unsayable(words: Iterable[str]) -> list[str]:
    """The words (sorted) the dictionary lacks; [] when pocketsphinx or its dictionary is not
    installed (nothing can listen then anyway, and the doctor says why)."""
    try:
        from pocketsphinx import get_model_path
    except ImportError:
        return []
    wanted, known = set(words), set()
    try:
        with open(Path(get_model_path()) / "en-us" / "cmudict-en-us.dict", encoding="utf-8") as dictionary:
            for line in dictionary:
                word = line.split(" ", 1)[0]
                if word in wanted:
                    known.add(word)
    except OSError:
        return []
    return sorted(wanted - known)
