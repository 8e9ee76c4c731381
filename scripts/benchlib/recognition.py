"""Recogniser accuracy and decode time, through the listen engineer's own evaluation module
(`tuning.evaluate.evaluate()`), side by side with SpeechRecognition's stock recognize_sphinx.

The stock baseline costs ~0.7 s per clip, so it runs on a stratified subset of the corpus (every Nth
utterance of each kind and intent, all three noise levels of each), with the recogniser re-run on the
same subset for a like-for-like comparison; the recogniser's headline figures use the whole corpus.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib.common import REPO, Measurement

ROWS = {  # check row ("mode", "what" prefix) -> measurement name
    ("full", "accuracy clean"): "recog_full_clean",
    ("full", "accuracy 15dB"): "recog_full_15dB",
    ("full", "accuracy 8dB"): "recog_full_8dB",
    ("full", "others_accepted"): "recog_full_others_accepted",
    ("full", "others_as_yes_no"): "recog_full_others_yes_no",
    ("full", "yes/no swaps"): "recog_full_swaps",
    ("full", "ms per answer"): "recog_full_ms",
    ("yes_no", "accuracy clean"): "recog_yesno_clean",
    ("yes_no", "accuracy 15dB"): "recog_yesno_15dB",
    ("yes_no", "accuracy 8dB"): "recog_yesno_8dB",
    ("yes_no", "others_accepted"): "recog_yesno_others_accepted",
    ("yes_no", "others_as_yes_no"): "recog_yesno_others_yes_no",
    ("yes_no", "yes/no swaps"): "recog_yesno_swaps",
    ("yes_no", "ms per answer"): "recog_yesno_ms",
}


def available() -> str | None:
    try:
        from tuning import evaluate  # noqa: F401
    except Exception as error:  # noqa: BLE001 - not built yet, or broken
        return f"tuning.evaluate cannot be imported ({type(error).__name__}: {error})"
    if not hasattr(evaluate, "evaluate"):
        return "tuning.evaluate has no evaluate()"
    return None


def stale(corpus_dir: Path, vocabulary) -> str:  # type: ignore[no-untyped-def]
    """Why the corpus in `corpus_dir` no longer measures `vocabulary` ("" when it does)."""
    from tuning import corpus

    return corpus.vocabulary_drift(corpus.load_labels(corpus_dir), vocabulary)


def ensure_corpus(corpus_dir: Path, log, split: str = "test") -> dict:  # type: ignore[no-untyped-def]
    """The split's corpus in `corpus_dir`, built if it is missing or was built from another vocabulary."""
    from voiceaid.listen.vocabulary import load_vocabulary

    if (corpus_dir / "labels.json").exists():
        changes = stale(corpus_dir, load_vocabulary())
        if not changes:
            return {"corpus": str(corpus_dir), "built": False}
        log(f"recogniser: the corpus in {corpus_dir} was built from another vocabulary ({changes}); rebuilding it")
        shutil.rmtree(corpus_dir)
    log(f"recogniser: building the {split} corpus in {corpus_dir} (scripts/make-test-audio) ...")
    started = time.monotonic()
    command = [sys.executable, str(REPO / "scripts" / "make-test-audio"), "--split", split, "--out", str(corpus_dir)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0 or not (corpus_dir / "labels.json").exists():
        raise RuntimeError(f"scripts/make-test-audio failed: {(proc.stdout + proc.stderr).strip()[-300:]}")
    return {"corpus": str(corpus_dir), "built": True, "build_s": round(time.monotonic() - started, 1)}


def subset(corpus_dir: Path, every: int, root: Path) -> Path:
    """A corpus dir (labels.json + links to the audio) with every Nth utterance of each (kind, intent)."""
    data = json.loads((corpus_dir / "labels.json").read_text(encoding="utf-8"))
    groups: dict[tuple[str, str], list[str]] = {}
    for clip in data["clips"]:
        key = (clip["kind"], clip["intent"])
        name = Path(clip["file"]).name
        if name not in groups.setdefault(key, []):
            groups[key].append(name)
    keep = {(key, name) for key, names in groups.items() for i, name in enumerate(names) if i % every == 0}
    out = Path(tempfile.mkdtemp(prefix=f"corpus-1of{every}-", dir=root))
    for child in corpus_dir.iterdir():
        if child.is_dir():
            (out / child.name).symlink_to(child.resolve())
    data["clips"] = [c for c in data["clips"] if ((c["kind"], c["intent"]), Path(c["file"]).name) in keep]
    (out / "labels.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    why = available()
    if why:
        return [Measurement("recogniser", "recogniser accuracy and decode time", "", "see floors", None, note=f"not measured: {why}")]
    from tuning import evaluate as ev

    corpus_dir = Path(getattr(ev, "DEFAULT_CORPUS", REPO / "tests" / "audio" / "cache" / "test"))
    info = ensure_corpus(corpus_dir, cfg.log)
    headline_every, reference_every = (1, 16) if cfg.quick else (1, 6)
    side = None
    side_s = 0.0
    if cfg.quick:  # one subset for both: the headline figures and the baseline
        headline_every = reference_every
        ref_dir = subset(corpus_dir, reference_every, cfg.tmp)
        cfg.log(f"recogniser: 1 in {reference_every} utterances{', with the stock baseline' if cfg.reference else ''} ...")
        started = time.monotonic()
        main = ev.public(ev.evaluate(ref_dir, reference=cfg.reference))
        main_s = time.monotonic() - started
        side = main if cfg.reference else None
    else:
        started = time.monotonic()
        cfg.log("recogniser: whole corpus ...")
        main = ev.public(ev.evaluate(corpus_dir, reference=False))
        main_s = time.monotonic() - started
    if cfg.reference and side is None:
        ref_dir = subset(corpus_dir, reference_every, cfg.tmp)
        cfg.log(f"recogniser: stock recognize_sphinx baseline on 1 in {reference_every} utterances ...")
        started = time.monotonic()
        side = ev.public(ev.evaluate(ref_dir, reference=True))
        side_s = time.monotonic() - started
    details = {
        **info,
        "headline clips": main["clips"],
        "headline corpus": "whole" if headline_every == 1 else f"1 in {headline_every} utterances",
        "headline seconds": round(main_s, 1),
        "recogniser": main["recogniser"],
        "table": ev.table(main) if hasattr(ev, "table") else "",
    }
    if side is not None:
        details.update(
            {
                "side-by-side clips": side["clips"],
                "side-by-side corpus": f"1 in {reference_every} utterances",
                "side-by-side seconds": round(side_s, 1),
                "side-by-side": {"recogniser": side["recogniser"], "reference": side.get("reference")},
                "side-by-side table": ev.table(side) if hasattr(ev, "table") and side is not main else "",
                "reference checks": _reference_checks(ev, side),
            }
        )
    out = []
    for row in main.get("checks", []):
        name = _row_name(row)
        if name is None:
            continue
        out.append(_measurement(name, row, main["clips"], details if not out else {"see": "recog_full_clean"}, side))
    if not out:
        out.append(Measurement("recogniser", "recogniser", "", "", None, note="evaluate() returned no floor checks", details=details))
    return out + recorded_voices(cfg, ev, corpus_dir.parent / "test-recorded")


def recorded_voices(cfg, ev, corpus_dir: Path) -> list[Measurement]:  # type: ignore[no-untyped-def]
    """The same measurements on the same words, said by voices built from recordings of real people
    (flite's CMU ARCTIC speakers): espeak-ng's formant synthesis is harder on consonants than a person
    and easier in noise, so neither corpus alone predicts a person at the bedside."""
    try:
        info = ensure_corpus(corpus_dir, cfg.log, "test-recorded")
    except RuntimeError as error:
        return [Measurement("recog_rec", "recogniser, recorded voices", "", "see floors", None, note=f"not measured: {error}")]
    every = 16 if cfg.quick else 1
    source = subset(corpus_dir, every, cfg.tmp) if every > 1 else corpus_dir
    cfg.log(f"recogniser: recorded voices{f', 1 in {every} utterances' if every > 1 else ''} ...")
    started = time.monotonic()
    result = ev.public(ev.evaluate(source, reference=False))
    details = {
        **info,
        "clips": result["clips"],
        "seconds": round(time.monotonic() - started, 1),
        "recogniser": result["recogniser"],
        "recorded voices table": ev.table(result) if hasattr(ev, "table") else "",
    }
    out = []
    for row in result.get("checks", []):
        name = _row_name(row)
        if name is None or name.endswith("_ms"):
            continue
        m = _measurement(name.replace("recog_", "recog_rec_"), row, result["clips"], details if not out else {"see": "recog_rec_full_clean"}, None)
        m.title = m.title.replace("recogniser ", "recogniser, recorded voices, ", 1)
        out.append(m)
    return out


def _row_name(row: dict) -> str | None:
    """The measurement name (ROWS) of one floor-check row from evaluate(), or None if it has none."""
    return next((n for (mode, prefix), n in ROWS.items() if row["mode"] == mode and row["what"].startswith(prefix)), None)


def _reference_checks(ev, side: dict) -> list[dict]:  # type: ignore[no-untyped-def]
    if not side.get("reference") or not hasattr(ev, "check_floors"):
        return []
    try:
        return ev.check_floors(side["reference"])
    except Exception:  # noqa: BLE001
        return []


def _measurement(name: str, row: dict, clips: int, details: dict, side: dict | None) -> Measurement:
    what, value = row["what"], row["value"]
    percent = any(what.startswith(k) for k in ("accuracy", "others_accepted", "others_as_yes_no"))
    unit = "%" if percent else ("ms" if what.startswith("ms") else "count")
    shown = value * 100 if percent else value
    higher_better = what.startswith("accuracy")
    mode = "full vocabulary" if row["mode"] == "full" else "yes/no screen"
    m = Measurement(name, f"recogniser {mode}: {what}", unit, row["floor"], None, lower_is_better=not higher_better)
    m.values = [float(shown)]
    m.met = bool(row["met"])
    m.details = details
    note = f"{clips} clips"
    if side is not None and side.get("reference"):
        ref = _reference_value(row, side)
        mine = _reference_value(row, side, "recogniser")
        if ref is not None:
            fmt = (lambda v: f"{v * 100:.1f} %") if percent else (lambda v: f"{v:g}")
            note += f"; on the {side['clips']}-clip subset: voiceaid {fmt(mine)} vs stock recognize_sphinx {fmt(ref)}"
    m.note = note
    if not m.met:
        m.note += f". MISSED: floor {row['floor']}" + (" (decoding in pocketsphinx on this CPU)" if unit == "ms" else "")
    return m


def _reference_value(row: dict, side: dict, system: str = "reference") -> float | None:
    levels = (side.get(system) or {}).get(row["mode"])
    if not levels:
        return None
    what = row["what"]
    if what.startswith("accuracy"):
        return levels[what.split()[1]]["accuracy"]
    if what.startswith(("others_accepted", "others_as_yes_no")):
        key = what.split()[0]
        return max(levels[level][key] for level in ("clean", "15dB", "8dB"))
    if what.startswith("yes/no swaps"):
        return levels["all"]["yes_no_swaps"]
    if what.startswith("ms"):
        return max(levels[level]["ms_mean"] for level in ("clean", "15dB", "8dB"))
    return None
