"""Learning pronunciations from the training voices (`scripts/learn-pronunciations`): candidates one
similar phone away from the dictionary's, forced alignment of every voice saying every phrase, and the
rule that keeps a candidate (see `voiceaid.listen.sphinx.lexicon` for why, and for the file it writes)."""

from __future__ import annotations

import math
import subprocess
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from tuning import corpus
from voiceaid.listen.sphinx import lexicon
from voiceaid.listen.sphinx.grammar import jsgf
from voiceaid.listen.gate import decodable, padded
from voiceaid.listen.sphinx.recogniser import Recogniser, new_decoder
from voiceaid.listen.vocabulary import Vocabulary

MIN_SHARE = 0.35  # of the voices: with the 19 train voices, at least 7 must fit a candidate best; with 10, 4
STYLES = 2  # each voice says each phrase at two speaking rates and pitches
# The words of a yes or a no keep the dictionary's and grammar.EXTRA_PRONUNCIATIONS: those answers
# decide the triage, and a learned "yes" (IY EH S) brought "guess" and "yet" so close that the
# calibration had to ask more of every yes and no (training voices, cross-fitted: answers heard on a
# yes/no screen 92.7 -> 90.6 % clean, 88.5 -> 85.4 % at 15 dB).
FIXED_INTENTS = ("yes", "no")


def similar(a: str, b: str) -> bool:
    """Whether one phone may stand for the other in a candidate pronunciation."""
    if any(a in group and b in group for group in lexicon.PHONE_CLASSES):
        return True
    return (a in lexicon.VOWELS and b in lexicon.LIQUIDS) or (a in lexicon.LIQUIDS and b in lexicon.VOWELS)


def candidates(phones: Sequence[str]) -> list[str]:
    """Every pronunciation one similar phone away from `phones` (changed, or left out)."""
    out: set[str] = set()
    for index, phone in enumerate(phones):
        for other in lexicon.PHONES:
            if other != phone and similar(phone, other):
                out.add(" ".join([*phones[:index], other, *phones[index + 1 :]]))
        if len(phones) > 1:
            out.add(" ".join([*phones[:index], *phones[index + 1 :]]))
    out.discard(" ".join(phones))
    return sorted(out)


def choose(votes: Mapping[str, Mapping[str, set[str]]], known: Mapping[str, Iterable[str]], min_share: float = MIN_SHARE) -> dict[str, tuple[str, ...]]:
    """word -> the one new pronunciation to add: `votes` maps each word's pronunciations to the voices
    whose speech fitted it best. Kept when its voices are at least `min_share` of all that spoke the
    word, and more than those of any pronunciation in `known` (what the recogniser already says)."""
    learned: dict[str, tuple[str, ...]] = {}
    for word, by_phones in sorted(votes.items()):
        voices = set().union(*by_phones.values()) if by_phones else set()
        already = set(known.get(word, ()))
        best_known = max((len(v) for phones, v in by_phones.items() if phones in already), default=0)
        new = sorted(((len(v), phones) for phones, v in by_phones.items() if phones not in already), key=lambda x: (-x[0], x[1]))
        if new and new[0][0] >= max(1, math.ceil(min_share * len(voices))) and new[0][0] > best_known:
            learned[word] = (new[0][1],)
    return learned


def spoken(phrases: Iterable[str], voices: Iterable[str]) -> Iterator[tuple[str, str, np.ndarray]]:
    """(voice, phrase, 16 kHz int16 samples): every voice saying every phrase in STYLES ways, placed in
    a little room as the corpus places answers (the same seeds every time)."""
    for voice in voices:
        for phrase in sorted(set(phrases)):
            rng = np.random.default_rng(zlib.crc32(f"{phrase}|{voice}".encode()))
            for _ in range(STYLES):
                rate, pitch = int(rng.integers(130, 195)), int(rng.integers(30, 76))
                try:
                    speech = corpus.place(corpus.synthesize(phrase, voice, rate, pitch), rng, -6.0)
                except (OSError, ValueError, subprocess.CalledProcessError) as error:
                    said = getattr(error, "stderr", None) or b""
                    detail = said.decode(errors="replace").strip().splitlines()[-1:] or [str(error)]
                    raise lexicon.LexiconError(f"cannot speak {phrase!r} in the voice {voice!r}: {detail[0]}") from None
                signal = corpus.add_noise(speech, "clean", rng)
                yield voice, phrase, np.round(np.clip(signal, -1, 1) * 32767).astype(np.int16)


def vote(
    recordings: Iterable[tuple[str, str, np.ndarray]],
    known: Mapping[str, Sequence[str]],
    adaptation: Path | None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, dict[str, set[str]]]:
    """word -> pronunciation -> the voices whose speech it fitted best in at least one recording, by
    forced alignment of each recording's phrase with every candidate as an alternate."""
    decoder = new_decoder(adaptation)
    phones_of: dict[str, str] = {}
    entries = []
    for word, pronunciations in sorted(known.items()):
        ours = list(dict.fromkeys(pronunciations))
        for phones in ours + [c for c in candidates(ours[0].split()) if c not in ours]:
            entries.append((word, phones))
    for index, (word, phones) in enumerate(entries):
        name = f"{word}({1000 + index})"
        decoder.add_word(name, phones, index == len(entries) - 1)
        phones_of[name] = phones
    votes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    searches: dict[str, str] = {}
    for count, (voice, phrase, samples) in enumerate(recordings, 1):
        cleaned, span = decodable(samples)
        if span is None:
            continue
        if phrase not in searches:
            searches[phrase] = f"align{len(searches)}"
            decoder.add_jsgf_string(searches[phrase], jsgf([phrase]))
        decoder.activate_search(searches[phrase])
        decoder.reinit_feat()
        decoder.start_utt()
        decoder.process_raw(padded(cleaned, span).tobytes(), full_utt=True)
        decoder.end_utt()
        if decoder.hyp() is None:
            continue
        for segment in decoder.seg():
            if segment.word in phones_of:
                votes[segment.word.split("(")[0]][phones_of[segment.word]].add(voice)
        if count % 200 == 0:
            progress(f"aligned {count} recordings")
    return {word: dict(by_phones) for word, by_phones in votes.items()}


def learn(
    voices: Sequence[str],
    adaptation: Path | None,
    vocabulary: Vocabulary | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, tuple[str, ...]]:
    """The pronunciations to add for `voices` (espeak-ng names, or "flite:NAME") speaking every phrase
    of the vocabulary, with the acoustic model moved by `adaptation` (None: the stock model, as for
    the recogniser; scripts/learn-pronunciations passes the shipped transform, recogniser.ADAPTATION)."""
    recogniser = Recogniser(vocabulary, adaptation=adaptation, learned=None)
    fixed = {word for intent in FIXED_INTENTS for phrase in recogniser.vocabulary.intents.get(intent, ()) for word in phrase.split()}
    known = {word: phones for word, phones in recogniser.pronunciations().items() if word not in fixed}
    votes = vote(spoken(recogniser.vocabulary.phrases(), voices), known, adaptation, progress)
    return choose(votes, known)
