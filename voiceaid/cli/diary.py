"""`voiceaid diary`: list, export, add, delete and show the cramp diary from the command line."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceaid.cli.output import write_file, write_stdout
from voiceaid.errors import UserError

if TYPE_CHECKING:
    from voiceaid.diary.model import Episode
    from voiceaid.diary.store import Diary

LEGS = ("left", "right", "both")
SITES = ("calf", "foot", "back_of_thigh", "front_of_thigh")
NOT_COUNTED = {"bedtime": "bedtime routine", "check": "checklist only"}  # kinds of session that are not cramps
DATE_HELP = 'a date as YYYY-MM-DD or "YYYY-MM-DD HH:MM" (local time), or 7d for 7 days ago'


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("diary", help="the cramp diary: list, export, add, delete, show", description="The cramp diary.")
    parser.set_defaults(run=run, diary_command="list", since=None, json=False)
    sub = parser.add_subparsers(dest="diary_command", metavar="ACTION")

    p = sub.add_parser("list", help="list episodes, newest first")
    p.add_argument("--since", metavar="DATE", help=f"only episodes since DATE: {DATE_HELP}")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("export", help="export as CSV, or a one-page Markdown summary for a doctor")
    p.add_argument("--format", required=True, choices=("csv", "md"), help="csv: one row per episode; md: a summary page")
    p.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--since", metavar="DATE", help=f"only episodes since DATE: {DATE_HELP}")

    p = sub.add_parser("add", help="record a cramp after the fact")
    p.add_argument("--when", metavar="DATE", help=f"when it started: {DATE_HELP} (default: now)")
    p.add_argument("--leg", choices=LEGS)
    p.add_argument("--site", choices=SITES)
    p.add_argument("--minutes", type=str, metavar="N", help="how many minutes until it eased")
    p.add_argument("--note", default="", help="anything worth telling a doctor")

    p = sub.add_parser("delete", help="delete one episode (asks first)")
    p.add_argument("id", metavar="ID", help="the episode number shown by `voiceaid diary list`")
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not run in a terminal)")

    sub.add_parser("show", help="open the diary screen")


def parse_when(text: str, flag: str, now: datetime | None = None) -> datetime:
    """A user's date or date-time (local time unless it has an offset) as an aware UTC datetime."""
    from voiceaid.diary.model import EARLIEST

    now = now or datetime.now(timezone.utc)
    raw = text.strip()
    days = re.fullmatch(r"(\d{1,4})\s*d(ays?)?", raw, re.IGNORECASE)
    if days:
        return now - timedelta(days=int(days.group(1)))  # at most 9999 days (27 years) back: never before 1970
    value = None
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            value = datetime.strptime(raw, fmt)
            break
        except ValueError:
            continue
    if value is None:
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise UserError(f"{flag}: {text!r} is not a date; use {DATE_HELP}, e.g. \"2026-11-20 03:10\"") from None
    converted = None
    if value.year >= EARLIEST.year:  # an earlier year cannot always be moved to local time
        converted = (value.astimezone() if value.tzinfo is None else value).astimezone(timezone.utc)  # naive: local time
    if converted is None or converted < EARLIEST:
        if flag == "--since":
            return EARLIEST  # "since then" takes in the whole diary
        raise UserError(f"{flag}: {text!r} is before {EARLIEST.year}; give when the cramp started")
    return converted


def _minutes(text: str | None) -> float | None:
    if text is None or text.strip() == "":
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 24 * 60:
        raise UserError(f"--minutes: {text!r} is not a duration; give minutes until it eased, e.g. 4 or 0.5")
    return value


def _local(value: datetime) -> str:
    return value.astimezone().strftime("%a %d %b %Y %H:%M")


def _open(create: bool) -> "Diary":
    """The diary; with `create` False (list, export, delete) a missing one is empty and nothing is made."""
    from voiceaid.diary.store import Diary, DiaryUnavailable

    try:
        return Diary.open(create=create)
    except DiaryUnavailable as error:
        raise UserError(f"the diary is unavailable: {error.reason}") from None


