"""Terminal resized down to 40x12 and back up, many times, while voiceaid is speaking: no crash, the
instruction stays readable at every size, the status line stays one row, and speech never overlaps.

In-process with Textual's pilot (`pilot.resize_terminal`), a real synthesis worker and aplay into a
file-backed ALSA device; SPACE (pause, resume: each is spoken) keeps speech going during the storm.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.apprig import build_app
from tests.faults.conftest import diary_episodes
from tests.faults.drive import log_events, speech_overlaps, status_rows, until, visible_text

pytestmark = [pytest.mark.slow, pytest.mark.audio]

SIZES = [(40, 12), (120, 40), (41, 13), (80, 24), (40, 12), (200, 50), (60, 15), (40, 12), (80, 24)]


async def test_resize_storm_during_speech(tmp_path: Path, alsa_files, capfd) -> None:
    rig = build_app(tmp_path)
    app = rig.app
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Straighten your knee" in visible_text(app), 20, "the first instruction")
        await pilot.press("l")
        await until(pilot, lambda: "Straighten your left knee" in visible_text(app), 10, "the left-leg instruction")
        unreadable = []
        for round_ in range(4):
            for width, height in SIZES:
                await pilot.press("space")  # pause or resume: "Paused."/"Resumed." is said, mid-resize
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                text = visible_text(app)
                if "left knee" not in text or status_rows(app) != 1:
                    unreadable.append((width, height, status_rows(app)))
            rig.clock.advance(1)
            app.refresh_view()
        assert app.is_running
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Straighten your left knee" in visible_text(app)
        await pilot.press("q")
        await pilot.press("q")
    rig.close()
    assert app.return_value == 0
    assert unreadable == [], f"instruction or status line lost at {sorted(set(unreadable))}"
    assert sum(event == "start" for event, _ in log_events(rig.log_path)) > 10  # it was speaking throughout
    assert speech_overlaps(rig.log_path) == []
    assert "Traceback" not in "".join(capfd.readouterr())
    episodes = diary_episodes()
    assert len(episodes) == 1 and episodes[0]["leg"] == "left"
