"""Speech out: the `Speaker` the UI talks through, and its parts.

- `speaker.Speaker`: priority queue (policy in `voiceaid.core.speech_policy`), thread, status line.
- `synth.Synth`: text to cached WAV through a pyttsx3/espeak-ng worker process (`synth_worker`).
- `player.Player`: plays a WAV (aplay, or PyAudio) and stops it at once.
- `speech_log.SpeechLog`: `--speech-log FILE`, one JSON line per utterance event.
- `quiet.quiet`: silences C libraries that print onto the terminal.
"""

from voiceaid.core.speech_policy import Kind
from voiceaid.speech.speaker import Speaker
from voiceaid.speech.speech_log import SpeechLog

__all__ = ["Kind", "Speaker", "SpeechLog"]
