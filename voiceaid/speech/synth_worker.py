"""The synthesis worker: `python -m voiceaid.speech.synth_worker`, one per assistant, text in, WAV out.

Why a separate process: pyttsx3 and espeak-ng keep process-wide state (espeak initialises once per
process), print to stdout/stderr ("Audio saved to …", data-file errors), can hang in their own
loop, and espeak-ng calls exit() when its data is missing. In a child process none of that can
paint over the Textual screen, freeze the UI or kill the assistant; the parent
(`voiceaid.speech.synth`) restarts a worker that dies or hangs.

Line protocol (UTF-8 JSON, one object per line). The worker's first line is
`{"ready": true}` or `{"ready": false, "reason": "…"}`; then for each request
`{"text", "voice", "rate", "path"}` on stdin it answers `{"ok": true}` once `path` holds the WAV, or
`{"ok": false, "error": "…"}`. The answers go to a duplicate of the original stdout; fds 1 and 2
themselves point at /dev/null, so whatever the libraries print is lost.

How pyttsx3 2.99 is driven (looked up in its issue tracker and read in its source before writing this):
- the engine's say/runAndWait pair is not used: the espeak driver then plays through a shell
  `aplay` started with os.system, and save_to_file + runAndWait is reported to hang on the second file (nateshmbhat/pyttsx3#194) or
  write empty files (#142, #258, drivers other than espeak).
- `startLoop(False)` + `iterate()` does not work with the espeak driver in 2.99:
  `DriverProxy.startLoop(False)` stores `driver.iterate()` as an iterator, but the espeak driver's
  `iterate()` is a plain method returning None, so `engine.iterate()` raises TypeError, and the
  espeak driver only starts synthesis from inside its own `startLoop()`.
- So each request queues `setProperty`/`save_to_file` and runs the driver's own loop with
  `engine.startLoop()`: the espeak driver ends that loop itself when espeak reports the end of the
  message (after writing the WAV), and `engine.endLoop()` resets the engine for the next request.
  Empty text would leave that loop spinning forever (the driver starts only when text is truthy),
  so empty text is refused here; a hang for any other reason is caught by the parent's timeout.
- Setting an unknown voice fails inside the queued command and is only reported through the
  engine's "error" notification, which is therefore listened to. The espeak driver sets a voice by
  name or file id only ("en-gb", the language `espeak-ng --voices` lists first, fails), so the ready
  line carries the engine's voices, `{"ready": true, "voices": [{"id", "name", "languages"}]}`, and
  the parent sends an id it resolved against them (voiceaid.speech.voices).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO


def _redirect_output() -> TextIO:
    """Keep a private copy of stdout for the protocol; point fds 1 and 2 at /dev/null."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")
    return protocol


def _describe_init_error(error: BaseException) -> str:
    message = str(error) or type(error).__name__
    if "espeak" in message.lower() and "install" in message.lower():
        return "espeak-ng is not installed"
    return f"the speech engine could not start ({message.splitlines()[0]})"


class Renderer:
    """One pyttsx3 engine, reused for every request."""

    def __init__(self) -> None:
        import pyttsx3

        driver = "espeak" if sys.platform.startswith("linux") else None
        self.engine = pyttsx3.init(driver)
        self.default_voice = self.engine.getProperty("voice")
        self.errors: list[BaseException] = []
        self.engine.connect("error", self._on_error)

    def voices(self) -> list[dict[str, Any]]:
        """The engine's voices as the protocol carries them; [] if the engine cannot list them."""
        try:
            listed = self.engine.getProperty("voices") or []
        except Exception:  # noqa: BLE001 - a list is a help, not a requirement
            return []
        out = []
        for voice in listed:
            languages = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in (getattr(voice, "languages", None) or [])]
            out.append({"id": str(voice.id), "name": str(getattr(voice, "name", "") or ""), "languages": languages})
        return out

    def _on_error(self, name: Any = None, exception: BaseException | None = None, **_: Any) -> None:
        self.errors.append(exception or RuntimeError("unknown engine error"))

    def render(self, text: str, voice: str, rate: int, path: Path) -> None:
        if not text.strip():
            raise ValueError("nothing to say")
        self.errors.clear()
        path.unlink(missing_ok=True)
        self.engine.setProperty("voice", voice or self.default_voice)
        self.engine.setProperty("rate", int(rate))
        self.engine.setProperty("volume", 1.0)  # volume is applied at playback, so the cache is shared
        self.engine.save_to_file(text, str(path))
        self.engine.startLoop()  # returns when the driver has written the file (see module docstring)
        self.engine.endLoop()
        if self.errors:
            path.unlink(missing_ok=True)
            error = self.errors[0]
            if voice and isinstance(error, ValueError):
                raise ValueError(f"unknown voice {voice!r}")
            raise error
        if not path.exists() or path.stat().st_size <= 44:
            raise RuntimeError("the engine wrote no audio")


def serve(protocol: TextIO, requests: TextIO) -> int:
    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    try:
        renderer = Renderer()
    except BaseException as error:  # noqa: BLE001 - any failure here means "no voice", with a reason
        send({"ready": False, "reason": _describe_init_error(error)})
        return 1
    send({"ready": True, "voices": renderer.voices()})
    for line in requests:
        try:
            request = json.loads(line)
            renderer.render(str(request["text"]), str(request.get("voice", "")), int(request["rate"]), Path(request["path"]))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which decides
            send({"ok": False, "error": (str(error) or type(error).__name__).splitlines()[0]})
        else:
            send({"ok": True})
    return 0


def main() -> int:
    protocol = _redirect_output()
    return serve(protocol, sys.stdin)


if __name__ == "__main__":
    sys.exit(main())
