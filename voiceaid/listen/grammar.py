"""JSGF grammars from intents, and extra pronunciations for the words we listen for.

A screen's grammar is a flat choice between its phrases: pocketsphinx only ever hears a whole phrase
the screen can use, and the phrase maps back to exactly one intent.
"""

from __future__ import annotations

from typing import Iterable, Mapping

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
}


# Decoys: common short words that sound like answers. A screen's grammar also holds these and every
# vocabulary phrase the screen does not use; when one of them fits best, the answer is "unknown".
# (Chosen by sound, not from the benchmark's out-of-vocabulary list.)
# Left out, measured on the training split: "show", "note", "yak" and "yet" sound so like "sure",
# "nope", "yeah" and "yep" that they took real answers away far more often than they caught others.
DECOYS = (
    "yard", "yawn", "know", "now", "nothing", "noble", "nod", "nor", "north",
    "new", "nice", "noise", "none", "oh", "so", "okay", "hello", "well", "what", "the", "and",
    "this", "there", "here", "hmm", "uh", "um", "huh", "mm", "ah",
)


def grammar_name(intents: Iterable[str]) -> str:
    return "g_" + "_".join(sorted(intents))


def jsgf(phrases: Iterable[str], name: str = "voiceaid") -> str:
    """A JSGF grammar whose only sentences are `phrases` (lower-case words, as in vocabulary.yaml)."""
    choices = " | ".join(sorted(set(phrases)))
    if not choices:
        raise ValueError("a grammar needs at least one phrase")
    return f"#JSGF V1.0;\ngrammar {name};\npublic <answer> = ( {choices} );\n"
