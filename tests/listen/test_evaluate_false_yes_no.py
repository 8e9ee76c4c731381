"""The benchmark names every clip heard as yes or no that was something else (the safety floors' clips)."""

from __future__ import annotations

from pathlib import Path

from tuning import corpus, evaluate, measure
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import load_vocabulary


def _clip(kind: str, intent: str, text: str, noise: str = "clean") -> corpus.Clip:
    return corpus.Clip(file=f"{kind}/{text}.wav", kind=kind, intent=intent, text=text, noise=noise, voice="en-us+m3")


def test_only_clips_wrongly_heard_as_yes_or_no_are_named_with_their_confidence() -> None:
    clips = [
        _clip("oov", "unknown", "nose", "15dB"),  # a near miss heard as "no"
        _clip("answer", "yes", "yes"),  # right
        _clip("answer", "help", "help"),  # heard as "nope": wrong, and a yes/no
        _clip("answer", "next", "next"),  # heard as "back": wrong, but not a yes/no
        _clip("answer", "yes", "yeah"),  # on a yes/no screen, still right
        _clip("answer", "no", "no"),  # swapped for yes
    ]
    heard = [
        Heard("no", "no", 0.834),
        Heard("yes", "yes", 0.99),
        Heard("no", "nope", 0.85),
        Heard("back", "back", 0.9),
        Heard("yes", "yeah", 0.95),
        Heard("yes", "yes", 0.81),
    ]
    rows = evaluate.false_yes_no(clips, heard, None)
    assert [(r["said"], r["heard"], r["intent"], r["confidence"]) for r in rows] == [
        ("nose", "no", "no", 0.83),
        ("help", "nope", "no", 0.85),
        ("no", "yes", "yes", 0.81),
    ]
    assert rows[0] == {
        "file": "oov/nose.wav",
        "kind": "oov",
        "said": "nose",
        "voice": "en-us+m3",
        "noise": "15dB",
        "heard": "no",
        "intent": "no",
        "confidence": 0.83,
    }
    # On a yes/no screen "help" is not an answer at all, and still must not come back as "no".
    assert [r["said"] for r in evaluate.false_yes_no(clips, heard, evaluate.YES_NO_SCREEN)] == ["nose", "help", "no"]


def test_the_named_clips_are_exactly_the_ones_the_floors_count(tmp_path: Path) -> None:
    """On real decodes of out-of-vocabulary and partner speech (the near misses included), the report
    names as many clips per level as the false yes/no count it scores, and prints each of them."""
    corpus.build(tmp_path, load_vocabulary(), split="test", only={"oov", "partner"}, levels=("clean",))
    result = evaluate.evaluate(tmp_path, reference=False)
    table = evaluate.table(result)
    for mode in ("full", "yes_no"):
        named = result["false_yes_no"][mode]
        assert len(named) == result["recogniser"][mode]["all"]["false_yes_no"]
        for row in named:
            assert row["intent"] in ("yes", "no") and row["kind"] in ("oov", "partner")
            assert f"'{row['said']}' ({row['voice']}) heard as '{row['heard']}' at {row['confidence']:.2f}" in table
    assert ("heard as yes or no, but it was not" in table) == any(result["false_yes_no"].values())


def test_a_corpus_dir_without_labels_is_an_error_not_a_new_corpus(tmp_path: Path) -> None:
    """A mistyped corpus path used to start building a whole corpus there (minutes of synthesis)."""
    import pytest

    with pytest.raises(FileNotFoundError, match="no labels.json"):
        evaluate.evaluate(tmp_path / "typo", reference=False)
    assert not (tmp_path / "typo").exists()
    assert measure.main([str(tmp_path / "typo")]) == 2

