"""`voiceaid doctor`: is this machine ready for a night-time cramp?

Each check is a small function returning a `Check` (name, status, detail, fix). Speech, audio and
the microphone only WARN when missing, because voiceaid still works on screen and with keys; content
or config it cannot use, or a data dir it cannot write, FAIL. Anything that can hang or print (speech
engines, ALSA, PortAudio) runs in a child process with a timeout and its output captured, so the
terminal only shows the report and the whole run stays within a few seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, NamedTuple

OK, WARN, FAIL = "OK", "WARN", "FAIL"
TIMEOUT = 4.0  # seconds for any one child process; checks run side by side, so the run stays under ~5 s
MARK = "VOICEAID-DOCTOR:"  # prefixes the child's JSON answer, so chatter on stdout cannot confuse it
SETUP_HINT = "./scripts/setup.sh installs what is missing"


class Check(NamedTuple):
    name: str
    status: str  # OK, WARN or FAIL
    detail: str
    fix: str = ""


class _Result(NamedTuple):
    returncode: int | None  # None: did not finish in time
    stdout: str
    stderr: str


def _run(argv: list[str], timeout: float = TIMEOUT) -> _Result:
    """Run a command with its output captured; on timeout, kill its whole process group."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a timeout kills helpers it started too
        )
    except OSError as error:
        return _Result(127, "", str(error))
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        out, err = process.communicate()
        return _Result(None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    return _Result(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _python(code: str, timeout: float = TIMEOUT, args: tuple[str, ...] = ()) -> tuple[dict | None, _Result]:
    """Run `code` in a fresh interpreter (with `args` as sys.argv[1:]); it reports by printing MARK + JSON."""
    result = _run([sys.executable, "-c", code, *args], timeout)
    for line in reversed(result.stdout.splitlines()):
        if line.startswith(MARK):
            try:
                return json.loads(line[len(MARK) :]), result
            except ValueError:
                break
    return None, result


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no message"


# ---------------------------------------------------------------- speech


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
    "voices": [[str(v.id), str(v.name)] for v in voices],
}}))
"""


def check_speech_engine(voice: str = "") -> Check:
    name = "speech engine"
    data, result = _python(_ENGINE_CODE)
    if result.returncode is None:
        return Check(name, WARN, f"pyttsx3 did not start within {TIMEOUT:g} s", "check the speech engine with `voiceaid say hello`; voiceaid still shows every instruction on screen")
    if data is None:
        return Check(name, WARN, f"pyttsx3 failed to start: {_last_line(result.stderr or result.stdout)}", f"install espeak-ng (Linux: sudo apt-get install espeak-ng); {SETUP_HINT}")
    if data.get("error") == "import":
        return Check(name, WARN, f"pyttsx3 is not installed ({data.get('message')})", f"{SETUP_HINT}, or: pip install pyttsx3")
    voices = data.get("voices") or []
    if not voices:
        return Check(name, WARN, "pyttsx3 starts but offers no voices", "install espeak-ng and its voice data (Linux: sudo apt-get install espeak-ng)")
    detail = f"pyttsx3 ({data.get('driver') or 'default driver'}) with {len(voices)} voices"
    if voice:
        wanted = voice.lower()
        if not any(wanted in (vid.lower(), vname.lower()) or wanted in vid.lower() for vid, vname in voices):
            return Check(name, WARN, f"{detail}, but the configured voice {voice!r} is not among them", 'voiceaid config set voice ""   (or pick one from `espeak-ng --voices`)')
        detail += f"; configured voice {voice!r} found"
    return Check(name, OK, detail)


def check_espeak() -> Check:
    name = "espeak-ng voices"
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary is None:
        if sys.platform.startswith("linux"):
            return Check(name, WARN, "espeak-ng is not installed: voiceaid cannot speak", "sudo apt-get install espeak-ng")
        return Check(name, OK, "not needed on this system (it uses the system voices)")
    result = _run([binary, "--voices"])
    if result.returncode is None:
        return Check(name, WARN, f"`{Path(binary).name} --voices` did not finish within {TIMEOUT:g} s", "reinstall espeak-ng (sudo apt-get install --reinstall espeak-ng)")
    if result.returncode != 0:
        return Check(name, WARN, f"`{Path(binary).name} --voices` failed: {_last_line(result.stderr)}", "reinstall espeak-ng (sudo apt-get install --reinstall espeak-ng)")
    rows = [line.split() for line in result.stdout.splitlines()[1:] if line.strip()]
    english = [row for row in rows if len(row) > 1 and row[1].lower().startswith("en")]
    if not rows:
        return Check(name, WARN, f"{binary} lists no voices", "install espeak-ng-data (sudo apt-get install espeak-ng-data)")
    if not english:
        return Check(name, WARN, f"{len(rows)} voices, none English", "install espeak-ng-data (sudo apt-get install espeak-ng-data)")
    return Check(name, OK, f"{binary}: {len(rows)} voices, {len(english)} English")


# ---------------------------------------------------------------- audio


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
        result = _run([aplay, "-q", str(wav)], timeout=3.0)
    if result.returncode is None:
        return Check(name, WARN, "the default audio output did not finish a 50 ms test sound within 3 s", fix)
    if result.returncode != 0:
        return Check(name, WARN, f"cannot play on the default audio output: {_last_line(result.stderr)}", fix)
    listing = _run([aplay, "-l"], timeout=2.0)
    cards = sum(1 for line in listing.stdout.splitlines() if line.startswith("card "))
    where = f"{cards} sound card(s)" if cards else "no sound card; the default device is a software one"
    return Check(name, OK, f"the default output plays a test sound (silent) ({where})")


_MIC_CODE = f"""
import json, os, sys
try:
    import pyaudio
