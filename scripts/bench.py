#!/usr/bin/env python3
"""voiceaid's benchmark: the targets of the performance issue, measured on this machine.

    scripts/bench                    # everything, ~12 minutes; writes bench/report.md and bench/report.json
    scripts/bench --quick            # fewer runs, shorter holds, a 40 s routine, corpus subsets (~3 minutes)
    scripts/bench --only launch,cues --out /tmp/bench

Sections (for --only): launch (first instruction, first audio), barge_in (key -> speech stopped),
cues (cue timing over the bedtime routine), idle (CPU and memory: hold, kiosk, wake phrase),
recogniser (accuracy and decode time, with the stock recognize_sphinx baseline), wake (false
triggers per hour of bedroom sounds and unrelated speech), live (whole nights answered by voice through a
real-time microphone: right first time, wrong, lost, reply -> action; ~14 minutes, --quick ~5;
also saved as bench/live-ENGINE.json), engines (sphinx, whisper and both side by side: the file
corpora and real people from bench/scorecard.json, made by scripts/engine-scorecard, and each
engine's latest live loop; reads files only). Each section fails soft: an error is recorded in
the report and the others go on.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import SimpleNamespace

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
sys.path.insert(1, str(REPO))

from benchlib import report  # noqa: E402
from benchlib.common import Measurement  # noqa: E402
from benchlib.sampling import background_load  # noqa: E402

SECTIONS = ("launch", "barge_in", "cues", "idle", "recogniser", "wake", "live", "engines")  # engines last: it shows the live run just made
TIMED = ("launch", "barge_in", "cues", "idle", "recogniser")  # sections whose figures other load distorts


def section(name: str):  # type: ignore[no-untyped-def]
    if name == "launch":
        from benchlib import launch as module
    elif name == "barge_in":
        from benchlib import bargein as module
    elif name == "cues":
        from benchlib import cues as module
    elif name == "idle":
        from benchlib import idle as module
    elif name == "wake":
        from benchlib import wake as module
    elif name == "live":
        from benchlib import live as module
    elif name == "engines":
        from benchlib import engines as module
    else:
        from benchlib import recognition as module
    return module.run


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke check: fewer runs, shorter holds (~3 minutes)")
    parser.add_argument("--only", metavar="NAME,...", help=f"run only these sections: {','.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=REPO / "bench", help="report directory (default bench/)")
    parser.add_argument("--runs", type=_positive, help="launches per measurement (default 7, quick 3)")
    parser.add_argument("--no-reference", action="store_true", help="skip the stock recognize_sphinx baseline (slow)")
    parser.add_argument("--engine", choices=("sphinx", "whisper", "both"), default="sphinx", help="the speech engine the live loop and the wake phrase listen with (default sphinx)")
    args = parser.parse_args(argv)
    if args.only:
        args.only = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in args.only if name not in SECTIONS]
        if unknown:
            parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    return args


def _positive(text: str) -> int:
    """A whole number of 1 or more (argparse type): 0 runs would measure nothing."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few; give 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    for tool in ("tmux",):
        if shutil.which(tool) is None:
            print(f"bench: {tool} is needed", file=sys.stderr)
            return 2
    started = time.monotonic()
    command = "scripts/bench" + ("" if argv is None and len(sys.argv) < 2 else " " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])))

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="voiceaid-bench-"))
    runs = args.runs or (3 if args.quick else 7)
    info = report.machine()
    cfg = SimpleNamespace(tmp=tmp, quick=args.quick, runs=runs, barge_runs=runs, reference=not args.no_reference, log=log, engine=args.engine, out=args.out, machine=info)
    measurements: list[Measurement] = []
    try:
        for name in args.only or SECTIONS:
            load = background_load()
            if load["other_processes_cpu_percent"] >= 20:
                log(f"note: other processes use {load['other_processes_cpu_percent']:.0f}% CPU: {'; '.join(load['busiest_others'])}")
            log(f"{name} ...")
            begun = time.monotonic()
            try:
                got = section(name)(cfg)
            except Exception as error:  # noqa: BLE001 - one section failing must not stop the others
                traceback.print_exc()
                text = f"error: {type(error).__name__}: {error}"
                got = [Measurement(name, name, "", "", None, error=text, note=text)]
            after = background_load(0.5)
            for m in got:
                m.details = dict(m.details or {})
                m.details["background load"] = {"before": load, "after": after}
                busy = max(load["other_processes_cpu_percent"], after["other_processes_cpu_percent"])
                if busy >= 20 and name in TIMED and m.unit in ("s", "ms", "% of a core"):
                    m.note += f" [machine busy: other processes used ~{busy:.0f}% of a core ({'; '.join((load['busiest_others'] or after['busiest_others'])[:2])}); timings are pessimistic]"
            measurements += got
            log(f"{name}: {time.monotonic() - begun:.0f} s")
            report.write(args.out, info, measurements, command, time.monotonic() - started, args.quick)  # partial, in case of a crash
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    data = report.write(args.out, info, measurements, command, time.monotonic() - started, args.quick)
    print()
    print(report.table(data["measurements"], markdown=False))
    print(f"\n{args.out / 'report.md'} and {args.out / 'report.json'} written in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
