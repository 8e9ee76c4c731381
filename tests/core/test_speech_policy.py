"""The speech queue policy, driven by explicit events and timestamps (no threads, no audio)."""

from __future__ import annotations

import pytest

from voiceaid.core.speech_policy import Kind, SpeechPolicy, Step


def log(step: Step) -> list[tuple[str, str]]:
    return [(event.event, event.utterance.text) for event in step.events]


def play_through(policy: SpeechPolicy, now: float) -> Step:
    """Start and finish the current utterance; returns the `finished` step."""
    assert policy.current is not None
    policy.started(policy.current.id, now)
    return policy.finished(policy.current.id, now)


def test_idle_utterance_plays_at_once_and_logs_start_then_end() -> None:
    policy = SpeechPolicy()
    step = policy.say("Stretch your calf.", Kind.INSTRUCTION, 0.0)
    assert step.play is not None and step.play.text == "Stretch your calf." and step.stop is None
    assert log(policy.started(step.play.id, 0.1)) == [("start", "Stretch your calf.")]
    assert log(policy.finished(step.play.id, 2.0)) == [("end", "Stretch your calf.")]
    assert not policy.busy


def test_cue_is_dropped_while_an_instruction_plays_never_queued() -> None:
    policy = SpeechPolicy()
    instruction = policy.say("Hold the stretch.", "instruction", 0.0).play
    assert instruction is not None
    policy.started(instruction.id, 0.0)
    step = policy.say("Half-way.", "cue", 1.0)
    assert log(step) == [("dropped", "Half-way.")]
    assert step.stop is None and step.play is None
    assert policy.queued == ()
    assert log(policy.finished(instruction.id, 3.0)) == [("end", "Hold the stretch.")]
    assert policy.current is None


def test_cue_is_dropped_while_something_is_queued() -> None:
    policy = SpeechPolicy()
    policy.say("First.", "instruction", 0.0)
    policy.say("Second.", "question", 0.1)
    assert log(policy.say("Three.", "cue", 0.2)) == [("dropped", "Three.")]
    assert [u.text for u in policy.queued] == ["Second."]


def test_instruction_stops_a_playing_cue_and_plays_at_once() -> None:
    policy = SpeechPolicy()
    cue = policy.say("Ten seconds left.", "cue", 0.0).play
    assert cue is not None
    policy.started(cue.id, 0.0)
    step = policy.say("Now release.", "instruction", 0.5)
    assert step.stop == cue
    assert step.play is not None and step.play.text == "Now release."
    assert log(step) == [("stopped", "Ten seconds left.")]
    # The stopped cue's player reports finished later: it must not disturb the new current utterance.
    assert policy.finished(cue.id, 0.6) == Step()
    assert policy.current == step.play


def test_notice_outranks_cue_but_not_instruction() -> None:
    policy = SpeechPolicy()
    cue = policy.say("Switch sides.", "cue", 0.0).play
    assert cue is not None
    policy.started(cue.id, 0.0)
    notice_step = policy.say("Microphone off.", "notice", 0.1)
    assert notice_step.stop == cue
    instruction_step = policy.say("Massage the muscle.", "instruction", 0.2)
    assert instruction_step.stop is not None and instruction_step.stop.text == "Microphone off."
    # Not yet sounding when cut short, so the notice is logged as dropped rather than stopped.
    assert log(instruction_step) == [("dropped", "Microphone off.")]


def test_equal_priorities_queue_fifo_behind_the_current_one() -> None:
    policy = SpeechPolicy()
    policy.say("Question one?", "question", 0.0)
    assert policy.say("You said no.", "readback", 0.1) == Step()
    assert policy.say("Question two?", "question", 0.2) == Step()
    spoken = []
    now = 1.0
    while policy.current is not None:
        spoken.append(policy.current.text)
        play_through(policy, now)
        now += 1.0
    assert spoken == ["Question one?", "You said no.", "Question two?"]


def test_lower_priority_queues_behind_higher() -> None:
    policy = SpeechPolicy()
    policy.say("Call 112 now.", "outcome", 0.0)
    step = policy.say("Next step.", "instruction", 0.1)
    assert step == Step()
    step = play_through(policy, 1.0)
    assert step.play is not None and step.play.text == "Next step."


def test_outcome_stops_an_instruction_and_is_never_dropped() -> None:
    policy = SpeechPolicy()
    instruction = policy.say("Walk gently.", "instruction", 0.0).play
    assert instruction is not None
    policy.started(instruction.id, 0.0)
    step = policy.say("Call 112 now.", "outcome", 0.5)
    assert step.stop == instruction and step.play is not None
    outcome = step.play
    # Nothing of lower or equal priority can drop or stop it.
    assert policy.say("Three.", "cue", 0.6).stop is None
    assert policy.say("Next.", "instruction", 0.7).stop is None
    assert policy.say("Also call your doctor.", "outcome", 0.8).stop is None
    assert policy.current == outcome
    # Barge-in stops the sounding outcome (the user asked), but a queued outcome survives it.
    policy.started(outcome.id, 0.9)
    step = policy.stop_all(1.0)
    assert log(step) == [("stopped", "Call 112 now."), ("dropped", "Next.")]
    assert step.play is not None and step.play.text == "Also call your doctor."


