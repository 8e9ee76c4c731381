"""What the command line prints never carries a terminal command: content, settings, paths and notes
with escape sequences (an OSC title change, a CSI screen clear) and C0/C1 controls reach standard
output and standard error as their words only. Real `voiceaid` subprocesses, as a person runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT_EN

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x85\x9b1m\x7f\x01"
MARKUP = "[/] [NHS] [bold]x[/bold]"


def voiceaid(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", *args], capture_output=True, cwd=REPO, env={**os.environ, **(env or {})}, timeout=60
    )
    for name, stream in (("stdout", result.stdout), ("stderr", result.stderr)):
        text = stream.decode("utf-8")
        bad = sorted({c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F})
        assert not bad, f"voiceaid {' '.join(args)!r}: control characters {bad!r} on {name}: {text!r}"
        assert "Traceback" not in text
    return result


def hostile_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_EN, folder)
    checklist = folder / "checklist.yaml"
    line = '    reason: "Chest pain or sudden breathlessness can mean a blood clot in the lung."\n'
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace(line, f"    reason: {json.dumps(f'Clot {MARKUP}{CONTROLS} end')}\n", 1), encoding="utf-8")
    ui = folder / "ui.yaml"
    stray = f"strings:\n  {json.dumps('stray' + CONTROLS)}: {json.dumps('x')}\n"
    ui.write_text(ui.read_text(encoding="utf-8").replace("strings:\n", stray, 1), encoding="utf-8")
    return folder


def test_triage_prints_content_as_words(tmp_path):
    folder = hostile_content(tmp_path)
    result = voiceaid("triage", "--content", str(folder), "--answer", "chest_or_breath=yes")
    assert result.returncode == 0
    assert f"  - Clot {MARKUP} end\n" in result.stdout.decode()
    result = voiceaid("triage", "--content", str(folder), "--answer", "chest_or_breath=yes", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["disposition"] == "emergency"


def test_check_content_messages_are_words(tmp_path):
    folder = hostile_content(tmp_path)
    result = voiceaid("check-content", str(folder))
    assert result.returncode == 0 and "stray" in result.stdout.decode()
    routines = folder / "routines.yaml"
    routines.write_text(routines.read_text(encoding="utf-8").replace("technique: stretch", f"technique: {json.dumps('odd' + CONTROLS)}", 1))
    result = voiceaid("check-content", str(folder))
    assert result.returncode == 2 and "routines.yaml" in result.stderr.decode()


def test_config_prints_settings_and_paths_as_words(tmp_path):
    config_home = tmp_path / f"conf{CONTROLS}"
    env = {"XDG_CONFIG_HOME": str(config_home), "VOICEAID_EMERGENCY_NUMBER": f"1{CONTROLS}2"}
    assert voiceaid("config", "path", env=env).returncode == 0
    voiceaid("config", "show", env=env)
    result = voiceaid("config", "set", "emergency_number", f"9{CONTROLS}", env={"XDG_CONFIG_HOME": str(config_home)})
    assert result.returncode != 0 and b"emergency_number" in result.stderr


def test_diary_list_and_export_print_notes_as_words(tmp_path):
    note = f"walked {MARKUP}{CONTROLS} then\tslept"
    assert voiceaid("diary", "add", "--when", "2026-11-20 03:10", "--note", note).returncode == 0
    listed = voiceaid("diary", "list").stdout.decode()
    assert f"walked {MARKUP} then slept" in listed
    assert json.loads(voiceaid("diary", "list", "--json").stdout)[0]["notes"] == note  # kept as written, escaped
    markdown = voiceaid("diary", "export", "--format", "md").stdout.decode()
    assert f"walked {MARKUP}" in markdown.replace("\\", "")
    csv = voiceaid("diary", "export", "--format", "csv").stdout.decode()
    assert f"walked {MARKUP} then slept" in csv
