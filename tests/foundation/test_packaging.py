"""The wheel carries the content: installed into a clean venv and run from another directory, voiceaid
loads its built-in content from `voiceaid/_content` inside site-packages, not from this source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# Runs inside the clean venv. Only PyYAML and platformdirs are borrowed (see `deps` below).
PROBE = """
import sys, voiceaid
from voiceaid.content.loader import builtin_content_dir, load_content, summary
print(voiceaid.__file__)
print(builtin_content_dir())
print(summary(load_content()))
"""


def _run(argv: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_ships_content_and_loads_it_when_installed(tmp_path: Path):
    dist = tmp_path / "dist"
    # --no-build-isolation: use the hatchling already installed, so no index is needed.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--disable-pip-version-check", "-q", "-w", str(dist), str(REPO)])
    wheels = list(dist.glob("voiceaid-*.whl"))
    assert len(wheels) == 1

    import zipfile

    names = zipfile.ZipFile(wheels[0]).namelist()
    for name in ("routines.yaml", "checklist.yaml", "dispositions.yaml", "session.yaml", "tips.yaml", "vocabulary.yaml", "ui.yaml"):
        assert f"voiceaid/_content/en/{name}" in names
    # what the recogniser reads beside its code: the acoustic model's transform, the learned
    # pronunciations and the decoy word list
    for name in ("adaptation.mllr", "adaptation.classes", "pronunciations.txt", "confusions.txt", "common_words.txt", "rejection.yaml", "wake.yaml"):
        assert f"voiceaid/listen/sphinx/{name}" in names

    target = tmp_path / "venv"
    try:
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    except Exception as error:  # pragma: no cover - e.g. a Python built without venv support
        pytest.skip(f"cannot create a virtual environment here: {error}")
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--disable-pip-version-check", "-q", str(wheels[0])])

    # The two run-time dependencies the content loader needs, linked from this environment
    # (the test must not need the network); voiceaid itself comes only from the wheel.
    deps = tmp_path / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for name in ("yaml", "_yaml", "platformdirs"):
        if (site / name).exists():
            (deps / name).symlink_to(site / name, target_is_directory=True)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(deps)
    result = _run([str(python), "-s", "-c", PROBE], cwd=elsewhere, env=env)
    module_file, content_dir, line = result.stdout.splitlines()[-3:]
    installed = target.resolve()
    assert Path(module_file).resolve().is_relative_to(installed), module_file
    assert Path(content_dir).resolve().is_relative_to(installed), content_dir
    assert Path(content_dir).parts[-3:] == ("voiceaid", "_content", "en")
    assert line.startswith("content OK (") and "4 routines" in line
    assert str(REPO) not in result.stdout

    # the console script works from there too
    script = target / ("Scripts/voiceaid.exe" if os.name == "nt" else "bin/voiceaid")
    checked = _run([str(script), "check-content"], cwd=elsewhere, env=env)
    assert checked.stdout.startswith("content OK (") and str(installed) in checked.stdout
