"""The speech-in seam (issue 27): every engine offers the same calls, the app reaches engines only
through it, the tuning lab stays out of the installed package, and no import circle is left."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from voiceaid.listen import engines
from voiceaid.listen.engine import Engine
from voiceaid.listen.both import Both
from voiceaid.listen.sphinx.recogniser import Recogniser
from voiceaid.listen.whisper.engine import WhisperEngine

REPO = Path(__file__).resolve().parents[2]
CALLS = [name for name in vars(Engine) if not name.startswith("_")]


@pytest.mark.parametrize("engine", [Recogniser, WhisperEngine, Both])
def test_every_engine_offers_every_call_of_the_protocol(engine: type):
    assert {"prepare", "decode", "decode_pcm", "decode_file", "unsayable"} <= set(CALLS)
    assert [call for call in CALLS if not hasattr(engine, call) and call not in ("name", "vocabulary")] == []


def test_the_words_an_engine_cannot_say_are_asked_without_loading_it():
    assert engines.unsayable("sphinx", ["yes", "zzxqv", "help"]) == ["zzxqv"]  # not in the dictionary
    assert engines.unsayable("both", iter(["zzxqv", "yes"])) == ["zzxqv"]  # both needs pocketsphinx
    assert engines.unsayable("whisper", ["zzxqv"]) == []  # Whisper writes any word


def test_a_doctor_check_is_asked_of_an_engine_by_name():
    with pytest.raises(ValueError, match="no doctor check for engine 'both'"):
        engines.doctor_check("both")


def _imports(path: Path, package: str) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _modules(*folders: str) -> dict[str, Path]:
    return {
        ".".join(path.relative_to(REPO).with_suffix("").parts): path
        for folder in folders
        for path in (REPO / folder).rglob("*.py")
        if path.name != "__init__.py"
    }


def test_no_installed_module_imports_the_tuning_lab_or_points_into_tests():
    for name, path in _modules("voiceaid").items():
        assert not any(module == "tuning" or module.startswith("tuning.") for module in _imports(path, name)), name
        assert '"tests"' not in path.read_text(encoding="utf-8"), name


def test_hear_the_doctor_and_check_content_go_through_the_engine_seam():
    for name, path in _modules("voiceaid/cli", "voiceaid/doctor", "voiceaid/ui").items():
        direct = {module for module in _imports(path, name) if module.startswith("voiceaid.listen.sphinx") or module.startswith("pocketsphinx")}
        assert not direct, (name, direct)  # the wake threshold too is the engine's own (Engine.wakes)


def test_speech_in_and_the_tuning_lab_have_no_import_circle():
    modules = _modules("voiceaid/listen", "tuning")
    graph = {name: {m for m in _imports(path, name) if m in modules and m != name} for name, path in modules.items()}

    def circle_from(start: str, at: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for nxt in graph[at]:
            if nxt == start:
                return (*seen, nxt)
            if nxt not in seen:
                found = circle_from(start, nxt, (*seen, nxt))
                if found:
                    return found
        return None

    circles = [found for name in sorted(graph) if (found := circle_from(name, name, (name,)))]
    assert circles == []
