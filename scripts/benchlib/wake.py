"""Wake phrase: false triggers per hour on an hour of bedroom sounds and unrelated speech.

The hour is built by `scripts/make-test-audio --wake-hour` (the test split's espeak-ng voices and
words, numpy noise, as the corpus), then fed through the same path the kiosk's idle screen uses:
SpeechRecognition's energy segmentation with the Listener's settings (`wake_hour.segmenter`), and the
app's engine (`--engine`, default sphinx) listening for exactly what the idle screen listens for
(IDLE_INTENTS, imported, not copied), waking as the app does (the engine's own `wakes`). Every non-"unknown" result on this audio is a false trigger. A
short set of real wake phrases is run too, so a spotter that never triggers at all cannot pass. The
confidence itself was chosen on the training split's hour (`scripts/calibrate-wake --engine NAME`),
not on this one.

As a reference, pocketsphinx's own keyphrase spotting (a kws search for the start intent's phrases at
its default threshold) listens to the very same segments: that is the textbook wake-word method, and
it is reported side by side so the choice of the grammar-and-classifier path stays a measured one.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchlib.common import Measurement
from voiceaid.core.voice_commands import IDLE_INTENTS

REPO = Path(__file__).resolve().parents[2]
KWS_THRESHOLD = 1e-30  # pocketsphinx's default kws_threshold


class _KeyphraseSpotter:
    """pocketsphinx keyphrase spotting over one segment at a time (the reference, not the app's path)."""

    def __init__(self, phrases: list[str]) -> None:
        from pocketsphinx import Decoder

        self.phrases = phrases
        self.decoder = Decoder(lm=None, loglevel="FATAL", kws_threshold=KWS_THRESHOLD)
        for index, phrase in enumerate(phrases):
            self.decoder.add_keyphrase(f"kws{index}", phrase)

    def spots(self, pcm: bytes) -> bool:
        from voiceaid.listen.audio import dither, int16_from_bytes

        samples = dither(int16_from_bytes(pcm)).tobytes()
        for index in range(len(self.phrases)):
            self.decoder.activate_search(f"kws{index}")
            self.decoder.start_utt()
            self.decoder.process_raw(samples, full_utt=True)
            self.decoder.end_utt()
            if self.decoder.hyp() is not None:
                return True
        return False


def _background(cfg, minutes: int) -> list[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    """The minutes of background audio (the test split's voices and words), as scripts/make-test-audio
    --wake-hour builds them (once: the full hour is kept in tests/audio/cache/wake; the quick run's few
    minutes in the run's tmp)."""
    from tuning import wake_hour

    out = cfg.tmp / "wake" if cfg.quick else REPO / "tests" / "audio" / "cache" / "wake"
    return wake_hour.ensure(out, minutes, progress=lambda line: cfg.log(f"wake: {line}"))


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    from tuning import corpus, wake_hour
    from voiceaid.listen import engines
    from voiceaid.listen.vocabulary import load_vocabulary

    minutes = 6 if cfg.quick else 60
    rng = np.random.default_rng(2026)
    engine_name = getattr(cfg, "engine", "sphinx")
    recogniser = engines.build(engine_name, load_vocabulary())
    spotter = _KeyphraseSpotter(list(recogniser.vocabulary.intents[wake_hour.WAKE_INTENT]))
    spotted = {"false": 0, "hits": 0, "cpu": 0.0}

    def spot(pcm: bytes) -> bool:  # the reference's own CPU is kept out of the app's figure
        started = time.process_time()
        found = spotter.spots(pcm)
        spotted["cpu"] += time.process_time() - started
        return found

    background = _background(cfg, minutes)
    recognizer = wake_hour.segmenter(background[0][1])
    counts = {"sounds": [0, 0, 0.0], "speech": [0, 0, 0.0]}  # triggers, phrases decoded, minutes
    triggers: list[str] = []
    cpu_started = time.process_time()
    cfg.log(f"wake: listening to {minutes} minutes of bedroom sounds and unrelated speech ...")
    for kind, path in background:
        for pcm in wake_hour.segments(path, recognizer):
            heard = recogniser.decode_pcm(pcm, 16000, IDLE_INTENTS)
            spotted["false"] += spot(pcm)
            counts[kind][1] += 1
            if heard.intent != "unknown" and recogniser.wakes(heard):
                counts[kind][0] += 1
                triggers.append(f"{kind}: {heard.intent} ({heard.text!r}, {heard.confidence:.2f})")
        counts[kind][2] += wake_hour.CHUNK_SECONDS / 60
    hours = sum(c[2] for c in counts.values()) / 60
    false_per_hour = sum(c[0] for c in counts.values()) / hours
    cpu_share = (time.process_time() - cpu_started - spotted["cpu"]) / (hours * 3600) * 100

    hits = 0
    wake_phrases = wake_hour.wake_phrases("test", 10, rng)
    for i, (_, signal) in enumerate(wake_phrases):
        path = cfg.tmp / f"wake-hit-{i}.wav"
        corpus.write_wav(path, signal)
        segments = wake_hour.segments(path, recognizer)
        heard = [recogniser.decode_pcm(pcm, 16000, IDLE_INTENTS) for pcm in segments]
        hits += any(h.intent == wake_hour.WAKE_INTENT and recogniser.wakes(h) for h in heard)
        spotted["hits"] += any(spot(pcm) for pcm in segments)
        path.unlink()

    note = (
        f"{minutes} min of audio: bedroom sounds {counts['sounds'][0]} triggers in {counts['sounds'][1]} phrases, "
        f"unrelated speech {counts['speech'][0]} in {counts['speech'][1]}; through SpeechRecognition segmentation "
        f"with the Listener's settings and the {engine_name} engine (idle-screen intents only, woken as the app wakes); real wake phrases heard: {hits}/{len(wake_phrases)}"
    )
    return [
        Measurement("wake_false_triggers", "wake phrase: false triggers per hour", "per hour", "informational", None,
                    values=[false_per_hour], note=note, details={"triggers": triggers[:50]}),  # fmt: skip
        Measurement("wake_hits", "wake phrase: real wake phrases heard", "%", "informational", None,
                    values=[100.0 * hits / len(wake_phrases)], note="10 clips: 'leg cramp' and 'start', six voices"),  # fmt: skip
        Measurement("wake_kws_false_triggers", "reference: pocketsphinx keyphrase spotting, false triggers per hour", "per hour",
                    "informational", None, values=[spotted["false"] / hours],
                    note=f"kws search for {spotter.phrases} at kws_threshold {KWS_THRESHOLD:g}, on the same segments; "
                    f"real wake phrases spotted: {spotted['hits']}/{len(wake_phrases)} (the app's path: {hits}/{len(wake_phrases)})"),  # fmt: skip
        Measurement("wake_decode_cpu", "wake phrase: decoding CPU per hour of audio", "% of a core", "informational", None,
                    values=[cpu_share], note="segmentation + decoding, one process; the live figure is kiosk_wake_cpu"),  # fmt: skip
    ]
