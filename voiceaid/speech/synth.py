"""Text to WAV through the synthesis worker process, with an on-disk cache.

The worker (`voiceaid.speech.synth_worker`) is started once and kept; one that dies (crash, SIGKILL,
OOM) or hangs is replaced on the next request, which is retried once, so the user hears the next
instruction anyway. Rendered WAVs are cached by a hash of (text, voice, rate) under
`cache_dir()/speech`, private (0700 folders, 0600 WAVs: which sentences were rendered tells which
answers were given): fixed prompts come back instantly on the next night, and `prerender` warms the
cache in the background. Volume is not part of the key: it is applied at playback.

Nothing here raises into the caller. When the engine cannot work at all (espeak-ng missing, engine
failing to start, crashing again and again) `render` returns None and `unavailable` says why, in
one line, for the screen.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable

import voiceaid
from voiceaid import paths
from voiceaid.private import make_private_dir, tighten
from voiceaid.speech.voices import Voice, resolve

WORKER_MODULE = "voiceaid.speech.synth_worker"
START_TIMEOUT = 20.0  # seconds for the worker to import pyttsx3 and initialise espeak-ng
MAX_CONSECUTIVE_DEATHS = 3  # then the engine is declared unavailable instead of restarted forever


def speech_cache_dir() -> Path:
    return paths.cache_dir() / "speech"


def _make_private_cache(cache: Path) -> None:
    """Make the cache folder (and voiceaid's cache folder above it) private, tightening what an
    older version left readable by others: the folders and each WAV in them."""
    make_private_dir(cache)
    for folder in (cache.parent, cache):
        if folder.name in ("voiceaid", "speech"):
            tighten(folder, folder=True)
    for wav in cache.glob("*.wav"):
        tighten(wav)


def cache_key(text: str, voice: str, rate: int) -> str:
    return hashlib.sha256(f"{voice}\0{int(rate)}\0{text}".encode("utf-8")).hexdigest()[:40]


def request_timeout(text: str) -> float:
    """Generous: espeak-ng renders ~50x faster than real time, but the machine may be busy."""
    return 10.0 + len(text) / 20.0


class WorkerGone(Exception):
    """The worker died, hung, or could not be started; the message says which."""


def _voices(listed: object) -> tuple[Voice, ...] | None:
    """The engine's voices from the worker's ready line; None when it did not list any (then a
    voice setting is passed on as it is)."""
    if not isinstance(listed, list) or not listed:
        return None
    voices = []
    for item in listed:
        if isinstance(item, dict) and item.get("id"):
            voices.append(Voice(str(item["id"]), str(item.get("name") or ""), tuple(str(x) for x in item.get("languages") or ())))
    return tuple(voices) or None


class _Worker:
    """One running worker process and the reading end of its protocol pipe."""

    def __init__(self) -> None:
        env = dict(os.environ)
        package_root = str(Path(voiceaid.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # a Ctrl-C on the terminal is the UI's to handle, not the worker's
        )
        self._buffer = b""
        self._closed = False  # its end of the pipe is closed: it has exited (or is exiting)
        hello = self.read(START_TIMEOUT)
        if hello is None:
            status = self.process.poll()
            self.kill()
            if status is None:
                raise WorkerGone("the speech engine did not start in time")
            raise WorkerGone(f"the speech engine exited while starting (status {status})")
        if not hello.get("ready"):
            self.kill()
            raise WorkerGone(str(hello.get("reason") or "the speech engine could not start"))
        self.voices = _voices(hello.get("voices"))

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return not self._closed and self.process.poll() is None

    def read(self, timeout: float) -> dict | None:
        """The next protocol line, or None if the worker died or said nothing within `timeout`."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                self._closed = True  # EOF: the worker is gone, even if the system has not reaped it yet
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def request(self, text: str, voice: str, rate: int, path: Path) -> dict:
        assert self.process.stdin is not None
        line = json.dumps({"text": text, "voice": voice, "rate": int(rate), "path": str(path)}) + "\n"
        try:
            self.process.stdin.write(line.encode("utf-8"))
            self.process.stdin.flush()
        except OSError as error:
            raise WorkerGone(f"the speech engine stopped ({error.strerror or error})") from None
        reply = self.read(request_timeout(text))
        if reply is None:
            raise WorkerGone("the speech engine stopped" if not self.alive() else "the speech engine hung")
        return reply

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


class Synth:
    """Renders text to cached WAV files; thread-safe; one request reaches the worker at a time."""

    def __init__(self, cache: Path | None = None) -> None:
        self._cache = cache
        self._lock = threading.Lock()  # held while talking to the worker
        self._urgent = 0  # callers of `render` waiting: prerendering steps aside for them
        self._turn = threading.Condition()  # guards `_urgent` and `_pending`
        self._worker: _Worker | None = None
        self._deaths = 0
        self.unavailable: str | None = None  # one-line reason once the engine is given up on
        self.last_error: str | None = None  # why the last utterance could not be rendered
        self._pending: list[tuple[str, str, int]] = []
        self._prerendering = False  # a prerender thread is running (guarded by `_turn`)
        self._closed = False
        self.voices: tuple[Voice, ...] | None = None  # the engine's, once a worker has started

    @property
    def worker_pid(self) -> int | None:
        worker = self._worker
        return worker.pid if worker is not None and worker.alive() else None

    def cache_dir(self) -> Path:
        """The cache directory, created on first use; a private temp dir if it cannot be created."""
        if self._cache is None:
            self._cache = speech_cache_dir()
            try:
                _make_private_cache(self._cache)
            except OSError:
                pass
        try:
            make_private_dir(self._cache)
            if not os.access(self._cache, os.W_OK):
                raise PermissionError(self._cache)
        except OSError:
            self._cache = Path(tempfile.mkdtemp(prefix="voiceaid-speech-"))
        return self._cache

    def cache_path(self, text: str, voice: str, rate: int) -> Path:
        return self.cache_dir() / f"{cache_key(text, voice, rate)}.wav"

    def cached(self, text: str, voice: str, rate: int) -> Path | None:
        path = self.cache_path(text, voice, rate)
        return path if path.exists() else None

    def start(self) -> None:
        """Start the worker in the background, so the first utterance does not wait for it."""
        threading.Thread(target=self._warm_up, name="voiceaid-synth-start", daemon=True).start()

    def _warm_up(self) -> None:
        with self._lock:
            self._ensure_worker()

    def render(self, text: str, voice: str, rate: int) -> Path | None:
        """The WAV for `text` (from the cache or freshly rendered), or None if it cannot be made."""
        try:
            hit = self.cached(text, voice, rate)
            if hit is not None:
                return hit
            with self._turn:
                self._urgent += 1
            try:
                with self._lock:
                    return self._render_locked(text, voice, rate)
            finally:
                with self._turn:
                    self._urgent -= 1
                    self._turn.notify_all()
        except Exception as error:  # noqa: BLE001 - the caller must never see an exception from speech
            self.last_error = f"speech could not be rendered ({error})"
            return None

    def _ensure_worker(self) -> _Worker | None:
        if self.unavailable is not None or self._closed:
            return None
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        try:
            self._worker = _Worker()
            self.voices = self._worker.voices
        except WorkerGone as error:
            self.unavailable = str(error)
        except OSError as error:
            self.unavailable = f"the speech engine could not be started ({error.strerror or error})"
        return self._worker

    def unknown_voice(self, voice: str) -> bool | None:
        """Whether the engine lacks `voice` (then it speaks with its default voice); None while
        that is not known yet (no worker has started)."""
        if self.voices is None:
            return None
        return resolve(voice, self.voices) is None

    def check_voice(self, voice: str) -> bool | None:
        """Start the engine if need be and say whether it has `voice`; None if it cannot tell
        (the engine does not start, or lists no voices)."""
        with self._lock:
            self._ensure_worker()
        known = self.unknown_voice(voice)
        return None if known is None else not known

    def _engine_voice(self, voice: str) -> str:
        """The id the engine takes for `voice`; its default ("") for a voice it does not have, so a
        bad setting never silences the guidance (`unknown_voice` tells the screen)."""
        if self.voices is None:
            return voice
        return resolve(voice, self.voices) or ""

    def _render_locked(self, text: str, voice: str, rate: int) -> Path | None:
        path = self.cache_path(text, voice, rate)
        if path.exists():
            return path
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        for _attempt in range(2):  # a worker that died is replaced and the request retried once
            worker = self._ensure_worker()
            if worker is None:
                return None
            try:
                reply = worker.request(text, self._engine_voice(voice), rate, tmp)
            except WorkerGone as error:
                worker.kill()
                self._deaths += 1
                self.last_error = str(error)
                if self._deaths >= MAX_CONSECUTIVE_DEATHS:
                    self.unavailable = "the speech engine keeps stopping"
                    return None
                continue
            self._deaths = 0
            if reply.get("ok"):
                tighten(tmp)  # the worker's file, made with its umask
                os.replace(tmp, path)
                self.last_error = None
                return path
            tmp.unlink(missing_ok=True)
            self.last_error = str(reply.get("error") or "speech could not be rendered")
            return None
        return None

    def prerender(self, texts: Iterable[str], voice: str, rate: int) -> None:
        """Render `texts` into the cache in the background, stepping aside for live utterances."""
        with self._turn:
            self._pending.extend((text, voice, int(rate)) for text in texts if text.strip())
            if not self._prerendering:
                self._prerendering = True
                threading.Thread(target=self._prerender_loop, name="voiceaid-prerender", daemon=True).start()

    def _prerender_loop(self) -> None:
        while True:
            with self._turn:
                if not self._pending or self._closed or self.unavailable is not None:
                    self._prerendering = False
                    return
                text, voice, rate = self._pending.pop(0)
                self._turn.wait_for(lambda: self._urgent == 0)  # a live utterance goes first
            if self.cached(text, voice, rate) is not None:
                continue
            with self._lock:
                try:
                    self._render_locked(text, voice, rate)
                except Exception:  # noqa: BLE001 - prerendering is best effort
                    pass

    def close(self) -> None:
        """Stop the worker. Does not wait for a render in progress: killing the worker ends it."""
        self._closed = True
        with self._turn:
            self._pending.clear()
        worker = self._worker
        if worker is not None and worker.alive():
            worker.process.kill()
        if self._lock.acquire(timeout=2.0):
            try:
                if self._worker is not None:
                    self._worker.kill()
                    self._worker = None
            finally:
                self._lock.release()
