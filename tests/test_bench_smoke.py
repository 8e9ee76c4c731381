"""scripts/bench's pure parts: the schedule replay, the log comparison, the corpus subset, the report.

No app is launched and nothing is timed; the benchmark itself is `scripts/bench` (not part of the tests).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

from benchlib import cues, report  # noqa: E402
from benchlib.common import Measurement  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def content():
    from voiceaid.content.loader import load_content

    return load_content()


def test_bedtime_schedule_is_replayed_from_the_core(content) -> None:
    planned = cues.schedule(content)
    assert planned[0].due == 0.0 and planned[0].kind == "instruction"
    dues = [d.due for d in planned]
    assert dues == sorted(dues)
    assert 150 <= dues[-1] <= 300  # the built-in bedtime routine lasts a few minutes
    assert sum(d.kind == "cue" for d in planned) > 20
    assert planned[-1].kind == "notice"  # the closing "well done" and tonight's tip


def _log(planned, offset: float, late: dict[int, float] | None = None, drop: set[int] = frozenset()) -> list[dict]:
    events = []
    for index, item in enumerate(planned):
        t = offset + item.due + (late or {}).get(index, 0.0)
        events.append({"t": round(t, 3), "event": "dropped" if index in drop else "start", "kind": item.kind, "text": item.text})
        events.append({"t": round(t + 0.5, 3), "event": "end", "kind": item.kind, "text": item.text})
    return events


def test_a_log_on_schedule_has_no_error_whatever_the_offset(content) -> None:
    planned = cues.schedule(content)
    result = cues.compare(planned, _log(planned, offset=3.217))
    assert result["max_abs"] < 0.002 and abs(result["drift"]) < 0.002
    assert not result["dropped"] and not result["missing"]
    assert result["started"] == result["planned"]


def test_late_dropped_and_drifting_cues_are_reported(content) -> None:
    planned = cues.schedule(content)
    timed = [i for i, d in enumerate(planned) if d.kind in cues.KINDS]
    late = {timed[5]: 0.25}
    drifting = {i: planned[i].due * 0.001 for i in timed}  # 1 ms per second of routine
    result = cues.compare(planned, _log(planned, 1.0, late=late, drop={timed[7]}))
    assert result["max_abs"] == pytest.approx(0.25, abs=0.002)
    assert [r["text"] for r in result["dropped"]] == [planned[timed[7]].text]
    drift = cues.compare(planned, _log(planned, 1.0, late=drifting))
    assert drift["slope_ms_per_min"] == pytest.approx(60.0, rel=0.05)
    assert drift["drift"] > 0.1


def test_first_instruction_late_is_not_judged_but_reported(content) -> None:
    planned = cues.schedule(content)
    result = cues.compare(planned, _log(planned, 0.0, late={0: 0.3}))
    assert result["first_instruction_late_ms"] == pytest.approx(300, abs=2)
    assert result["max_abs"] < 0.002


def test_corpus_subset_keeps_every_intent_and_all_noise_levels(tmp_path: Path) -> None:
    from benchlib.recognition import subset

    corpus = tmp_path / "corpus"
    clips = []
    for kind, intents in (("answer", ["yes", "no", "next"]), ("oov", ["unknown"])):
        for intent in intents:
            for n in range(5):
                for level in ("clean", "15dB", "8dB"):
                    clips.append({"file": f"{kind}/{level}/{n:04d}-{intent}.wav", "kind": kind, "intent": intent, "noise": level})
    for kind in ("answer", "oov"):
        (corpus / kind).mkdir(parents=True)
    (corpus / "labels.json").write_text(json.dumps({"split": "test", "clips": clips}))
    out = subset(corpus, 3, tmp_path)
    kept = json.loads((out / "labels.json").read_text())["clips"]
    assert {c["intent"] for c in kept} == {"yes", "no", "next", "unknown"}
    assert len(kept) == 4 * 2 * 3  # utterances 0 and 3 of each intent, at every noise level
    assert (out / "answer").is_symlink()


def test_a_corpus_built_from_another_vocabulary_is_stale(tmp_path: Path) -> None:
    from benchlib.recognition import stale

    from voiceaid.listen.vocabulary import load_vocabulary

    (tmp_path / "vocabulary.yaml").write_text("intents:\n  yes: [yes, yeah]\n  no: [no, nah]\nglobal: []\n")
    vocabulary = load_vocabulary(tmp_path / "vocabulary.yaml")

    def corpus_speaking(*answers: tuple[str, str]) -> Path:
        clips = [{"file": f"answer/clean/{n:04d}.wav", "kind": "answer", "intent": intent, "text": text, "noise": "clean"} for n, (text, intent) in enumerate(answers)]
        clips.append({"file": "oov/clean/0100.wav", "kind": "oov", "intent": "unknown", "text": "yesterday", "noise": "clean"})
        corpus = tmp_path / f"corpus{len(list(tmp_path.iterdir()))}"
        corpus.mkdir()
        (corpus / "labels.json").write_text(json.dumps({"split": "test", "clips": clips}))
        return corpus

    assert stale(corpus_speaking(("yes", "yes"), ("yeah", "yes"), ("no", "no"), ("nah", "no")), vocabulary) == ""
    assert stale(corpus_speaking(("yes", "yes"), ("yeah", "yes"), ("no", "no")), vocabulary) == "new: nah"
    assert stale(corpus_speaking(("yes", "yes"), ("yeah", "no"), ("no", "no"), ("nah", "no"), ("yep", "yes")), vocabulary) == (
        "new: yeah; gone or moved: yeah, yep"
    )


def test_report_is_written_as_json_and_markdown(tmp_path: Path) -> None:
    good = Measurement("first_instruction", "launch -> first instruction", "s", "<= 0.5", 0.5, values=[0.41, 0.45, 0.43])
    bad = Measurement("barge_in_key", "key -> silence", "ms", "max <= 150", 150.0, values=[20.0, 180.0], check="max", note="slow")
    broken = Measurement("cue_timing", "cues", "ms", "max <= 100", 100.0, error="error: boom", note="error: boom")
    skipped = Measurement("kiosk_wake_cpu", "wake", "% of a core", "mean <= 5", 5.0, note="not measured: not implemented")
    for m in (good, bad, broken, skipped):
        m.judge()
    assert good.met is True and bad.met is False and broken.met is None
    info = {"platform": "test", "cpu": "cpu", "cores": 2, "python": "3", "date": "today", "voiceaid": "0", "git_commit": "abc"}
    data = report.write(tmp_path, info, [good, bad, broken, skipped], "scripts/bench", 1.0, False)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["measurements"]["first_instruction"]["median"] == 0.43
    assert saved["measurements"]["barge_in_key"]["met"] is False
    assert saved["machine"]["cores"] == 2
    md = (tmp_path / "report.md").read_text()
    assert "| first_instruction | 0.430 s ×3 | <= 0.5 | yes |" in md
    assert "**NO**" in md and "error: boom" in md and "not measured" in md
    text = report.table(data["measurements"], markdown=False)
    assert "barge_in_key" in text and "NO" in text


def test_report_shows_each_recogniser_table_once_under_its_title(tmp_path: Path) -> None:
    espeak = Measurement("recog_full_clean", "recogniser full vocabulary: accuracy clean", "%", ">= 97%", None, values=[80.0])
    espeak.details = {"table": "ESPEAK TABLE"}
    recorded = Measurement("recog_rec_full_clean", "recogniser, recorded voices, full vocabulary: accuracy clean", "%", ">= 97%", None, values=[93.0])
    recorded.details = {"recorded voices table": "RECORDED TABLE"}
    again = Measurement("recog_rec_full_15dB", "recogniser, recorded voices, full vocabulary: accuracy 15dB", "%", ">= 75%", None, values=[80.0])
    again.details = {"recorded voices table": "RECORDED TABLE"}
    info = {"platform": "test", "cpu": "cpu", "cores": 2, "python": "3", "date": "today", "voiceaid": "0", "git_commit": "abc"}
    report.write(tmp_path, info, [espeak, recorded, again], "scripts/bench --only recogniser", 1.0, False)
    md = (tmp_path / "report.md").read_text()
    assert "recogniser (headline corpus):" in md and "ESPEAK TABLE" in md
    assert "voices built from recordings of real people (flite):" in md
    assert md.count("RECORDED TABLE") == 1


def test_runs_must_be_one_or_more(capsys) -> None:
    import bench

    assert bench.parse(["--runs", "2"]).runs == 2
    for bad in ("0", "-3", "many"):
        with pytest.raises(SystemExit):
            bench.parse(["--runs", bad])
        assert "argument --runs" in capsys.readouterr().err



def _screen(right: float, ms: float) -> dict:
    """One screen of a scorecard engine, as scripts/engine-scorecard writes it (the keys the section reads)."""
    levels = {level: {"accuracy": right, "others_accepted": 0.05, "others_as_yes_no": 0.01} for level in ("clean", "15dB", "8dB")}
    levels["8dB"] = {"accuracy": right - 0.1, "others_accepted": 0.08, "others_as_yes_no": 0.0}
    levels["all"] = {"answers_wrong": 0.02, "yes_no_swaps": 0, "no_as_unsure": 1, "ms_median": ms, "ms_p90": ms * 1.5}
    return levels


def _people(accepted: list[dict], errors: int | None) -> dict:
    screen = {"recordings": 14, "accepted": len(accepted), "as_yes_no": sum(a["intent"] in ("yes", "no") for a in accepted), "which": accepted, "ms_median": 50.0, "ms_p90": 80.0}
    free = None if errors is None else {"librivox": {"words": 71, "errors": errors, "heard": []}, "cards": {"words": 21, "errors": 0, "heard": []}}
    return {"screens": {"full": screen, "yes_no": dict(screen, accepted=0, as_yes_no=0, which=[])}, "free_speech": free}


def _cells(text: str, title: str) -> list[str]:
    """The engines' cells of the row called `title` (cells are set apart by two spaces or more)."""
    import re

    line = next(line for line in text.splitlines() if line.startswith(title + "  "))
    return re.split(r"\s{2,}", line[len(title) :].strip())