except Exception as error:
    print({MARK!r} + json.dumps({{"error": "import", "message": repr(error)}}))
    sys.exit(0)
audio = pyaudio.PyAudio()
try:
    inputs = []
    for index in range(audio.get_device_count()):
        info = audio.get_device_info_by_index(index)
        if int(info.get("maxInputChannels", 0)) > 0:
            inputs.append(str(info.get("name")))
    try:
        default = str(audio.get_default_input_device_info().get("name"))
    except (IOError, OSError):
        default = ""
finally:
    audio.terminate()
print({MARK!r} + json.dumps({{"inputs": inputs, "default": default}}))
"""


def check_microphone(enabled: bool = True) -> Check:
    name = "microphone"
    off = "" if enabled else " (listening is off in config: voiceaid config set microphone on)"
    fix = "plug in a microphone or headset and check `arecord -l`; voiceaid still works with the keys"
    data, result = _python(_MIC_CODE)  # ALSA/JACK chatter goes to the captured stderr, not the terminal
    if result.returncode is None:
        return Check(name, WARN, f"PortAudio did not list devices within {TIMEOUT:g} s{off}", fix)
    if data is None:
        return Check(name, WARN, f"PortAudio failed: {_last_line(result.stderr)}{off}", f"{SETUP_HINT} (PyAudio needs PortAudio: sudo apt-get install portaudio19-dev)")
    if data.get("error") == "import":
        return Check(name, WARN, f"PyAudio is not installed ({data.get('message')}){off}", f"{SETUP_HINT}, or: pip install PyAudio")
    inputs = data.get("inputs") or []
    if not inputs:
        return Check(name, WARN, f"no input device found{off}", fix)
    default = data.get("default") or "none"
    # Listing devices cannot tell how well it hears a person from the bed: that needs someone to speak.
    return Check(name, OK, f"{len(inputs)} input device(s), default: {default}{off}; to hear how it hears you: voiceaid hear --mic")


_RECOGNISER_CODE = f"""
import json, shutil, sys
from pathlib import Path
try:
    from voiceaid.listen.recogniser import Recogniser
    from voiceaid.listen.vocabulary import load_vocabulary

    recogniser = Recogniser(load_vocabulary(Path(sys.argv[1])) if len(sys.argv) > 1 else None)
    recogniser.prepare(("yes", "no", "unsure"))
