"""The doctor's spoken test: a "yes" said by voiceaid's own speech engine, decoded by a speech-in engine.

Said the way the app speaks (voiceaid.speech, as `voiceaid say --to` writes it), so the test needs
nothing the installed app does not have; the tuning lab's corpus builder is not part of the app.
The code below runs inside the doctor's probe subprocess, after it has built `engine`.
"""

from __future__ import annotations

# Python source, run in the probe after `engine` exists: leaves `out` updated with heard and ms, or
# with no key when no speech could be rendered (no speech engine: the check says so).
SPOKEN_YES = """
import tempfile
from pathlib import Path
from voiceaid.speech.synth import Synth

with tempfile.TemporaryDirectory(prefix="voiceaid-doctor-") as folder:
    synth = Synth(Path(folder))
    try:
        wav = synth.render("yes", "", 150)
        if wav is not None:
            heard = engine.decode_file(wav, ("yes", "no", "unsure"))
            out.update(heard=heard.intent, ms=round(heard.ms))
    finally:
        synth.close()
"""
