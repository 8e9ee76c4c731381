"""What can be said: intents and their phrases, read from `content/<language>/vocabulary.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from voiceaid.content.loader import builtin_content_dir
from voiceaid.safe_yaml import YamlError, load_yaml_text

UNKNOWN = "unknown"  # the intent of anything that is not a confident answer
_WORD = re.compile(r"^[a-z][a-z']*$")


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Vocabulary:
    """intent -> phrases; `global_intents` are heard on every listening screen."""

    intents: Mapping[str, tuple[str, ...]]
    global_intents: frozenset[str] = frozenset()
    keys: Mapping[str, str] = field(default_factory=dict)

    def phrases(self, intents: Iterable[str] | None = None) -> dict[str, str]:
        """phrase -> intent for the given intents (all when None)."""
        chosen = self.intents if intents is None else {name: self.intents[name] for name in intents}
        return {phrase: name for name, phrases in chosen.items() for phrase in phrases}

    def words(self) -> set[str]:
        return {word for phrases in self.intents.values() for phrase in phrases for word in phrase.split()}

    def check_intents(self, names: Iterable[str]) -> frozenset[str]:
        """The names as a set; VocabularyError naming any that the vocabulary does not define."""
        names = frozenset(names)
        unknown = sorted(names - set(self.intents))
        if unknown:
            raise VocabularyError(
                f"unknown intent {', '.join(map(repr, unknown))}; known intents: {', '.join(self.intents)}"
            )
        return names


def intents_for_screen(own: Iterable[str], vocabulary: Vocabulary) -> frozenset[str]:
    """What a screen listens for: its own intents plus the vocabulary's global ones (emergency...)."""
    return vocabulary.check_intents(own) | vocabulary.global_intents


def own_vocabulary(content_dir: Path | None) -> Path | None:
    """The vocabulary.yaml of the content in `content_dir`, or None when it has none of its own."""
    own = content_dir / "vocabulary.yaml" if content_dir is not None else None
    return own if own is not None and own.is_file() else None


def content_vocabulary(content_dir: Path | None) -> Vocabulary:
    """What is listened for with the content in `content_dir` (`--content DIR`): its own
    vocabulary.yaml when it has one, else the built-in one (as every other file it lacks)."""
    return load_vocabulary(own_vocabulary(content_dir))


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    path = path or builtin_content_dir() / "vocabulary.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VocabularyError(f"{path}: cannot read the vocabulary ({error})") from None
    try:
        data = load_yaml_text(text, str(path))
    except YamlError as error:
        raise VocabularyError(str(error)) from None
    return parse_vocabulary(data, str(path))


def parse_vocabulary(data: object, name: str = "vocabulary.yaml") -> Vocabulary:
    if not isinstance(data, dict) or not isinstance(data.get("intents"), dict) or not data["intents"]:
        raise VocabularyError(f"{name}: intents: expected a mapping of intent: [phrases]")
    intents: dict[str, tuple[str, ...]] = {}
    for intent, phrases in data["intents"].items():
        if not isinstance(intent, str) or intent == UNKNOWN:
            raise VocabularyError(f"{name}: intents: {intent!r} cannot be an intent name")
        if not isinstance(phrases, list) or not phrases:
            raise VocabularyError(f"{name}: intents.{intent}: expected a list of phrases")
        cleaned = []
        for phrase in phrases:
            words = str(phrase).lower().split()
            if not words or not all(_WORD.match(word) for word in words):
                raise VocabularyError(f"{name}: intents.{intent}: {phrase!r} must be plain lower-case words")
            cleaned.append(" ".join(words))
        intents[intent] = tuple(cleaned)
    seen: dict[str, str] = {}
    for intent, phrases in intents.items():
        for phrase in phrases:
            if phrase in seen and seen[phrase] != intent:
                raise VocabularyError(f"{name}: {phrase!r} is listed under both {seen[phrase]} and {intent}")
            seen[phrase] = intent
    global_intents = data.get("global") or []
    if not isinstance(global_intents, list) or not all(isinstance(g, str) and g in intents for g in global_intents):
        raise VocabularyError(f"{name}: global: expected a list of intents defined under intents")
    keys = data.get("keys") or {}
    if not isinstance(keys, dict):
        raise VocabularyError(f"{name}: keys: expected a mapping of intent: key")
    return Vocabulary(intents=intents, global_intents=frozenset(global_intents), keys={str(k): str(v) for k, v in keys.items()})
