"""Text scale (Ctrl + / Ctrl -, or > / <): bigger letters on every screen, remembered, never cut off."""

from __future__ import annotations

import pytest
import yaml

from tests.ui.helpers import make_rig
from voiceaid.config import Settings, config_path, load_settings
from voiceaid.ui.screens.question import QuestionScreen
from voiceaid.ui.widgets.big_text import BigText
from voiceaid.ui.widgets.status import SafetyNote


def big(app, name: str) -> BigText:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{name}", BigText)


def on_screen(app, widget) -> bool:  # type: ignore[no-untyped-def]
    region = widget.region
    return region.height > 0 and region.y + region.height <= app.size.height


async def test_larger_text_draws_the_instruction_in_block_letters_and_is_remembered(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not big(rig.app, "instruction").is_big
        await pilot.press("greater_than_sign")
        await pilot.pause()
        instruction = big(rig.app, "instruction")
        assert instruction.is_big
        assert instruction.region.height >= 3
        assert on_screen(rig.app, rig.app.screen.query_one(SafetyNote))
        assert "Text size: large" in rig.app.heard
        await rig.app.workers.wait_for_complete()
        assert yaml.safe_load(config_path().read_text())["text_scale"] == 1

        await pilot.press("less_than_sign")
        await pilot.pause()
        assert not big(rig.app, "instruction").is_big
        await rig.app.workers.wait_for_complete()
    assert load_settings()[0].text_scale == 0


async def test_ctrl_plus_and_ctrl_minus_change_the_size_too(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+equals_sign")
        assert rig.app.text_scale == 1
        await pilot.press("ctrl+plus")
        assert rig.app.text_scale == 2
        await pilot.press("ctrl+plus")  # already the largest: stays
        assert rig.app.text_scale == 2
        await pilot.press("ctrl+minus")
        await pilot.press("ctrl+underscore")  # what most terminals send for Ctrl -
        assert rig.app.text_scale == 0
        await pilot.press("ctrl+minus")
        assert rig.app.text_scale == 0


async def test_the_saved_size_is_used_from_the_first_screen_and_follows_to_the_questions(tmp_path):
    rig = make_rig(tmp_path, mode="check", settings=Settings(text_scale=1))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(rig.app.screen, QuestionScreen)
        question = big(rig.app, "question")
        assert question.is_big
        assert on_screen(rig.app, rig.app.screen.query_one("#choices"))  # the answer keys stay visible
        assert on_screen(rig.app, rig.app.screen.query_one(SafetyNote))


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_the_largest_size_never_pushes_guidance_off_a_small_screen(tmp_path, size):
    rig = make_rig(tmp_path, settings=Settings(text_scale=2))
    async with rig.app.run_test(size=size) as pilot:
        await pilot.pause()
        instruction = big(rig.app, "instruction")
        assert on_screen(rig.app, instruction)
        assert on_screen(rig.app, rig.app.screen.query_one(SafetyNote))
        if size == (40, 12):
            assert not instruction.is_big  # no room: ordinary text, whole


async def test_a_config_file_that_cannot_be_saved_costs_only_a_notice(tmp_path):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("text_scale: [not, a, number\n")  # broken: never overwritten
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("greater_than_sign")
        await rig.app.workers.wait_for_complete()
        await pilot.pause()
        assert big(rig.app, "instruction").is_big  # the change still applies now
        assert "config" in rig.app.heard
    assert config_path().read_text() == "text_scale: [not, a, number\n"


def test_key_describe_and_help_name_the_text_size_keys():
    from voiceaid.content import load_content
    from voiceaid.ui.screens.key_describe import describe_key

    content = load_content()
    for key in ("greater_than_sign", "less_than_sign", "ctrl+plus", "ctrl+minus", "ctrl+underscore"):
        assert describe_key(content, key).endswith("larger or smaller text"), key
    assert describe_key(content, "plus").endswith("speech faster or slower")
    # With nothing listening, no "or say ..." (the content's third column), and the rest unchanged.
    assert describe_key(content, "q") == "Q: quit (press twice; at the end, say quit); kiosk: stop, back to the idle screen (press twice)"
    assert describe_key(content, "q", keys_only=True) == "Q: quit (press twice); kiosk: stop, back to the idle screen (press twice)"
    assert describe_key(content, "plus", keys_only=True).endswith("speech faster or slower")
