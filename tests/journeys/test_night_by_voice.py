"""A whole night answered by voice, as a person lives it: the real `voiceaid` command in a tmux
terminal, its speech played into a real-time PulseAudio speaker, and a person who listens for the end
of each prompt (in the speech log) and answers a moment later into a real-time PulseAudio microphone
(tests/live/pulsemic.py), in a voice voiceaid was never tuned on.

The person says which leg, asks for the next step, says the cramp has eased, and answers every
red-flag question "no" - with one silence at "I heard no. Is that right?" and one unrelated remark
instead of an answer. Nothing is pressed until the outcome. The saved episode must hold exactly what
was said: the leg, and "no" to every question.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from tests.faults.conftest import diary_episodes
from tests.faults.tmuxrig import TmuxApp
from tests.live.pulsemic import PulseMic, missing_tools
from tuning import corpus
from voiceaid.content import load_content

pytestmark = [pytest.mark.slow, pytest.mark.audio]

VOICE = "en-us+f2"  # a test-split voice: never one the recogniser was tuned on
DELAYS = (0.4, 1.0, 0.2, 1.5, 0.5)  # seconds after a prompt ends before the reply starts
CONTENT = load_content()
CONFIRM = CONTENT.prompts["confirm_no"].say
UNRELATED = "the kettle is boiling downstairs"


@dataclass
class Person:
    """Listens to voiceaid through its speech log and answers into the microphone."""

    mic: PulseMic
    log: Path
    folder: Path
    seen: int = 0
    turns: list[tuple[str, str]] = field(default_factory=list)  # (what was asked, what was said)
    silent_once: bool = False
    off_topic_once: bool = False
    confirmed: int = 0

    def clip(self, text: str) -> Path:
        path = self.folder / f"{'-'.join(text.split())}.wav"
        if not path.exists():
            rng = np.random.default_rng(zlib.crc32(text.encode()))
            speech = corpus.place(corpus.synthesize(text, VOICE, 160, 50), rng, -6.0)
            corpus.write_wav(path, corpus.add_noise(speech, "clean", rng))
        return path

    def next_prompt(self, timeout: float = 60.0) -> dict | None:
        """The next question voiceaid finished saying (None when it said the outcome, or fell silent)."""
        deadline = time.monotonic() + timeout
        pause = threading.Event()
        while time.monotonic() < deadline:
            lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
            for line in lines[self.seen :]:
                self.seen += 1
                event = json.loads(line)
                if event["event"] == "start" and event["kind"] == "outcome":
                    return None
                if event["event"] == "end" and event["kind"] == "question":
                    return event
            pause.wait(0.05)
        raise AssertionError(f"voiceaid asked nothing for {timeout:g} s; heard so far: {self.turns}")

    def reply(self, text: str) -> None:
        delay = DELAYS[len(self.turns) % len(DELAYS)]
        self.mic.say(self.clip(text), time.monotonic() + delay, label=text)

    def live_the_night(self) -> None:
        while (prompt := self.next_prompt()) is not None:
            asked = prompt["text"]
            if "keys" in asked.lower() or "press" in asked.lower():
                raise AssertionError(f"voiceaid fell back to the keys at {asked!r}; turns: {self.turns}")
            said = self.answer_to(asked)
            self.turns.append((asked, said))
            if said:
                self.reply(said)

    def answer_to(self, asked: str) -> str:
        if asked.endswith(CONFIRM):
            if not self.silent_once:  # one silence at the read-back: voiceaid must ask the question again
                self.silent_once = True
                return ""
            self.confirmed += 1
            return "yes"  # yes, that is right: no
        if "leg" in asked.lower() and "which" in asked.lower():
            return "left"
        if asked == CONTENT.prompts["check_in"].say or asked.endswith(CONTENT.prompts["check_in"].say):
            return "yes"
        again = asked.startswith(CONTENT.prompts["question_again"].say)
        if not self.off_topic_once and self.confirmed and not again:
            self.off_topic_once = True  # a remark to someone else instead of a new question's answer: asked again
            return UNRELATED
        return "no"


@pytest.fixture
def bedside(tmp_path: Path, isolated_home: Path):
    if missing_tools() or shutil.which("espeak-ng") is None or shutil.which("tmux") is None:
        pytest.skip("needs pulseaudio, pactl, parec, espeak-ng and tmux for a real-time night")
    mic = PulseMic(tmp_path, "quiet", -70.0)
    mic.route_alsa(isolated_home)
    config = isolated_home / ".config" / "voiceaid"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text("listen_timeout: 4\nspeech_rate: 240\n")  # quick speech: the night is long enough
    terminal = TmuxApp(folder=tmp_path, home=isolated_home)
    yield mic, terminal
    terminal.kill()
    mic.close()


def test_a_whole_night_by_voice_is_saved_as_said(bedside, tmp_path: Path) -> None:
    mic, terminal = bedside
    log = tmp_path / "speech.jsonl"
    terminal.start("--speech-log", str(log))
    person = Person(mic, log, tmp_path)
    first = person.next_prompt(90)  # the leg question, after the first instruction
    assert first is not None and "leg" in first["text"].lower(), first
    person.turns.append((first["text"], "left"))
    person.reply("left")
    assert terminal.wait_screen("Straighten your left knee", 30), terminal.screen()
    mic.say(person.clip("next"), time.monotonic() + 1.0, label="next")  # the stretch done: the next step
    person.live_the_night()
    assert terminal.wait_screen("You said", 30), terminal.screen()
    terminal.keys("q")
    terminal.keys("q")
    assert terminal.exit_code(20) == 0
    assert "Traceback" not in terminal.terminal_output()

    asked = [question for question, _ in person.turns]
    assert person.silent_once and person.off_topic_once, person.turns
    silence = next(i for i, (q, said) in enumerate(person.turns) if q.endswith(CONFIRM) and not said)
    assert CONTENT.prompts["question_again"].say in asked[silence + 1], "after the silence the question itself is asked again"

    episodes = diary_episodes()
    assert len(episodes) == 1, episodes
    episode = episodes[0]
    assert episode["leg"] == "left" and episode["disposition"] == "self_care", episode
    asked_ids = {qid for qid, answer in episode["answers"].items()}
    assert "chest_or_breath" in asked_ids and "walking_pain" in asked_ids
    assert set(episode["answers"].values()) == {"no"}, episode["answers"]
