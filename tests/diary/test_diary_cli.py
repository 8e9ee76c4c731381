"""`voiceaid diary` on a real diary file in the isolated data dir (local time pinned to UTC)."""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.translation import translated_content
from voiceaid.cli import main
from voiceaid.diary import Diary

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def utc_local_time():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    return run_main(capsys, "diary", *argv)


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, when: str, *extra: str) -> None:
    code, out, err = run(capsys, "add", "--when", when, *extra)
    assert code == 0, err


def test_add_then_list(capsys) -> None:
    code, out, err = run(capsys, "add", "--when", "2026-11-20 03:10", "--leg", "left", "--site", "calf", "--minutes", "4", "--note", "after a long walk")
    assert (code, err) == (0, "")
    assert out == "Added episode 1: Fri 20 Nov 2026 03:10, left calf, 4 min\n"
    code, out, err = run(capsys, "list")
    assert code == 0
    assert out == "   1  Fri 20 Nov 2026 03:10, left calf, 4 min  (after a long walk)\n"
    with Diary.open() as diary:
        episode = diary.get(1)
    assert episode.source == "manual" and episode.eased_after_s == 240 and episode.started_at == datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)


def test_a_note_is_listed_on_one_line_and_never_as_terminal_commands(capsys) -> None:
    add(capsys, "2026-11-20 03:10", "--note", "after the walk\nthen \x1b[2Jcleared\ttab")
    code, out, _ = run(capsys, "list")
    assert code == 0 and out == "   1  Fri 20 Nov 2026 03:10, leg not recorded, time not recorded  (after the walk then cleared tab)\n"
    code, out, _ = run(capsys, "list", "--json")
    assert json.loads(out)[0]["notes"] == "after the walk\nthen \x1b[2Jcleared\ttab"  # kept as written


def test_list_json_and_since(capsys) -> None:
    add(capsys, "2026-11-01 02:00", "--leg", "right")
    add(capsys, "2026-11-20T03:10", "--site", "foot", "--minutes", "0.5")
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert [e["id"] for e in data] == [2, 1]
    assert data[0]["started_at"] == "2026-11-20T03:10:00.000000Z" and data[0]["eased_after_s"] == 30.0
    assert data[1]["leg"] == "right" and data[1]["site"] is None
    code, out, _ = run(capsys, "list", "--since", "2026-11-10", "--json")
    assert [e["id"] for e in json.loads(out)] == [2]
    code, out, _ = run(capsys, "list", "--since", "2026-11-21")
    assert out == "No episodes in the diary since then.\n"


def test_empty_list(capsys) -> None:
    assert run(capsys, "list") == (0, "No episodes in the diary. Add one with `voiceaid diary add`.\n", "")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["list", "--since", "2026-13-01"], "voiceaid: --since: '2026-13-01' is not a date; use"),
        (["list", "--since", "last week"], "voiceaid: --since: 'last week' is not a date"),
        (["add", "--when", "20/11/2026"], "voiceaid: --when: '20/11/2026' is not a date"),
        (["add", "--when", "2999-01-01 00:00"], "voiceaid: --when: '2999-01-01 00:00' is in the future"),
        (["add", "--when", "0001-01-02"], "voiceaid: --when: '0001-01-02' is before 1970"),  # a year that cannot even be moved to local time
        (["add", "--when", "1969-12-31"], "voiceaid: --when: '1969-12-31' is before 1970"),
        (["add", "--when", "1970-01-01T00:30+01:00"], "voiceaid: --when: '1970-01-01T00:30+01:00' is before 1970"),
        (["add", "--when", "2026-11-20", "--minutes", "four"], "voiceaid: --minutes: 'four' is not a duration"),
        (["add", "--when", "2026-11-20", "--minutes", "-3"], "voiceaid: --minutes: '-3' is not a duration"),
        (["delete", "one", "--yes"], "voiceaid: delete: 'one' is not an episode number"),
        (["delete", "7", "--yes"], "voiceaid: delete: there is no episode 7"),
    ],
)
def test_bad_input_is_a_short_message_and_exit_2(capsys, argv: list[str], expected: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(expected) and err.count("\n") == 1 and "Traceback" not in err
    with Diary.open() as diary:
        assert diary.list_episodes() == []  # nothing half-added


def test_bad_choice_is_refused_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["diary", "add", "--leg", "middle"])
    assert caught.value.code == 2
    assert "invalid choice: 'middle'" in capsys.readouterr().err


