"""Which engine voice a `voice` setting means.

pyttsx3's espeak driver sets a voice with espeak's SetVoiceByName, which knows voice names
("English (Great Britain)") and file ids ("gmw/en"), but not the language codes that `espeak-ng
--voices` prints first ("en-gb"): those failed, every utterance failed with them, and voiceaid fell
silent. So a setting is matched here against the engine's own list (ids, names as pyttsx3 or
espeak-ng spell them, languages) and turned into the id the engine takes. Pure: the list comes from
the synthesis worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Voice:
    id: str  # what the engine's setProperty("voice", ...) takes: "gmw/en"
    name: str  # "English (Great Britain)"
    languages: tuple[str, ...] = ()  # ("en-gb",)


def _key(text: str) -> str:
    """Case and espeak-ng's underscores for spaces ("English_(Great_Britain)") do not matter."""
    return text.replace("_", " ").strip().casefold()


def resolve(wanted: str, voices: Iterable[Voice]) -> str | None:
    """The engine id for `wanted` ("" stays "": the engine's default), a "+variant" kept
    ("en-gb+whisper" -> "gmw/en+whisper"); None when the engine has no such voice. An exact id
    wins over a name, a name over a language, and among languages the first listed."""
    if not wanted.strip():
        return ""
    base, plus, variant = wanted.strip().partition("+")
    key = _key(base)
    if not key:
        return None
    voices = list(voices)
    tiers = (
        lambda v: _key(v.id) == key,
        lambda v: _key(v.id.rsplit("/", 1)[-1]) == key or _key(v.name) == key,
        lambda v: key in (_key(language) for language in v.languages),
    )
    for matches in tiers:
        for voice in voices:
            if matches(voice):
                return voice.id + (plus + variant if variant else "")
    return None


def suggestions(wanted: str, voices: Sequence[Voice], count: int = 8) -> list[str]:
    """A few voices to offer instead, by language: those sharing the first two letters of
    `wanted`, then English ones (the content's language), else the first few."""
    languages = sorted({language for voice in voices for language in voice.languages[:1]})
    prefix = _key(wanted)[:2]
    close = [language for language in languages if len(prefix) == 2 and language.casefold().startswith(prefix)]
    english = [language for language in languages if language.casefold().startswith("en")]
    offered = list(dict.fromkeys(close + english)) or languages
    return offered[:count]
