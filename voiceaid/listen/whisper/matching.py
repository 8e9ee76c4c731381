"""A Whisper transcript into one of the screen's intents. Pure: no model, no audio.

Whisper writes what it thinks was said, with capitals and punctuation ("No.", "Yeah!", "Not sure."),
and on silence or noise it invents polite filler ("Thank you.", "you"). Only a transcript that *is* one
of the screen's phrases, give or take a letter or two in a long phrase, counts; anything else is
"unknown", whatever Whisper's confidence in it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from voiceaid.listen.distance import edit_distance

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^a-z' ]+")
# Words Whisper adds around an answer without changing it: "No, no.", "Um, yes", "Yes, please."
FILLERS = frozenset({"um", "uh", "er", "erm", "hmm", "mm", "oh", "ah", "well", "please", "okay", "ok", "so"})
# A long phrase may be spelt a little differently ("whats" / "what's", "cant breathe"): at most this
# share of its letters may differ. One-word answers must match exactly: "no" and "now", "yes" and
# "yet" are a letter apart.
NEAR_SHARE = 0.15
# "No, no." is an answer; the same word again and again is Whisper looping on noise or a word it
# could not make out (it wrote "No, No, No, ..." a hundred times for other speech on the training
# voices), never an answer.
MAX_REPEATS = 2
NEAR_MIN_LETTERS = 7


@dataclass(frozen=True)
class Match:
    phrase: str  # the phrase of the vocabulary it matched ("" for none)
    intent: str  # "" for none
    exact: bool


def normalise(text: str) -> str:
    """Lower case, plain letters and apostrophes, single spaces; repeated words once ("no no" -> "no")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NOT_WORD.sub(" ", text.translate(_APOSTROPHES).lower())
    words = [word.strip("'") for word in text.split()]
    words = [word for word in words if word and word not in FILLERS]
    collapsed: list[str] = []
    repeats = 0
    for word in words:
        if collapsed and collapsed[-1] == word:
            repeats += 1
            if repeats >= MAX_REPEATS:
                return ""  # Whisper stuck in a loop ("No, No, No, No, ..."): nothing was heard
            continue
        repeats = 0
        collapsed.append(word)
    return " ".join(collapsed)


def match(transcript: str, phrases: Mapping[str, str]) -> Match:
    """`phrases` maps phrase -> intent, as `Vocabulary.phrases` gives them for one screen."""
    said = normalise(transcript)
    if not said:
        return Match("", "", False)
    if said in phrases:
        return Match(said, phrases[said], True)
    squeezed = said.replace("'", "")
    best: tuple[int, str] | None = None
    for phrase in phrases:
        target = phrase.replace("'", "")
        if squeezed == target:
            return Match(phrase, phrases[phrase], True)
        if len(target) < NEAR_MIN_LETTERS:
            continue
        distance = edit_distance(squeezed, target)
        if distance <= NEAR_SHARE * len(target) and (best is None or distance < best[0]):
            best = (distance, phrase)
    if best is None:
        return Match("", "", False)
    return Match(best[1], phrases[best[1]], False)
