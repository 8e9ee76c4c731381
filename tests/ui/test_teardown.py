"""Quitting never ends in a traceback: while Textual removes a screen's widgets on the way out, the
clock, the voice thread and the session can still ask for a redraw, and a screen pushed just before
can still get its Mount (both seen as NoMatches '#title' in a voice test on a loaded machine). Here
both happen at exactly that moment."""

from __future__ import annotations

from textual.widget import Widget

from tests.ui.helpers import make_rig


class RedrawOnTeardown(Widget):
    """Mounted first among a screen's widgets, so it is removed after those next to it: then it asks
    for a redraw with something new to show (an unchanged view is skipped), as a late tick would."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.voiceaid = app
        self.errors: list[Exception] = []

    def on_unmount(self) -> None:
        self.voiceaid.heard = "something new"
        try:
            self.voiceaid.refresh_view()
            self.voiceaid.update_view()
            self.voiceaid.voice_status("heard late")
            self.screen.on_mount()  # a screen pushed just before quitting gets its Mount now
        except Exception as error:  # noqa: BLE001 - the test reports whatever it was
            self.errors.append(error)


async def quit_with_a_late_redraw(tmp_path, anchor: str, keys: tuple[str, ...] = ()) -> list[Exception]:  # type: ignore[no-untyped-def]
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        probe = RedrawOnTeardown(rig.app)
        widget = rig.app.screen.query_one(anchor)
        assert widget.parent is not None
        await widget.parent.mount(probe, before=0)
    return probe.errors


async def test_a_late_redraw_of_the_outcome_while_quitting_is_harmless(tmp_path):
    assert await quit_with_a_late_redraw(tmp_path, "#title", keys=("e",)) == []


async def test_a_late_redraw_of_the_stretch_while_quitting_is_harmless(tmp_path):
    assert await quit_with_a_late_redraw(tmp_path, "#instruction") == []