def run(args: argparse.Namespace) -> int:
    import sqlite3

    action = args.diary_command or "list"
    if action == "show":
        return _show(getattr(args, "content", None))
    since = parse_when(args.since, "--since") if getattr(args, "since", None) else None
    diary = _open(create=action == "add")
    try:
        if action == "list":
            return _list(diary, since, args.json)
        if action == "export":
            return _export(diary, since, args.format, args.out, getattr(args, "content", None))
        if action == "add":
            return _add(diary, args)
        if action == "delete":
            return _delete(diary, args.id, args.yes)
        raise UserError(f"unknown diary action {action!r}; see `voiceaid diary --help`")
    except BrokenPipeError:  # the reader left (`| head -1`): not the diary's fault
        raise
    except (sqlite3.Error, OSError) as error:
        raise UserError(f"the diary could not be {'read' if action in ('list', 'export') else 'changed'} ({error}); nothing saved was lost") from None
    finally:
        diary.close()


def episode_json(e: "Episode") -> dict[str, Any]:
    from voiceaid.diary.store import format_time

    return {
        "id": e.id,
        "started_at": format_time(e.started_at),
        "ended_at": format_time(e.ended_at) if e.ended_at else None,
        "leg": e.leg,
        "site": e.site,
        "steps_done": e.steps_done,
        "eased_after_s": e.eased_after_s,
        "answers": e.answers,
        "derived": e.derived,
        "disposition": e.disposition,
        "reasons": e.reasons,
        "notes": e.notes,
        "source": e.source,
        "kind": e.kind,
        "happened": e.happened,
    }


def describe(e: "Episode") -> str:
    """One line; a session that is not a real cramp says what it was and that it is not counted."""
    from voiceaid.diary.stats import format_duration, label

    if not e.is_real_cramp:
        what = NOT_COUNTED.get(e.kind, "nothing done")
        return ", ".join([_local(e.started_at), what] + ([label(e.disposition)] if e.disposition else []) + ["not counted as a cramp"])
    where = " ".join(x for x in (e.leg, label(e.site) if e.site else None) if x) or "leg not recorded"
    parts = [_local(e.started_at), where, format_duration(e.eased_after_s) if e.eased_after_s is not None else "time not recorded"]
    if e.disposition:
        parts.append(label(e.disposition))
    return ", ".join(parts)


def _list(diary: "Diary", since: datetime | None, as_json: bool) -> int:
    from voiceaid.diary.words import one_line
    from voiceaid.plain_text import json_text

    if sys.stdout is None:  # checked first: a list nobody can see is not a success
        write_stdout("")
    episodes = diary.list_episodes(since)
    if as_json:
        write_stdout(json_text([episode_json(e) for e in episodes], indent=2) + "\n")
        return 0
    if not episodes:
        write_stdout("No episodes in the diary" + (" since then." if since else ". Add one with `voiceaid diary add`.") + "\n")
        return 0
    lines = []
    for e in episodes:
        note = f"  ({one_line(e.notes)})" if e.notes else ""
        lines.append(f"{e.id:>4}  {describe(e)}{note}\n")
    write_stdout("".join(lines))
    return 0


def _export(diary: "Diary", since: datetime | None, fmt: str, out: Path | None, content_dir: Path | None = None) -> int:
    from voiceaid.diary import export

    if out is None and sys.stdout is None:
        write_stdout("", "give --out FILE to export to a file")
    episodes = diary.list_episodes(since)
    if fmt == "csv":
        text = export.to_csv(episodes)
    else:
        labels, words = _words(content_dir)
        text = export.to_markdown(episodes, datetime.now(timezone.utc), labels=labels, text=words)
    if out is None:
        write_stdout(text, "give --out FILE to export to a file")
        return 0
    from voiceaid.diary.store import is_diary_file

    if is_diary_file(out, diary.path):
        raise UserError(f"--out: {out} is the diary itself; writing there would replace every episode; choose another file")
    write_file(out, text)
    print(f"Wrote {len(episodes)} episode{'s' if len(episodes) != 1 else ''} to {out}", file=sys.stderr)
    return 0


