"""`voiceaid check-content` as a person runs it: exit codes, one-line summary, every problem, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voiceaid", "check-content", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_builtin_content_is_valid():
    result = run()
    no_traceback(result)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("content OK (")
    assert "4 routines" in lines[0] and "15 checklist questions" in lines[0]


def test_valid_copy_from_another_directory(tmp_path: Path):
    shutil.copytree(REPO / "content" / "en", tmp_path / "c")
    result = run(str(tmp_path / "c"), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [result.stdout.strip()]


def test_a_translation_hears_what_still_shows_in_english_and_which_keys_are_stray(tmp_path: Path):
    content = tmp_path / "c"
    shutil.copytree(REPO / "content" / "en", content)
    ui = content / "ui.yaml"
    text = ui.read_text()
    for key in ("footer_pause", "diary_when"):
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"  {key}: "))
    text = text.replace("  footer_help: ", '  footer_hlep: "Aide"\n  leg_known: "{leg} {muscle}"\n  rest_keys: "Repos"\n  footer_help: ')
    ui.write_text(text)
    result = run(str(content), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 0  # still usable: the built-in words fill the gaps
    lines = result.stdout.splitlines()
    assert lines[0].startswith("content OK (")
    assert lines[1] == "2 text(s) not in your content, shown from the built-in content: footer_pause, diary_when"
    # a keys-only variant of a known string ("rest_keys") is not stray
    assert lines[2] == "2 key(s) voiceaid does not use (a typo, or from an older version?): footer_hlep, leg_known"
    assert len(lines) == 3


def test_every_problem_is_listed(tmp_path: Path):
    content = tmp_path / "c"
    shutil.copytree(REPO / "content" / "en", content)
    routines = content / "routines.yaml"
    routines.write_text(routines.read_text().replace("        hold: 40\n", "        hold: -2\n"))
    checklist = content / "checklist.yaml"
    checklist.write_text(checklist.read_text().replace("tier: soon", "tier: never", 1))
    (content / "tips.yaml").write_bytes(b"\x00\x01\x02\xff" * 100)
    (content / "ui.yaml").write_text("a: &x [1]\nb: *x\n")
    result = run("c", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    holds = routines.read_text().count("hold: -2")
    assert lines[0] == f"{holds + 3} problem(s) in content:"
    assert sum("hold: must be a number of seconds from 1 to 3600" in line for line in lines) == holds == 4
    assert any(line.strip().startswith("c/routines.yaml:") for line in lines)
    assert any("questions[11].tier: 'never' is not allowed" in line for line in lines)
    assert any("c/tips.yaml: not a UTF-8 text file" in line for line in lines)
    assert any("c/ui.yaml:1: anchors and aliases" in line for line in lines)


@pytest.mark.parametrize("target", ["missing-dir", "a-file.txt"])
def test_bad_directory_argument(tmp_path: Path, target: str):
    (tmp_path / "a-file.txt").write_text("hi")
    result = run(target, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert "not a directory of content YAML files" in result.stderr


def test_hostile_files_are_refused_fast(tmp_path: Path):
    content = tmp_path / "c"
    content.mkdir()
    (content / "routines.yaml").write_text("a: " + "[" * 10000 + "]" * 10000 + "\n")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    (content / "checklist.yaml").write_text(laughs)
    (content / "ui.yaml").write_bytes(b"strings: " + b"x" * 5_000_000)
    result = run(str(content), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert "nest" in result.stderr
    assert "anchors and aliases" in result.stderr
    assert "larger than" in result.stderr


@pytest.mark.parametrize(
    "edit, problem",
    [
        (("  yes: [yes,", "  yes: [yesss, yes,"), "'yesss' (in 'yesss') is not in the speech recogniser's dictionary, so voiceaid could not listen at all; use a word it knows"),
        (("  no: [no,", "  no: [no, yes,"), "'yes' is listed under both yes and no"),
    ],
)
def test_words_the_recogniser_cannot_listen_for_are_problems(tmp_path: Path, edit: tuple[str, str], problem: str):
    """A vocabulary the content checks accept but the recogniser refuses would turn listening off at
    night (keys only): check-content says so now, not the doctor alone."""
    content = tmp_path / "c"
    content.mkdir()
    vocabulary = (REPO / "content" / "en" / "vocabulary.yaml").read_text()
    assert edit[0] in vocabulary
    (content / "vocabulary.yaml").write_text(vocabulary.replace(*edit, 1))
    result = run(str(content), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["1 problem(s) in content:", f"  {content / 'vocabulary.yaml'}: {problem}"]
