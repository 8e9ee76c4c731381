"""A crash is never a success: when the app ends on an unhandled exception (Textual prints the
traceback and closes), `voiceaid` exits non-zero, so a kiosk's service manager, a script or a test sees it.

The real start-up (run_assistant) and Textual's real `App.run`, headless; the only fault made here is
the crash itself, raised in the app's own event loop as any bug would be."""

from __future__ import annotations

from typing import Any

from tests.faults.drive import until, visible_text
from voiceaid.cli import build_parser
from voiceaid.cli.assistant import run_assistant
from voiceaid.ui.app import VoiceaidApp


def test_a_crash_in_the_app_exits_non_zero(monkeypatch, capsys):
    real_run = VoiceaidApp.run

    async def crash(pilot: Any) -> None:
        app = pilot.app
        await until(pilot, lambda: "Straighten your knee" in visible_text(app), 20, "the first instruction")

        def bug() -> None:
            raise RuntimeError("a bug in a screen")

        app.call_later(bug)
        await pilot.pause(0.5)

    def run_headless(self: VoiceaidApp, **_: Any) -> Any:
        return real_run(self, headless=True, size=(80, 24), auto_pilot=crash)

    monkeypatch.setattr(VoiceaidApp, "run", run_headless)
    code = run_assistant(build_parser().parse_args(["--no-voice", "--no-mic"]))
    assert code == 1
    out, err = capsys.readouterr()
    assert "a bug in a screen" in out + err  # Textual's own report of the crash