def test_export_csv_to_a_private_file_and_md_to_stdout(capsys, tmp_path: Path) -> None:
    add(capsys, "2026-11-20 03:10", "--leg", "left", "--site", "calf", "--minutes", "4")
    out_file = tmp_path / "cramps.csv"
    code, out, err = run(capsys, "export", "--format", "csv", "--out", str(out_file))
    assert code == 0 and err == f"Wrote 1 episode to {out_file}\n"
    assert out_file.read_text().splitlines()[1] == "1,2026-11-20T03:10:00Z,,left,calf,0,240,,,,,,manual,cramp,yes"
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    code, out, err = run(capsys, "export", "--format", "md")
    assert code == 0 and out.startswith("# Night leg cramp diary") and "- Leg: left 1" in out


def test_the_page_for_a_doctor_is_in_the_words_of_the_content_given(capsys, tmp_path: Path) -> None:
    """`voiceaid --content DIR diary export --format md`: a translation's ui.yaml gives the page's words;
    broken content gives the built-in words, never a refused export."""
    add(capsys, "2026-11-20 03:10", "--leg", "left", "--site", "calf", "--minutes", "4")
    own = translated_content(
        tmp_path,
        {
            "export_title": "Journal des crampes nocturnes",
            "export_legs": "Jambe : {split}",
            "side_left": "gauche",
            "duration_min": "{min} mn",
            "export_columns": "Quand | Jambe | Site | Soulagé après | Résultat | Notes",
            "export_when": "%d/%m/%Y %H:%M",
        },
    )
    code = main(["--content", str(own), "diary", "export", "--format", "md"])
    page = capsys.readouterr().out
    assert code == 0 and page.startswith("# Journal des crampes nocturnes\n")
    assert "- Jambe : gauche 1" in page.splitlines()
    assert "| Quand | Jambe | Site | Soulagé après | Résultat | Notes |" in page
    assert "| 20/11/2026 03:10 | gauche | calf | 4 mn | - |  |" in page
    (own / "ui.yaml").write_text("strings: [not, a, mapping]\n", encoding="utf-8")
    code = main(["--content", str(own), "diary", "export", "--format", "md"])
    assert code == 0 and capsys.readouterr().out.startswith("# Night leg cramp diary\n")


def test_export_to_a_missing_folder(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "no" / "such.csv"))
    assert code == 2 and "does not exist" in err


def test_export_never_writes_over_the_diary(capsys, tmp_path: Path) -> None:
    """`--out` naming the diary file (or a link to it, or its write-ahead log) would have replaced every
    episode with the export; so would `say --to`."""
    add(capsys, "2026-11-20 03:10", "--leg", "left")
    with Diary.open() as diary:
        path = diary.path
    link = tmp_path / "visit.md"
    link.symlink_to(path)
    for out in (path, link, path.with_name(path.name + "-wal")):
        code, _, err = run(capsys, "export", "--format", "md", "--out", str(out))
        assert code == 2 and err == f"voiceaid: --out: {out} is the diary itself; writing there would replace every episode; choose another file\n"
    code, _, err = run_main(capsys, "say", "hello", "--to", str(path))
    assert code == 2 and err == f"voiceaid: say: {path} is the diary itself; writing there would replace every episode; choose another file\n"
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.startswith("   1  ") and "left" in out


def test_delete_with_yes(capsys) -> None:
    add(capsys, "2026-11-20 03:10")
    assert run(capsys, "delete", "1", "--yes") == (0, "Deleted episode 1.\n", "")
    with Diary.open() as diary:
        assert diary.list_episodes() == []


def test_damaged_diary_is_reported_and_kept(capsys, isolated_home: Path) -> None:
    db = isolated_home / ".local/share/voiceaid/diary.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not sqlite" * 100)
    code, out, err = run(capsys, "list")
    assert code == 2 and err.startswith("voiceaid: the diary is unavailable: the diary file was damaged; it was kept as diary.sqlite3.corrupt-")
    assert len(list(db.parent.glob("diary.sqlite3.corrupt-*"))) == 1


def _cli(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voiceaid", "diary", *argv], capture_output=True, text=True, cwd=REPO, timeout=60, **kwargs)


@pytest.mark.slow
def test_delete_without_a_terminal_needs_yes(capsys) -> None:
    add(capsys, "2026-11-20 03:10")
    result = _cli("delete", "1", stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr == "voiceaid: delete: not deleting episode 1 without confirmation; run it in a terminal or add --yes\n"
    with Diary.open() as diary:
        assert diary.get(1) is not None


def _on_a_terminal(answer: bytes, *argv: str) -> tuple[int, str]:
    """Run `voiceaid diary ARGV` with a terminal as its input, the answers typed ahead."""
    controller, terminal = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "voiceaid", "diary", *argv],
            stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        )
        os.write(controller, answer)  # typed ahead; read once the prompt is shown
        out, err = child.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    return child.returncode, (out + err).decode()


