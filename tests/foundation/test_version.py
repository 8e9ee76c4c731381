"""`voiceaid --version` names the package version, from the module and the installed metadata alike."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import voiceaid


def test_version_flag():
    result = subprocess.run([sys.executable, "-m", "voiceaid", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"voiceaid {voiceaid.__version__}"
    assert result.stderr == ""


def test_version_matches_the_package_metadata():
    assert metadata.version("voiceaid") == voiceaid.__version__


def test_main_returns_zero_for_version(capsys):
    from voiceaid.cli import main

    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.strip() == f"voiceaid {voiceaid.__version__}"
