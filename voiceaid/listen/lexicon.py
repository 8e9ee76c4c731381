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
8 dB; on a yes/no screen 92.7 -> 94.8 % clean, the same in noise. Only build tools and the file
reader live here; the recogniser reads the finished list (`LEARNED`).
"""

from __future__ import annotations

import math
import subprocess
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from voiceaid.listen.vocabulary import Vocabulary

LEARNED = Path(__file__).with_name("pronunciations.txt")
MIN_SHARE = 0.35  # of the voices: with the 19 train voices, at least 7 must fit a candidate best; with 10, 4
STYLES = 2  # each voice says each phrase at two speaking rates and pitches
# The words of a yes or a no keep the dictionary's and grammar.EXTRA_PRONUNCIATIONS: those answers
# decide the triage, and a learned "yes" (IY EH S) brought "guess" and "yet" so close that the
# calibration had to ask more of every yes and no (training voices, cross-fitted: answers heard on a
# yes/no screen 92.7 -> 90.6 % clean, 88.5 -> 85.4 % at 15 dB).
FIXED_INTENTS = ("yes", "no")

# Phones that change into one another in accents, reductions and unfamiliar voices. A change within a
# class, or between a vowel and a liquid or glide (an L or R said as a vowel), is a candidate.
_VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
_LIQUIDS = frozenset("L R W Y".split())
PHONE_CLASSES = (
    _VOWELS,
    frozenset("B D G K P T".split()),  # stops
    frozenset("CH JH DH F S SH TH V Z ZH HH".split()),  # fricatives and affricates
    frozenset("M N NG".split()),  # nasals
    _LIQUIDS,
)
_PHONES = sorted(set().union(*PHONE_CLASSES))


class LexiconError(Exception):
    """The pronunciation list cannot be read, or a voice cannot speak to learn from; the message
    says where and why."""


def similar(a: str, b: str) -> bool:
    """Whether one phone may stand for the other in a candidate pronunciation."""
    if any(a in group and b in group for group in PHONE_CLASSES):
        return True
    return (a in _VOWELS and b in _LIQUIDS) or (a in _LIQUIDS and b in _VOWELS)


def candidates(phones: Sequence[str]) -> list[str]:
    """Every pronunciation one similar phone away from `phones` (changed, or left out)."""
    out: set[str] = set()
    for index, phone in enumerate(phones):
        for other in _PHONES:
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
        unknown = [phone for phone in phones if phone not in _PHONES]
        if not phones or unknown:
            raise LexiconError(f"{path}:{number}: expected a word and its phones (ARPAbet), got {line!r}")
        learned[word].append(" ".join(phones))
    return {word: tuple(pronunciations) for word, pronunciations in learned.items()}


def write(path: Path, learned: Mapping[str, Sequence[str]], header: str = "") -> None:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"{word} {phones}" for word in sorted(learned) for phones in learned[word]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- learning ---------------------------------------------------------------------------------


def spoken(phrases: Iterable[str], voices: Iterable[str]) -> Iterator[tuple[str, str, np.ndarray]]:
    """(voice, phrase, 16 kHz int16 samples): every voice saying every phrase in STYLES ways, placed in
    a little room as the corpus places answers (the same seeds every time)."""
    from voiceaid.listen import corpus

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
                    raise LexiconError(f"cannot speak {phrase!r} in the voice {voice!r}: {detail[0]}") from None
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
    from voiceaid.listen.grammar import jsgf
    from voiceaid.listen.recogniser import decodable, new_decoder, padded

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
    from voiceaid.listen.recogniser import Recogniser

    recogniser = Recogniser(vocabulary, adaptation=adaptation, learned=None)
    fixed = {word for intent in FIXED_INTENTS for phrase in recogniser.vocabulary.intents.get(intent, ()) for word in phrase.split()}
    known = {word: phones for word, phones in recogniser.pronunciations().items() if word not in fixed}
    votes = vote(spoken(recogniser.vocabulary.phrases(), voices), known, adaptation, progress)
    return choose(votes, known)