def _delete_on_a_terminal(answer: bytes) -> tuple[int, str]:
    return _on_a_terminal(answer, "delete", "1")


@pytest.mark.slow
def test_add_on_a_terminal_asks_for_each_detail() -> None:
    code, text = _on_a_terminal(b"2026-11-20 03:10\nLeft\nback of thigh\n6\nafter a long walk\n", "add")
    assert code == 0, text
    for prompt in ("When did it start?", "Which leg?", "Where?", "Minutes until it eased?", "Note"):
        assert prompt in text
    assert "Added episode 1: Fri 20 Nov 2026 03:10, left back of thigh, 6 min" in text
    with Diary.open() as diary:
        episode = diary.get(1)
    assert episode is not None and episode.site == "back_of_thigh" and episode.notes == "after a long walk"


@pytest.mark.slow
def test_add_on_a_terminal_with_a_wrong_answer_saves_nothing() -> None:
    code, text = _on_a_terminal(b"\nthe big toe\n\n\n\n", "add")
    assert code == 2 and "leg: 'the big toe' is not a leg; use one of" in text and "Traceback" not in text
    with Diary.open() as diary:
        assert diary.list_episodes() == []


@pytest.mark.slow
def test_delete_asks_on_a_terminal(capsys) -> None:
    add(capsys, "2026-11-20 03:10", "--leg", "left")
    code, text = _delete_on_a_terminal(b"n\n")
    assert code == 1 and "Delete episode 1? [y/N] " in text and "Not deleted." in text
    with Diary.open() as diary:
        assert diary.get(1) is not None
    code, text = _delete_on_a_terminal(b"y\n")
    assert code == 0 and "Fri 20 Nov 2026 03:10, left" in text and "Deleted episode 1." in text
    with Diary.open() as diary:
        assert diary.get(1) is None


@pytest.mark.slow
def test_the_diary_screen_is_in_the_words_of_the_content_given(capsys, tmp_path: Path) -> None:
    """`voiceaid --content DIR diary show`, on a real terminal: the translation's title, then Q quits."""
    import select

    add(capsys, "2026-11-20 03:10", "--leg", "left", "--minutes", "4")
    own = translated_content(tmp_path, {"diary_title": "Journal des crampes", "side_left": "gauche"})
    controller, terminal = pty.openpty()
    shown = b""
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "voiceaid", "--content", str(own), "diary", "show"],
            stdin=terminal, stdout=terminal, stderr=terminal, cwd=REPO, env=dict(os.environ, TERM="xterm-256color"),
        )
        deadline = time.monotonic() + 60
        while b"Journal des crampes" not in shown and time.monotonic() < deadline and child.poll() is None:
            if select.select([controller], [], [], 0.5)[0]:
                shown += os.read(controller, 65536)
        assert b"Journal des crampes" in shown
        while child.poll() is None and time.monotonic() < deadline:  # Q, until the app reads keys
            os.write(controller, b"q")
            if select.select([controller], [], [], 0.5)[0]:
                os.read(controller, 65536)
        assert child.wait(timeout=5) == 0
    finally:
        if child.poll() is None:
            child.kill()
        os.close(controller)
        os.close(terminal)


def test_since_long_ago_means_the_whole_diary(capsys) -> None:
    add(capsys, "2026-11-20 03:10", "--leg", "left")
    for since in ("0001-01-01", "1969-12-31", "9999d"):
        code, out, err = run(capsys, "list", "--since", since)
        assert (code, err) == (0, "") and out.startswith("   1  "), since


def test_an_episode_saved_with_a_short_year_is_still_read(capsys, isolated_home: Path) -> None:
    """An older version let `diary add --when 0001-01-02` through and stored the year as "1": listing
    the diary then ended in a traceback, every time. Such an episode is read, shown and can be deleted."""
    import sqlite3

    add(capsys, "2026-11-20 03:10", "--leg", "left")
    with Diary.open() as diary:
        path = diary.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE episodes SET started_at = ? WHERE id = 1", ("1-01-02T00:00:00.000000Z",))
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "") and " 1 00:00, left" in out
    assert run(capsys, "delete", "1", "--yes")[0] == 0
