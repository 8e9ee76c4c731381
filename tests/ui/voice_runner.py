"""Run the app in this process with the real microphone stack and report what happened, as JSON.

Used by test_voice_answers in a subprocess: ALSA reads its configuration (the test's file-backed
capture device) once per process, so each scenario needs a fresh process.
usage: python voice_runner.py MODE OUT.json
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def main(mode: str, out: str) -> None:
    from voiceaid.config import Settings
    from voiceaid.content import load_content
    from voiceaid.listen.microphone import Listener
    from voiceaid.speech.speaker import Speaker
    from voiceaid.ui.app import AppOptions, VoiceaidApp
    from voiceaid.ui.widgets.status import SafetyNote

    settings = Settings(listen_timeout=3.0)
    speaker = Speaker(settings, None, enabled=False)
    app = VoiceaidApp(load_content(), settings, AppOptions(mode=mode, record=False), speaker=speaker, listener=Listener())
    statuses: list[str] = []
    shown = app.voice_status

    def voice_status(text: str) -> None:  # every status line the voice input shows, however brief
        statuses.append(text)
        shown(text)

    app.voice_status = voice_status  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
            statuses.append(app.heard)
            session = app.controller.session
            confirming = bool(session.checklist and session.checklist.confirming)
            if session.phase == "outcome" or (session.checklist and session.checklist.answers) or session.keyboard_only() or confirming:
                break
        for _ in range(40):  # a screen pushed a moment ago (the outcome) is composed on a later turn
            if app.screen.query(SafetyNote):
                break
            await pilot.pause(0.05)
        session = app.controller.session
        result = {
            "phase": session.phase,
            "answers": dict(session.checklist.answers) if session.checklist else {},
            "disposition": session.outcome.disposition if session.outcome else None,
            "heard": sorted({s for s in statuses if s}),
            "problem": app.voice.problem if app.voice else None,
            "keyboard_only": session.keyboard_only(),
            "confirming": bool(session.checklist and session.checklist.confirming),
            "safety_note": next((str(note.render()) for note in app.screen.query(SafetyNote)), ""),
        }
    speaker.close()
    with open(out, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
