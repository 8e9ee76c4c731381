"""`voiceaid hear`: decode WAV files (or one answer from the microphone) as the app would."""

from __future__ import annotations

import argparse
import json
import sys

from voiceaid.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "hear",
        help="decode WAV files or the microphone with the app's recogniser",
        description=(
            "Decode spoken answers with the same recogniser and rejection the app uses. "
            "Anything that is not a confident answer is 'unknown'."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="WAV files (any rate, mono or stereo)")
    parser.add_argument("--expect", metavar="INTENTS", help="listen only for these intents, comma-separated (e.g. yes,no,unsure); default: all")
    parser.add_argument("--mic", action="store_true", help="listen once on the microphone instead of reading files")
    parser.add_argument("--timeout", type=float, default=6.0, metavar="S", help="with --mic: seconds to wait for speech (default 6)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--engine", choices=("sphinx", "whisper", "both"), help="speech engine (default: the engine setting, sphinx unless set)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.mic and args.files:
        raise UserError("hear: give WAV files or --mic, not both")
    if not args.mic and not args.files:
        raise UserError("hear: give one or more WAV files, or --mic to listen on the microphone")
    if not 0 < args.timeout <= 300:
        raise UserError(f"hear: --timeout {args.timeout:g} is not a wait; give the seconds to wait for speech: more than 0, at most 300 (default 6)")
    from voiceaid.config import load_settings
    from voiceaid.listen import engines
    from voiceaid.listen.audio import AudioError
    from voiceaid.listen.vocabulary import VocabularyError, content_vocabulary
    from voiceaid.listen.whisper.model import WhisperUnavailable

    settings, problems = load_settings(strict=False)
    for problem in problems:  # a bad setting is named, and its default used: hear still runs
        print(f"voiceaid: hear: {problem}; using the default", file=sys.stderr)
    engine_name = args.engine or settings.engine

    try:
        vocabulary = content_vocabulary(getattr(args, "content", None))  # `voiceaid --content DIR hear`: as the app listens
        expect = None
        if args.expect is not None:
            names = [name.strip() for name in args.expect.split(",") if name.strip()]
            if not names:
                raise UserError("hear: --expect needs intent names, such as yes,no,unsure")
            expect = vocabulary.check_intents(names)
        recogniser = engines.build(engine_name, vocabulary, settings.whisper_model)
    except VocabularyError as error:
        raise UserError(f"hear: {error}") from None
    except WhisperUnavailable as error:
        raise UserError(f"hear: engine {engine_name}: {error}") from None

    if args.mic:
        return _hear_microphone(recogniser, expect, args.timeout, args.json)

    failed = 0
    for name in args.files:
        try:
            heard = recogniser.decode_file(name, expect)
        except FileNotFoundError:
            failed += 1
            print(f"voiceaid: hear: {name}: no such file", file=sys.stderr)
            continue
        except IsADirectoryError:
            failed += 1
            print(f"voiceaid: hear: {name}: is a directory, not a WAV file", file=sys.stderr)
            continue
        except (AudioError, OSError) as error:
            failed += 1
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            print(f"voiceaid: hear: {name}: {reason}", file=sys.stderr)
            continue
        _print(name, heard, args.json, {"engine": recogniser.name})
    return 1 if failed else 0


def _hear_microphone(recogniser, expect, timeout: float, as_json: bool) -> int:  # type: ignore[no-untyped-def]
    """One answer from the microphone, and how the room sounds to it (the bedside set-up check)."""
    from voiceaid.listen import room
    from voiceaid.listen.audio import RATE, int16_from_bytes
    from voiceaid.listen.microphone import Listener, MicrophoneUnavailable
    from voiceaid.listen.heard import Heard
    from voiceaid.listen.vocabulary import UNKNOWN

    try:
        data = Listener(recogniser).record_once(timeout)
    except MicrophoneUnavailable as error:
        print(f"voiceaid: hear: microphone unavailable: {error}", file=sys.stderr)
        return 1
    if data is None:
        _print("microphone", Heard(UNKNOWN), as_json, {"room": None, "engine": recogniser.name})
        if not as_json:
            print(f"room: nothing was said within {timeout:g} s; check the microphone is on and not muted, then try again", flush=True)
        return 0
    heard = recogniser.decode_pcm(data, RATE, expect)
    described = room.describe(int16_from_bytes(data))
    _print("microphone", heard, as_json, {"room": described.as_dict(), "engine": recogniser.name})
    if not as_json:
        print(described.summary(), flush=True)
    return 0


def _print(name: str, heard, as_json: bool, extra: dict | None = None) -> None:
    if as_json:
        record = {
            "file": name,
            "intent": heard.intent,
            "text": heard.text,
            "confidence": round(heard.confidence, 3),
            "ms": round(heard.ms, 1),
            **(extra or {}),
        }
        print(json.dumps(record), flush=True)
        return
    confirm = "  (low confidence: confirm)" if heard.needs_confirmation else ""
    text = f'"{heard.text}"' if heard.text else "-"
    print(f"{name}: {heard.intent}  {text}  confidence {heard.confidence:.2f}  {heard.ms:.0f} ms{confirm}", flush=True)
