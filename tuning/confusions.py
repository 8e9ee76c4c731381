"""Learning phone confusions (`scripts/learn-confusions`): how the phone loop hears the training
voices' phones, counted by aligning what it heard with what was said (see `voiceaid.listen.sphinx.phonematch`
for how the recogniser uses the counts, and for the file they are written to)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from tuning import corpus
from voiceaid.listen.sphinx import phonematch
from voiceaid.listen.audio import read_wav

LEARNING_ROUNDS = 4  # align, count, realign with the counts' costs: settles within three or four


def learn(examples: Sequence[tuple[Sequence[str], Sequence[str]]], rounds: int = LEARNING_ROUNDS) -> phonematch.Confusions:
    """Counts from (heard phones, the said phrase's pronunciations) pairs: each heard string aligned
    with the pronunciation it fits best, first by plain edit distance, then by the costs the last
    round's counts give."""
    phones = {phone for heard, said in examples for phone in [*heard, *" ".join(said).split()]}
    confusions: phonematch.Confusions | None = None
    for _ in range(rounds):
        current = phonematch.costs(confusions, phones)
        substitutions: Counter[tuple[str, str]] = Counter()
        deletions: Counter[str] = Counter()
        insertions: Counter[str] = Counter()
        places = 0
        for heard, pronunciations in examples:
            if not pronunciations:
                continue
            _, pairs = min((phonematch.align(heard, said.split(), current) for said in pronunciations), key=lambda found: found[0])
            for spoken, got in pairs:
                if spoken is None:
                    insertions[got or ""] += 1
                elif got is None:
                    deletions[spoken] += 1
                else:
                    substitutions[(spoken, got)] += 1
            places += len(heard) + 1
        confusions = phonematch.Confusions(dict(substitutions), dict(deletions), dict(insertions), places)
    return confusions or phonematch.Confusions()


def answer_examples(heard: Iterable[tuple[Any, Sequence[str]]], words: Mapping[str, Sequence[str]], phrases: Mapping[str, str]) -> list[tuple[Sequence[str], list[str]]]:
    """`learn`'s examples from (labelled clip, the phones heard in it) pairs: the answers in which
    something was heard, each with the ways its phrase is said (for a phrase this vocabulary lacks,
    every phrase of its intent)."""
    examples = []
    for clip, phones in heard:
        if clip.kind == "answer" and phones:
            spoken = [clip.text] if clip.text in phrases else [phrase for phrase, meant in phrases.items() if meant == clip.intent]
            examples.append((phones, [way for phrase in spoken for way in phonematch.phrase_pronunciations(phrase, words)]))
    return examples


def learn_from_corpora(corpus_dirs: Iterable[Path], recogniser: Any, voices: set[str] | None = None) -> phonematch.Confusions:
    """Counts from the answers of labelled corpora (`corpus.load_labels`), every noise level, as
    `recogniser` (a `Recogniser`: its phone loop and pronunciations) hears them; `voices`: only theirs."""
    heard = (
        (clip, recogniser.opinions(read_wav(corpus_dir / clip.file))[1])
        for corpus_dir in corpus_dirs
        for clip in corpus.load_labels(corpus_dir)
        if clip.kind == "answer" and (voices is None or clip.voice in voices)
    )
    examples = answer_examples(heard, recogniser.pronunciations(), recogniser.vocabulary.phrases())
    if not examples:
        raise phonematch.ConfusionsError("no answers to learn from (check the corpus dirs and the voices)")
    return learn(examples)
