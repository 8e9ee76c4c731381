"""Can the Whisper engine listen? Optional: without it voiceaid listens with pocketsphinx alone, so
a missing Whisper is a WARN only when the settings ask for it, and otherwise a line saying how to add it.
Run by `voiceaid doctor` through `engines.doctor_check("whisper")`."""

from __future__ import annotations

from voiceaid.doctor.spoken_yes import SPOKEN_YES
from voiceaid.doctor.probe import MARK, OK, WARN, Check, last_line, run_python

WHISPER_TIMEOUT = 20.0  # loading the model and one decode; slower machines need a moment

_WHISPER_CODE = f"""
import json, sys
try:
    import numpy as np
    from voiceaid.listen.whisper.engine import WhisperEngine
    from voiceaid.listen.vocabulary import load_vocabulary

    engine = WhisperEngine(load_vocabulary(), sys.argv[1] if len(sys.argv) > 1 else "")
except Exception as error:
    print({MARK!r} + json.dumps({{"error": f"{{type(error).__name__}}: {{error}}"}}))
    sys.exit(0)
out = {{"model": str(engine.model_path), "load_s": round(engine.load_seconds, 2), "wakes": engine.wake_confidence <= 1.0}}
{SPOKEN_YES}
print({MARK!r} + json.dumps(out))
"""


def check(engine: str, whisper_model: str = "") -> Check:
    """Whisper's model and a spoken "yes", when `engine` (the setting) uses it; else whether it is installed."""
    name = "whisper engine"
    wanted = engine in ("whisper", "both")
    from voiceaid.listen.whisper.model import INSTALL_HINT, WhisperUnavailable, model_directory

    try:
        model_directory(whisper_model)
    except WhisperUnavailable as error:
        if wanted:
            fix = "give a faster-whisper model folder, or use the built-in one: voiceaid config set whisper_model ''" if whisper_model else INSTALL_HINT
            return Check(name, WARN, f"engine {engine} is set, but {error}; listening with pocketsphinx instead", fix)
        return Check(name, OK, f"not installed (optional: a second engine that hears real voices and noise better; {INSTALL_HINT})")
    if not wanted:  # loading it would only slow the doctor down
        return Check(name, OK, "installed, not in use (to use it: voiceaid config set engine both)")
    data, result = run_python(_WHISPER_CODE, timeout=WHISPER_TIMEOUT, args=(whisper_model,) if whisper_model else ())
    in_use = f"in use (engine {engine})"
    if result.returncode is None:
        return Check(name, WARN, f"{in_use}, but the model did not load within {WHISPER_TIMEOUT:g} s", INSTALL_HINT)
    if data is None or "error" in data:
        reason = data["error"] if data else last_line(result.stderr)
        return Check(name, WARN, f"{in_use}, but it cannot start ({reason})", INSTALL_HINT)
    found = f"{in_use}: model {data['model']}, loaded in {data['load_s']} s"
    if engine == "whisper" and not data.get("wakes", True):
        return Check(name, WARN, f"{found}, but its wake threshold (voiceaid/listen/whisper/wake.yaml) is missing or damaged: "
                     "only a key wakes the kiosk's idle screen", "reinstall voiceaid, or run scripts/calibrate-wake --engine whisper")  # fmt: skip
    if "heard" not in data:
        return Check(name, OK, f"{found} (no speech engine to test it with speech)")
    if data["heard"] != "yes":
        return Check(name, WARN, f"{found}, but a spoken test 'yes' came back '{data['heard']}'", INSTALL_HINT)
    return Check(name, OK, f"{found}; a spoken test 'yes' was heard as yes in {data['ms']} ms")