except Exception as error:
    print({MARK!r} + json.dumps({{"error": f"{{type(error).__name__}}: {{error}}"}}))
    sys.exit(0)
out = {{"built": True}}
if shutil.which("espeak-ng"):
    import numpy as np
    from voiceaid.listen import corpus

    speech = corpus.synthesize("yes", "en-us", 150, 50)
    signal = np.concatenate([np.zeros(8000), speech * 0.5 / max(float(np.abs(speech).max()), 1e-9), np.zeros(8000)])
    signal = corpus.add_noise(signal, "clean", np.random.default_rng(0))
    heard = recogniser.decode(np.round(signal * 32767).astype(np.int16), ("yes", "no", "unsure"))
    out.update(heard=heard.intent, ms=round(heard.ms))
print({MARK!r} + json.dumps(out))
"""


def check_recogniser(content_dir: Path | None = None) -> Check:
    """The recogniser, with the vocabulary of `content_dir` when it has its own (else the built-in one)."""
    name = "recogniser model"
    fix = f"{SETUP_HINT}, or: pip install pocketsphinx SpeechRecognition"
    try:
        import pocketsphinx
    except Exception as error:  # ImportError, or a broken binary module
        return Check(name, WARN, f"pocketsphinx cannot be imported ({error}); voiceaid will use keys only", fix)
    from importlib.util import find_spec

    if find_spec("speech_recognition") is None:  # found, not imported: its import is slow and warns on 3.12+
        return Check(name, WARN, "SpeechRecognition is not installed; voiceaid will use keys only", fix)
    try:
        model = Path(pocketsphinx.get_model_path())
    except Exception as error:
        return Check(name, WARN, f"pocketsphinx has no model path ({error})", "reinstall pocketsphinx: pip install --force-reinstall pocketsphinx")
    wanted = {"acoustic model": model / "en-us" / "en-us", "language model": model / "en-us" / "en-us.lm.bin", "dictionary": model / "en-us" / "cmudict-en-us.dict"}
    missing = [f"{what} ({path})" for what, path in wanted.items() if not path.exists()]
    if missing:
        return Check(name, WARN, "pocketsphinx en-us model incomplete: missing " + ", ".join(missing), "reinstall pocketsphinx: pip install --force-reinstall pocketsphinx")
    # Files in place are not a recogniser that works: build it, as the app does, and let it hear a
    # spoken "yes" (espeak-ng's), so a broken install shows now rather than at night.
    found = f"pocketsphinx en-us model and dictionary in {model / 'en-us'}"
    own = content_dir / "vocabulary.yaml" if content_dir is not None else None
    data, result = _python(_RECOGNISER_CODE, args=(str(own),) if own is not None and own.is_file() else ())
    if result.returncode is None:
        return Check(name, WARN, f"{found}, but the recogniser did not start within {TIMEOUT:g} s", fix)
    if data is None or "error" in data:
        reason = data["error"] if data else _last_line(result.stderr)
        return Check(name, WARN, f"{found}, but the recogniser cannot start ({reason}); voiceaid will use keys only", fix)
    if "heard" not in data:
        return Check(name, OK, f"{found}; the recogniser starts (no espeak-ng to test it with speech)")
    if data["heard"] != "yes":
        return Check(name, WARN, f"{found}, but a spoken test 'yes' came back '{data['heard']}'", "reinstall pocketsphinx: pip install --force-reinstall pocketsphinx")
    return Check(name, OK, f"{found}; a spoken test 'yes' was heard as yes in {data['ms']} ms")


# ---------------------------------------------------------------- content, config, data


def check_content(directory: Path | None = None) -> Check:
    name = "content"
    from voiceaid.content.loader import ContentError, load_content, summary

    try:
        content = load_content(directory)
    except ContentError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        where = f" {directory}" if directory else ""
        return Check(name, FAIL, f"{len(error.problems)} problem(s): {first}{more}", f"run `voiceaid check-content{where}` to list them all, and fix the files")
    return Check(name, OK, summary(content))


def check_config() -> Check:
    name = "config"
    from voiceaid.config import DEFAULT_EMERGENCY_NUMBER, config_path, load_settings
    from voiceaid.errors import UserError

    path = config_path()
    try:
        settings, _ = load_settings(path, strict=True)
    except UserError as error:
        return Check(name, FAIL, str(error), "voiceaid config set KEY VALUE (or edit or remove the file); `voiceaid config` shows the values")
    where = str(path) if path.exists() else f"{path} (not created yet: defaults)"
    if not settings.emergency_number_set and settings.emergency_number == DEFAULT_EMERGENCY_NUMBER:
        return Check(
            name,
            WARN,
            f"{where}; the emergency number is the default {DEFAULT_EMERGENCY_NUMBER}",
            "set your local number, e.g.: voiceaid config set emergency_number 999   (112 works across the EU)",
        )
    return Check(name, OK, f"{where}; emergency number {settings.emergency_number}")


def check_data_dir() -> Check:
    name = "data dir"
    from voiceaid import paths

    directory = paths.data_dir()
    fix = f"make {directory} a writable folder (or set XDG_DATA_HOME to one); the diary is kept there"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as error:
        return Check(name, FAIL, f"{directory} is not writable ({error.strerror or error})", fix)
    return Check(name, OK, f"{directory} is writable")


# ---------------------------------------------------------------- the run


def _settings_for_checks() -> tuple[str, bool]:
    """The voice and microphone settings, leniently: a bad config is the config check's job."""
    from voiceaid.config import load_settings

    try:
        settings, _ = load_settings(strict=False)
    except Exception:  # noqa: BLE001 - the config check reports it properly
        return "", True
    return settings.voice, settings.microphone


