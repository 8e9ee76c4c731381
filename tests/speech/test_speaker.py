"""The Speaker end to end: real synthesis, real aplay into file-backed ALSA, real-time barge-in."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from voiceaid.config import Settings
from voiceaid.speech import Speaker, SpeechLog

pytestmark = [pytest.mark.audio, pytest.mark.slow]

LONG_TEXT = (
    "Sit on the edge of the bed, straighten your leg, and gently pull your toes towards your knee. "
    "Hold the stretch and breathe slowly while the muscle lets go, then keep holding it a little longer."
)


def read_log(path: Path) -> list[tuple[str, str, str]]:
    if not path.exists():
        return []
    return [(e["event"], e["kind"], e["text"]) for e in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


@pytest.fixture
def make_speaker(tmp_path: Path):
    made: list[Speaker] = []

    def make(settings: Settings | None = None, log_path: Path | None = None, **kwargs) -> Speaker:
        log = SpeechLog(log_path if log_path is not None else tmp_path / "speech.jsonl")
        speaker = Speaker(settings or Settings(), log, **kwargs)
        made.append(speaker)
        return speaker

    yield make
    for speaker in made:
        speaker.close()


def test_speaks_through_the_default_device_and_logs_start_and_end(alsa_files, make_speaker, tmp_path, wait_until, capfd) -> None:
    speaker = make_speaker()
    seen: list[tuple[str, str, str]] = []
    speaker.on_event = lambda kind, event, text: seen.append((kind, event, text))
    speaker.say("Stretch your calf.", "instruction")
    assert speaker.busy and speaker.seconds_since_quiet() == 0.0
    assert wait_until(lambda: not speaker.busy, timeout=20)
    assert alsa_files.played_bytes() > 10000
    assert read_log(tmp_path / "speech.jsonl") == [("start", "instruction", "Stretch your calf."), ("end", "instruction", "Stretch your calf.")]
    assert seen == [("instruction", "start", "Stretch your calf."), ("instruction", "end", "Stretch your calf.")]
    assert 0.0 <= speaker.seconds_since_quiet() < 5.0
    assert speaker.status is None
    speaker.close()
    assert capfd.readouterr() == ("", "")


def test_a_cue_during_an_instruction_is_dropped_and_queued_speech_follows_in_order(alsa_files, make_speaker, tmp_path, wait_until) -> None:
    speaker = make_speaker()
    speaker.say("Massage the muscle.", "instruction")
    speaker.say("Half-way.", "cue")
    speaker.say("Has it eased?", "question")
    assert wait_until(lambda: not speaker.busy, timeout=20)
    assert read_log(tmp_path / "speech.jsonl") == [
        ("dropped", "cue", "Half-way."),
        ("start", "instruction", "Massage the muscle."),
        ("end", "instruction", "Massage the muscle."),
        ("start", "question", "Has it eased?"),
        ("end", "question", "Has it eased?"),
    ]


@pytest.mark.parametrize("how", ["disabled", "muted"])
def test_silent_modes_still_log_what_would_have_been_said(alsa_files, make_speaker, tmp_path, wait_until, how) -> None:
    speaker = make_speaker(enabled=(how != "disabled"))
    if how == "muted":
        assert speaker.toggle_mute() is True
    speaker.say("Walk a few steps.", "instruction")
    assert wait_until(lambda: not speaker.busy, timeout=10)
    assert read_log(tmp_path / "speech.jsonl") == [("start", "instruction", "Walk a few steps."), ("end", "instruction", "Walk a few steps.")]
    assert alsa_files.played_bytes() == 0
    assert speaker.status is None  # the user's choice, not a fault


def test_unwritable_speech_log_does_not_stop_speech_and_is_reported(alsa_files, make_speaker, tmp_path, wait_until) -> None:
    blocked = tmp_path / "log-is-a-directory"
    blocked.mkdir()  # open() fails with EISDIR, even for root (a read-only dir would not stop root)
    speaker = make_speaker(log_path=blocked)
    speaker.say("Apply warmth to the calf.", "instruction")
    assert wait_until(lambda: not speaker.busy, timeout=20)
    assert alsa_files.played_bytes() > 10000
    assert speaker.status is not None and speaker.status.startswith("Speech log not written")


def test_engine_unavailable_gives_a_status_line_and_still_logs(alsa_files, make_speaker, tmp_path, wait_until, monkeypatch) -> None:
    """espeak-ng is broken at its data directory (see test_synth for why that boundary)."""
    (tmp_path / "espeak-ng-data").mkdir()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))
    speaker = make_speaker()
    speaker.say("Call 112 now.", "outcome")
    assert wait_until(lambda: not speaker.busy, timeout=30)
    assert read_log(tmp_path / "speech.jsonl") == [("start", "outcome", "Call 112 now."), ("end", "outcome", "Call 112 now.")]
    status = speaker.status
    assert status == "Voice unavailable — guidance continues on screen. Run: voiceaid doctor"
    assert "\n" not in status
    assert alsa_files.played_bytes() == 0
    # in the content's words when the app passes them (ui.yaml: speech_unavailable)
    translated = make_speaker(words=lambda key, **values: f"[{key}] {values['reason']}")
    translated.say("Call 112 now.", "outcome")
    assert wait_until(lambda: not translated.busy, timeout=30)
    assert translated.status is not None and translated.status.startswith("[speech_unavailable] ")


def test_no_audio_device_gives_a_status_line(alsa_files, make_speaker, wait_until, caplog) -> None:
    (alsa_files.home / ".asoundrc").write_text('pcm.!default { type hw; card 29 }\n')
    speaker = make_speaker()
    speaker.say("Stretch.", "instruction")
    assert wait_until(lambda: not speaker.busy and speaker.status is not None, timeout=20)
    assert speaker.status == "No sound from the speaker — run voiceaid doctor"  # what to do, in plain words
    assert "aplay failed" in caplog.text  # ALSA's own words: in the log


def test_worker_sigkilled_mid_routine_next_utterance_still_comes_out(alsa_files, make_speaker, tmp_path, wait_until) -> None:
    speaker = make_speaker()
    speaker.say("First step: stretch.", "instruction")
    assert wait_until(lambda: not speaker.busy, timeout=20)
    before = alsa_files.played_bytes()
    pid = speaker._synth.worker_pid  # the only way to find the worker to kill it
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    speaker.say("Second step: massage.", "instruction")
    assert wait_until(lambda: not speaker.busy, timeout=30)
    assert ("end", "instruction", "Second step: massage.") in read_log(tmp_path / "speech.jsonl")
    assert alsa_files.played_bytes() > 10000 and alsa_files.played_bytes() != before
    assert speaker.status is None


def test_controls_clamp_and_a_raising_hook_does_not_stop_speech(alsa_files, make_speaker, tmp_path, wait_until) -> None:
    speaker = make_speaker(replace(Settings(), speech_rate=290, volume=0.95))
    assert speaker.set_rate(+50) == 300 and speaker.set_rate(-100) == 200
    assert speaker.set_volume(+0.2) == 1.0 and speaker.set_volume(-2) == 0.0

    def broken_hook(kind: str, event: str, text: str) -> None:
        raise RuntimeError("UI bug")

    speaker.on_event = broken_hook
    speaker.repeat_last()  # nothing said yet: nothing to repeat
    speaker.say("Point your toes up.", "instruction")
    assert wait_until(lambda: not speaker.busy, timeout=20)
    speaker.repeat_last()
    assert wait_until(lambda: len(read_log(tmp_path / "speech.jsonl")) == 4, timeout=20)
    assert [e[0] for e in read_log(tmp_path / "speech.jsonl")] == ["start", "end", "start", "end"]


def test_barge_in_silences_within_150_ms(pulse_sink, make_speaker, tmp_path, wait_until, capfd) -> None:
    """Real time: PulseAudio's null sink plays at the speed of a real speaker; its monitor is recorded."""
    speaker = make_speaker(replace(Settings(), volume=1.0))
    started = threading.Event()
    speaker.on_event = lambda kind, event, text: started.set() if event == "start" else None
    asked = time.monotonic()
    speaker.say(LONG_TEXT, "instruction")
    assert started.wait(20)
    assert wait_until(lambda: pulse_sink.has_sound_after(0), timeout=10), "no sound reached the speaker"
    first_sound = time.monotonic() - asked
    # Let it speak a moment, then barge in.
    heard_at_least = pulse_sink.recorded_bytes() + int(0.3 * 22050) * 2
    assert wait_until(lambda: pulse_sink.recorded_bytes() >= heard_at_least, timeout=5)
    assert speaker.busy
    stop_offset = pulse_sink.recorded_bytes()  # monitor position (bytes) at the moment of the stop
    t0 = time.monotonic()
    speaker.stop()
    call_time = time.monotonic() - t0
    assert not speaker.busy
    # The player process is gone (the speaker thread is free again) ...
    assert wait_until(lambda: speaker._playback is None, timeout=2)
    reaped = time.monotonic() - t0
    # ... and the speaker's monitor goes quiet: record another 0.5 s and find the last sound.
    end_offset = stop_offset + int(0.5 * 22050) * 2
    assert wait_until(lambda: pulse_sink.recorded_bytes() >= end_offset, timeout=5)
    loud = pulse_sink.loud_indexes()
    # Positive: sound recorded after the stop (conservative: parec's ~10 ms latency counts against us).
    last_sound = max(0.0, (int(loud[-1]) * 2 - stop_offset) / 2 / 22050) if len(loud) else 0.0
    with capfd.disabled():  # the measurement, for `pytest -s` readers
        print(
            f"\nbarge-in: first sound {first_sound * 1000:.0f} ms after say(); stop() returned in "
            f"{call_time * 1000:.1f} ms; player gone {reaped * 1000:.0f} ms; last sound {last_sound * 1000:.0f} ms after stop()"
        )
    assert call_time < 0.02  # stop() must not block the UI
    assert reaped < 0.15
    assert last_sound < 0.15
    assert not pulse_sink.has_sound_after(stop_offset + int(0.15 * 22050) * 2)
    assert [e[0] for e in read_log(tmp_path / "speech.jsonl")] == ["start", "stopped"]
    out, err = capfd.readouterr()
    assert err == ""


def test_first_audio_latency(pulse_sink, make_speaker, wait_until, capfd) -> None:
    """From say() to sound at the (real-time) speaker: cold (new worker, nothing cached) and cached."""
    speaker = make_speaker()
    asked = time.monotonic()
    speaker.say("Point your toes towards your knee.", "instruction")
    assert wait_until(lambda: pulse_sink.has_sound_after(0), timeout=20)
    cold = time.monotonic() - asked
    assert wait_until(lambda: not speaker.busy, timeout=20)
    speaker.prerender(["Has it eased?"])
    assert wait_until(lambda: speaker._synth.cached("Has it eased?", "", speaker.rate) is not None, timeout=20)
    offset = pulse_sink.recorded_bytes()
    asked = time.monotonic()
    speaker.say("Has it eased?", "question")
    assert wait_until(lambda: pulse_sink.has_sound_after(offset), timeout=20)
    cached = time.monotonic() - asked
    with capfd.disabled():
        print(f"\nfirst audio: cold {cold * 1000:.0f} ms (worker start + synthesis), cached {cached * 1000:.0f} ms")
    assert cold < 3.0 and cached < 0.5
    assert capfd.readouterr() == ("", "")
