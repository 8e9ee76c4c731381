"""Can voiceaid listen? The microphone (PortAudio) and the recogniser, which must hear a spoken "yes"."""

from __future__ import annotations

from pathlib import Path

from voiceaid.doctor.spoken_yes import SPOKEN_YES
from voiceaid.doctor.probe import MARK, OK, SETUP_HINT, TIMEOUT, WARN, Check, last_line, run_python


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
    data, result = run_python(_MIC_CODE)  # ALSA/JACK chatter goes to the captured stderr, not the terminal
    if result.returncode is None:
        return Check(name, WARN, f"PortAudio did not list devices within {TIMEOUT:g} s{off}", fix)
    if data is None:
        return Check(name, WARN, f"PortAudio failed: {last_line(result.stderr)}{off}", f"{SETUP_HINT} (PyAudio needs PortAudio: sudo apt-get install portaudio19-dev)")
    if data.get("error") == "import":
        return Check(name, WARN, f"PyAudio is not installed ({data.get('message')}){off}", f"{SETUP_HINT}, or: pip install PyAudio")
    inputs = data.get("inputs") or []
    if not inputs:
        return Check(name, WARN, f"no input device found{off}", fix)
    default = data.get("default") or "none"
    # Listing devices cannot tell how well it hears a person from the bed: that needs someone to speak.
    return Check(name, OK, f"{len(inputs)} input device(s), default: {default}{off}; to hear how it hears you: voiceaid hear --mic")


_RECOGNISER_CODE = f"""
import json, sys
from pathlib import Path
try:
    from voiceaid.listen import engines
    from voiceaid.listen.vocabulary import content_vocabulary

    engine = engines.build("sphinx", content_vocabulary(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
    engine.prepare(("yes", "no", "unsure"))
except Exception as error:
    print({MARK!r} + json.dumps({{"error": f"{{type(error).__name__}}: {{error}}"}}))
    sys.exit(0)
out = {{"built": True}}
{SPOKEN_YES}
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
    from voiceaid.listen.sphinx import acoustic, lexicon, phonematch
    from voiceaid.listen.sphinx.recogniser import ADAPTATION

    if not ADAPTATION.is_file():  # the recogniser then uses the stock model, which hears fewer answers
        return Check(name, WARN, f"voiceaid's acoustic transform {ADAPTATION} is missing: answers are heard less often", "reinstall voiceaid")
    try:
        acoustic.read_transform(ADAPTATION)
    except acoustic.AcousticError as error:  # the recogniser then uses the stock model
        return Check(name, WARN, f"{error}: answers are heard less often", "reinstall voiceaid")
    if not lexicon.LEARNED.is_file():  # the recogniser then has only the dictionary's pronunciations
        return Check(name, WARN, f"voiceaid's learned pronunciations {lexicon.LEARNED} are missing: answers are heard less often", "reinstall voiceaid")
    try:
        learned = sum(len(pronunciations) for pronunciations in lexicon.read(lexicon.LEARNED).values())
    except lexicon.LexiconError as error:
        return Check(name, WARN, f"{error}: answers are heard less often", "reinstall voiceaid")
    try:  # without them the recogniser believes its grammar alone
        if phonematch.read(phonematch.CONFUSIONS) is None:
            return Check(name, WARN, f"voiceaid's phone confusions {phonematch.CONFUSIONS} are missing: answers are heard less often", "reinstall voiceaid")
    except phonematch.ConfusionsError as error:
        return Check(name, WARN, f"{error}: answers are heard less often", "reinstall voiceaid")
    # Files in place are not a recogniser that works: build it, as the app does, and let it hear a
    # spoken "yes" (espeak-ng's), so a broken install shows now rather than at night.
    found = f"pocketsphinx en-us model and dictionary in {model / 'en-us'}, with voiceaid's acoustic transform, {learned} learned pronunciations and learned phone confusions"
    data, result = run_python(_RECOGNISER_CODE, args=(str(content_dir),) if content_dir is not None else ())
    if result.returncode is None:
        return Check(name, WARN, f"{found}, but the recogniser did not start within {TIMEOUT:g} s", fix)
    if data is None or "error" in data:
        reason = data["error"] if data else last_line(result.stderr)
        return Check(name, WARN, f"{found}, but the recogniser cannot start ({reason}); voiceaid will use keys only", fix)
    if "heard" not in data:
        return Check(name, OK, f"{found}; the recogniser starts (no speech engine to test it with speech)")
    if data["heard"] != "yes":
        return Check(name, WARN, f"{found}, but a spoken test 'yes' came back '{data['heard']}'", "reinstall pocketsphinx: pip install --force-reinstall pocketsphinx")
    return Check(name, OK, f"{found}; a spoken test 'yes' was heard as yes in {data['ms']} ms")
