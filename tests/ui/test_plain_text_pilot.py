"""Hostile text on every screen: content, settings and a diary path carrying Textual markup (`[/`,
`[NHS]`, `[bold]x[/bold]`) and terminal control sequences (an OSC title change, a CSI screen clear, a
C1 control) are shown as the plain words they are - nothing crashes, nothing vanishes, and no control
byte is drawn. The whole app runs (Textual pilot), from the first instruction to the emergency outcome,
through the help, the key list and the diary."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from tests.conftest import CONTENT_EN
from tests.faults.drive import until, visible_text
from tests.ui.helpers import make_rig
from voiceaid.config import Settings
from voiceaid.content import load_content
from voiceaid.diary.safe import SafeDiary
from voiceaid.diary.writer import DiaryWriter
from voiceaid.ui.screens.diary import DiaryScreen
from voiceaid.ui.screens.help import HelpScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.question import QuestionScreen

# What the terminal must never receive, and what the person must see instead: the words, exactly.
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x85"
MARKUP = "[/] [NHS] [bold]x[/bold]"


def hostile(words: str) -> str:
    """`words` with markup and control sequences in the middle; shown, it must read `shown(words)`."""
    return f"{words} {MARKUP}{CONTROLS} end"


def shown(words: str) -> str:
    return f"{words} {MARKUP} end"


# (file, line as the built-in content has it, the words to keep in front of the hostile part)
POISON = [
    ("routines.yaml", "        title: Stretch the calf\n", "Stretch"),
    ("routines.yaml", '        show: "Straighten {your_leg} knee.\\nGently pull your toes up towards you.\\nHold."\n', "Straighten {your_leg} knee."),
    ("routines.yaml", '        caution_keys: "If pulling your toes up makes the pain worse, stop: press W."\n', "Caution"),
    ("checklist.yaml", '    show: "Chest pain, or suddenly short of breath?"\n', "Chest pain?"),
    ("checklist.yaml", '    reason: "Chest pain or sudden breathlessness can mean a blood clot in the lung."\n', "Clot"),
    ("dispositions.yaml", '    title: "EMERGENCY — call {emergency_number} now"\n', "EMERGENCY {emergency_number}"),
    ("dispositions.yaml", '    if_worse: "While you wait: if you feel worse, call {emergency_number} again."\n', "Call again"),
    ("ui.yaml", '  safety_note_keys: "Chest pain, breathlessness or a cold, pale leg? Press E."', "Safety"),
    ("ui.yaml", '  footer_help: "Help"', "Hlp"),
    ("ui.yaml", '  help_title: "Keys"', "Keys"),
    ("ui.yaml", '  diary_title: "Cramp diary"', "Diary"),
    ("ui.yaml", '  outcome_reasons: "Why:"', "Why"),
]


def hostile_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_EN, folder)
    for name, line, words in POISON:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert line in text, f"{name} no longer has {line!r}"
        key = line.split(":", 1)[0]
        ending = "\n" if line.endswith("\n") else ""
        path.write_text(text.replace(line, f"{key}: {json.dumps(hostile(words))}{ending}", 1), encoding="utf-8")
    return folder


def assert_plain(screen: str, *expected: str) -> None:
    """Every expected line is on screen, whole; no control byte is drawn (C0 but newline, DEL, C1)."""
    for words in expected:
        assert words in screen, f"{words!r} is not on screen:\n{screen}"
    bad = [c for c in screen if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, f"control characters reached the screen: {bad!r}"
    assert "pwned" not in screen


async def test_markup_and_control_sequences_are_shown_as_plain_words_on_every_screen(tmp_path):
    content = load_content(hostile_content(tmp_path))
    settings = Settings(emergency_number="999")
    rig = make_rig(tmp_path, settings=settings, content=content)
    # a diary that cannot be opened, at a path with markup and controls in it ("d [/x] [NHS] [bold]y")
    bad_dir = tmp_path / "d [" / f"x] [NHS] [bold]{CONTROLS}y"
    bad_dir.mkdir(parents=True)
    (bad_dir / "file").write_text("not a folder")
    rig.app.diary = DiaryWriter(lambda: SafeDiary.open(bad_dir / "file" / "diary.sqlite3"))
    # and a notice that names a path given on the command line (run_assistant's for --speech-log)
    rig.app.options.notices = [f"Speech log not written ({bad_dir} is the diary)"]
    app = rig.app
    async with app.run_test(size=(200, 60)) as pilot:
        first = (shown("Stretch"), shown("Straighten your knee."), shown("Caution"), shown("Safety"), shown("Hlp"))
        await until(pilot, lambda: all(words in visible_text(app) for words in first), 10, "the first step")
        await until(pilot, lambda: "d [/x] [NHS] [bold]y is the diary" in visible_text(app), 10, "the notice on the status line")
        assert_plain(visible_text(app), *first)

        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), 5, "the help")
        assert_plain(visible_text(app), shown("Keys"))
        await pilot.press("escape")

        await pilot.press("l")
        rig.clock.advance(30)
        app.refresh_view()
        await pilot.pause()
        await pilot.press("y")  # eased: the checklist
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen), 5, "the first question")
        assert_plain(visible_text(app), shown("Chest pain?"), shown("Safety"))

        await pilot.press("y")  # chest pain: the emergency outcome, with its reason
        await until(pilot, lambda: isinstance(app.screen, OutcomeScreen), 5, "the emergency outcome")
        assert_plain(visible_text(app), shown("EMERGENCY 999"), shown("Why"), "• " + shown("Clot"), shown("Call again"))

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DiaryScreen), 5, "the diary")
        assert_plain(visible_text(app), shown("Diary"))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, OutcomeScreen), 5, "back to the outcome")
    assert app.return_code in (0, None), "the app crashed"
    app.diary.close()


async def test_the_kiosk_idle_screen_shows_hostile_content_plainly(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_EN, folder)
    ui = folder / "ui.yaml"
    ui.write_text(
        ui.read_text(encoding="utf-8").replace(
            '  idle_prompt_keys: "Leg cramp? Press any key."', f"  idle_prompt_keys: {json.dumps(hostile('Cramp?'))}"
        ),
        encoding="utf-8",
    )
    rig = make_rig(tmp_path, kiosk=True, content=load_content(folder), settings=replace(Settings(), emergency_number="999"))
    async with rig.app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: shown("Cramp?") in visible_text(rig.app), 10, "the idle prompt")
        assert_plain(visible_text(rig.app), shown("Cramp?"), "Emergency: 999")
    assert rig.app.return_code in (0, None)
    rig.app.diary.close()
