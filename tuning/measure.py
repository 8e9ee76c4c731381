"""Measure the recogniser on labelled corpora and print the table (`tuning.evaluate` does the work).

    python -m tuning.measure                  # tests/audio/cache/test (built if missing)
    python -m tuning.measure DIR --json out.json --no-reference
    python -m tuning.measure DIR --adaptation none   # with the stock acoustic model, to compare
    python -m tuning.measure DIR --learned none      # without the learned pronunciations
    python -m tuning.measure DIR --confusions none   # the grammar's phrase always believed
    python -m tuning.measure tests/audio/cache/train tests/audio/cache/train-recorded --calibrate
                                                        # refit the rejection classifier on both voice families
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tuning.calibrate import CalibrationError, calibrate, merge, report
from tuning.evaluate import DEFAULT_CORPUS, evaluate, public, table
from voiceaid.listen.sphinx import lexicon, phonematch
from voiceaid.listen.sphinx.recogniser import ADAPTATION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tuning.measure", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help=f"corpus dirs with labels.json (default {DEFAULT_CORPUS})")
    parser.add_argument("--no-reference", action="store_true", help="skip SpeechRecognition's recognize_sphinx reference (slow)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--calibrate", action="store_true", help="fit the rejection classifier on these corpora together and print it")
    parser.add_argument("--adaptation", metavar="FILE|none", default=str(ADAPTATION),
                        help="the acoustic model's MLLR transform (default: the one voiceaid ships; none: the stock model)")  # fmt: skip
    parser.add_argument("--learned", metavar="FILE|none", default=str(lexicon.LEARNED),
                        help="learned pronunciations (default: the ones voiceaid ships; none: the dictionary's alone)")  # fmt: skip
    parser.add_argument("--confusions", metavar="FILE|none", default=str(phonematch.CONFUSIONS),
                        help="learned phone confusions (default: the ones voiceaid ships; none: the grammar's phrase is always believed)")  # fmt: skip
    args = parser.parse_args(argv)
    adaptation = None if args.adaptation == "none" else Path(args.adaptation)
    if adaptation is not None and not adaptation.is_file():
        print(f"evaluate: --adaptation {adaptation}: no such file (or 'none' for the stock model)", file=sys.stderr)
        return 2
    learned = None if args.learned == "none" else Path(args.learned)
    if learned is not None:
        if not learned.is_file():
            print(f"evaluate: --learned {learned}: no such file (or 'none' for the dictionary's pronunciations alone)", file=sys.stderr)
            return 2
        try:
            lexicon.read(learned)
        except lexicon.LexiconError as error:  # the recogniser would quietly use the dictionary's alone
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
    confusions = None if args.confusions == "none" else Path(args.confusions)
    if confusions is not None:
        try:
            if phonematch.read(confusions) is None:
                print(f"evaluate: --confusions {confusions}: no such file (or 'none' to believe the grammar's phrase alone)", file=sys.stderr)
                return 2
        except phonematch.ConfusionsError as error:  # the recogniser would quietly believe the grammar alone
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
    started = time.monotonic()
    results = []
    for corpus_dir in args.corpus or [None]:
        try:
            result = evaluate(corpus_dir, reference=not args.no_reference and not args.calibrate,
                              progress=lambda m: print(m, file=sys.stderr), adaptation=adaptation, learned=learned,
                              confusions=confusions)  # fmt: skip
        except FileNotFoundError as error:
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
        print(f"{result['corpus']}:\n{table(result)}\n")
        results.append(result)
    if args.calibrate:
        merged = merge(results)
        try:
            calibration = calibrate(merged)
        except CalibrationError as error:
            print(f"evaluate: {error}", file=sys.stderr)
            return 1
        print(f"{calibration}\n\non the corpora it was chosen on:\n{report(merged, calibration)}")
    print(f"{sum(r['clips'] for r in results)} clips in {time.monotonic() - started:.0f} s")
    if args.json:
        data = public(results[0]) if len(results) == 1 else [public(r) for r in results]
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
