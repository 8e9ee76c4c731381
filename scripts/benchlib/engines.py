"""The engines side by side (issue 27's scorecard): sphinx, whisper and both, on the file corpora and
the recordings of real people (bench/scorecard.json) and in the live loop (bench/live-ENGINE.json).

The two come from different runs: scripts/engine-scorecard decodes the corpora (about 30 minutes, so
never from here), and each `scripts/bench --only live --engine ENGINE` listens with one engine and
saves its figures with `save_live`. This section only reads those files and renders them: nothing is
decoded, and an engine whose figures are missing is said to be not measured, with the command that
measures it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from benchlib.common import REPO, Measurement

ENGINES = ("sphinx", "whisper", "both")
SCORECARD = REPO / "bench" / "scorecard.json"  # where scripts/engine-scorecard writes it
LEVELS = ("clean", "15dB", "8dB")
SCREENS = {"full": "full vocabulary", "yes_no": "yes/no screen", "stretch": "first stretch"}
READINGS = {"librivox": "LibriVox reading", "cards": "cards"}
NOT_MEASURED = "not measured"


def live_path(directory: Path, engine: str) -> Path:
    return directory / f"live-{engine}.json"


def save_live(directory: Path, engine: str, machine: dict, quick: bool, measurements: list[Measurement], figures: dict) -> Path:
    """Keep this engine's latest live run in its own file: each run listens with one engine, and the
    report sets the engines side by side. Holds the engine, date, commit, the headline figures, the
    measurements and the per-condition live table."""
    details = measurements[0].details if measurements else {}
    data = {
        "engine": engine,
        "date": machine.get("date", ""),
        "git_commit": machine.get("git_commit", ""),
        "git_dirty": bool(machine.get("git_dirty")),
        "quick": quick,
        "figures": figures,
        "measurements": {m.name: {k: v for k, v in m.summary().items() if k != "details"} for m in measurements},
        "live table": details.get("live table", ""),
        "nights": details.get("nights", []),
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = live_path(directory, engine)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    return [measure(SCORECARD, cfg.out)]


def measure(scorecard: Path, live_dir: Path) -> Measurement:
    """The engines section from the scorecard file and the live files in `live_dir`."""
    card = _read(scorecard)
    live = {engine: _read(live_path(live_dir, engine)) for engine in ENGINES}
    m = Measurement("engines", "engines side by side: file corpora, real people, live loop", "", "–", None)
    measured = [f"{engine} {data.get('date', '')[:10]}" for engine, data in live.items() if data]
    if card is None and not measured:
        m.note = f"{NOT_MEASURED}: no scorecard and no live run (scripts/engine-scorecard; scripts/bench --only live --engine ENGINE)"
    else:
        scored = f"scorecard of {card.get('date', 'unknown date')[:10]}" if card else f"scorecard {NOT_MEASURED}"
        m.note = f"{scored}; live loop: " + ", ".join(
            f"{engine} {data.get('date', '')[:10]}" if data else f"{engine} {NOT_MEASURED}" for engine, data in live.items()
        )
    m.details = {"engines": {"scorecard": card, "live": live}, "engines table": render(card, live, scorecard)}
    return m


def render(card: dict | None, live: dict[str, dict | None], scorecard: Path = SCORECARD) -> str:
    """One plain-text table, a row per figure and a column per engine, then where each part comes
    from and what real people's recordings were taken for."""
    rows = [["", *ENGINES]]
    if card:
        rows += corpora_rows(card) + people_rows(card.get("real_people"))
    rows += live_rows(live)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines + [""] + sources(card, live, scorecard))


def corpora_rows(card: dict) -> list[list[str]]:
    """Per corpus and screen: right at each noise level, wrong, other speech accepted, the unsafe
    mistakes and decode time; then model load and peak memory (of the first corpus's run)."""
    rows = []
    for name, by_engine in card.get("corpora", {}).items():
        for screen, title in SCREENS.items():
            where = f"{name}, {title}"
            if not any(screen in data["screens"] for data in by_engine.values()):
                continue  # a scorecard from before this screen was scored

            def cells(show: Callable[[dict], str]) -> list[str]:
                return [show(by_engine[e]["screens"][screen]) if screen in by_engine.get(e, {}).get("screens", {}) else "–" for e in ENGINES]

            rows += [
                [f"{where}: right clean / 15 dB / 8 dB", *cells(lambda m: " / ".join(f"{100 * m[level]['accuracy']:.1f}" for level in LEVELS) + " %")],
                [f"{where}: wrong", *cells(lambda m: _percent(m["all"]["answers_wrong"]))],
                [f"{where}: others accepted / as yes or no", *cells(lambda m: f"{_worst(m, 'others_accepted')} / {_worst(m, 'others_as_yes_no')}")],
                [f"{where}: yes↔no / no→not sure", *cells(lambda m: f"{m['all']['yes_no_swaps']} / {m['all']['no_as_unsure']}")],
                [f"{where}: decode ms median / p90", *cells(lambda m: f"{m['all']['ms_median']:.0f} / {m['all']['ms_p90']:.0f}")],
            ]
    first = next(iter(card.get("corpora", {}).values()), None)
    if first:
        rows.append(["model load / peak memory", *[f"{first[e]['load_s']:.2f} s / {first[e]['peak_mb']:.0f} MB" if e in first else "–" for e in ENGINES]])
    return rows