def _words(content_dir: Path | None) -> tuple[dict[str, str], Any]:
    """Question names and the page's words from the content (`--content DIR`, a translation say);
    the built-in content's when that cannot load: a page for the doctor is never refused for it."""
    from voiceaid.content.loader import ContentError, load_content

    try:
        content = load_content(content_dir)
    except ContentError:
        content = load_content()
    return {q.id: q.yes.rstrip(".") for q in content.questions}, content.text


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        line = sys.stdin.readline()
    except UnicodeDecodeError:
        raise UserError("that answer has bytes that are not UTF-8 text; nothing was saved") from None
    if not line:
        raise UserError("no answer (end of input); nothing was saved")
    return line.strip()


def _interactive_add(args: argparse.Namespace) -> None:
    """Ask for what was not given on the command line (only on a terminal)."""
    if args.when is None:
        args.when = _ask("When did it start? (YYYY-MM-DD HH:MM, empty for now): ") or None
    if args.leg is None:
        answer = _ask("Which leg? (left/right/both, empty to skip): ").lower()
        args.leg = answer or None
    if args.site is None:
        answer = _ask("Where? (calf/foot/back_of_thigh/front_of_thigh, empty to skip): ").lower().replace(" ", "_")
        args.site = answer or None
    if args.minutes is None:
        args.minutes = _ask("Minutes until it eased? (empty to skip): ") or None
    if not args.note:
        args.note = _ask("Note (empty for none): ")


def _add(diary: "Diary", args: argparse.Namespace) -> int:
    from voiceaid.diary.model import check_field

    flags_given = any(v not in (None, "") for v in (args.when, args.leg, args.site, args.minutes, args.note))
    if not flags_given and sys.stdin.isatty():
        _interactive_add(args)
    if args.leg is not None and args.leg not in LEGS:
        raise UserError(f"leg: {args.leg!r} is not a leg; use one of {', '.join(LEGS)}")
    if args.site is not None and args.site not in SITES:
        raise UserError(f"site: {args.site!r} is not a place; use one of {', '.join(SITES)}")
    now = datetime.now(timezone.utc)
    when = parse_when(args.when, "--when", now) if args.when else now
    if when > now + timedelta(minutes=1):
        raise UserError(f"--when: {args.when!r} is in the future; give when the cramp started")
    minutes = _minutes(args.minutes)
    note = args.note or ""
    try:
        check_field("notes", note)
    except ValueError:
        raise UserError("--note: the note has bytes that are not UTF-8 text; type it again (nothing was saved)") from None
    episode_id = diary.add_episode(
        started_at=when, leg=args.leg, site=args.site, source="manual", eased_after_s=None if minutes is None else minutes * 60, notes=note
    )
    episode = diary.get(episode_id)
    assert episode is not None
    print(f"Added episode {episode_id}: {describe(episode)}")
    return 0


MAX_ID = 2**63 - 1  # SQLite's largest row id; a bigger number is no episode (and cannot be looked up)


def _delete(diary: "Diary", raw_id: str, yes: bool) -> int:
    text = raw_id.strip()
    if not re.fullmatch(r"-?[0-9]+", text):  # ASCII digits only: int() would also take "١٢" and "1_0"
        raise UserError(f"delete: {raw_id!r} is not an episode number; see `voiceaid diary list`")
    episode_id = int(text)
    episode = diary.get(episode_id) if 0 < episode_id <= MAX_ID else None
    if episode is None:
        raise UserError(f"delete: there is no episode {episode_id}; see `voiceaid diary list`")
    if not yes:
        if not sys.stdin.isatty():
            raise UserError(f"delete: not deleting episode {episode_id} without confirmation; run it in a terminal or add --yes")
        print(describe(episode), file=sys.stderr)
        answer = _ask(f"Delete episode {episode_id}? [y/N] ").lower()
        if answer not in ("y", "yes"):
            print("Not deleted.", file=sys.stderr)
            return 1
    diary.delete(episode_id)
    print(f"Deleted episode {episode_id}.")
    return 0


def _show(content_dir: Path | None = None) -> int:
    from voiceaid.cli.assistant import exit_code
    from voiceaid.diary.safe import SafeDiary
    from voiceaid.ui.screens.diary import DiaryViewerApp

    _, words = _words(content_dir)
    diary = SafeDiary.open(words=words, create=False)
    app = DiaryViewerApp(diary, text=words)
    try:
        app.run()
    finally:
        diary.close()
    return exit_code(app.return_code, 0)
