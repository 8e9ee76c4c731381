"""The whole start-up (`voiceaid` -> run_assistant) with bad content or bad settings: it still starts,
guides with the built-in routine / default settings, says so in one status line, saves the episode
and exits 0. tests/foundation/ covers the loader and config parser alone under hostile input.

Each fault is made for real on disk; run_assistant runs unchanged, only `VoiceaidApp.run` is replaced
by a Textual pilot session (tests/faults/drive.py: pilot_run). `--no-voice --no-mic` keep the run
short; their own notices follow the one under test on the same status line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT_EN
from tests.faults.conftest import assert_one_clear_status, diary_episodes
from tests.faults.drive import pilot_run, status_rows, until, visible_status, visible_text
from voiceaid.cli import build_parser
from voiceaid.cli.assistant import run_assistant

LEFT = "Straighten your left knee"


def run_voiceaid(monkeypatch, argv: list[str], size=(80, 24)) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    seen: dict = {}

    async def scenario(app, pilot):  # type: ignore[no-untyped-def]
        await until(pilot, lambda: "Straighten your knee" in visible_text(app), 20, "the first instruction")
        seen["status"], seen["rows"] = visible_status(app), status_rows(app)
        seen["status_text"] = app.status_text()  # the whole line, before the terminal clips it
        await pilot.press("l")
        await until(pilot, lambda: LEFT in visible_text(app), 10, "the left-leg instruction")
        seen["screen"] = visible_text(app)
        seen["theme"], seen["settings"] = app.theme, app.settings
        await pilot.press("q")
        await pilot.press("q")

    with pilot_run(monkeypatch, scenario, size=size):
        code = run_assistant(build_parser().parse_args(["--no-voice", "--no-mic", *argv]))
    return code, seen


def check_saved(code: int, capsys) -> None:  # type: ignore[no-untyped-def]
    assert code == 0
    episodes = diary_episodes()
    assert len(episodes) == 1 and episodes[0]["leg"] == "left" and episodes[0]["ended_at"]
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err


def _missing_dir(tmp_path: Path) -> Path:
    return tmp_path / "no-such-content"


def _malformed(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_EN, folder)
    (folder / "routines.yaml").write_text("routines:\n  calf: [unclosed\n  - {{{\n")
    return folder


def _missing_translation_key(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_EN, folder)
    ui = folder / "ui.yaml"
    lines = [line for line in ui.read_text().splitlines() if not line.strip().startswith("safety_note:")]
    ui.write_text("\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("make", [_missing_dir, _malformed, _missing_translation_key], ids=["missing", "malformed", "missing-key"])
def test_bad_custom_content_falls_back_to_the_built_in_routine(make, tmp_path: Path, monkeypatch, capsys) -> None:
    """Made for real: --content names a directory that does not exist, one whose routines.yaml is not
    YAML, or one whose ui.yaml lacks a text the app needs (the standing safety note)."""
    folder = make(tmp_path)
    code, seen = run_voiceaid(monkeypatch, ["--content", str(folder)])
    assert_one_clear_status(seen["status"], seen["rows"], "content has problems", "content problem")
    assert "Chest pain, breathlessness or a cold, pale leg?" in seen["screen"]  # the built-in safety note, even for missing-key
    check_saved(code, capsys)


def test_content_fallback_notice_is_visible_with_a_long_path(tmp_path: Path, monkeypatch, capsys) -> None:
    """Made for real: --content names a malformed copy under pytest's temporary directory (~70
    characters of path, like a routine kept deep in a home folder). At 80 columns the visible status
    line must still say that the content has problems."""
    folder = _malformed(tmp_path)
    code, seen = run_voiceaid(monkeypatch, ["--content", str(folder)])
    assert code == 0
    assert_one_clear_status(seen["status"], seen["rows"], "content has problems", "built-in routine")


def test_damaged_built_in_content_is_one_clear_error_and_exit_2(tmp_path: Path, monkeypatch, capsys) -> None:
    """Simulated at the content-location boundary: the built-in content directory (which an install
    cannot lose without being broken) is pointed at a copy with malformed YAML. No screen can be
    shown; voiceaid says so in a few lines on stderr and exits 2, without a traceback."""
    import voiceaid.content.loader as loader

    broken = _malformed(tmp_path)
    real = loader.load_content

    def load(content_dir=None, language="en"):  # type: ignore[no-untyped-def]
        return real(content_dir if content_dir is not None else broken, language)

    monkeypatch.setattr(loader, "load_content", load)
    code = run_assistant(build_parser().parse_args(["--no-voice", "--no-mic"]))
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("voiceaid: the built-in content is damaged") and "Traceback" not in err


def _unreadable(config: Path) -> None:
    config.mkdir(parents=True)  # a directory where the file should be: unreadable even for root


def _not_utf8(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_bytes(b"theme: \xff\xfe night\n")


def _not_yaml(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("theme: [night\nspeech_rate: {\n")


def _bad_values(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("speech_rate: 9000\ntheme: purple\nvolume: loud\n")


@pytest.mark.parametrize("make", [_unreadable, _not_utf8, _not_yaml, _bad_values], ids=["unreadable", "not-utf8", "not-yaml", "bad-values"])
def test_bad_config_file_uses_defaults(make, isolated_home: Path, monkeypatch, capsys) -> None:
    """Made for real in the isolated HOME: config.yaml is a directory (unreadable, even for root),
    not UTF-8, not YAML, or has values out of range / of the wrong type."""
    make(isolated_home / ".config" / "voiceaid" / "config.yaml")
    code, seen = run_voiceaid(monkeypatch, [])
    assert_one_clear_status(seen["status"], seen["rows"], "Settings problem")
    assert seen["settings"].speech_rate == 150 and seen["theme"] == "night"
    check_saved(code, capsys)


def test_bad_environment_setting_uses_the_default(monkeypatch, capsys) -> None:
    """Made for real: VOICEAID_THEME=purple in the environment."""
    monkeypatch.setenv("VOICEAID_THEME", "purple")
    code, seen = run_voiceaid(monkeypatch, [])
    assert_one_clear_status(seen["status"], seen["rows"], "Settings problem")
    assert seen["theme"] == "night"
    check_saved(code, capsys)


def test_a_speech_log_aimed_at_the_diary_is_not_written_and_the_diary_is_kept(monkeypatch, capsys) -> None:
    """`--speech-log` naming the diary file would append JSON lines into the SQLite file, and the next
    start would set the damaged diary aside: the log is left out instead, said once, and the episode saved."""
    from voiceaid.diary.store import default_path

    code, seen = run_voiceaid(monkeypatch, ["--speech-log", str(default_path())])
    assert "Speech log not written" in seen["status_text"] and "is the diary" in seen["status_text"]
    check_saved(code, capsys)
    assert default_path().read_bytes().startswith(b"SQLite format 3\x00")
