"""Custom content directories for a measurement: the built-in routines, edited, checked by check-content."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from benchlib.common import REPO
from benchlib.home import Home
from benchlib.tmux import voiceaid_command

CONTENT_EN = REPO / "content" / "en"


def write_content(root: Path, name: str, edit: Callable[[dict], None]) -> Path:
    """A content dir holding only routines.yaml: the built-in one, edited; the rest falls back to built-in."""
    import yaml

    data = yaml.safe_load((CONTENT_EN / "routines.yaml").read_text(encoding="utf-8"))
    edit(data)
    directory = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    (directory / "routines.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(voiceaid_command() + ["check-content", str(directory)], capture_output=True, text=True, env=Home(root, "chk").env())
    if result.returncode != 0:
        raise RuntimeError(f"content {directory} does not pass check-content: {(result.stdout + result.stderr).strip()[:400]}")
    return directory


def step(data: dict, routine: str, step_id: str) -> dict:
    steps = data["bedtime"]["steps"] if routine == "bedtime" else data["routines"][routine]["steps"]
    return next(s for s in steps if s["id"] == step_id)
