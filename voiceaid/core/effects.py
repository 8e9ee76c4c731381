"""What the core asks the outside world to do. The shell (UI, speech, diary) carries these out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Say:
    """Speak `text`. `due` is when it was meant to be said (cues later than their due time are dropped)."""

    text: str
    kind: str  # instruction | cue | question | readback | outcome | notice
    due: float | None = None


@dataclass(frozen=True)
class StopSpeech:
    """Stop what is being said now and anything queued (a user action or an emergency)."""


@dataclass(frozen=True)
class Louder:
    """A question got no reply: raise the voice one step (quiet at first so a partner is not woken)."""


@dataclass(frozen=True)
class Record:
    """Save these episode fields to the diary (a partial update)."""

    fields: dict[str, Any] = field(default_factory=dict)


Effect = Say | StopSpeech | Louder | Record