def test_outcome_waiting_long_is_still_played() -> None:
    policy = SpeechPolicy(cue_max_wait=1.0)
    first = policy.say("Call 112 now.", "outcome", 0.0).play
    policy.say("Tell them about the swelling.", "outcome", 0.0)
    assert first is not None
    policy.started(first.id, 0.0)
    step = policy.finished(first.id, 60.0)
    assert step.play is not None and step.play.text == "Tell them about the swelling."
    assert log(policy.started(step.play.id, 60.0)) == [("start", "Tell them about the swelling.")]


def test_stop_all_stops_current_and_clears_queue() -> None:
    policy = SpeechPolicy()
    current = policy.say("One.", "instruction", 0.0).play
    assert current is not None
    policy.started(current.id, 0.0)
    policy.say("Two.", "instruction", 0.1)
    policy.say("Three?", "question", 0.2)
    step = policy.stop_all(0.3)
    assert step.stop == current and step.play is None
    assert log(step) == [("stopped", "One."), ("dropped", "Two."), ("dropped", "Three?")]
    assert not policy.busy
    assert policy.stop_all(0.4) == Step()


def test_cue_that_cannot_start_within_max_wait_is_dropped() -> None:
    policy = SpeechPolicy(cue_max_wait=1.5)
    cue = policy.say("Half-way.", "cue", 10.0).play
    assert cue is not None
    # Synthesis took too long (say the worker was restarting): the cue is stale, so it is not said.
    step = policy.started(cue.id, 11.6)
    assert log(step) == [("dropped", "Half-way.")]
    assert policy.current is None and not policy.current_started


def test_cue_within_max_wait_starts() -> None:
    policy = SpeechPolicy(cue_max_wait=1.5)
    cue = policy.say("Half-way.", "cue", 10.0).play
    assert cue is not None
    assert log(policy.started(cue.id, 11.4)) == [("start", "Half-way.")]


def test_instruction_is_not_subject_to_max_wait() -> None:
    policy = SpeechPolicy(cue_max_wait=1.5)
    instruction = policy.say("Stretch.", "instruction", 0.0).play
    assert instruction is not None
    assert log(policy.started(instruction.id, 30.0)) == [("start", "Stretch.")]


def test_unplayable_utterance_is_logged_dropped_and_the_next_one_comes() -> None:
    policy = SpeechPolicy()
    first = policy.say("One.", "instruction", 0.0).play
    policy.say("Two.", "instruction", 0.0)
    assert first is not None
    step = policy.finished(first.id, 0.5)  # never started: synthesis failed
    assert log(step) == [("dropped", "One.")]
    assert step.play is not None and step.play.text == "Two."


def test_started_twice_or_for_a_replaced_utterance_does_nothing() -> None:
    policy = SpeechPolicy()
    first = policy.say("One.", "cue", 0.0).play
    assert first is not None
    policy.say("Two.", "instruction", 0.1)
    assert policy.started(first.id, 0.2) == Step()
    assert policy.current is not None
    assert log(policy.started(policy.current.id, 0.2)) == [("start", "Two.")]
    assert policy.started(policy.current.id, 0.3) == Step()


def test_every_kind_has_a_priority_and_unknown_kinds_are_refused() -> None:
    policy = SpeechPolicy()
    for kind in ("instruction", "cue", "question", "readback", "outcome", "notice"):
        assert Kind(kind).value == kind
    with pytest.raises(ValueError):
        policy.say("x", "shout", 0.0)


def test_restart_says_the_current_utterance_again_and_keeps_what_is_queued() -> None:
    """A setting changed (rate, volume, unmute): what is being said starts again at the new setting,
    and the question queued behind it is still asked (issue 25 item 7)."""
    policy = SpeechPolicy()
    instruction = policy.say("Straighten your knee.", "instruction", 0.0).play
    assert instruction is not None
    policy.started(instruction.id, 0.0)
    policy.say("Which leg is it?", "question", 0.1)
    step = policy.restart(1.0)
    assert step.stop == instruction
    assert step.play is not None and step.play.text == "Straighten your knee." and step.play.id != instruction.id
    assert log(step) == [("stopped", "Straighten your knee.")]
    assert [u.text for u in policy.queued] == ["Which leg is it?"]
    assert log(play_through(policy, 2.0)) == [("end", "Straighten your knee.")]
    assert policy.current is not None and policy.current.text == "Which leg is it?"


def test_restart_with_nothing_being_said_does_nothing() -> None:
    policy = SpeechPolicy()
    assert policy.restart(0.0) == Step()
    assert not policy.busy