def test_the_engines_section_sets_the_scorecard_and_each_live_run_side_by_side(tmp_path: Path) -> None:
    from benchlib import engines, live

    card = {
        "date": "2026-12-07T21:53:00+00:00", "git_commit": "30d264a0123456789", "every": 1,
        "corpora": {"test": {
            "sphinx": {"load_s": 0.25, "peak_mb": 135.0, "screens": {"full": _screen(0.9, 53.0), "yes_no": _screen(0.979, 58.0), "stretch": _screen(0.85, 110.0)}},
            "whisper": {"load_s": 0.39, "peak_mb": 306.0, "screens": {"full": _screen(0.8, 488.0), "yes_no": _screen(0.833, 415.0)}},
            "both": {"load_s": 0.64, "peak_mb": 441.0, "screens": {"full": _screen(0.92, 58.0), "yes_no": _screen(1.0, 477.0)}},
        }},
        "real_people": {"recordings": 14, "engines": {
            "sphinx": _people([{"file": "cards/004.wav", "intent": "no", "text": "nope", "confidence": 0.81}], 22),
            "whisper": _people([], 9),
            "both": _people([{"file": "cards/004.wav", "intent": "no", "text": "nope", "confidence": 0.81}], None),
        }},
    }  # fmt: skip
    scorecard = tmp_path / "scorecard.json"
    scorecard.write_text(json.dumps(card))
    turn = {"kind": "question", "id": "q1", "expect": "no"}
    reports = [
        {"condition": "quiet", "voice": "en-us+m3", "turns": [
            dict(turn, result="right1", attempts=[{"delay": 0.2, "acted": "no", "latency": 0.4}]),
            dict(turn, id="q2", result="right2", attempts=[{"delay": 0.5, "acted": "unsure", "latency": 0.3}, {"delay": 0.5, "acted": "no", "latency": 0.6}]),
            {"kind": "command", "id": "next", "expect": "next", "result": "unfinished", "attempts": []},  # time ran out: not counted
        ]},
        {"condition": "15 dB", "voice": "en-us+f2", "turns": [
            {"kind": "check_in", "id": "check_in", "expect": "yes", "result": "wrong", "attempts": [{"delay": 1.0, "acted": "no", "latency": 0.5}]},
        ]},
    ]  # fmt: skip
    figures = live.figures(reports)
    assert figures["turns"] == 3 and figures["quiet_first"] == 50.0 and figures["quiet_second"] == 100.0 and figures["first_15db"] == 0.0
    assert (figures["wrong"], figures["no_as_not_sure"], figures["yes_no_swaps"], figures["latency_median_s"]) == (1, 1, 1, 0.5)
    machine = {"date": "2026-12-07T23:10:00+00:00", "git_commit": "feedface0123456789"}
    saved = engines.save_live(tmp_path, "sphinx", machine, False, live.measurements(reports), figures)
    assert saved == tmp_path / "live-sphinx.json" and "live table" in json.loads(saved.read_text())

    m = engines.measure(scorecard, tmp_path)
    text = m.details["engines table"]
    assert text.splitlines()[0].split() == ["sphinx", "whisper", "both"]
    assert _cells(text, "test, yes/no screen: right clean / 15 dB / 8 dB") == ["97.9 / 97.9 / 87.9 %", "83.3 / 83.3 / 73.3 %", "100.0 / 100.0 / 90.0 %"]
    assert _cells(text, "test, full vocabulary: others accepted / as yes or no") == ["8.0 % / 1.0 %"] * 3  # the worst level's
    assert _cells(text, "test, full vocabulary: decode ms median / p90") == ["53 / 80", "488 / 732", "58 / 87"]
    assert _cells(text, "test, first stretch: decode ms median / p90") == ["110 / 165", "–", "–"]  # a screen scored since the others' run
    assert _cells(text, "model load / peak memory") == ["0.25 s / 135 MB", "0.39 s / 306 MB", "0.64 s / 441 MB"]
    assert _cells(text, "real people, full vocabulary: accepted (as yes or no)") == ["1 of 14 (1)", "0 of 14 (0)", "1 of 14 (1)"]
    assert _cells(text, "real people as free speech, LibriVox reading: word errors") == ["22 of 71 (31.0 %)", "9 of 71 (12.7 %)", "–"]
    assert '  full vocabulary, sphinx: cards/004.wav → no (heard "nope", 0.81)' in text.splitlines()
    assert _cells(text, "live loop, quiet: right first time") == ["50.0 % of 2", "not measured", "not measured"]
    assert _cells(text, "live loop: no→not sure / yes↔no") == ["1 / 1", "not measured", "not measured"]
    assert _cells(text, "live loop: latency median / p90") == ["0.50 / 0.58 s", "not measured", "not measured"]
    assert "Live loop, whisper: not measured; scripts/bench --only live,engines --engine whisper measures it (about 15 minutes)." in text
    assert "Live loop, sphinx: 2026-12-07T23:10:00+00:00 at feedface0123." in text
    assert m.note == "scorecard of 2026-12-07; live loop: sphinx 2026-12-07, whisper not measured, both not measured"

    info = {"platform": "test", "cpu": "cpu", "cores": 2, "python": "3", "date": "today", "voiceaid": "0", "git_commit": "abc"}
    report.write(tmp_path / "out", info, [m], "scripts/bench --only engines", 1.0, False)
    md = (tmp_path / "out" / "report.md").read_text()
    assert "## Engines" in md and text in md and md.count("real people, yes/no screen: accepted") == 1
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["measurements"]["engines"]["details"]["engines"]["live"]["sphinx"]["figures"]["wrong"] == 1


