"""Feed a PulseAudio pipe-source FIFO at real-time pace: the room all the time, and spoken clips on request.

    python tests/live/feeder.py FIFO REQUESTS.jsonl PLAYED.jsonl ROOM LEVEL_DBFS SEED

ROOM is "silence" (digital zeros), "quiet" (a faint pink floor at LEVEL_DBFS RMS) or "fan" (the
corpus's fan noise at LEVEL_DBFS RMS over that floor). Each request line is
{"wav", "at", "gain_db", "label"}: the clip's speech (its first sample within 30 dB of its loudest
20 ms) starts at monotonic time `at`; or, instead of "at", {"end_of": {"log", "text", "after"},
"delay"}: `delay` seconds after the speech log shows that utterance ending (an "end" or "stopped"
event at or after `after`). The feeder watches the log itself, every 20 ms, so a reply 0.2 s after
a prompt is on time however busy the person's process is. Each clip played is appended to PLAYED
as {"label", "prompt_end", "speech_start", "speech_end", "late_s"} in monotonic seconds; "late_s"
says how far behind real time the feeder was when the clip began (a starved feeder: 2 shared cores).

Writes 20 ms chunks, each a little ahead of its time (LEAD_SECONDS), so a short stall of this
process does not leave the microphone empty.
"""

from __future__ import annotations

import json
import os
import sys
import time
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tuning.corpus import coloured_noise  # noqa: E402

RATE = 16000
CHUNK = 320  # 20 ms
LEAD_SECONDS = 0.04
FLOOR_DBFS = -70.0
LOOP_SECONDS = 23.0  # the room's noise repeats after this long (not a whole number of chunks)


def room(kind: str, level_dbfs: float, seed: int) -> np.ndarray:
    n = int(LOOP_SECONDS * RATE)
    if kind == "silence":
        return np.zeros(n)
    rng = np.random.default_rng(seed)
    out = coloured_noise(n, rng, "pink") * 10 ** (min(level_dbfs, FLOOR_DBFS) / 20)
    if kind == "fan":
        out = out + coloured_noise(n, rng, "fan") * 10 ** (level_dbfs / 20)
    return out


def read_wav(path: str, gain_db: float) -> np.ndarray:
    with wave.open(path, "rb") as source:
        frames = source.readframes(source.getnframes())
        assert source.getframerate() == RATE and source.getnchannels() == 1, f"{path}: 16 kHz mono expected"
    return np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0 * 10 ** (gain_db / 20)


def speech_span(samples: np.ndarray) -> tuple[int, int]:
    """(first, last+1) sample of the 20 ms frames within 30 dB of the loudest one."""
    frame = RATE // 50
    usable = len(samples) // frame * frame
    power = np.mean(samples[:usable].reshape(-1, frame) ** 2, axis=1) if usable else np.zeros(1)
    active = np.flatnonzero(power > power.max() * 1e-3)
    if not len(active):
        return 0, len(samples)
    return int(active[0]) * frame, int(active[-1] + 1) * frame


def prompt_end(end_of: dict) -> float | None:
    """When the utterance `end_of["text"]` ended (monotonic), per the app's speech log; None if not yet."""
    try:
        lines = Path(end_of["log"]).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line being written
        if event["event"] in ("end", "stopped") and event["text"] == end_of["text"] and event["t"] >= end_of["after"]:
            return float(event["t"])
    return None


def main() -> int:
    fifo, requests_path, played_path, kind, level, seed = sys.argv[1:7]
    background = room(kind, float(level), int(seed))
    Path(played_path).write_text("")
    out = os.open(fifo, os.O_WRONLY)  # blocks until PulseAudio has the FIFO open for reading
    t0 = time.monotonic()
    written = 0  # samples so far; sample n is heard at t0 + n / RATE
    pending: list[tuple[int, np.ndarray, dict]] = []  # (start sample, samples, record)
    offset = 0  # bytes of the request file already read
    armed: list[dict] = []  # requests waiting for their prompt to end
    while True:
        with open(requests_path, "rb") as handle:
            handle.seek(offset)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        offset += len(complete)
        armed += [json.loads(line) for line in complete.decode("utf-8").splitlines()]
        ready, waiting = [], []
        for request in armed:
            if "end_of" in request:
                ended = prompt_end(request["end_of"])
                if ended is None:
                    waiting.append(request)
                    continue
                request = dict(request, at=ended + float(request["delay"]), prompt_end=ended)
            ready.append(request)
        armed = waiting
        for request in ready:
            clip = read_wav(request["wav"], float(request.get("gain_db", 0.0)))
            first, last = speech_span(clip)
            start = int(round((request["at"] - t0) * RATE)) - first
            if start < written:  # too late for the clip's leading silence: leave it out, not the timing
                skip = min(written - start, first)
                clip, first, last, start = clip[skip:], first - skip, last - skip, start + skip
                start = max(start, written)
            late = max(0.0, time.monotonic() - (t0 + written / RATE))
            record = {"label": request.get("label", ""), "prompt_end": request.get("prompt_end"), "speech_start": t0 + (start + first) / RATE,
                      "speech_end": t0 + (start + last) / RATE, "asked_at": request["at"], "late_s": round(late, 3)}  # fmt: skip
            pending.append((start, clip, record))
        due = t0 + written / RATE - LEAD_SECONDS
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        index = (written + np.arange(CHUNK)) % len(background)
        chunk = background[index].copy()
        finished = []
        for start, clip, record in pending:
            lo, hi = max(start, written), min(start + len(clip), written + CHUNK)
            if lo < hi:
                chunk[lo - written : hi - written] += clip[lo - start : hi - start]
            if start + len(clip) <= written + CHUNK:
                finished.append(record)
        pending = [item for item in pending if all(item[2] is not record for record in finished)]
        if finished:
            with open(played_path, "a", encoding="utf-8") as log:
                log.writelines(json.dumps(record) + "\n" for record in finished)
        pcm = np.clip(np.round(chunk * 32767), -32768, 32767).astype("<i2").tobytes()
        try:
            os.write(out, pcm)
        except BrokenPipeError:
            return 0
        written += CHUNK


if __name__ == "__main__":
    sys.exit(main())
