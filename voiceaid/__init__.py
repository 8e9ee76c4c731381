"""voiceaid: an offline, voice-guided bedside assistant for night-time leg cramps."""

__version__ = "0.1.0"
