"""One night by voice alone: the real `voiceaid` start-up in this (child) process, a simulated person
speaking into the real-time PulseAudio microphone, and a JSON report of every turn.

    python tests/live/night.py PLAN.json REPORT.json [voiceaid arguments...]

The app is built by `voiceaid.cli.main` exactly as a user's is (settings, content, Speaker with aplay,
the real Listener on the default ALSA device, diary), driven by a Textual pilot instead of a
terminal (as tests/faults/runner.py does). Two things differ, both so that a night is quick and
measurable: the session clock is a ManualClock that stands still (the stretch never ends by itself,
so the person moves on by saying "next"; no cue talks over a reply), and the speech log's times are
monotonic seconds (launched_at 0), the clock the feeder and the person use too.

The person (`Person`) waits until voiceaid has finished saying something and is quiet, works out
what was asked from what is on screen and what was said last, and answers it from the plan by
asking the feeder to play one of the night's clips into the microphone `delay` seconds after the
prompt ended. It then waits for the app to act - the answer taken (`spoken_intent`) or no reply
noted (`no_reply`) - and classifies the turn. When the app falls back to keys, the person presses
the key. Plan fields: see `tests/live/plans.py`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.live.person import Person  # noqa: E402


def main() -> int:
    plan_path, report_path, *argv = sys.argv[1:]
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    report: dict[str, Any] = {}

    from voiceaid.core.clock import ManualClock
    from voiceaid.speech import speech_log
    from voiceaid.ui.app import VoiceaidApp

    clock = ManualClock(1000.0)
    original_log_init = speech_log.SpeechLog.__init__

    def log_init(self, path, clock=time.monotonic, launched_at=None):  # type: ignore[no-untyped-def]
        original_log_init(self, path, clock, 0.0)  # times in monotonic seconds, as the feeder's

    original_init = VoiceaidApp.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["clock"] = clock
        original_init(self, *args, **kwargs)

    def run(self, **_):  # type: ignore[no-untyped-def]
        async def go() -> None:
            async with self.run_test(size=(80, 24)) as pilot:
                person = Person(self, pilot, plan)
                try:
                    await person.night()
                except BaseException:
                    report["error"] = traceback.format_exc()
                report.update(person.report())
                await pilot.press("q")
                await pilot.press("q")
                await pilot.pause(0.2)

        asyncio.run(go())
        return self.return_value

    speech_log.SpeechLog.__init__ = log_init  # type: ignore[method-assign]
    VoiceaidApp.__init__ = init  # type: ignore[method-assign]
    VoiceaidApp.run = run  # type: ignore[method-assign]
    from voiceaid.cli import main as voiceaid_main

    started = time.monotonic()
    try:
        report["exit_code"] = voiceaid_main(argv)
    except BaseException:
        report["error"] = report.get("error") or traceback.format_exc()
    report["seconds"] = round(time.monotonic() - started, 1)
    Path(report_path).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
