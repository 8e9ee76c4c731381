"""Driving the whole app under a fault, in-process or in a child process: what is on screen, bounded waits.

`visible_text` reads what a person would actually see (the composed screen, clipped to the terminal),
not the widgets' full text, so a status line cut off by a narrow terminal counts as cut off.
`pilot_run` replaces `VoiceaidApp.run` with a Textual pilot session, so `run_assistant` (the real
`voiceaid` start-up: settings, content fallback, speaker, listener, diary, exit code) can be driven
by a test without a terminal.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

from rich.console import Console

from tests.waiting import wait_for  # noqa: F401 - the rigs' bounded wait, used through this module too
from voiceaid.ui.app import VoiceaidApp
from voiceaid.ui.widgets.status import StatusLine

Scenario = Callable[[VoiceaidApp, Any], Awaitable[None]]


def visible_text(app: VoiceaidApp) -> str:
    """The screen as plain text, exactly as wide and tall as the terminal."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=False, color_system=None, record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def visible_status(app: VoiceaidApp) -> str:
    """The status line as it is visible on screen (one row), or '' when the screen has none."""
    try:
        status = app.screen.query_one(StatusLine)
    except Exception:
        return ""
    region = status.region
    if not region.height:
        return ""
    rows = visible_text(app).splitlines()
    return rows[region.y][region.x : region.x + region.width].strip() if region.y < len(rows) else ""


def status_rows(app: VoiceaidApp) -> int:
    """How many rows the status line takes on screen (it must be exactly one)."""
    try:
        return app.screen.query_one(StatusLine).region.height
    except Exception:
        return 0


async def until(pilot: Any, predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Let the app run until `predicate` holds; AssertionError (with the screen) after `timeout`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}:\n{visible_text(pilot.app)}")
        await pilot.pause(0.02)


@contextmanager
def pilot_run(monkeypatch: Any, scenario: Scenario, size: tuple[int, int] = (80, 24), clock: Any = None) -> Iterator[dict]:
    """While active, `VoiceaidApp.run()` drives the app with `scenario(app, pilot)` in a headless
    pilot session of `size` and returns the app's exit code, as `run` would.

    `clock` (a ManualClock) replaces the app's session clock, so a test can move the routine on.
    The yielded dict gets "app" once the app has been built.
    """
    seen: dict = {}
    original_init = VoiceaidApp.__init__

    def init(self: VoiceaidApp, *args: Any, **kwargs: Any) -> None:
        if clock is not None:
            kwargs["clock"] = clock
        original_init(self, *args, **kwargs)
        seen["app"] = self

    def run(self: VoiceaidApp, **_: Any) -> int | None:
        async def go() -> None:
            async with self.run_test(size=size) as pilot:
                await scenario(self, pilot)

        asyncio.run(go())
        return self.return_value

    monkeypatch.setattr(VoiceaidApp, "__init__", init)
    monkeypatch.setattr(VoiceaidApp, "run", run)
    yield seen


def speech_overlaps(log_path: Path) -> list[str]:
    """Utterances that started while another was still sounding (voiceaid talking over itself)."""
    if not log_path.exists():
        return []
    current: str | None = None
    overlaps = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["event"] == "start":
            if current is not None:
                overlaps.append(f"{entry['text']!r} started during {current!r}")
            current = entry["text"]
        elif entry["event"] in ("end", "stopped", "interrupted") and entry["text"] == current:
            current = None
    return overlaps


def log_events(log_path: Path) -> list[tuple[str, str]]:
    if not log_path.exists():
        return []
    return [(e["event"], e["text"]) for e in map(json.loads, log_path.read_text(encoding="utf-8").splitlines())]
