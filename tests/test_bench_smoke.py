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

