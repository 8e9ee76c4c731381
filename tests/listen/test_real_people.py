"""The acoustic transform on recordings of real people (Debian's pocketsphinx-testdata): fitted to
synthetic answers, it must not make the model worse at hearing people. MAP adaptation on the same
answers did: it about doubled the stock model's word errors on the reading below."""

from __future__ import annotations

import pytest

from tuning import real_people

DATA = real_people.DATA
pytestmark = pytest.mark.skipif(not real_people.available(), reason="apt-get install pocketsphinx-testdata")


def _errors(recordings: list[real_people.Recording], adapted: bool, **search) -> int:
    heard = real_people.sphinx_transcripts(recordings, adapted, **search)
    return sum(real_people.word_errors(list(r.words), real_people.words(text)) for r, text in zip(recordings, heard))


def test_a_grammar_still_hears_real_people_word_for_word():
    """Playing cards read by a person, through their grammar (as voiceaid listens): the stock model
    gets all 21 words right; with the transform at most one is wrong. (With a map per class of
    phones, one "eight" comes in before "seven of clubs", whose recording starts without a pause;
    the same transform gets two fewer words wrong in the reading below, so real people's speech is
    heard about as well overall: 23 errors in 92 words against the one-class transform's 24.)"""
    cards = real_people.transcribed("cards")
    grammar = {"lm": None, "jsgf": str(DATA / "cards" / "cards.gram")}
    assert len(cards) == 5
    assert _errors(cards, adapted=False, **grammar) == 0
    assert _errors(cards, adapted=True, **grammar) <= 1


def test_free_speech_of_a_real_reader_is_heard_about_as_well():
    """Five sentences of a LibriVox reading (71 words), with the model's large language model: the
    stock model gets 20 words wrong, with the transform 22. More than a quarter worse would mean the
    transform has learnt the synthetic voices rather than the channel."""
    reading = real_people.transcribed("librivox")
    assert sum(len(r.words) for r in reading) == 71
    stock = _errors(reading, adapted=False)
    assert _errors(reading, adapted=True) <= stock * 1.25
