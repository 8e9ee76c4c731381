"""The live loop: whole nights answered by voice through a real-time microphone (issue 27, part 1).

The app runs as `voiceaid` builds it (tests/live/night.py: run_assistant, the real Speaker playing
through aplay and the real Listener on PortAudio), both routed to a private PulseAudio daemon
(tests/live/pulsemic.py): the null sink is the speaker, a pipe source fed at real-time pace by a
separate feeder process is the microphone, drained all night by parec as a real microphone is. A
simulated person (tests/live/person.py) waits for each prompt to end and answers it by having a
clip of the test split (never a training voice) played into the microphone 0.2, 0.5, 1.0 or 2.0 s
later, in a quiet room or with a fan streamed into the same microphone at 15 or 8 dB below the
speech. Turns: the leg question, routine commands (pause, resume, repeat, next), the check-in,
every checklist question and every "I heard no. Is that right?" read-back.

The session clock stands still (the stretch waits for "next"), and speech is a little faster than
the default (speech_rate 190) so a night takes ~3 minutes; neither changes how listening works.
On 2 shared cores the feeder and the app can be starved for a moment: the report gives how late
the feeder ever was and the load before and after.

Each run also saves its figures to bench/live-ENGINE.json (benchlib.engines.save_live), so that the
report's engines section can set the latest live run of each engine side by side.
"""

from __future__ import annotations

import statistics
from collections import Counter
from benchlib.common import Measurement, percentile

KINDS = ("leg", "command", "check_in", "question", "readback")
RANK = {"self_care": 0, "soon": 1, "today": 2, "emergency": 3}
INTENTS = {"yes", "no", "unsure", "left", "pause", "resume", "repeat", "next"}
SETTINGS = "speech_rate: 190"


def nights(quick: bool) -> list[tuple[str, float | None, str, dict, dict]]:
    """(room, SNR dB or None, voice, answers, plan extras) per night."""
    from tests.live.plans import ALL_NO, MIXED

    if quick:
        return [("quiet", None, "en-us+f2", ALL_NO, {"max_turns": 12}), ("fan", 15.0, "en-gb+f3", MIXED, {"max_turns": 12})]
    return [
        ("quiet", None, "en-us+m3", ALL_NO, {}),
        ("quiet", None, "en-gb-scotland+m5", MIXED, {}),
        ("fan", 15.0, "en-us+f2", MIXED, {}),
        ("fan", 8.0, "en-029+m1", ALL_NO, {}),
    ]


def condition(room: str, snr: float | None) -> str:
    return "quiet" if snr is None else f"{snr:g} dB"


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    from tests.live import plans
    from tests.live.pulsemic import PulseMic, missing_tools

    if missing_tools() or not (plans.CORPUS / "labels.json").exists():
        why = f"{', '.join(missing_tools())} missing" if missing_tools() else "no test corpus: run scripts/make-test-audio"
        return [Measurement("live", "live loop", "%", ">= 95", 95.0, error=why, note=why)]
    all_clips = plans.clips()
    reports = []
    for index, (room, snr, voice, answers, extra) in enumerate(nights(cfg.quick)):
        chosen = plans.voice_clips(all_clips, voice, INTENTS)
        level = -70.0 if snr is None else plans.speech_dbfs([p for paths in chosen.values() for p in paths]) - snr
        delays = plans.DELAYS[index % 4 :] + plans.DELAYS[: index % 4]
        cfg.log(f"live: night {index + 1} ({condition(room, snr)}, {voice})")
        mic = PulseMic(cfg.tmp, room, level, seed=index)
        try:
            settings = f"{SETTINGS}\nengine: {getattr(cfg, 'engine', 'sphinx')}"
            report = plans.run_night(mic, plans.plan(chosen, answers, delays, deadline_s=330, **extra), cfg.tmp, settings=settings)
            report["feeder_late_max_s"] = max([c["late_s"] for c in mic.played_clips()] or [0.0])
        finally:
            mic.close()
            mic.remove()
        report.update(condition=condition(room, snr), voice=voice, planned=answers)
        reports.append(report)
    out = measurements(reports)
    from benchlib import engines

    engines.save_live(cfg.out, getattr(cfg, "engine", "sphinx"), cfg.machine, cfg.quick, out, figures(reports))
    return out