def test_without_a_scorecard_or_live_runs_the_engines_section_says_what_makes_them(tmp_path: Path) -> None:
    from benchlib import engines

    m = engines.measure(tmp_path / "scorecard.json", tmp_path)
    text = m.details["engines table"]
    assert m.note.startswith("not measured") and m.met is None
    assert "File corpora and real people: not measured" in text and "scripts/engine-scorecard makes it" in text
    assert _cells(text, "live loop: nights, date") == ["not measured"] * 3
    assert "right clean" not in text


@pytest.mark.parametrize("arguments, message", [
    (["--every", "0"], "--every must be 1 or more, not 0"),
    (["--corpus", "{tmp}/empty"], "holds no labelled corpus (labels.json); make one with scripts/make-test-audio"),
])  # fmt: skip
def test_engine_scorecard_says_what_is_wrong_with_its_arguments(tmp_path: Path, arguments: list[str], message: str) -> None:
    import subprocess

    (tmp_path / "empty").mkdir()
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    result = subprocess.run([sys.executable, str(SCRIPTS / "engine-scorecard"), *arguments], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_calibrate_whisper_says_when_a_corpus_has_no_labels(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run([sys.executable, str(SCRIPTS / "calibrate-whisper"), str(tmp_path), "--dry-run"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "no labelled corpus (labels.json)" in result.stderr and "Traceback" not in result.stderr, result.stderr
