"""Nights to live through: which clips the person says, in what voice, at what delays, and how to run one.

Clips come from the test split only (`scripts/make-test-audio` builds tests/audio/cache/test; the
train voices are never used): the clean recordings of each answer, so the room's noise is the one
the feeder streams into the microphone, at a level set from the speech itself (SNR over the
active speech, as the corpus does). A night is told in one voice; where that voice has no clip of
an intent, the next test voice that has one says it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from tests.live.pulsemic import PulseMic

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "audio" / "cache" / "test"
NIGHT = Path(__file__).with_name("night.py")
DELAYS = (0.2, 0.5, 1.0, 2.0)
COMMANDS = ("pause", "resume", "repeat", "next")
# "no" throughout; and a night with one today-tier "yes" and one soon-tier "not sure" among the noes
ALL_NO: dict[str, str] = {}
MIXED = {"dark_urine": "yes", "walking_pain": "unsure"}


def clips(corpus: Path = CORPUS) -> dict[str, dict[str, list[str]]]:
    """voice -> intent -> clean answer clips (paths), from the corpus's labels."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, list[str]]] = {}
    for clip in labels["clips"]:
        if clip["kind"] == "answer" and clip["noise"] == "clean":
            out.setdefault(clip["voice"], {}).setdefault(clip["intent"], []).append(str(corpus / clip["file"]))
    return out


def voice_clips(all_clips: dict[str, dict[str, list[str]]], voice: str, intents: set[str]) -> dict[str, list[str]]:
    """The night's clips: `voice`'s own, else the first other voice that has the intent."""
    voices = [voice] + sorted(v for v in all_clips if v != voice)
    chosen = {}
    for intent in intents:
        for candidate in voices:
            if all_clips[candidate].get(intent):
                chosen[intent] = all_clips[candidate][intent]
                break
    return chosen


def speech_dbfs(paths: list[str]) -> float:
    """Mean power of the active speech of these clips, in dBFS (RMS)."""
    from tests.live.feeder import read_wav, speech_span

    powers = []
    for path in paths:
        samples = read_wav(path, 0.0)
        first, last = speech_span(samples)
        powers.append(float(np.mean(samples[first:last] ** 2)))
    return float(10 * np.log10(np.mean(powers) + 1e-12))


def plan(voice_intents: dict[str, list[str]], answers: dict[str, str], delays: tuple[float, ...] = DELAYS, **extra: object) -> dict:
    return {"clips": voice_intents, "answers": answers, "delays": list(delays), "leg": "left", "commands": list(COMMANDS),
            "check_in": "yes", **extra}  # fmt: skip


def home(root: Path) -> Path:
    path = Path(tempfile.mkdtemp(prefix="night-", dir=root))
    for sub in (".config", ".local/share", ".cache", ".local/state", "run"):
        (path / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def run_night(mic: PulseMic, night: dict, root: Path, mode: str = "relief", timeout: float = 400, settings: str = "") -> dict:
    """Live one night in a child process (tests/live/night.py) on `mic`; its report. `settings`: the
    text of the night's config.yaml (e.g. "speech_rate: 190")."""
    where = home(root)
    if settings:
        (where / ".config" / "voiceaid").mkdir(parents=True, exist_ok=True)
        (where / ".config" / "voiceaid" / "config.yaml").write_text(settings + "\n", encoding="utf-8")
    mic.route_alsa(where)
    speech_log = where / "speech.jsonl"
    night = dict(night, speech_log=str(speech_log), requests=str(mic.requests), played=str(mic.played))
    plan_path, report_path = where / "plan.json", where / "report.json"
    plan_path.write_text(json.dumps(night), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOICEAID_") and k != "PULSE_SERVER"}
    env.update(HOME=str(where), XDG_CONFIG_HOME=str(where / ".config"), XDG_DATA_HOME=str(where / ".local/share"),
               XDG_CACHE_HOME=str(where / ".cache"), XDG_STATE_HOME=str(where / ".local/state"), XDG_RUNTIME_DIR=str(where / "run"),
               PYTHONPATH=str(REPO))  # fmt: skip
    args = ([mode] if mode != "relief" else []) + ["--speech-log", str(speech_log)]
    result = subprocess.run([sys.executable, str(NIGHT), str(plan_path), str(report_path), *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=timeout)  # fmt: skip
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    if not report:
        report["error"] = f"no report (exit {result.returncode}): {result.stderr[-2000:]}"
    report["home"] = str(where)
    return report
