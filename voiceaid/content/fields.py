"""Field readers that collect every problem with its file, line and field, rather than stop at the first."""

from __future__ import annotations

from typing import Any

from voiceaid.content import placeholders
from voiceaid.safe_yaml import Path_

MISSING = object()


def field_name(path: Path_) -> str:
    """("routines", "calf", "steps", 2, "hold") -> "routines.calf.steps[2].hold"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


class FieldReader:
    """Reads typed fields from one parsed YAML file, recording problems as `file:line: field: message`."""

    def __init__(self, name: str, lines: dict[Path_, int], problems: list[str]) -> None:
        self.name = name
        self.lines = lines
        self.problems = problems
        self._not_mapping: set[Path_] = set()

    def problem(self, path: Path_, message: str) -> None:
        line = self._line(path)
        where = f"{self.name}:{line}" if line else self.name
        self.problems.append(f"{where}: {field_name(path)}: {message}")

    def _line(self, path: Path_) -> int | None:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def get(self, data: Any, path: Path_, key: str, default: Any = MISSING) -> Any:
        if not isinstance(data, dict):
            # A file that failed to load is already reported (data None at the top level); anything
            # else that should hold fields but is not a mapping is reported once, not once per field.
            if (path or data is not None) and path not in self._not_mapping:
                self._not_mapping.add(path)
                self.problem(path, "must be a mapping of name: value")
            return default
        if key not in data:
            if default is MISSING:
                self.problem(path + (key,), "is missing")
            return default
        return data[key]

    def mapping(self, data: Any, path: Path_, key: str, required: bool = True) -> dict:
        value = self.get(data, path, key, MISSING if required else None)
        if value is MISSING or value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path + (key,), "must be a mapping of name: value")
            return {}
        return value

    def sequence(self, data: Any, path: Path_, key: str) -> list:
        value = self.get(data, path, key)
        if value is MISSING:
            return []
        if not isinstance(value, list) or not value:
            self.problem(path + (key,), "must be a non-empty list")
            return []
        return value

    def text(self, data: Any, path: Path_, key: str, default: Any = MISSING, max_len: int = 600) -> str:
        value = self.get(data, path, key, default)
        if value is MISSING:
            return ""
        if value is default and default is not MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            self.problem(path + (key,), "must be non-empty text")
            return ""
        if len(value) > max_len:
            self.problem(path + (key,), f"is {len(value)} characters long; keep it under {max_len} so it can be spoken")
        for message in placeholders.problems_in(value):
            self.problem(path + (key,), message)
        return value.strip()

    def number(self, data: Any, path: Path_, key: str, default: Any = MISSING, low: float = 0.0, high: float = 3600.0, what: str = "a number") -> float:
        value = self.get(data, path, key, default)
        if value is MISSING:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.problem(path + (key,), f"must be {what} from {low:g} to {high:g}")
            return float(default) if isinstance(default, (int, float)) else 0.0
        return float(value)

    def positive_seconds(self, data: Any, path: Path_, key: str, default: Any = MISSING) -> float:
        """A hold: at least a second, or its cues and the countdown would pile up on one another."""
        value = self.get(data, path, key, default)
        if value is MISSING:
            return 1.0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 3600:
            self.problem(path + (key,), "must be a number of seconds from 1 to 3600")
            return 1.0
        return float(value)

    def integer(self, data: Any, path: Path_, key: str, default: Any = MISSING, low: int = 0, high: int = 100) -> int:
        value = self.get(data, path, key, default)
        if value is MISSING:
            return low
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(path + (key,), f"must be a whole number from {low} to {high}")
            return default if isinstance(default, int) else low
        return value

    def flag(self, data: Any, path: Path_, key: str, default: bool) -> bool:
        value = self.get(data, path, key, default)
        if not isinstance(value, bool):
            self.problem(path + (key,), "must be true or false")
            return default
        return value

    def choice(self, data: Any, path: Path_, key: str, choices: tuple[str, ...], default: Any = MISSING) -> str:
        value = self.get(data, path, key, default)
        if value is MISSING:
            return choices[0]
        if value is default and default is not MISSING:
            return value
        if value not in choices:
            self.problem(path + (key,), f"{value!r} is not allowed; use one of: {', '.join(choices)}")
            return choices[0]
        return value
