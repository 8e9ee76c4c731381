"""`voiceaid config [show|set KEY VALUE|path]`: see and change settings."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="show settings, or set one: voiceaid config set emergency_number 911")
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION")
    actions.add_parser("show", help="the config file's path and the effective values (the default)")
    actions.add_parser("path", help="print the config file's path")
    setter = actions.add_parser("set", help="validate and save one setting")
    setter.add_argument("key")
    setter.add_argument("value")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voiceaid.config import SETTING_KEYS, config_path, describe, env_var, load_settings, parse_value, save_setting, shown
    from voiceaid.errors import UserError

    path = config_path()
    action = getattr(args, "config_action", None) or "show"
    if action == "path":
        print(path)
        return 0
    if action == "set":
        if args.key not in SETTING_KEYS:
            raise UserError(f"unknown setting {args.key!r}; known settings: {', '.join(SETTING_KEYS)}")
        if args.key == "voice":
            check_voice(parse_value("voice", args.value, "config set"))
        value = save_setting(args.key, args.value, path)
        print(f"{args.key} = {shown(value)}  (saved in {path})")
        return 0
    settings, _ = load_settings(path, strict=True)
    import os

    print(f"config file: {path}{'' if path.exists() else '  (not created yet: defaults in use)'}")
    for key, value in describe(settings):
        origin = "environment" if env_var(key) in os.environ else ""
        print(f"  {key}: {value}" + (f"  (from {env_var(key)})" if origin else ""))
    if not settings.emergency_number_set:
        print(f"  note: emergency number {settings.emergency_number} is the default; set yours: voiceaid config set emergency_number 911")
    return 0


def check_voice(voice: str, command: str = "config set") -> None:
    """Refuse a voice the speech engine does not have: saved, it would be replaced by the default
    voice every night. The engine is asked for its own list (espeak-ng's language codes such as
    en-gb, voice names and ids all count). When the engine cannot tell, the voice is let through
    with a warning: at run time an unknown voice falls back to the default, with a line on screen."""
    import sys

    from voiceaid.errors import UserError
    from voiceaid.speech.synth import Synth
    from voiceaid.speech.voices import suggestions

    if not voice:
        return  # the engine's default voice
    synth = Synth()
    try:
        known = synth.check_voice(voice)
        voices = synth.voices or ()
        reason = synth.unavailable
    finally:
        synth.close()
    if known is None:
        print(f"voiceaid: {command}: voice {voice!r} could not be checked ({reason or 'the speech engine lists no voices'})", file=sys.stderr)
        return
    if not known:
        raise UserError(f"{command}: voice: {voice!r} is not a voice the speech engine has; try one of: {', '.join(suggestions(voice, voices))}")
