"""Which engine turns speech into intents: `sphinx` (pocketsphinx, closed grammars, always there),
`whisper` (faster-whisper, an optional extra) or `both` (a combined decision).

Every engine offers the same calls (`voiceaid.listen.engine.Engine`): `name`, `prepare(intents)`,
`decode(samples, intents)`, `decode_pcm(data, rate, intents)` and `decode_file(path, intents)`, each
returning a `Heard`, and `unsayable(words)`. What needs no loaded model is asked here by name: the
words an engine cannot say (`unsayable`) and the doctor's check of it (`doctor_check`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # engines are imported where built: check-content and the doctor ask by name, no numpy loaded
    from voiceaid.doctor.probe import Check
    from voiceaid.listen.engine import Engine
    from voiceaid.listen.vocabulary import Vocabulary

ENGINES = ("sphinx", "whisper", "both")


def build(name: str, vocabulary: Vocabulary, whisper_model: str = "") -> Engine:
    """The engine called `name`; WhisperUnavailable (one line: why, and what to do) when Whisper is
    asked for and cannot run here."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}")
    if name == "sphinx":
        return _sphinx(vocabulary)
    from voiceaid.listen.both import Both
    from voiceaid.listen.whisper.engine import WhisperEngine

    whisper = WhisperEngine(vocabulary, whisper_model)
    return whisper if name == "whisper" else Both(_sphinx(vocabulary), whisper)


def _sphinx(vocabulary: Vocabulary) -> Engine:
    from voiceaid.listen.sphinx.recogniser import Recogniser

    return Recogniser(vocabulary)


def unsayable(name: str, words: Iterable[str]) -> list[str]:
    """The words (sorted) engine `name` could not listen for, without loading its model: pocketsphinx
    only knows its dictionary's words (and `both` needs pocketsphinx); Whisper can write any word."""
    if name == "whisper":
        return []
    from voiceaid.listen.sphinx.dictionary import unsayable as not_in_dictionary

    return not_in_dictionary(words)


def doctor_check(name: str, engine_setting: str = "sphinx", content_dir: Path | None = None, whisper_model: str = "") -> Check:
    """The doctor's check of the engine package `name` ("sphinx" or "whisper"), each in a probe
    process of its own. `engine_setting` is the engine in use: Whisper not installed is only a
    warning when it is asked for (pocketsphinx, always there, is always checked)."""
    if name == "sphinx":
        from voiceaid.listen.sphinx import doctor as sphinx_doctor

        return sphinx_doctor.check(content_dir)
    if name == "whisper":
        from voiceaid.listen.whisper import doctor as whisper_doctor

        return whisper_doctor.check(engine_setting, whisper_model)
    raise ValueError(f"no doctor check for engine {name!r}; use sphinx or whisper")
