"""What the recogniser's decoder is told about words: how the vocabulary's words may be said, and which
other words its grammars hold as decoys.

The pronouncing dictionary (American, careful) gives each word one or a few pronunciations. The
recogniser adds hand-written ones for short words (`grammar.EXTRA_PRONUNCIATIONS`), the same words
as British and pure-vowel accents say them (`grammar.ACCENTS`), and those learned from the training
voices (`lexicon`). Decoys are common words that sound like the start of an answer; one that an
accent we listen for says exactly like a one-word answer would only take that answer away.

`decoder` is a pocketsphinx Decoder: only its dictionary is read here (`lookup_word`, its `dict`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voiceaid.listen.sphinx import lexicon
from voiceaid.listen.sphinx.grammar import ACCENTS, COMMON_WORDS, DECOYS, EXTRA_PRONUNCIATIONS, prefix_decoys
from voiceaid.listen.vocabulary import Vocabulary


def dictionary_pronunciations(decoder: Any, word: str) -> list[str]:
    """The dictionary's own pronunciations of `word` (word, word(2), ...)."""
    variants = [decoder.lookup_word(word)] + [decoder.lookup_word(f"{word}({n})") for n in range(2, 5)]
    return [phones for phones in variants if phones]


def extra_pronunciations(decoder: Any, vocabulary: Vocabulary, learned: Path | None) -> list[tuple[str, str]]:
    """(word, phones) to add for the vocabulary's words: hand-written, then accents, then learned
    (`learned`: the list's path, None for none; a damaged list counts as none, and the doctor says so)."""
    words = vocabulary.words()
    extras = [(word, phones) for word, pronunciations in EXTRA_PRONUNCIATIONS.items() if word in words for phones in pronunciations]
    extras += _accent_pronunciations(decoder, words, extras)
    taken = set(extras)
    try:
        learned_words = lexicon.read(learned) if learned is not None else {}
    except lexicon.LexiconError:
        learned_words = {}  # fewer answers heard, but heard
    for word, pronunciations in sorted(learned_words.items()):
        if word in words:
            own = dictionary_pronunciations(decoder, word)
            extras += [(word, phones) for phones in pronunciations if (word, phones) not in taken and phones not in own]
    return extras


def _accent_pronunciations(decoder: Any, words: set[str], known: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words as other accents say them (grammar.ACCENTS), where that differs from every
    pronunciation the dictionary already has. The dictionary is American."""
    seen = set(known)
    extras = []
    for word in sorted(words):
        variants = dictionary_pronunciations(decoder, word)
        for phones in variants:
            for accent in ACCENTS:
                other = " ".join(accent(word, phones.split()))
                if other != phones and (word, other) not in seen and other not in variants:
                    seen.add((word, other))
                    extras.append((word, other))
    return extras


def decoys(decoder: Any, vocabulary: Vocabulary, extras: list[tuple[str, str]]) -> list[str]:
    """The listed decoys and the common words that begin like an answer, less those that sound
    exactly like a one-word answer."""
    return _without_homophones(decoder, vocabulary, sorted(set(DECOYS) | set(_prefix_decoys(decoder, vocabulary))), extras)


def _without_homophones(decoder: Any, vocabulary: Vocabulary, candidates: list[str], extras: list[tuple[str, str]]) -> list[str]:
    """Decoys that no accent we listen for says exactly like a one-word answer (as the dictionary
    or `extras` say it). In British speech "nor" is N AO, which is the pure "o" of a Scottish or
    Caribbean "no": as a decoy it only ever took that answer away."""
    one_word = {phrase for phrase in vocabulary.phrases() if " " not in phrase}
    answers = {phones for word in one_word for phones in dictionary_pronunciations(decoder, word)}
    answers |= {phones for word, phones in extras if word in one_word}
    kept = []
    for word in candidates:
        spoken = set(dictionary_pronunciations(decoder, word))
        spoken |= {" ".join(accent(word, p.split())) for p in list(spoken) for accent in ACCENTS}
        if not spoken & answers:
            kept.append(word)
    return kept


def _prefix_decoys(decoder: Any, vocabulary: Vocabulary) -> list[str]:
    """Words that begin like an answer: common words (COMMON_WORDS) as the model's dictionary says them."""
    words = vocabulary.words()
    try:
        rank = {word: index for index, word in enumerate(COMMON_WORDS.read_text(encoding="utf-8").split())}
        pronunciations: dict[str, list[str]] = {}
        with open(decoder.config["dict"], encoding="utf-8") as handle:
            for line in handle:
                word, _, phones = line.partition(" ")
                if word in rank or word in words:  # only what can be a decoy or is an answer's word
                    pronunciations[word] = phones.split()
    except OSError:
        return []  # no word list or dictionary: only the listed decoys
    return prefix_decoys(vocabulary.phrases(), pronunciations, rank)