def expected_tier(report: dict) -> str | None:
    """The tier the planned answers give (derived answers as the night had them)."""
    from voiceaid.content import load_content
    from voiceaid.core.triage import decide

    if report.get("phase") != "outcome":
        return None
    questions = load_content().questions
    answers = dict(report.get("all_answers", {}))
    for qid in report.get("answers", {}):
        answers[qid] = report["planned"].get(qid, "no")
    return decide(answers, questions).disposition


def counted(reports: list[dict]) -> list[dict]:
    """The turns that count, each with its night's condition. Left out: "unfinished" (the night's
    time ran out mid-turn) and "keys" (the app had already fallen back to keys for that question;
    counted once, as the lost turn that caused it)."""
    return [dict(t, condition=r["condition"]) for r in reports for t in r.get("turns", []) if t.get("result") not in ("unfinished", "keys")]


def _latencies(turns: list[dict]) -> list[float]:
    """Reply end -> app acted, for the replies acted on rightly."""
    return [a["latency"] for t in turns for a in t["attempts"] if _right(t, a) and a.get("latency") is not None]


def figures(reports: list[dict]) -> dict:
    """The headline figures of one engine's nights, in one flat dict (saved in bench/live-ENGINE.json
    for the engines section): shares in %, None where no turn was measured."""
    turns = counted(reports)
    quiet = [t for t in turns if t["condition"] == "quiet"]
    at15 = [t for t in turns if t["condition"] == "15 dB"]
    unsafe = [_unsafe(t) for t in turns]
    latencies = _latencies(turns)

    def percent(group: list[dict], good: tuple[str, ...]) -> float | None:
        return round(100.0 * sum(t["result"] in good for t in group) / len(group), 1) if group else None

    return {
        "nights": len(reports), "turns": len(turns), "quiet_turns": len(quiet), "turns_15db": len(at15),
        "quiet_first": percent(quiet, ("right1",)), "quiet_second": percent(quiet, ("right1", "right2")), "first_15db": percent(at15, ("right1",)),
        "wrong": sum(t["result"] == "wrong" for t in turns), "unsafe_nights": sum(1 for r in reports if _above_tier(r)),
        "no_as_not_sure": sum(u[0] for u in unsafe), "yes_no_swaps": sum(u[1] for u in unsafe),
        "same_effect": sum(bool(a.get("same_effect")) for t in turns for a in t["attempts"]),
        "latency_median_s": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p90_s": round(percentile(latencies, 90), 3) if latencies else None,
    }  # fmt: skip


def measurements(reports: list[dict]) -> list[Measurement]:
    turns = counted(reports)
    quiet = [t for t in turns if t["condition"] == "quiet"]
    at15 = [t for t in turns if t["condition"] == "15 dB"]
    latencies = _latencies(turns)
    out = [
        _share("live_quiet_first", "live loop, quiet: right first time", quiet, ("right1",), 95.0),
        _share("live_quiet_second", "live loop, quiet: right by the second reply", quiet, ("right1", "right2"), 99.0),
        _share("live_15db_first", "live loop, fan at 15 dB: right first time", at15, ("right1",), 85.0),
    ]
    wrong = Measurement("live_wrong", "live loop: wrong answers saved or acted on (all conditions)", "count", "0", 0.0)
    wrong.values = [float(sum(t["result"] == "wrong" for t in turns))]
    unsafe = Measurement("live_unsafe_nights", "live loop: nights with red flags answered no ending above their tier", "count", "0", 0.0)
    unsafe.values = [float(sum(1 for r in reports if _above_tier(r)))]
    latency = Measurement("live_latency", "live loop: reply end -> app acted (right answers)", "s", "<= 0.6", 0.6)
    latency.values = latencies
    for m in (wrong, unsafe, latency):
        m.judge()
    latency.note = f"p90 {percentile(latencies, 90):.2f} s" if latencies else "no right answers"
    out += [wrong, unsafe, latency]
    table = live_table(reports, turns)
    out[0].details = {"live table": table, "nights": [_night_line(r) for r in reports], "turns": [_turns(r) for r in reports]}
    out[0].note = f"{len(reports)} nights, {len(turns)} turns; per turn kind and delay in the live section below"
    return out


