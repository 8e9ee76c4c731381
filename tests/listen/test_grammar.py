"""Decoys found in the pronouncing dictionary: words that begin like an answer, but not so like it
that they would take the answer away."""

from __future__ import annotations

from voiceaid.listen.sphinx import grammar
from voiceaid.listen.sphinx.grammar import NOT_DECOYS, british, jsgf, prefix_decoys

PRONUNCIATIONS = {
    "yes": "Y EH S", "yesterday": "Y EH S T ER D EY", "yessir": "Y EH S ER",
    "no": "N OW", "note": "N OW T", "nobody": "N OW B AA D IY", "notice": "N OW T AH S",
    "go": "G OW", "on": "AA N", "going": "G OW IH NG", "golden": "G OW L D AH N",
    "back": "B AE K", "backpack": "B AE K P AE K", "background": "B AE K G R AW N D",
    "obscure": "N OW B S K Y UH R",
}  # fmt: skip
# commonest first; "yessir" and "obscure" are not common words
COMMON = ["going", "note", "yesterday", "nobody", "notice", "golden", "background", "backpack"]


def decoys(*phrases: str) -> list[str]:
    prons = {word: phones.split() for word, phones in PRONUNCIATIONS.items()}
    return prefix_decoys(phrases, prons, {word: index for index, word in enumerate(COMMON)})


def test_longer_words_that_begin_like_an_answer_are_decoys():
    assert decoys("yes", "no", "back") == ["background", "backpack", "nobody", "yesterday"]


def test_words_measured_to_take_answers_away_are_never_decoys():
    assert "notice" in NOT_DECOYS  # common, and begins like "no": it took the recorded voices' "no it isn't"
    assert "notice" not in decoys("no")


def test_a_word_left_out_keeps_its_place_so_no_unmeasured_word_comes_in(monkeypatch):
    monkeypatch.setattr(grammar, "PREFIX_PER_WORD", 1)
    assert decoys("no") == ["nobody"]  # the commonest of nobody and notice
    monkeypatch.setattr(grammar, "NOT_DECOYS", frozenset({"nobody"}))
    assert decoys("no") == []  # not notice in its place


def test_one_phone_more_is_too_close_to_be_a_decoy():
    assert "note" not in decoys("no")  # N OW T: it would take "no" away


def test_a_word_close_to_a_whole_phrase_is_never_a_decoy():
    assert "going" not in decoys("go on", "go")  # G OW IH NG is two phones from "go on"
    assert "golden" in decoys("go on", "go")


def test_rare_words_and_the_phrases_own_words_are_not_decoys():
    assert "obscure" not in decoys("no")
    assert "on" not in decoys("go on")


def test_a_grammar_holds_exactly_its_phrases():
    grammar = jsgf(["yes", "no", "not sure"])
    assert "public <answer> = ( no | not sure | yes );" in grammar


def say(word: str, phones: str) -> str:
    return " ".join(british(word, phones.split()))


def test_british_drops_an_r_after_a_vowel_unless_a_vowel_follows():
    assert say("start", "S T AA R T") == "S T AA T"
    assert say("more", "M AO R") == "M AO"
    assert say("diary", "D AY ER IY") == "D AY ER IY"  # a vowel follows: the r is said
    assert say("right", "R AY T") == "R AY T"  # no vowel before it


def test_british_ends_er_as_a_schwa_and_rounds_the_short_o():
    assert say("faster", "F AE S T ER") == "F AE S T AH"
    assert say("stop", "S T AA P") == "S T AO P"
    assert say("calf", "K AA F") == "K AA F"  # spelt without an o: the open a stays
    assert say("yes", "Y EH S") == "Y EH S"


def test_pure_vowels_say_the_o_of_no_without_the_american_glide():
    from voiceaid.listen.sphinx.grammar import pure_vowels

    assert pure_vowels("no", ["N", "OW"]) == ["N", "AO"]
    assert pure_vowels("yes", ["Y", "EH", "S"]) == ["Y", "EH", "S"]
