"""Measure the recogniser on the labelled corpus, per noise level, against the floors it must beat.

The shipped classifier and thresholds come from `scripts/adapt-model --calibrate` instead: it fits the
acoustic model's transform to one half of the training voices and learns pronunciations from it,
decodes the other half with both (and the other way round), and calibrates on those decodes, so no
voice is scored by a transform or a pronunciation that has heard it.

Two listening modes: the full vocabulary, and a yes/no screen (expect yes,no,unsure; every other clip
must come back "unknown"). As a reference, SpeechRecognition's stock `recognize_sphinx` (large
language model, no grammar) with a word lookup runs on the same clips. `evaluate()` returns a dict
(for scripts/bench), `table()` the printed report; `python -m tuning.measure` runs it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from tuning import corpus
from voiceaid.listen.sphinx import lexicon, phonematch, rejection
from voiceaid.listen.audio import read_wav
from voiceaid.listen.sphinx.recogniser import ADAPTATION, Decoded, Heard, Recogniser
from voiceaid.listen.vocabulary import UNKNOWN, Vocabulary, load_vocabulary

YES_NO_SCREEN = ("yes", "no", "unsure")
DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "audio" / "cache" / "test"

FLOORS = {
    "full": {"accuracy": {"clean": 0.97, "15dB": 0.75, "8dB": 0.80}, "others_accepted": 0.15, "others_as_yes_no": 0.02},
    "yes_no": {"accuracy": {"clean": 0.97, "15dB": 0.85, "8dB": 0.85}, "others_accepted": 0.10, "others_as_yes_no": 0.02},
    "swaps": 0,
    "ms_per_answer": 100.0,
}


def expected(clip: corpus.Clip, expect: Iterable[str] | None) -> str:
    if expect is None or clip.intent in expect:
        return clip.intent
    return UNKNOWN


def score(clips: list[corpus.Clip], heard: list[str], ms: list[float], expect: Iterable[str] | None) -> dict:
    """Metrics per noise level (and "all") for one listening mode."""
    out: dict[str, dict] = {}
    for level in corpus.NOISE_LEVELS + ("all",):
        rows = [(c, h, m) for c, h, m in zip(clips, heard, ms) if level in ("all", c.noise)]
        answers = [(c, h, m) for c, h, m in rows if expected(c, expect) != UNKNOWN]
        others = [(c, h, m) for c, h, m in rows if expected(c, expect) == UNKNOWN]
        swaps = sum(1 for c, h, _ in answers if {c.intent, h} == {"yes", "no"})
        false_yes_no = sum(1 for c, h, _ in rows if h in ("yes", "no") and h != expected(c, expect))
        out[level] = {
            "answers": len(answers),
            "accuracy": share(sum(h == c.intent for c, h, _ in answers), len(answers)),
            "answers_unknown": share(sum(h == UNKNOWN for _, h, _ in answers), len(answers)),
            "answers_wrong": share(sum(h not in (UNKNOWN, c.intent) for c, h, _ in answers), len(answers)),
            "yes_no_swaps": swaps,
            "false_yes_no": false_yes_no,
            "others": len(others),
            "others_accepted": share(sum(h != UNKNOWN for _, h, _ in others), len(others)),
            "others_as_yes_no": share(sum(h in ("yes", "no") for _, h, _ in others), len(others)),
            "oov_accepted": share(
                sum(h != UNKNOWN for c, h, _ in others if c.kind in ("oov", "partner")),
                sum(1 for c, _, _ in others if c.kind in ("oov", "partner")),
            ),
            "noise_accepted": share(
                sum(h != UNKNOWN for c, h, _ in others if c.kind == "noise"), sum(1 for c, _, _ in others if c.kind == "noise")
            ),
            "ms_mean": round(statistics.fmean(m for _, _, m in answers), 1) if answers else 0.0,
            "ms_p95": round(float(np.percentile([m for _, _, m in answers], 95)), 1) if answers else 0.0,
        }
    return out


def by_background(clips: list[corpus.Clip], heard: list[str], expect: Iterable[str] | None) -> dict:
    """Answers heard right per noise level and kind of background noise (pink, brown, fan, white).

    The same SNR is far harder in some noises than others: a hiss (white) covers the high frequencies
    that consonants live in, a rumble (brown) barely touches them. Corpora built before the labels
    named the background have none, and give an empty dict."""
    return _answers_right(clips, heard, expect, lambda clip: (clip.noise, clip.background))


def by_voice(clips: list[corpus.Clip], heard: list[str], expect: Iterable[str] | None) -> dict:
    """Answers heard right per voice and noise level.

    The voices differ far more than their share of the corpus suggests: on clean speech the American
    espeak-ng voices are heard far better than its Caribbean, New York and Scottish accents, which the
    American dictionary and acoustic model know least. Where the shortfall is decides what can help."""
    return _answers_right(clips, heard, expect, lambda clip: (clip.voice, clip.noise))


def _answers_right(
    clips: list[corpus.Clip], heard: list[str], expect: Iterable[str] | None, keys: Callable[[corpus.Clip], tuple[str, str]]
) -> dict:
    """{outer: {inner: {"answers", "accuracy"}}} over the answers, by the two keys of each clip;
    a clip with an empty key (no background when clean, no voice for a cough) is left out."""
    out: dict[str, dict] = {}
    for clip, h in zip(clips, heard):
        outer, inner = keys(clip)
        if outer and inner and expected(clip, expect) != UNKNOWN:
            row = out.setdefault(outer, {}).setdefault(inner, {"answers": 0, "right": 0})
            row["answers"] += 1
            row["right"] += h == clip.intent
    for rows in out.values():
        for row in rows.values():
            row["accuracy"] = share(row.pop("right"), row["answers"])
    return out


def false_yes_no(clips: list[corpus.Clip], heard: list[Heard], expect: Iterable[str] | None) -> list[dict]:
    """Every clip heard as yes or no that was something else, with the confidence it was accepted at.

    These are the clips behind the safety floors (no swaps, at most 2% of other clips as yes or no),
    and they are few, so the report names each one: a near-miss word ("nose" as "no") calls for a
    different fix than a cough heard as "nope"."""
    out = []
    for clip, h in zip(clips, heard):
        if h.intent in ("yes", "no") and h.intent != expected(clip, expect):
            out.append(
                {
                    "file": clip.file,
                    "kind": clip.kind,
                    "said": clip.text,
                    "voice": clip.voice,
                    "noise": clip.noise,
                    "heard": h.text,
                    "intent": h.intent,
                    "confidence": round(h.confidence, 2),
                }
            )
    return out


def share(count: int, total: int) -> float:
    """count/total rounded for reports; 0.0 when there is nothing to count."""
    return round(count / total, 4) if total else 0.0


def reference_transcripts(paths: list[Path], progress: Callable[[str], None] = lambda _: None) -> tuple[list[str], list[float]]:
    """SpeechRecognition's stock recognize_sphinx (no grammar) on each file: transcripts and ms."""
    import speech_recognition as sr

    recognizer = sr.Recognizer()
    texts, ms = [], []
    for index, path in enumerate(paths):
        with sr.AudioFile(str(path)) as source:
            audio = recognizer.record(source)
        started = time.perf_counter()
        try:
            text = recognizer.recognize_sphinx(audio)
        except sr.UnknownValueError:
            text = ""
        ms.append((time.perf_counter() - started) * 1000)
        texts.append(text)
        if index % 100 == 99:
            progress(f"reference: {index + 1}/{len(paths)}")
    return texts, ms


