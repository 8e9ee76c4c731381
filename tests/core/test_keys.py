"""One key, one meaning, and a footer that lists exactly the keys that do something (issue 25, items 5
and 10): checked as properties over every screen state the keys can meet."""

from __future__ import annotations

import itertools

import pytest

from voiceaid.core.keys import ALL_KEYS, KeyState, footer, intent_for_key, keymap

PHASES = ("idle", "routine", "check_in", "checklist", "outcome", "done")


def all_states() -> list[KeyState]:
    flags = itertools.product((False, True), repeat=5)
    states = []
    for phase, mode, kiosk, (leg, site, paused, confirming, can_change) in itertools.product(PHASES, ("relief", "check", "bedtime"), (False, True), flags):
        if phase == "idle" and not kiosk:
            continue  # only the kiosk has an idle screen
        states.append(KeyState(phase, mode, leg, site, paused, confirming, can_change, kiosk))
    return states


def test_the_footer_lists_exactly_the_keys_that_do_something() -> None:
    for state in all_states():
        mapped = keymap(state)
        shown = [key for entry in footer(state) for key in entry.keys]
        assert len(shown) == len(set(shown)), f"a key shown twice: {shown}"
        assert set(shown) == set(mapped), f"shown {sorted(shown)} but working {sorted(mapped)}"
        for entry in footer(state):
            assert {mapped[key] for key in entry.keys} <= set(entry.intents)
        assert set(mapped) <= ALL_KEYS


def test_question_mark_is_help_and_u_alone_means_not_sure() -> None:
    for state in all_states():
        mapped = keymap(state)
        assert mapped["question_mark"] == "help"
        assert mapped.get("h") == "help"
        assert "unsure" not in {mapped[k] for k in mapped if k != "u"}
        assert mapped["e"] == "emergency"


def test_r_is_right_only_while_the_leg_is_unknown() -> None:
    asking = KeyState("routine", leg_question=True, site_question=True)
    assert intent_for_key("r", asking) == "right"
    known = KeyState("routine", leg_question=False, site_question=True)  # only another site is offered
    assert intent_for_key("r", known) == "repeat"
    assert intent_for_key("l", known) is None
    assert intent_for_key("2", known) == "foot"


def test_space_pauses_and_the_footer_says_resume_while_paused() -> None:
    running, paused = KeyState("routine"), KeyState("routine", paused=True)
    assert intent_for_key("space", running) == "pause"
    assert intent_for_key("space", paused) == "resume"
    assert [e.label for e in footer(paused) if "space" in e.keys] == ["footer_resume"]
    assert [e.label for e in footer(running) if "space" in e.keys] == ["footer_pause"]


def test_done_on_the_outcome_only_where_it_does_something() -> None:
    assert "enter" not in keymap(KeyState("outcome"))
    assert intent_for_key("enter", KeyState("outcome", kiosk=True)) == "done"
    assert intent_for_key("q", KeyState("outcome")) == "quit"
    assert intent_for_key("q", KeyState("routine", kiosk=True)) == "stop_to_idle"
    assert "q" not in keymap(KeyState("idle", kiosk=True))  # Q again on the idle screen starts nothing


def test_the_end_of_the_bedtime_stretches_offers_no_pause_or_next() -> None:
    done = keymap(KeyState("done", mode="bedtime"))
    assert not {"space", "n", "right", "left", "b"} & set(done)
    assert done["r"] == "repeat"


def test_key_labels() -> None:
    sites = next(e for e in footer(KeyState("routine", site_question=True)) if "1" in e.keys)
    assert sites.display == "1-4"
    nxt = next(e for e in footer(KeyState("routine")) if "n" in e.keys)
    assert nxt.display == "N/→"
