"""Any keys, in any order, at any moment, on any screen size: the app never fails. A hand on a
cramping leg hits keys blindly; a kiosk gets its keys from whoever is there. Seeded, so a failure
replays exactly (the seed and the last keys are in the message)."""

from __future__ import annotations

import random

import pytest

from tests.ui.helpers import make_rig
from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.screens.idle import IdleScreen

KEYS = (
    "e h question_mark k d escape enter space n b l r 1 2 3 4 y u w c plus minus left_square_bracket "
    "right_square_bracket m greater_than_sign less_than_sign left right x a tab up down q"
).split()


@pytest.mark.parametrize("seed", range(8))  # 240 seeds passed when written; 8 keep the suite quick
async def test_random_keys_and_clock_jumps_never_fail(tmp_path, seed: int) -> None:
    rnd = random.Random(seed)
    kiosk = rnd.random() < 0.4
    mode = rnd.choice(["relief", "relief", "check", "bedtime"])
    size = (rnd.choice([30, 40, 60, 80, 120]), rnd.choice([8, 12, 16, 24, 40]))
    rig = make_rig(tmp_path, mode=mode, kiosk=kiosk)
    trail: list[str] = []
    try:
        async with rig.app.run_test(size=size) as pilot:
            for _ in range(rnd.randint(20, 60)):
                if rnd.random() < 0.3:
                    seconds = rnd.choice([0.5, 5, 30, 90, 700])  # up to past the 10-minute rule
                    rig.clock.advance(seconds)
                    trail.append(f"+{seconds}s")
                    rig.app.refresh_view()
                else:
                    key = rnd.choice(KEYS)
                    if key == "q" and not kiosk and rnd.random() < 0.7:
                        key = "n"  # Q twice quits: keep most runs going
                    trail.append(key)
                    await pilot.press(key)
                if rnd.random() < 0.5:
                    await pilot.pause()
            if rig.app.is_running:
                screens = [s for s in rig.app.screen_stack if isinstance(s, (EpisodeScreen, IdleScreen))]
                assert screens, f"no episode or idle screen under {rig.app.screen_stack}"
    except Exception as error:
        raise AssertionError(f"seed {seed} ({mode}, kiosk={kiosk}, {size}): {error!r}\nlast keys: {' '.join(trail[-25:])}") from error
