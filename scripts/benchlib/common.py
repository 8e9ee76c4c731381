"""Shared pieces: measurements and their statistics, waiting for a condition. The isolated HOME, the app in tmux, the PulseAudio speaker and process sampling and
custom content have modules of their own (home, tmux, pulse, sampling, content)."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[2]
FIRST_INSTRUCTION = "Straighten your knee."  # the calf stretch's show text, first line, no leg chosen yet

# ----------------------------------------------------------------------------- measurements
@dataclass
class Measurement:
    name: str
    title: str
    unit: str
    target: str  # human-readable, e.g. "<= 0.5"
    limit: float | None  # the number compared with the median (None: informational)
    lower_is_better: bool = True
    values: list[float] = field(default_factory=list)
    met: bool | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    check: str = "median"  # which statistic is compared with the limit: median | max

    def summary(self) -> dict[str, Any]:
        values = [v for v in self.values if v is not None]
        out: dict[str, Any] = {
            "title": self.title,
            "runs": len(values),
            "median": round(statistics.median(values), 4) if values else None,
            "min": round(min(values), 4) if values else None,
            "max": round(max(values), 4) if values else None,
            "unit": self.unit,
            "target": self.target,
            "checked": self.check,
            "checked_value": None if self.checked_value() is None else round(self.checked_value(), 4),
            "met": self.met,
            "note": self.note,
        }
        if self.error:
            out["error"] = self.error
        out["values"] = [round(v, 4) for v in values]
        out["details"] = self.details
        return out

    def checked_value(self) -> float | None:
        if not self.values:
            return None
        if self.check == "max":
            return max(self.values)
        if self.check == "mean":
            return self.details.get("cpu_percent_mean", statistics.fmean(self.values))
        return statistics.median(self.values)

    def judge(self) -> None:
        """Set `met` from the median (or max) against the limit, unless already decided."""
        if self.met is not None or self.limit is None or not self.values:
            return
        value = self.checked_value()
        self.met = value <= self.limit if self.lower_is_better else value >= self.limit


def percentile(values: Iterable[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def asdict_safe(obj: Any) -> Any:
    return asdict(obj)


