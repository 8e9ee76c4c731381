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
    from voiceaid.config import SETTING_KEYS, config_path, describe, env_var, load_settings, save_setting, shown
    from voiceaid.errors import UserError

    path = config_path()
    action = getattr(args, "config_action", None) or "show"
    if action == "path":
        print(path)
        return 0
    if action == "set":
        if args.key not in SETTING_KEYS:
            raise UserError(f"unknown setting {args.key!r}; known settings: {', '.join(SETTING_KEYS)}")
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
