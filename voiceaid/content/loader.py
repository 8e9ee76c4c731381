"""Load and validate content YAML into typed models, reporting every problem with file, line and field.

A content directory may hold only some of the files (a physiotherapist's own `routines.yaml`, say):
the others come from the built-in content, so a partial directory is still a complete assistant.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from voiceaid.content.build import FILES, build
from voiceaid.content.fields import FieldReader
from voiceaid.content.models import Content
from voiceaid.safe_yaml import MAX_BYTES, YamlError, load_yaml_with_lines

# Mappings of texts someone's own file may lack (a translation made for an earlier version): the
# file, and its key, which is also the Content field. Missing texts come from the built-in file.
TRANSLATED_TEXTS = (("ui.yaml", "strings"), ("dispositions.yaml", "extra_reasons"))


class ContentError(Exception):
    """Content that cannot be used; `problems` lists every one, each naming file, line and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def builtin_content_dir(language: str = "en") -> Path:
    """The content shipped with voiceaid: inside the wheel, or the source tree for a development install."""
    packaged = Path(str(resources.files("voiceaid"))) / "_content" / language
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content" / language


def load_content(directory: Path | None = None, language: str = "en") -> Content:
    """Load content from `directory` (files it lacks come from the built-in content). Raises ContentError."""
    builtin = builtin_content_dir(language)
    directory = directory or builtin
    if not directory.is_dir():
        raise ContentError([f"{directory}: not a directory of content YAML files"])
    if directory != builtin and not any((directory / name).is_file() for name in FILES):
        raise ContentError([f"{directory}: no content files found; expected one or more of: {', '.join(FILES)}"])
    problems: list[str] = []
    docs: dict[str, tuple[Any, FieldReader]] = {}
    for name in FILES:
        own = directory / name
        # A name that exists but is not a regular file (a directory, a FIFO, a broken link) is reported:
        # silently using the built-in file instead would hide the mistake, and reading a FIFO would hang.
        path = own if own.exists() or own.is_symlink() else builtin / name
        docs[name] = _read(path, problems)
    content = build(docs, problems, str(directory))
    if problems:
        raise ContentError(problems)
    assert content is not None
    for name, field in TRANSLATED_TEXTS:
        if directory != builtin and (directory / name).exists():
            content = replace(content, **{field: {**_file_texts(builtin / name, field), **getattr(content, field)}})
    return content


@functools.lru_cache(maxsize=1)
def builtin_text() -> Callable[..., str]:
    """The built-in content's UI strings (`Content.text`), for whatever is shown or said without the
    app's content (a screen, the speaker's or the diary's status line). Read once per process."""
    return load_content().text


def _file_texts(path: Path, key: str) -> dict[str, str]:
    """The texts under `key` in a content file (UI strings, extra outcome reasons). Taken from the
    built-in file, they fill what someone's own file (a translation written for an earlier version,
    say) lacks: those show in the built-in language, not as raw keys or a crash."""
    data, _ = _read(path, [])
    strings = data.get(key) if isinstance(data, dict) else None
    return {key: value for key, value in (strings or {}).items() if isinstance(key, str) and isinstance(value, str)}


def _read(path: Path, problems: list[str]) -> tuple[Any, FieldReader]:
    label = _label(path)
    reader = FieldReader(label, {}, problems)
    try:
        if not path.is_file():
            problems.append(f"{label}: cannot read (not a regular file)")
            return None, reader
        if path.stat().st_size > MAX_BYTES:
            problems.append(f"{label}: file is larger than {MAX_BYTES // 1000} kB; content files are small text files")
            return None, reader
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # bounded even if the file grows while it is read
    except OSError as error:
        problems.append(f"{label}: cannot read ({error.strerror or error})")
        return None, reader
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{label}: not a UTF-8 text file")
        return None, reader
    try:
        data, lines = load_yaml_with_lines(text, label)
    except YamlError as error:
        problems.append(str(error))
        return None, reader
    reader.lines = lines
    if not isinstance(data, dict):
        problems.append(f"{label}:1: (top level): must be a mapping")
        return None, reader
    return data, reader


def _label(path: Path) -> str:
    """Name files as a person sees them: `content/en/routines.yaml` for built-in content."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def untranslated(directory: Path, language: str = "en") -> tuple[list[str], list[str]]:
    """For someone's own content (a translation): the built-in texts its ui.yaml and
    dispositions.yaml lack (shown from the built-in content) and the keys voiceaid has no use for
    (a typo, or a string an older version had). Empty when those files are not there."""
    builtin = builtin_content_dir(language)
    missing: list[str] = []
    unused: list[str] = []
    if directory.resolve() == builtin.resolve():
        return missing, unused
    for name, key in TRANSLATED_TEXTS:
        if not (directory / name).is_file():
            continue
        known = _file_texts(builtin / name, key)
        own = _file_texts(directory / name, key)
        missing += [k for k in known if k not in own]
        # "<key>_keys" is a keys-only variant of any known text (Content.text_for), not a stray key.
        unused += [k for k in own if k not in known and not (k.endswith("_keys") and k[: -len("_keys")] in known)]
    return missing, unused


def summary(content: Content) -> str:
    steps = sum(len(r.steps) for r in content.routines.values())
    return (
        f"content OK ({content.source}): {len(content.routines)} routines with {steps} steps, "
        f"{len(content.questions)} checklist questions, {len(content.dispositions)} outcomes, "
        f"{len(content.tips)} tips, {len(content.vocabulary.intents)} spoken intents"
    )


