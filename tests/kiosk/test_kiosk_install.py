"""scripts/kiosk-install and kiosk-uninstall: dry run changes nothing; a real run under --root is reversible."""

from __future__ import annotations

import getpass
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
USER = getpass.getuser()
HOME = Path(os.path.expanduser(f"~{USER}"))


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPO / "scripts" / script), "--user", USER, *args], capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("mode", ["autologin", "service"])
def test_dry_run_prints_every_change_and_makes_none(tmp_path, mode):
    root = tmp_path / "root"
    root.mkdir()
    result = run("kiosk-install", "--dry-run", "--mode", mode, "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing was changed" in result.stdout
    assert "voiceaid" in result.stdout and "--kiosk" in result.stdout
    assert list(root.iterdir()) == []


def test_autologin_install_then_uninstall_leaves_the_profile_as_it_was(tmp_path):
    profile = tmp_path / str(HOME).lstrip("/") / ".profile"
    profile.parent.mkdir(parents=True)
    profile.write_text("export EDITOR=nano\n")
    assert run("kiosk-install", "--root", str(tmp_path)).returncode == 0
    dropin = tmp_path / "etc/systemd/system/getty@tty1.service.d/voiceaid-autologin.conf"
    assert f"--autologin {USER}" in dropin.read_text()
    assert "setterm --blank 0" in profile.read_text() and "--kiosk" in profile.read_text()
    assert run("kiosk-install", "--root", str(tmp_path)).stdout.count("already set up") == 1  # idempotent
    assert run("kiosk-uninstall", "--root", str(tmp_path)).returncode == 0
    assert not dropin.exists()
    assert profile.read_text().strip() == "export EDITOR=nano"


def test_service_mode_writes_a_user_unit_and_uninstall_removes_it(tmp_path):
    assert run("kiosk-install", "--mode", "service", "--root", str(tmp_path)).returncode == 0
    unit = tmp_path / str(HOME).lstrip("/") / ".config/systemd/user/voiceaid-kiosk.service"
    assert "ExecStart=" in unit.read_text() and "Restart=always" in unit.read_text()
    run("kiosk-uninstall", "--root", str(tmp_path))
    assert not unit.exists()


def test_bad_options_get_a_clear_message(tmp_path):
    result = run("kiosk-install", "--mode", "desktop", "--root", str(tmp_path))
    assert result.returncode == 2 and "--mode must be" in result.stderr
    for script in ("kiosk-install", "kiosk-uninstall"):
        for tty in ("tty0", "tty1x", "../../tmp", "ttyS0"):
            result = run(script, "--tty", tty, "--root", str(tmp_path))
            assert result.returncode == 2 and f"--tty must be a console such as tty1 (tty1 to tty99), not {tty}" in result.stderr
    assert not (tmp_path / "etc").exists()  # nothing written