def _right(turn: dict, attempt: dict) -> bool:
    """The reply the app acted on as asked (the word itself, or another with the same effect there)."""
    return attempt.get("acted") == turn["expect"] or bool(attempt.get("same_effect"))


def _turns(report: dict) -> list[str]:
    """Each turn in one line (report.json only): kind, id, expected, result, and per reply its delay,
    what the app acted on and how long after the reply ended."""
    lines = []
    for t in report.get("turns", []):
        replies = ", ".join(f"{a.get('delay')}s {a.get('clip', '')} -> {a.get('acted')}{' (same effect)' if a.get('same_effect') else ''} {a.get('latency')}"
                            for a in t["attempts"])  # fmt: skip
        lines.append(f"{report['condition']} {t['kind']} {t['id']} want {t['expect']}: {t.get('result')} [{replies}]")
    return lines


def _share(name: str, title: str, turns: list[dict], good: tuple[str, ...], floor: float) -> Measurement:
    m = Measurement(name, title, "%", f">= {floor:g}", floor, lower_is_better=False)
    if turns:
        m.values = [100.0 * sum(t["result"] in good for t in turns) / len(turns)]
        m.note = f"{sum(t['result'] in good for t in turns)}/{len(turns)} turns"
    else:
        m.note = "not measured (no turns)"
    m.judge()
    return m


def _above_tier(report: dict) -> bool:
    expected = expected_tier(report)
    got = report.get("disposition")
    return expected is not None and got is not None and RANK[got] > RANK[expected]


def _night_line(report: dict) -> str:
    results = Counter(t.get("result") for t in report.get("turns", []))
    pending = sum(bool(t.get("readback_pending")) for t in report.get("turns", []))
    return (
        f"{report['condition']}, {report['voice']}: {dict(results)}; outcome {report.get('disposition')} "
        f"(answers give {expected_tier(report)}); read-back left pending {pending}; feeder late at most {report.get('feeder_late_max_s', 0):.2f} s"
        + (f"; ERROR {report['error'][-300:]}" if report.get("error") else "")
    )


def _unsafe(turn: dict) -> tuple[int, int]:
    """(no heard as not sure on a red-flag question, yes<->no swaps) among the turn's replies."""
    not_sure = swaps = 0
    for attempt in turn["attempts"]:
        acted = attempt.get("acted")
        if turn["kind"] in ("question", "readback") and turn["expect"] in ("no", "yes") and acted == "unsure" and (turn["expect"] == "no" or turn["kind"] == "readback"):
            not_sure += 1
        if turn["kind"] in ("question", "check_in") and {turn["expect"], acted} == {"yes", "no"}:
            swaps += 1
    return not_sure, swaps


def live_table(reports: list[dict], turns: list[dict]) -> str:
    rows = [["condition", "turn", "n", "right 1st", "by 2nd", "same effect", "wrong", "lost", "no→not sure", "yes↔no", "latency med / p90"]]
    for cond in dict.fromkeys(r["condition"] for r in reports):
        for kind in KINDS + ("all",):
            group = [t for t in turns if t["condition"] == cond and (kind == "all" or t["kind"] == kind)]
            if group:
                rows.append([cond, kind] + _row(group))
    for delay in (0.2, 0.5, 1.0, 2.0):
        group = [t for t in turns if t["attempts"] and t["attempts"][0]["delay"] == delay]
        if group:
            rows.append(["all", f"first reply at {delay:g} s"] + _row(group))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _row(group: list[dict]) -> list[str]:
    n = len(group)
    count = Counter(t["result"] for t in group)
    unsafe = [_unsafe(t) for t in group]
    lat = [a["latency"] for t in group for a in t["attempts"] if _right(t, a) and a.get("latency") is not None]
    latency = f"{statistics.median(lat):.2f} / {percentile(lat, 90):.2f} s" if lat else "–"
    same = sum(bool(a.get("same_effect")) for t in group for a in t["attempts"])
    return [str(n), f"{100 * count['right1'] / n:.0f} %", f"{100 * (count['right1'] + count['right2']) / n:.0f} %", str(same), str(count["wrong"]),
            str(count["lost"]), str(sum(u[0] for u in unsafe)), str(sum(u[1] for u in unsafe)), latency]  # fmt: skip

