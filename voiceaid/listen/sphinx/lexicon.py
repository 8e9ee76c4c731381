"""Pronunciations learned from the training voices (`scripts/learn-pronunciations`).

The pronouncing dictionary says each word one way (American, careful). The acoustic model then hears
some of our words badly in voices unlike its training speakers: "help" with a dark, vowel-like L came
back as "sales" or "new", "foot" as "both". Each vocabulary word gets candidate pronunciations, every
change of one of its phones for a similar one (a vowel for a vowel, a stop for a stop, an L or R for a
vowel, as in "heowp" for "help") or the phone left out. Every training voice speaks every phrase, and
forced alignment with all candidates as alternates says which one each voice's speech fits best. A
candidate is kept (as one more pronunciation; the dictionary's stay) only when it fits best in at
least MIN_SHARE of the voices and in more of them than any pronunciation the recogniser already has.

Measured on voices the learning never heard (`scripts/adapt-model --calibrate`: each half of the
training voices decoded with what was learned from the other half, rejection recalibrated): answers
heard right with the full vocabulary 92.0 -> 93.8 % clean, 88.4 -> 89.3 % at 15 dB, 77.2 -> 79.2 % at
8 dB; on a yes/no screen 92.7 -> 94.8 % clean, the same in noise. The learning itself is in the
tuning lab (`tuning.pronunciations`); here are the phone classes, and the reader and writer of the
finished list (`LEARNED`) the recogniser uses.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Mapping, Sequence

LEARNED = Path(__file__).with_name("pronunciations.txt")

# Phones that change into one another in accents, reductions and unfamiliar voices. A change within a
# class, or between a vowel and a liquid or glide (an L or R said as a vowel), is a candidate.
VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
LIQUIDS = frozenset("L R W Y".split())
PHONE_CLASSES = (
    VOWELS,
    frozenset("B D G K P T".split()),  # stops
    frozenset("CH JH DH F S SH TH V Z ZH HH".split()),  # fricatives and affricates
    frozenset("M N NG".split()),  # nasals
    LIQUIDS,
)
PHONES = sorted(set().union(*PHONE_CLASSES))


class LexiconError(Exception):
    """The pronunciation list cannot be read, or a voice cannot speak to learn from; the message
    says where and why."""


# -- the file ---------------------------------------------------------------------------------


def read(path: Path = LEARNED) -> dict[str, tuple[str, ...]]:
    """word -> pronunciations, from lines "word PH ON ES" (# comments). No file: nothing learned."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(f"{path}: cannot read the learned pronunciations ({error})") from None
    learned: dict[str, list[str]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        unknown = [phone for phone in phones if phone not in PHONES]
        if not phones or unknown:
            raise LexiconError(f"{path}:{number}: expected a word and its phones (ARPAbet), got {line!r}")
        learned[word].append(" ".join(phones))
    return {word: tuple(pronunciations) for word, pronunciations in learned.items()}


def write(path: Path, learned: Mapping[str, Sequence[str]], header: str = "") -> None:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"{word} {phones}" for word in sorted(learned) for phones in learned[word]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
