"""Snapshots of the key screens, at full size and at the smallest supported size, in both themes."""

from __future__ import annotations

import pytest

from tests.ui.helpers import make_rig

SIZES = [(80, 24), (40, 12)]


def answer(keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        for key in keys.split():
            await pilot.press(key)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["night", "contrast"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_routine_screen(snap_compare, tmp_path, theme, size):
    rig = make_rig(tmp_path, theme=theme)
    assert snap_compare(rig.app, terminal_size=size, run_before=answer("l"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_question_screen(snap_compare, tmp_path, size):
    rig = make_rig(tmp_path, mode="check")
    assert snap_compare(rig.app, terminal_size=size, run_before=answer("n"))


# Check mode asks, in order: 5 emergency questions, one_leg_swollen, pain_after_cramp, dark_urine
# (then, after a yes, its emergency follow-up), long_cramp, statin_pain, then the 4 soon ones.
OUTCOMES = {
    "emergency": "n n n n n y n y y",  # swollen leg, dark urine, then very little urine: the lower two under "Also tell a doctor"
    "today": "n n n n n y n n n n n n y n",  # swollen leg; numb legs between cramps under "Also tell a doctor"
    "soon": "n n n n n n n n n n y n n n",
    "self_care": "n n n n n n n n n n n n n n",
}


@pytest.mark.parametrize("tier", list(OUTCOMES))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_outcome_screen(snap_compare, tmp_path, tier, size):
    rig = make_rig(tmp_path, mode="check")
    assert snap_compare(rig.app, terminal_size=size, run_before=answer(OUTCOMES[tier]))


@pytest.mark.parametrize("mode, keys", [("relief", "l"), ("check", "n")], ids=["routine", "question"])
def test_large_text(snap_compare, tmp_path, mode, keys):
    from voiceaid.config import Settings

    rig = make_rig(tmp_path, mode=mode, settings=Settings(text_scale=1))
    assert snap_compare(rig.app, terminal_size=(80, 24), run_before=answer(keys))
