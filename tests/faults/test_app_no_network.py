"""voiceaid opens no network connection: a whole episode and the CLI commands, with every socket
operation of every Python process recorded by an audit hook.

How: a `sitecustomize.py` on PYTHONPATH installs `sys.addaudithook` before anything else runs, in
the test's child process and in every Python process it starts (the synthesis worker inherits
PYTHONPATH). The hook records each "socket.*" audit event (socket.__new__ with its family,
connect, bind, getaddrinfo, gethostbyname, sendto, ...) to a file and raises on the ones that reach
for a network. The child runs the real start-up with a pilot (tests/faults/runner.py, `network`):
routine -> check-in -> checklist -> outcome, then `triage`, `check-content`, `diary list` and
`say --to`.

Allowed: AF_UNIX sockets created as a socketpair — asyncio's event loop makes one for its self-pipe
(signal wake-ups); it never leaves the process. Anything AF_INET/AF_INET6, any connect, bind or
name lookup fails the test. C libraries that open sockets without Python (none should: ALSA's file
devices are used here) are outside what an audit hook can see.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.audio]

SITECUSTOMIZE = '''
import json, os, sys

_LOG = os.environ.get("VOICEAID_SOCKET_LOG")
_NETWORK = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.getnameinfo", "socket.sendto", "socket.sendmsg", "socket.gethostbyname_ex"}

def _hook(event, args):
    if not event.startswith("socket."):
        return
    detail = {"pid": os.getpid(), "event": event, "argv": sys.argv[:2]}
    if event == "socket.__new__":
        detail["family"] = int(args[1])
    else:
        detail["args"] = repr(args)[:200]
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(detail) + "\\n")
    if event in _NETWORK:
        raise PermissionError(f"voiceaid must not use the network ({event})")

if _LOG:
    sys.addaudithook(_hook)
'''


def test_a_whole_episode_and_the_cli_open_no_network_socket(run_child, tmp_path: Path, alsa_files) -> None:
    hook_dir = tmp_path / "audit"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "sockets.jsonl"
    run = run_child("network", env={"PYTHONPATH": str(hook_dir), "VOICEAID_SOCKET_LOG": str(log)})
    report = run.report
    assert report["exit_code"] == 0
    assert "Self-care" in run.last_screen  # the whole flow ran: routine, checklist, outcome
    assert report["cli"] == {"triage": 0, "check-content": 0, "diary list": 0, "say --to": 0}
    assert (tmp_path / "said.wav").stat().st_size > 1000  # say --to really went through the synthesis worker
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    assert events, "the audit hook recorded nothing: was it installed?"
    network = [e for e in events if e["event"] != "socket.__new__" or e["family"] != socket.AF_UNIX]
    assert network == [], network
    assert "Traceback" not in run.stderr