def run_checks(content_dir: Path | None = None) -> list[Check]:
    voice, microphone = _settings_for_checks()
    checks: list[Callable[[], Check]] = [
        lambda: check_speech_engine(voice),
        check_espeak,
        check_audio_output,
        lambda: check_microphone(microphone),
        lambda: check_recogniser(content_dir),
        lambda: check_content(content_dir),
        check_config,
        check_data_dir,
    ]
    names = ["speech engine", "espeak-ng voices", "audio output", "microphone", "recogniser model", "content", "config", "data dir"]
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        futures = [pool.submit(check) for check in checks]
        results = []
        for name, future in zip(names, futures):
            try:
                results.append(future.result())
            except Exception as error:  # noqa: BLE001 - a broken check is reported, never a traceback
                results.append(Check(name, FAIL, f"the check itself failed: {type(error).__name__}: {error}", "please report this"))
    return results


def format_report(checks: list[Check]) -> list[str]:
    lines = []
    for check in checks:
        lines.append(f"{check.status:<4}  {check.name}: {check.detail}")
        if check.fix and check.status != OK:
            lines.append(f"      fix: {check.fix}")
    counts = {status: sum(1 for c in checks if c.status == status) for status in (OK, WARN, FAIL)}
    verdict = "not ready: fix the FAIL lines" if counts[FAIL] else ("ready (voiceaid works; the WARN lines limit voice or listening)" if counts[WARN] else "ready")
    lines.append(f"{counts[OK]} OK, {counts[WARN]} WARN, {counts[FAIL]} FAIL: {verdict}")
    return lines


def exit_code(checks: list[Check]) -> int:
    return 1 if any(check.status == FAIL for check in checks) else 0
