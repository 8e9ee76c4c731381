"""Can the pocketsphinx engine listen? Its model, voiceaid's learned files beside it, and a spoken
"yes" (said by voiceaid's own speech engine) that it must hear as yes. Run by `voiceaid doctor`
through `engines.doctor_check("sphinx")`; the engine is built in a probe process with a timeout."""

from __future__ import annotations

from pathlib import Path

from voiceaid.doctor.probe import MARK, OK, SETUP_HINT, TIMEOUT, WARN, Check, last_line, run_python
from voiceaid.doctor.spoken_yes import SPOKEN_YES

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


def check(content_dir: Path | None = None) -> Check:
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
