"""What an engine understood from one utterance: the one result every speech engine returns."""

from __future__ import annotations

from dataclasses import dataclass

from voiceaid.listen.vocabulary import UNKNOWN


@dataclass(frozen=True)
class Heard:
    """What was understood. `intent` is "unknown" when nothing was a confident answer."""

    intent: str
    text: str = ""  # the phrase heard ("" when unknown)
    confidence: float = 0.0  # 0-1: how sure the recogniser is that `intent` is what was said
    ms: float = 0.0  # decode time in milliseconds
    needs_confirmation: bool = False  # a low-confidence "no": read it back before acting on it
    # Whose answer this is, where it matters: the combined engine says which of its two engines heard
    # it, so that engine's own wake threshold applies ("" from a single engine).
    engine: str = ""

    @property
    def understood(self) -> bool:
        return self.intent != UNKNOWN

    def as_dict(self) -> dict:
        return {
            "intent": self.intent,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "ms": round(self.ms, 1),
            "needs_confirmation": self.needs_confirmation,
        }