def people_rows(part: dict | None) -> list[list[str]]:
    """Real people's recordings (all other speech to voiceaid): how many each screen accepted, how
    long a decode took, and the word errors of the free transcripts (not for both)."""
    if not part or "missing" in part:
        return []
    engines = part["engines"]
    rows = []
    for screen, title in SCREENS.items():
        shown = {e: engines[e]["screens"][screen] for e in ENGINES if screen in engines.get(e, {}).get("screens", {})}
        if not shown:
            continue
        rows.append([f"real people, {title}: accepted (as yes or no)", *[f"{m['accepted']} of {m['recordings']} ({m['as_yes_no']})" if (m := shown.get(e)) else "–" for e in ENGINES]])
        rows.append([f"real people, {title}: decode ms median / p90", *[f"{m['ms_median']:.0f} / {m['ms_p90']:.0f}" if (m := shown.get(e)) else "–" for e in ENGINES]])
    for reading, title in READINGS.items():
        cells = []
        for engine in ENGINES:
            free = (engines.get(engine) or {}).get("free_speech") or {}
            row = free.get(reading)
            cells.append(f"{row['errors']} of {row['words']} ({100 * row['errors'] / row['words']:.1f} %)" if row and row["words"] else "–")
        rows.append([f"real people as free speech, {title}: word errors", *cells])
    return rows


LIVE: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("live loop, quiet: right first time", lambda f: _live_percent(f["quiet_first"], f["quiet_turns"])),
    ("live loop, quiet: right by the second reply", lambda f: _live_percent(f["quiet_second"], f["quiet_turns"])),
    ("live loop, fan at 15 dB: right first time", lambda f: _live_percent(f["first_15db"], f["turns_15db"])),
    ("live loop: wrong answers saved or acted on", lambda f: str(f["wrong"])),
    ("live loop: unsafe nights", lambda f: str(f["unsafe_nights"])),
    ("live loop: no→not sure / yes↔no", lambda f: f"{f['no_as_not_sure']} / {f['yes_no_swaps']}"),
    ("live loop: latency median / p90", lambda f: f"{f['latency_median_s']:.2f} / {f['latency_p90_s']:.2f} s" if f["latency_median_s"] is not None else "–"),
)


def live_rows(live: dict[str, dict | None]) -> list[list[str]]:
    """The latest live run of each engine; "not measured" in every row of an engine without one."""
    rows = [["live loop: nights, date", *[_nights(live.get(e)) for e in ENGINES]]]
    for title, show in LIVE:
        rows.append([title, *[show(data["figures"]) if (data := live.get(e)) else NOT_MEASURED for e in ENGINES]])
    return rows


def sources(card: dict | None, live: dict[str, dict | None], scorecard: Path) -> list[str]:
    """Where each part comes from, what is missing and the command that measures it, and real
    people's recordings that were taken for an answer (each one other speech accepted)."""
    lines = []
    if card is None:
        lines.append(f"File corpora and real people: {NOT_MEASURED} (no {_shown(scorecard)}); scripts/engine-scorecard makes it, in about 30 minutes.")
    else:
        every = f", every {card['every']}th clip" if card.get("every", 1) > 1 else ""
        lines.append(f"File corpora and real people: {_shown(scorecard)}, scored by scripts/engine-scorecard on {card.get('date', 'unknown date')} at {card.get('git_commit', '')[:12] or 'unknown commit'}{every}.")
        part = card.get("real_people")
        if part is None:
            lines.append(f"Real people: {NOT_MEASURED} (a scorecard from before they were added; scripts/engine-scorecard --reuse adds them).")
        elif "missing" in part:
            lines.append(f"Real people: {NOT_MEASURED}: {part['missing']}.")
        else:
            lines.append(f"Real people: {part['recordings']} recordings from Debian's pocketsphinx-testdata, none a voiceaid answer, so every one accepted is other speech taken for an answer.")
            for screen, title in SCREENS.items():
                for engine in ENGINES:
                    for row in part["engines"].get(engine, {}).get("screens", {}).get(screen, {}).get("which", []):
                        lines.append(f"  {title}, {engine}: {row['file']} → {row['intent']} (heard \"{row['text']}\", {row['confidence']:.2f})")
    for engine in ENGINES:
        data = live.get(engine)
        if data:
            dirty = " with uncommitted changes" if data.get("git_dirty") else ""
            lines.append(f"Live loop, {engine}: {data.get('date', '')} at {data.get('git_commit', '')[:12]}{dirty}.")
        else:
            lines.append(f"Live loop, {engine}: {NOT_MEASURED}; scripts/bench --only live,engines --engine {engine} measures it (about 15 minutes).")
    return lines


def _read(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _shown(path: Path) -> str:
    """A path as the reader knows it: relative to the repository when it is inside it."""
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def _worst(m: dict, key: str) -> str:
    """The share at the noise level where it was highest, as scripts/engine-scorecard shows it."""
    return _percent(max(m[level][key] for level in LEVELS))


def _nights(data: dict | None) -> str:
    if not data:
        return NOT_MEASURED
    f = data["figures"]
    return f"{f['nights']}{' (quick)' if data.get('quick') else ''}, {data.get('date', '')[:10]}"


def _live_percent(value: Any, turns: int) -> str:
    return "–" if value is None else f"{value:.1f} % of {turns}"