def lookup(text: str, phrases: dict[str, str]) -> str:
    """The intent of the longest vocabulary phrase found as whole words in `text` (else unknown)."""
    words = f" {' '.join(text.lower().split())} "
    for phrase in sorted(phrases, key=lambda p: -len(p)):
        if f" {phrase} " in words:
            return phrases[phrase]
    return UNKNOWN


def evaluate(
    corpus_dir: Path | None = None,
    reference: bool = True,
    vocabulary: Vocabulary | None = None,
    classifier: rejection.Classifier | None = None,
    progress: Callable[[str], None] = lambda _: None,
    adaptation: Path | None = ADAPTATION,
    select: Callable[[corpus.Clip], bool] | None = None,
    learned: Path | None = lexicon.LEARNED,
    confusions: Path | None = phonematch.CONFUSIONS,
) -> dict:
    """Run everything on the corpus (the clips `select` picks, else all), decoding with the acoustic
    model moved by `adaptation` (None: the stock model), the `learned` pronunciations (None: the
    dictionary's alone) and the phone `confusions` (None: the grammar's phrase is always believed);
    the result is plain JSON-able data."""
    vocabulary = vocabulary or load_vocabulary()
    if corpus_dir is None:  # the benchmark's own, built on first use
        corpus_dir = DEFAULT_CORPUS
        if not (corpus_dir / "labels.json").exists():
            progress(f"building the corpus in {corpus_dir} ...")
            corpus.build(corpus_dir, vocabulary)
    elif not (corpus_dir / "labels.json").is_file():
        raise FileNotFoundError(f"{corpus_dir}: no labels.json; build a corpus there with scripts/make-test-audio --out {corpus_dir}")
    clips = [clip for clip in corpus.load_labels(corpus_dir) if select is None or select(clip)]
    _, unknown = corpus.vocabulary_changes(clips, vocabulary)
    if unknown:
        progress(f"warning: {corpus_dir} speaks phrases this vocabulary lacks or files elsewhere ({', '.join(unknown)}): "
                 "they count as missed; rebuild it with scripts/make-test-audio")  # fmt: skip
    recogniser = Recogniser(vocabulary, classifier, adaptation, learned, confusions)
    modes = {"full": None, "yes_no": YES_NO_SCREEN}
    result: dict = {"corpus": str(corpus_dir), "clips": len(clips), "recogniser": {}, "floors": FLOORS}
    decoded_by_mode: dict[str, list[Decoded]] = {}
    for mode, expect in modes.items():
        outcomes: list[Heard] = []
        decoded: list[Decoded] = []
        recogniser.prepare(expect)
        for index, clip in enumerate(clips):
            samples = read_wav(corpus_dir / clip.file)
            started = time.perf_counter()
            outcome = recogniser.analyse(samples, expect)
            phrases = recogniser.vocabulary.phrases(expect)
            outcomes.append(recogniser.decide(outcome, phrases, (time.perf_counter() - started) * 1000))
            decoded.append(outcome)
            if index % 200 == 199:
                progress(f"{mode}: {index + 1}/{len(clips)}")
        heard = [h.intent for h in outcomes]
        result["recogniser"][mode] = score(clips, heard, [h.ms for h in outcomes], expect)
        result.setdefault("by_background", {})[mode] = by_background(clips, heard, expect)
        result.setdefault("by_voice", {})[mode] = by_voice(clips, heard, expect)
        result.setdefault("false_yes_no", {})[mode] = false_yes_no(clips, outcomes, expect)
        decoded_by_mode[mode] = decoded
    if reference:
        texts, ms = reference_transcripts([corpus_dir / c.file for c in clips], progress)
        result["reference"] = {
            mode: score(clips, [lookup(t, vocabulary.phrases(expect)) for t in texts], ms, expect)
            for mode, expect in modes.items()
        }
    result["checks"] = check_floors(result["recogniser"])
    result["_decoded"] = {"clips": clips, "decoded": decoded_by_mode}
    return result


