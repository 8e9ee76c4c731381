"""The voice command table, beside the key table: what each screen listens for and what a spoken
command does there, as pure data (no screen, no audio)."""

from __future__ import annotations

import ast
from pathlib import Path

from voiceaid.core.voice_commands import APP_INTENTS, IDLE_INTENTS, OVERLAY_INTENTS, Step, VoiceState, listened_for, steps_for

KNOWN = {"yes", "no", "unsure", "back", "next", "emergency", "start", "bedtime", "diary", "help", "louder", "mute", "stop", "repeat"}


def test_each_screen_listens_only_for_what_it_can_use():
    assert listened_for(VoiceState("idle"), KNOWN) == IDLE_INTENTS
    assert listened_for(VoiceState("checklist", overlay_open=True), KNOWN, {"yes"}) == OVERLAY_INTENTS
    assert listened_for(VoiceState("checklist"), KNOWN, {"yes", "no", "unsure", "swollen"}, {"emergency"}) == {"yes", "no", "unsure", "emergency"}
    assert listened_for(VoiceState("routine"), KNOWN, {"next"}) == {"next", "louder", "mute"}  # settings, not the diary
    assert listened_for(VoiceState("outcome"), KNOWN - {"mute"}) == {"louder", "diary", "next"}  # content without "mute"


def test_quit_twice_done_to_idle_and_louder():
    outcome = VoiceState("outcome")
    assert steps_for("stop", outcome) == (Step("quit_twice"),)  # the quit stays armed: said twice, it quits
    assert steps_for("stop", VoiceState("outcome", kiosk=True)) == (Step("done"),)
    assert steps_for("next", outcome) == (Step("disarm_quit"), Step("done"))
    assert steps_for("louder", VoiceState("routine")) == (Step("disarm_quit"), Step("app_action", *APP_INTENTS["louder"]))


def test_an_overlay_takes_back_and_emergency_only():
    over = VoiceState("checklist", overlay_open=True)
    assert steps_for("back", over) == (Step("disarm_quit"), Step("close_overlay"))
    assert steps_for("yes", over) == (Step("disarm_quit"),)
    assert steps_for("emergency", over) == (Step("disarm_quit"), Step("close_overlays"), Step("session"))


def test_the_idle_screen_starts_an_episode_or_opens_bedtime_and_help():
    idle = VoiceState()
    assert steps_for("start", idle) == (Step("disarm_quit"), Step("start_episode"))
    assert steps_for("emergency", idle) == (Step("disarm_quit"), Step("start_episode"), Step("session"))
    assert steps_for("bedtime", idle) == (Step("disarm_quit"), Step("app_action", "bedtime"))
    assert steps_for("yes", VoiceState("checklist")) == (Step("disarm_quit"), Step("session"))


def test_the_table_is_pure_logic():
    tree = ast.parse((Path(__file__).parents[2] / "voiceaid" / "core" / "voice_commands.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] in ("textual", "pyaudio", "speech_recognition", "pocketsphinx", "numpy")}
