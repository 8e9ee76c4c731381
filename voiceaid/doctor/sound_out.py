"""Can voiceaid speak? The speech engine (pyttsx3), espeak-ng's voices and the default audio output."""

from __future__ import annotations

import shutil
import sys
import tempfile
import wave
from pathlib import Path

from voiceaid.doctor.probe import MARK, OK, SETUP_HINT, TIMEOUT, WARN, Check, last_line, run_command, run_python


_ENGINE_CODE = f"""
import json, sys
try:
    import pyttsx3
except Exception as error:
    print({MARK!r} + json.dumps({{"error": "import", "message": repr(error)}}))
    sys.exit(0)
engine = pyttsx3.init()
voices = engine.getProperty("voices") or []
print({MARK!r} + json.dumps({{
    "driver": type(engine.proxy._driver).__module__.rsplit(".", 1)[-1] if hasattr(engine, "proxy") else "",
    "voices": [[str(v.id), str(v.name), [str(x) for x in (getattr(v, "languages", None) or [])]] for v in voices],
}}))
"""


def check_speech_engine(voice: str = "") -> Check:
    name = "speech engine"
    data, result = run_python(_ENGINE_CODE)
    if result.returncode is None:
        return Check(name, WARN, f"pyttsx3 did not start within {TIMEOUT:g} s", "check the speech engine with `voiceaid say hello`; voiceaid still shows every instruction on screen")
    if data is None:
        return Check(name, WARN, f"pyttsx3 failed to start: {last_line(result.stderr or result.stdout)}", f"install espeak-ng (Linux: sudo apt-get install espeak-ng); {SETUP_HINT}")
    if data.get("error") == "import":
        return Check(name, WARN, f"pyttsx3 is not installed ({data.get('message')})", f"{SETUP_HINT}, or: pip install pyttsx3")
    voices = data.get("voices") or []
    if not voices:
        return Check(name, WARN, "pyttsx3 starts but offers no voices", "install espeak-ng and its voice data (Linux: sudo apt-get install espeak-ng)")
    detail = f"pyttsx3 ({data.get('driver') or 'default driver'}) with {len(voices)} voices"
    if voice:  # matched as the app matches it (voiceaid.speech.voices), so the verdict is the app's
        from voiceaid.speech.voices import Voice, resolve

        engine_voice = resolve(voice, [Voice(str(v[0]), str(v[1]), tuple(v[2]) if len(v) > 2 else ()) for v in voices])
        if engine_voice is None:
            return Check(name, WARN, f"{detail}, but the configured voice {voice!r} is not among them: the default voice speaks instead", 'voiceaid config set voice ""   (or pick one from `espeak-ng --voices`)')
        detail += f"; configured voice {voice!r} found ({engine_voice})"
    return Check(name, OK, detail)


def check_espeak() -> Check:
    name = "espeak-ng voices"
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary is None:
        if sys.platform.startswith("linux"):
            return Check(name, WARN, "espeak-ng is not installed: voiceaid cannot speak", "sudo apt-get install espeak-ng")
        return Check(name, OK, "not needed on this system (it uses the system voices)")
    result = run_command([binary, "--voices"])
    if result.returncode is None:
        return Check(name, WARN, f"`{Path(binary).name} --voices` did not finish within {TIMEOUT:g} s", "reinstall espeak-ng (sudo apt-get install --reinstall espeak-ng)")
    if result.returncode != 0:
        return Check(name, WARN, f"`{Path(binary).name} --voices` failed: {last_line(result.stderr)}", "reinstall espeak-ng (sudo apt-get install --reinstall espeak-ng)")
    rows = [line.split() for line in result.stdout.splitlines()[1:] if line.strip()]
    english = [row for row in rows if len(row) > 1 and row[1].lower().startswith("en")]
    if not rows:
        return Check(name, WARN, f"{binary} lists no voices", "install espeak-ng-data (sudo apt-get install espeak-ng-data)")
    if not english:
        return Check(name, WARN, f"{len(rows)} voices, none English", "install espeak-ng-data (sudo apt-get install espeak-ng-data)")
    return Check(name, OK, f"{binary}: {len(rows)} voices, {len(english)} English")


def _silent_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 400)  # 50 ms of silence


def check_audio_output() -> Check:
    name = "audio output"
    if not sys.platform.startswith("linux"):
        return Check(name, OK, "not checked on this system (the system plays the sound)")
    aplay = shutil.which("aplay")
    if aplay is None:
        return Check(name, WARN, "aplay is not installed, so voiceaid cannot play speech", "sudo apt-get install alsa-utils")
    fix = "connect speakers or headphones and check `aplay -l` (or set up PulseAudio/PipeWire); voiceaid still shows every instruction on screen"
    with tempfile.TemporaryDirectory(prefix="voiceaid-doctor-") as tmp:
        wav = Path(tmp) / "silence.wav"
        _silent_wav(wav)
        result = run_command([aplay, "-q", str(wav)], timeout=3.0)
    if result.returncode is None:
        return Check(name, WARN, "the default audio output did not finish a 50 ms test sound within 3 s", fix)
    if result.returncode != 0:
        return Check(name, WARN, f"cannot play on the default audio output: {last_line(result.stderr)}", fix)
    listing = run_command([aplay, "-l"], timeout=2.0)
    cards = sum(1 for line in listing.stdout.splitlines() if line.startswith("card "))
    where = f"{cards} sound card(s)" if cards else "no sound card; the default device is a software one"
    return Check(name, OK, f"the default output plays a test sound (silent) ({where})")
