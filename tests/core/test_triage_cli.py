"""`voiceaid triage` as a user runs it: a subprocess, its exit code, its output, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from voiceaid.content import load_content
from voiceaid.core.outcome_text import outcome_text
from voiceaid.core.triage import decide

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CONTENT = load_content()
IDS = [q.id for q in CONTENT.questions]


def triage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "triage", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return result


def answers_args(answers: dict[str, str]) -> list[str]:
    return [arg for qid, value in answers.items() for arg in ("--answer", f"{qid}={value}")]


@pytest.mark.parametrize(
    "answers,disposition,reasons",
    [
        ({}, "self_care", []),
        ({qid: "no" for qid in IDS}, "self_care", []),
        ({"chest_or_breath": "no", "cold_pale_leg": "unsure"}, "emergency", ["cold_pale_leg"]),
        ({"dark_urine": "yes", "statin_pain": "unsure", "frequent": "yes"}, "today", ["dark_urine", "statin_pain"]),
        ({"walking_pain": "yes", "new_medicine": "unsure", "numb_weak": "no"}, "soon", ["new_medicine", "walking_pain"]),
        ({"bladder_bowel": "yes", "long_cramp": "yes", "frequent": "yes"}, "emergency", ["bladder_bowel"]),
    ],
)
def test_json_output_is_exactly_the_apps_decision(answers: dict[str, str], disposition: str, reasons: list[str]) -> None:
    result = triage(*answers_args(answers), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["disposition", "reasons", "advice"]
    assert data["disposition"] == disposition
    assert data["reasons"] == reasons
    expected = outcome_text(CONTENT, decide(answers, CONTENT.questions), "112")
    assert data["advice"] == expected.spoken
    assert isinstance(data["advice"], str) and data["advice"]


def test_several_pairs_after_one_answer_flag() -> None:
    result = triage("--answer", "frequent=yes", "numb_weak=UNSURE", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reasons"] == ["frequent", "numb_weak"]


def test_emergency_number_comes_from_the_settings_and_is_given_in_full(isolated_home: Path) -> None:
    config = isolated_home / ".config" / "voiceaid"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("emergency_number: '999'\n")
    result = triage("--answer", "stroke_signs=yes")
    assert result.returncode == 0, result.stderr
    assert "Call 999 now." in result.stdout
    assert "Do not drive yourself." in result.stdout
    data = json.loads(triage("--answer", "stroke_signs=yes", "--json").stdout)
    assert "Call 9 9 9 now. That is 9 9 9. Do not drive yourself." in data["advice"]  # as spoken: digit by digit
    assert "911" in triage("-a", "chest_or_breath=yes", env={"VOICEAID_EMERGENCY_NUMBER": "911"}).stdout


def test_a_bad_setting_falls_back_to_the_default_number(isolated_home: Path) -> None:
    config = isolated_home / ".config" / "voiceaid"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("emergency_number: 'call mum'\n")
    result = triage("--answer", "chest_or_breath=yes", "--json")
    assert result.returncode == 0
    assert "Call 1 1 2 now." in json.loads(result.stdout)["advice"]
    assert "emergency_number" in result.stderr


def test_text_output_has_title_what_to_do_why_if_worse_and_the_standing_line() -> None:
    result = triage("--answer", "one_leg_swollen=yes", "--answer", "walking_pain=yes")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(CONTENT.dispositions["today"].title)
    assert CONTENT.dispositions["today"].show in out
    assert "Why:" in out and "can be a blood clot (DVT)" in out
    assert "Also tell a doctor:\n  - " + CONTENT.question("walking_pain").reason in out  # lower tier, still worth telling
    assert "If it gets worse:" in out and "call 112 at once" in out
    assert "This is general information, not a diagnosis." in out and "In an emergency, call 112." in out
    assert "{" not in out  # every placeholder filled


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--answer", "heart_attack=yes"], IDS),
        (["--answer", "frequent=maybe"], ["yes", "no", "unsure"]),
        (["--answer", "frequent"], IDS),
        (["--answer", "=yes"], IDS),
        (["--answer", "frequent=yes", "--answer", "frequent=no"], ["frequent"]),
    ],
)
def test_bad_answers_exit_2_with_the_valid_choices(args: list[str], expected: list[str]) -> None:
    result = triage(*args, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("voiceaid: ")
    for word in expected:
        assert word in result.stderr


def test_the_same_answer_twice_is_fine() -> None:
    result = triage("-a", "frequent=yes", "-a", "frequent=yes", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["disposition"] == "soon"


def test_content_dir_with_only_routines_falls_back_to_the_built_in_checklist(tmp_path: Path) -> None:
    builtin = REPO / "content" / "en" / "routines.yaml"
    (tmp_path / "routines.yaml").write_text(builtin.read_text())
    result = triage("--content", str(tmp_path), "-a", "dark_urine=yes", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["disposition"] == "today"


def test_unusable_content_exits_2(tmp_path: Path) -> None:
    (tmp_path / "checklist.yaml").write_text("questions: 3\n")
    result = triage("--content", str(tmp_path), "--json")
    assert result.returncode == 2
    assert "checklist.yaml" in result.stderr
    assert triage("--content", str(tmp_path / "missing")).returncode == 2


def test_the_content_flag_counts_before_the_command_too(tmp_path: Path) -> None:
    """`voiceaid --content DIR triage` is the same as `voiceaid triage --content DIR` (and so for
    check-content): the flag is not dropped for the built-in content."""
    (tmp_path / "checklist.yaml").write_text("questions: not a list\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "voiceaid", *args], capture_output=True, text=True, cwd=REPO, timeout=60)

    for args in (["--content", str(tmp_path), "triage"], ["triage", "--content", str(tmp_path)]):
        result = run(*args)
        assert result.returncode == 2 and "checklist.yaml" in result.stderr, args
    result = run("--content", str(tmp_path), "check-content")
    assert result.returncode == 2 and "checklist.yaml" in result.stderr
    assert run("check-content").returncode == 0


def test_a_follow_up_without_its_question_is_refused_not_ignored() -> None:
    """urine_emergency is asked only after dark urine: given alone it used to be dropped silently."""
    alone = triage("--answer", "urine_emergency=yes", "--json")
    assert alone.returncode == 2 and alone.stdout == ""
    assert "asked only after a yes or not sure to dark_urine" in alone.stderr
    with_it = triage("--answer", "dark_urine=unsure", "--answer", "urine_emergency=yes", "--json")
    assert with_it.returncode == 0 and json.loads(with_it.stdout)["disposition"] == "emergency"