def check_floors(measured: dict) -> list[dict]:
    """One row per floor: what was required, what was measured, met or not."""
    rows = []
    for mode in ("full", "yes_no"):
        floors = FLOORS[mode]
        for level, floor in floors["accuracy"].items():
            value = measured[mode][level]["accuracy"]
            rows.append({"mode": mode, "what": f"accuracy {level}", "floor": f">= {floor:.0%}", "value": value, "met": value >= floor})
        for key in ("others_accepted", "others_as_yes_no"):
            value = max(measured[mode][level][key] for level in corpus.NOISE_LEVELS)
            rows.append({"mode": mode, "what": f"{key} (worst level)", "floor": f"<= {floors[key]:.0%}", "value": value, "met": value <= floors[key]})
        swaps = measured[mode]["all"]["yes_no_swaps"]
        rows.append({"mode": mode, "what": "yes/no swaps", "floor": "0", "value": swaps, "met": swaps == 0})
        ms = max(measured[mode][level]["ms_mean"] for level in corpus.NOISE_LEVELS)
        rows.append({"mode": mode, "what": "ms per answer (mean, worst level)", "floor": "<= 100", "value": ms, "met": ms <= FLOORS["ms_per_answer"]})
    return rows


def table(result: dict) -> str:
    lines = []
    systems = [("recogniser", result["recogniser"])] + ([("reference", result["reference"])] if "reference" in result else [])
    header = f"{'system':<11} {'mode':<7} {'noise':<6} {'accuracy':>8} {'unknown':>8} {'wrong':>6} {'swaps':>5} {'falseYN':>7} {'others acc':>10} {'others YN':>9} {'oov acc':>7} {'noise acc':>9} {'ms':>6}"
    lines.append(header)
    lines.append("-" * len(header))
    for system, modes in systems:
        for mode, levels in modes.items():
            for level in corpus.NOISE_LEVELS + ("all",):
                m = levels[level]
                lines.append(
                    f"{system:<11} {mode:<7} {level:<6} {m['accuracy']:>8.1%} {m['answers_unknown']:>8.1%} {m['answers_wrong']:>6.1%} "
                    f"{m['yes_no_swaps']:>5} {m['false_yes_no']:>7} {m['others_accepted']:>10.1%} {m['others_as_yes_no']:>9.1%} "
                    f"{m['oov_accepted']:>7.1%} {m['noise_accepted']:>9.1%} {m['ms_mean']:>6.0f}"
                )
    backgrounds = result.get("by_background", {})
    if any(backgrounds.values()):
        lines += ["", "answers heard right, by background noise (answers in brackets):"]
        for mode, levels in backgrounds.items():
            for level in corpus.NOISE_LEVELS:
                if level in levels:
                    cells = "  ".join(f"{kind} {levels[level][kind]['accuracy']:.0%} ({levels[level][kind]['answers']})" for kind in corpus.BACKGROUNDS if kind in levels[level])
                    lines.append(f"  {mode:<7} {level:<6} {cells}")
    voices = result.get("by_voice", {})
    if any(voices.values()):
        lines += ["", "answers heard right, by voice (clean / 15dB / 8dB; answers in brackets):"]
        for mode, by_name in voices.items():
            for voice, levels in sorted(by_name.items()):
                cells = "  ".join(f"{levels[level]['accuracy']:>5.0%} ({levels[level]['answers']:>2})" for level in corpus.NOISE_LEVELS if level in levels)
                lines.append(f"  {mode:<7} {voice:<20} {cells}")
    wrong = result.get("false_yes_no", {})
    if any(wrong.values()):
        lines += ["", "heard as yes or no, but it was not (confidence it was accepted at):"]
        for mode, rows in wrong.items():
            for row in rows:
                voice = f" ({row['voice']})" if row["voice"] else ""
                lines.append(f"  {mode:<7} {row['noise']:<6} {row['kind']:<8} '{row['said']}'{voice} heard as '{row['heard']}' at {row['confidence']:.2f}")
    lines.append("")
    lines.append("floors:")
    for row in result["checks"]:
        value = row["value"]
        shown = f"{value:.1%}" if isinstance(value, float) and row["what"].split()[0] in ("accuracy", "others_accepted", "others_as_yes_no") else f"{value}"
        lines.append(f"  {'met   ' if row['met'] else 'MISSED'} {row['mode']:<7} {row['what']:<36} {row['floor']:<8} measured {shown}")
    return "\n".join(lines)


def public(result: dict) -> dict:
    return {key: value for key, value in result.items() if not key.startswith("_")}
