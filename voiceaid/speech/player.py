"""Play a WAV file and be able to silence it at once.

Barge-in ("any key stops speech at once") needs a player that stops within ~150 ms, which
pyttsx3's own playback cannot do. The preferred backend is an `aplay -q` child process: it is
stopped with SIGTERM (aplay then aborts the PCM, dropping what is buffered) and SIGKILL 100 ms
later if it is still there, and because it is a separate process it reads the ALSA configuration
of its own environment and prints nothing on the screen (stdout to /dev/null, stderr kept only to
explain a failure). Without aplay, PyAudio plays from a thread in ~20 ms chunks and checks for a stop
between chunks; closing a PortAudio stream without draining it discards what is queued.

Volume is applied by scaling the 16-bit samples (numpy), so one cached WAV serves every volume.
Nothing here raises into the caller: a failure is a result ("failed") with a one-line `problem`.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import tempfile
import threading
import wave
from pathlib import Path
from typing import Protocol

from voiceaid.speech.quiet import quiet, silence_alsa_errors

DONE, STOPPED, FAILED = "done", "stopped", "failed"
KILL_AFTER = 0.1  # seconds between SIGTERM and SIGKILL when stopping aplay
CHUNK_SECONDS = 0.02


def scaled_frames(frames: bytes, sample_width: int, volume: float) -> bytes:
    """The same audio at `volume` (0-1); only 16-bit audio is scaled (espeak-ng writes 16-bit)."""
    if volume >= 0.999 or sample_width != 2:
        return frames
    import numpy as np

    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) * max(0.0, volume)
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


def scaled_copy(wav: Path, volume: float) -> Path | None:
    """A temporary WAV with the volume applied, or None when `wav` can be played as it is."""
    if volume >= 0.999:
        return None
    with wave.open(str(wav), "rb") as source:
        params = source.getparams()
        frames = source.readframes(params.nframes)
    handle = tempfile.NamedTemporaryFile(prefix="voiceaid-play-", suffix=".wav", delete=False)
    with handle, wave.open(handle, "wb") as target:
        target.setparams(params)
        target.writeframes(scaled_frames(frames, params.sampwidth, volume))
    return Path(handle.name)


class Playback(Protocol):
    def stop(self) -> None: ...
    def wait(self) -> str: ...


class AplayPlayback:
    """One `aplay -q` process playing one file."""

    def __init__(self, wav: Path, volume: float, aplay: str) -> None:
        self._temp = scaled_copy(wav, volume)
        self._stopping = False
        self.problem: str | None = None
        self._process = subprocess.Popen(
            [aplay, "-q", str(self._temp or wav)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def stop(self) -> None:
        """Non-blocking: ask aplay to abort now, and SIGKILL it if it is still there KILL_AFTER later."""
        if self._stopping:
            return
        self._stopping = True
        self._signal(signal.SIGTERM)
        timer = threading.Timer(KILL_AFTER, self._signal, args=(signal.SIGKILL,))
        timer.daemon = True
        timer.start()

    def _signal(self, signum: int) -> None:
        if self._process.returncode is None:  # not reaped yet, so the pid is still aplay's
            try:
                self._process.send_signal(signum)
            except ProcessLookupError:
                pass

    def wait(self) -> str:
        status = self._process.wait()  # waitpid: wakes the moment aplay exits
        assert self._process.stderr is not None
        errors = self._process.stderr.read(4000).decode("utf-8", "replace").strip()
        self._process.stderr.close()
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
        if self._stopping:
            return STOPPED
        if status != 0:
            detail = errors.splitlines()[-1] if errors else f"exit status {status}"
            self.problem = f"aplay failed: {detail}"
            return FAILED
        return DONE


class PyAudioPlayback:
    """PortAudio output from a thread, in short chunks so a stop is heard within one chunk."""

    def __init__(self, wav: Path, volume: float, audio: object) -> None:
        self._stop = threading.Event()
        self.problem: str | None = None
        self._result = FAILED
        self._thread = threading.Thread(target=self._play, args=(wav, volume, audio), name="voiceaid-pyaudio", daemon=True)
        self._thread.start()

    def _play(self, wav: Path, volume: float, audio: object) -> None:
        stream = None
        try:
            with wave.open(str(wav), "rb") as source:
                params = source.getparams()
                frames = scaled_frames(source.readframes(params.nframes), params.sampwidth, volume)
            with quiet():
                stream = audio.open(  # type: ignore[attr-defined]
                    format=audio.get_format_from_width(params.sampwidth),  # type: ignore[attr-defined]
                    channels=params.nchannels,
                    rate=params.framerate,
                    output=True,
                )
            step = max(1, int(params.framerate * CHUNK_SECONDS)) * params.sampwidth * params.nchannels
            for offset in range(0, len(frames), step):
                if self._stop.is_set():
                    break
                stream.write(frames[offset : offset + step])
            if not self._stop.is_set():
                stream.stop_stream()  # drain: let the last chunk be heard
            self._result = STOPPED if self._stop.is_set() else DONE
        except Exception as error:  # noqa: BLE001 - reported, never raised
            self.problem = f"audio output failed: {error}"
            self._result = FAILED
        finally:
            if stream is not None:
                with quiet():
                    stream.close()  # without a drain this discards what is still queued

    def stop(self) -> None:
        self._stop.set()

    def wait(self) -> str:
        self._thread.join()
        return self._result


class Player:
    """Starts playbacks with the best backend available; `problem` says why there is no sound."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._aplay = shutil.which("aplay")
        self._audio: object | None = None
        self.backend = "aplay" if self._aplay else "pyaudio"

    def _pyaudio(self) -> object | None:
        if self._audio is None:
            try:
                silence_alsa_errors()
                with quiet():
                    import pyaudio

                    self._audio = pyaudio.PyAudio()
            except Exception as error:  # noqa: BLE001
                self.problem = f"no audio output (aplay is not installed and PortAudio failed: {error})"
                return None
        return self._audio

    def play(self, wav: Path, volume: float) -> Playback | None:
        """Start playing `wav`; None (and `problem` set) when no audio output can be opened."""
        try:
            if self._aplay:
                return AplayPlayback(wav, volume, self._aplay)
            audio = self._pyaudio()
            return PyAudioPlayback(wav, volume, audio) if audio is not None else None
        except Exception as error:  # noqa: BLE001
            self.problem = f"audio output failed: {error}"
            return None

    def close(self) -> None:
        if self._audio is not None:
            with quiet():
                self._audio.terminate()  # type: ignore[attr-defined]
            self._audio = None
