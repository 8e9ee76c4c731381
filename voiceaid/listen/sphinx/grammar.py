"""JSGF grammars from intents, and extra pronunciations for the words we listen for.

A screen's grammar is a flat choice between its phrases: pocketsphinx only ever hears a whole phrase
the screen can use, and the phrase maps back to exactly one intent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Sequence

from voiceaid.listen.distance import edit_distance

# Extra pronunciations (CMU ARPAbet) for short words, which the stock dictionary gives one way only.
# Added as alternates ("word(9)"), so the dictionary's own pronunciations stay. They cover common
# reductions and accents (and how formant synthesis renders a few words) without adding any new word.
EXTRA_PRONUNCIATIONS: Mapping[str, tuple[str, ...]] = {
    "yes": ("Y AE S", "Y IH S"),
    "yeah": ("Y EH", "Y EH AH"),
    "no": ("N AH OW", "N OW UW"),
    "nope": ("N AH OW P",),
    "correct": ("K AH R EH K T", "K R EH K T"),
    "done": ("D AA N",),
    "foot": ("F UW T",),
    "calf": ("K AA F", "K AE L F"),
    "faster": ("F AA S T AH",),  # the southern English "bath" vowel
    "can't": ("K AA N T",),
    "diary": ("D AY AH R IY",),
}


_VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}


def british(word: str, phones: Sequence[str]) -> list[str]:
    """How much of England, Wales and Australia say a word the (American) dictionary spells out: no R
    after a vowel unless a vowel follows ("start" S T AA T), a final ER as AH ("faster"), and the
    rounded short o of "stop", "not" and "on" (AO where the dictionary has the open AA)."""
    out: list[str] = []
    for index, phone in enumerate(phones):
        following = phones[index + 1] if index + 1 < len(phones) else None
        if phone == "R" and out and out[-1] in _VOWELS and following not in _VOWELS:
            continue
        if phone == "ER" and following is None and index > 0:
            phone = "AH"
        elif phone == "AA" and "o" in word and following is not None and following not in _VOWELS | {"R"}:
            phone = "AO"
        out.append(phone)
    return out


def pure_vowels(word: str, phones: Sequence[str]) -> list[str]:
    """How Scotland, Ireland, the north of England, Wales, the Caribbean and India say the "o" of "no",
    "go" and "hold": one pure vowel, not the American glide (OW); the dictionary's nearest is AO."""
    return ["AO" if phone == "OW" else phone for phone in phones]


ACCENTS = (british, pure_vowels)  # each gives a word's pronunciation in that accent, from the dictionary's


# Decoys: common short words that sound like answers. A screen's grammar also holds these and every
# vocabulary phrase the screen does not use; when one of them fits best, the answer is "unknown".
# (Chosen by sound, not from the benchmark's out-of-vocabulary list.)
# Left out, measured on the training split: "show", "note", "yak" and "yet" sound so like "sure",
# "nope", "yeah" and "yep" that they took real answers away far more often than they caught others;
# "noise" and "north" did the same to the recorded voices' "no" and "nope" in noise. A decoy that an
# accent we listen for says exactly like a one-word answer ("know"; "nor", which British speech says
# as the pure "o" of a Scottish or Caribbean "no") is dropped by the recogniser.
DECOYS = (
    "yard", "yawn", "know", "now", "nothing", "noble", "nod", "nor",
    "new", "nice", "none", "oh", "so", "okay", "hello", "well", "what", "the", "and",
    "this", "there", "here", "hmm", "uh", "um", "huh", "mm", "ah",
)


# Longer words that begin like an answer ("yesterday", "nobody", "backpack", "stopped"): a closed
# grammar hears "yes", "no" or "back" in them. Found in the pronouncing dictionary, not listed by hand:
# common words (by the stock language model's unigram probability) that start with the first word of
# a phrase, by sound or by spelling, and go on for at least PREFIX_EXTRA_PHONES more phones (fewer,
# such as "note" for "no", took real answers away). A word within PREFIX_MIN_DISTANCE phones of a
# whole phrase ("going" and "go on", "holding" and "hold on") would take that answer away: never a decoy.
PREFIX_EXTRA_PHONES = 2
PREFIX_MIN_DISTANCE = 3
PREFIX_PER_WORD = 15  # the commonest ones for each first word
# Never prefix decoys, measured on both training splits: they took more answers (the recorded voices'
# "no it isn't" and "nope" in noise) than they caught other speech. They keep their places among the
# commonest words, so leaving them out brings in no new, unmeasured decoy.
NOT_DECOYS = frozenset({"goods", "noise", "north", "notice", "noticed", "noting"})
PREFIX_MIN_LOGPROB = -125000  # unigram log probability (pocketsphinx's log base 1.0001): ~4 in a million
# Those common words, commonest first (scripts/make-common-words writes it from the language model).
COMMON_WORDS = Path(__file__).with_name("common_words.txt")


def prefix_decoys(
    phrases: Iterable[str],
    pronunciations: Mapping[str, Sequence[str]],
    rank: Mapping[str, int],
) -> list[str]:
    """Common words (those in `rank`, 0 the commonest) that begin like one of `phrases` and go on:
    decoys for those answers. No word of any phrase is ever a decoy."""
    phrases = sorted(set(phrases))
    excluded = {word for phrase in phrases for word in phrase.split()}
    spoken = [
        [phone for word in phrase.split() for phone in pronunciations[word]]
        for phrase in phrases
        if all(pronunciations.get(word) for word in phrase.split())
    ]
    by_first_phone: dict[str, list[str]] = {}
    for word, phones in pronunciations.items():
        if phones and word.isalpha() and word not in excluded:
            by_first_phone.setdefault(phones[0], []).append(word)
    chosen: set[str] = set()
    for first in sorted({phrase.split()[0] for phrase in phrases}):
        phones = list(pronunciations.get(first, ()))
        if not phones:
            continue
        candidates: list[tuple[int, str]] = []
        for word in by_first_phone.get(phones[0], []):
            other = list(pronunciations[word])
            if len(other) < len(phones) + PREFIX_EXTRA_PHONES:
                continue
            if other[: len(phones)] != phones and not (word.startswith(first) and len(word) >= len(first) + 2):
                continue
            if word in rank:
                candidates.append((rank[word], word))
        taken = 0
        for _, word in sorted(candidates):  # commonest first
            if taken == PREFIX_PER_WORD:
                break
            if all(edit_distance(pronunciations[word], phrase) >= PREFIX_MIN_DISTANCE for phrase in spoken):
                if word not in NOT_DECOYS:  # left out, but its place is not given to the next word
                    chosen.add(word)
                taken += 1
    return sorted(chosen)



def grammar_name(intents: Iterable[str]) -> str:
    return "g_" + "_".join(sorted(intents))


def jsgf(phrases: Iterable[str], name: str = "voiceaid") -> str:
    """A JSGF grammar whose only sentences are `phrases` (lower-case words, as in vocabulary.yaml)."""
    choices = " | ".join(sorted(set(phrases)))
    if not choices:
        raise ValueError("a grammar needs at least one phrase")
    return f"#JSGF V1.0;\ngrammar {name};\npublic <answer> = ( {choices} );\n"
