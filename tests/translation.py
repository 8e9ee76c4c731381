"""A copy of the built-in content with some UI strings translated, as someone's own content directory
(a translation in progress) would be."""

from __future__ import annotations

import shutil
from pathlib import Path

from voiceaid.content import builtin_content_dir


def translated_content(tmp_path: Path, translated: dict[str, str], dropped: str | None = None) -> Path:
    """The directory: ui.yaml says `translated` (each key must exist already) and lacks `dropped`."""
    own = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), own)
    ui = own / "ui.yaml"
    text = ui.read_text(encoding="utf-8")
    for key, value in translated.items():
        assert f"  {key}: " in text, key
        text = text.replace(f"  {key}: ", f'  {key}: "{value}"\n  _old_{key}: ', 1)
    if dropped:
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"  {dropped}: "))
    ui.write_text(text, encoding="utf-8")
    return own
