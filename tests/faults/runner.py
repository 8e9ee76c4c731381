"""Run the real `voiceaid` start-up (voiceaid.cli.main -> run_assistant) in a child process, driven
by a Textual pilot instead of a terminal, and write what happened to a JSON report.

    python tests/faults/runner.py SCENARIO REPORT.json [voiceaid arguments...]

A child process is needed where the fault is process-wide and read once: ALSA reads ~/.asoundrc when
PortAudio first initialises, a missing module is missing for the whole interpreter, an audit hook
cannot be removed. The fault itself is set up by the test (environment, HOME, PYTHONPATH) or, for
the narrowest-boundary simulations, by the scenario below (each says so).

Scenarios (all press L for the left leg and check the left-leg instruction is on screen):
  routine   wait for the status line to contain $RUNNER_EXPECT, then quit with Q Q
  noise     move the session clock to the checklist, let the microphone be heard many times, quit
  vanish    like `routine`, but the microphone stream raises OSError after a few reads (see below)
  network   routine -> check-in -> checklist -> outcome, then the CLI commands (audit hook active)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

REPORT: dict = {"screens": [], "statuses": [], "status_rows": []}


def snapshot(app, label: str) -> None:  # type: ignore[no-untyped-def]
    from tests.faults.drive import status_rows, visible_status, visible_text

    REPORT["screens"].append({"label": label, "text": visible_text(app)})
    REPORT["statuses"].append(visible_status(app))
    REPORT["status_rows"].append(status_rows(app))


async def start_left(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from tests.faults.drive import until, visible_text

    await until(pilot, lambda: "Straighten your knee" in visible_text(app), 30, "the first instruction")
    await pilot.press("l")
    await until(pilot, lambda: "Straighten your left knee" in visible_text(app), 10, "the left-leg instruction")


async def quit_app(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("q")
    await pilot.press("q")


async def routine(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from tests.faults.drive import until, visible_status

    expect = os.environ.get("RUNNER_EXPECT", "")
    await start_left(app, pilot)
    if expect:
        await until(pilot, lambda: expect in visible_status(app), 30, f"status {expect!r}")
    snapshot(app, "degraded")
    await quit_app(app, pilot)


async def noise(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """A microphone that hears only noise: the checklist question must stay open, unanswered."""
    from tests.faults.drive import until, visible_text

    clock = app.clock
    await start_left(app, pilot)
    clock.advance(30)  # the hold ends: "Has it eased?"
    app.refresh_view()
    await until(pilot, lambda: "Has it eased?" in visible_text(app), 10, "the check-in")
    await pilot.press("y")
    await until(pilot, lambda: app.controller.session.phase == "checklist", 10, "the checklist")
    first = app.controller.session.checklist.current.id
    REPORT["first_question"] = first
    turns = {"n": 0}
    voice = app.voice
    original = voice._heard

    def counted(heard, took, controller):  # type: ignore[no-untyped-def]
        turns["n"] += 1
        REPORT.setdefault("heard", []).append([heard.intent, heard.text])
        original(heard, took, controller)

    voice._heard = counted
    # Listening turns run whenever voiceaid is quiet; after two that hear nothing usable the question
    # waits for a key. Wait for that (or for plenty of turns).
    session = app.controller.session
    await until(pilot, lambda: session.keyboard_only() or turns["n"] >= 6, 40, "listening turns on noise")
    await pilot.pause(0.3)
    REPORT["turns"] = turns["n"]
    REPORT["keyboard_only"] = session.keyboard_only()
    REPORT["answers"] = dict(session.checklist.answers)
    REPORT["current_question"] = session.checklist.current.id if session.checklist.current else None
    REPORT["phase"] = session.phase
    snapshot(app, "noise")
    await quit_app(app, pilot)


async def network(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from tests.faults.drive import until, visible_text

    clock = app.clock
    await start_left(app, pilot)
    clock.advance(30)
    app.refresh_view()
    await until(pilot, lambda: "Has it eased?" in visible_text(app), 10, "the check-in")
    await pilot.press("y")
    await until(pilot, lambda: app.controller.session.phase == "checklist", 10, "the checklist")
    for _ in range(20):
        if app.controller.session.phase != "checklist":
            break
        await pilot.press("n")
        await pilot.pause(0.05)
    await until(pilot, lambda: app.controller.session.phase == "outcome", 10, "the outcome")
    snapshot(app, "outcome")
    await quit_app(app, pilot)


def install_vanishing_microphone() -> None:
    """The microphone unplugged mid-listen, simulated at the narrowest boundary: PyAudio's
    `Stream.read` (under SpeechRecognition's MicrophoneStream) starts raising the OSError PortAudio
    gives for a device that went away (-9999, Unanticipated host error) after the room has been
    measured and a listening turn has begun. A file-backed ALSA device cannot be unplugged."""
    import speech_recognition as sr

    stream_class = sr.Microphone.MicrophoneStream
    original = stream_class.read
    reads = {"n": 0}

    def read(self, size):  # type: ignore[no-untyped-def]
        reads["n"] += 1
        if reads["n"] > 40:  # calibration (0.5 s) reads ~8 chunks; the listening turn then fails
            raise OSError(-9999, "Unanticipated host error")
        return original(self, size)

    stream_class.read = read


SCENARIOS = {"routine": routine, "noise": noise, "vanish": routine, "network": network}


def main() -> int:
    scenario_name, report_path, *argv = sys.argv[1:]
    report = Path(report_path)
    from voiceaid.core.clock import ManualClock
    from voiceaid.ui.app import VoiceaidApp

    if scenario_name == "vanish":
        install_vanishing_microphone()
    scenario = SCENARIOS[scenario_name]
    clock = ManualClock(1000.0) if scenario_name in ("noise", "network") else None
    original_init = VoiceaidApp.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if clock is not None:
            kwargs["clock"] = clock
        original_init(self, *args, **kwargs)

    def run(self, **_):  # type: ignore[no-untyped-def]
        async def go() -> None:
            async with self.run_test(size=(80, 24)) as pilot:
                try:
                    await scenario(self, pilot)
                except BaseException:
                    REPORT["scenario_error"] = traceback.format_exc()
                    snapshot(self, "error")
                    self.exit(99)

        asyncio.run(go())
        return self.return_value

    VoiceaidApp.__init__ = init
    VoiceaidApp.run = run
    from voiceaid.cli import main as voiceaid_main

    REPORT["exit_code"] = voiceaid_main(argv)
    if scenario_name == "network":
        REPORT["cli"] = run_cli_commands(voiceaid_main, report.parent)
    report.write_text(json.dumps(REPORT, indent=1), encoding="utf-8")
    return 0


def run_cli_commands(voiceaid_main, folder: Path) -> dict:  # type: ignore[no-untyped-def]
    codes = {}
    commands = {
        "triage": ["triage", "--answer", "chest_or_breath=no", "--json"],
        "check-content": ["check-content", str(REPO / "content" / "en")],
        "diary list": ["diary", "list", "--json"],
        "say --to": ["say", "Stretch your calf.", "--to", str(folder / "said.wav")],
    }
    for name, argv in commands.items():
        try:
            codes[name] = voiceaid_main(argv)
        except SystemExit as exit:
            codes[name] = exit.code
    return codes


if __name__ == "__main__":
    sys.exit(main())
