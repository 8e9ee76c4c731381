"""The simulated person of a live night: listens for voiceaid to finish, answers at a natural delay
by playing a clip into the real-time microphone, and notes what the app did with it.

A turn is one thing voiceaid asks (the leg question, a routine command the person gives, the
check-in, a checklist question, the "I heard no. Is that right?" read-back). Its result is:
  right1 - the intended answer acted on from the first reply;
  right2 - acted on after the app asked again (or, for a command, after the person said it again);
           (a word heard as another that does the same thing there - "wait" as "quit" during a stretch,
           both of which pause - is right, and noted as "same_effect" on the reply: the person got what
           they asked for, the recogniser did not hear the word);
  wrong  - something else was acted on (another answer saved, another command carried out);
  lost   - the app fell back to keys (the person pressed the key), or took silence as its default;
  keys   - the app was already waiting for a key when it asked (after a lost turn): the person pressed it.
Times are monotonic seconds, shared by this process, the speech log and the feeder.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path
from typing import Any

from voiceaid.ui.controller import EpisodeController

POLL = 0.02
QUIET_FOR = 0.03  # the speaker must stay idle this long (nothing queued) before the prompt counts as ended
COMMAND_WAIT = 5.0  # after a command's end, how long the person waits for something to happen
SILENT_COMMAND = 3.0  # the app quiet this long after an answer in the routine: the person says the next command
KEYS = {"yes": "y", "no": "n", "unsure": "u", "left": "l", "right": "r", "pause": "space", "resume": "space", "next": "n", "repeat": "r"}

_no_replies: list[float] = []


def _note_no_reply(original):  # type: ignore[no-untyped-def]
    def no_reply(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        _no_replies.append(time.monotonic())
        return original(self, *args, **kwargs)

    return no_reply


class Person:
    def __init__(self, app: Any, pilot: Any, plan: dict) -> None:
        self.app = app
        self.pilot = pilot
        self.plan = plan
        self.log_path = Path(plan["speech_log"])
        self.requests = Path(plan["requests"])
        self.played = Path(plan["played"])
        self.deadline = time.monotonic() + float(plan.get("deadline_s", 300))
        self.delays = itertools.cycle(plan.get("delays", [0.5]))
        self.clips = {intent: itertools.cycle(paths) for intent, paths in plan["clips"].items()}
        self.commands = list(plan.get("commands", []))
        self.turns: list[dict] = []
        self.acted: list[tuple[float, str, bool]] = []  # (time, intent, low confidence) per spoken_intent
        self.heard: list[dict] = []  # every listening turn's result, as the voice input got it
        self.log: list[dict] = []
        self._log_offset = 0
        self._handled_end = 0.0  # the prompt end the person last answered
        self._labels = itertools.count()
        if not getattr(EpisodeController.no_reply, "_noted", False):
            EpisodeController.no_reply = _note_no_reply(EpisodeController.no_reply)  # type: ignore[method-assign]
            EpisodeController.no_reply._noted = True  # type: ignore[attr-defined]
        spoken = app.spoken_intent

        def spoken_intent(intent: str, low_confidence: bool = False) -> None:
            self.acted.append((time.monotonic(), intent, low_confidence))
            spoken(intent, low_confidence)

        app.spoken_intent = spoken_intent
        voice = app.voice
        if voice is not None:
            heard = voice._heard

            def noted(result, took, controller):  # type: ignore[no-untyped-def]
                self.heard.append({"t": time.monotonic(), "intent": result.intent, "text": result.text, "confidence": round(float(result.confidence), 3), "took": round(took, 2)})
                heard(result, took, controller)

            voice._heard = noted
            turn = voice._turn

            def started(expect, timeout, *args):  # type: ignore[no-untyped-def]
                self.heard.append({"t": time.monotonic(), "turn": "start", "timeout": timeout, "n": len(expect)})
                turn(expect, timeout, *args)

            voice._turn = started
            from voiceaid.listen import microphone

            cancel = microphone.Listener.cancel

            def cancelled(listener):  # type: ignore[no-untyped-def]
                self.heard.append({"t": time.monotonic(), "cancel": True, "wanted": sorted(voice.wanted() or ["None"])[:3], "listening_for": sorted(voice.listening_for)[:3]})
                cancel(listener)

            microphone.Listener.cancel = cancelled
            if plan.get("keep_audio"):
                record_once = microphone.Listener.record_once
                folder = Path(plan["speech_log"]).parent / "heard"
                folder.mkdir(exist_ok=True)

                def recorded(listener, *args, **kwargs):  # type: ignore[no-untyped-def]
                    began = time.monotonic()
                    data = record_once(listener, *args, **kwargs)
                    ended = time.monotonic()
                    self.heard.append({"t": ended, "recorded_s": None if data is None else round(len(data) / 32000, 2), "began": began,
                                       "threshold": round(getattr(listener._recognizer, "energy_threshold", 0) or 0, 1)})
                    if data:
                        (folder / f"{began:.3f}-{ended:.3f}.raw").write_bytes(data)
                    return data

                microphone.Listener.record_once = recorded

    # ----- what the app says
    def _read_log(self) -> None:
        if not self.log_path.exists():
            return
        with open(self.log_path, "rb") as handle:
            handle.seek(self._log_offset)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        self._log_offset += len(complete)
        self.log += [json.loads(line) for line in complete.decode("utf-8").splitlines() if line.strip()]

    def _session(self) -> Any:
        return self.app.controller.session if self.app.controller is not None else None

    async def _prompt_end(self) -> dict | None:
        """The prompt to answer, once voiceaid has said something new: its last utterance, either
        still sounding with nothing queued behind it ("armed": the feeder times the reply from its
        end, as it watches the speech log) or already ended and voiceaid quiet."""
        quiet_since = None
        while time.monotonic() < self.deadline:
            self._read_log()
            speaker = self.app.speaker
            last = self.log[-1] if self.log else None
            if speaker is not None and last is not None and last["t"] > self._handled_end:
                if last["event"] == "start" and not _queued(speaker):
                    return dict(last, armed=True)
                if last["event"] != "start" and not speaker.busy:
                    quiet_since = quiet_since or time.monotonic()
                    if time.monotonic() - quiet_since >= QUIET_FOR:
                        return dict(last, armed=False)
                else:
                    quiet_since = None
            elif self._silent_for(speaker) > SILENT_COMMAND:
                # a command that says nothing ("resume" when not paused): the person goes on anyway
                return {"t": time.monotonic(), "event": "end", "text": "", "armed": False}
            await asyncio.sleep(POLL)
        return None

    def _silent_for(self, speaker: Any) -> float:
        """Seconds the app has been quiet since the last answer, during the routine (0 elsewhere)."""
        session = self._session()
        if speaker is None or speaker.busy or session is None or session.phase != "routine":
            return 0.0
        return time.monotonic() - max(self._handled_end, self.log[-1]["t"] if self.log else 0.0, self._last_acted())

    def _last_acted(self) -> float:
        return self.acted[-1][0] if self.acted else 0.0

    # ----- the night
    async def night(self) -> None:
        while time.monotonic() < self.deadline and len(self.turns) < int(self.plan.get("max_turns", 1000)):
            prompt = await self._prompt_end()
            session = self._session()
            if prompt is None or session is None or session.phase == "outcome":
                return
            self._handled_end = prompt["t"]
            kind, expect, qid = self._what_was_asked(session, prompt["text"])
            await self._turn(kind, expect, qid, prompt)

    def _what_was_asked(self, session: Any, text: str) -> tuple[str, str, str]:
        if session.phase == "routine":
            if session.side_question_open and session.runner.leg is None:
                return "leg", self.plan.get("leg", "left"), "leg"
            command = self.commands[0] if self.commands else "next"
            return "command", command, command
        if session.phase == "check_in":
            return "check_in", self.plan.get("check_in", "yes"), "check_in"
        question = session.checklist.current
        if text == self.app.content.prompts["confirm_no"].say:
            return "readback", "yes", question.id
        return "question", self.plan.get("answers", {}).get(question.id, "no"), question.id

    async def _turn(self, kind: str, expect: str, qid: str, prompt: dict) -> None:
        turn: dict[str, Any] = {"kind": kind, "id": qid, "expect": expect, "prompt": prompt["text"][:60], "attempts": []}
        self.turns.append(turn)
        session = self._session()
        if session.keyboard_only():  # an earlier turn was lost: the app waits for a key, and says so
            turn["result"] = "keys"
            await self._press(kind, expect, session, after_notice=False)
            return
        for attempt in (1, 2):
            tried = await self._say(expect, prompt, turn)
            outcome, at = await self._outcome(kind, tried)
            tried["acted"], tried["acted_at"] = outcome, at
            if at is not None and tried.get("speech_end"):
                tried["latency"] = round(at - tried["speech_end"], 3)
            if outcome == expect or (outcome not in (None, "no_reply") and self._same_effect(kind, outcome, expect)):
                turn["result"] = f"right{attempt}"
                tried["same_effect"] = outcome != expect
                break
            if outcome not in (None, "no_reply"):
                turn["result"] = "wrong"
                break
            if kind == "check_in" and attempt == 2 and outcome == "no_reply":
                turn["result"] = "lost"  # the second silence is taken as "not eased"
                break
            if attempt == 1:
                if outcome == "no_reply" or kind == "command":
                    again = await self._prompt_end() if outcome == "no_reply" else {"t": time.monotonic(), "text": "", "armed": False}
                    if again is None:
                        break
                    self._handled_end = max(self._handled_end, again["t"])
                    prompt = again
                    if kind == "readback" and again["text"] != self.app.content.prompts["confirm_no"].say:
                        # asked the question again with the read-back still pending (the integrator's
                        # session bug): a person answers the question they hear
                        turn["readback_pending"] = True
                        expect = self.plan.get("answers", {}).get(qid, "no")
                        tried = await self._say(expect, prompt, turn)
                        tried["acted"], tried["acted_at"] = await self._outcome("question", tried)
                        turn["result"] = "lost"
                        break
                    continue
                break  # nothing at all after a long wait: fall through to keys
        if time.monotonic() >= self.deadline:
            turn.setdefault("result", "unfinished")  # the night ran out of time: not a verdict on the app
            return
        if "result" not in turn:
            turn["result"] = "lost"
            await self._press(kind, expect, session, after_notice=outcome == "no_reply")
        elif turn["result"] == "lost" and session.keyboard_only():
            await self._press(kind, expect, session, after_notice=False)
        if kind in ("command",) and self.commands and turn["result"] != "wrong":
            self.commands.pop(0)
        if session.checklist is not None and qid in session.checklist.answers:
            turn["saved"] = session.checklist.answers[qid]

    @staticmethod
    def _same_effect(kind: str, acted: str, expect: str) -> bool:
        """Two words that carry out one action where this turn was (the core's own table)."""
        from voiceaid.core.session import same_effect

        phase = "routine" if kind in ("command", "leg") else "checklist"
        return same_effect(phase, acted) == same_effect(phase, expect)

    async def _say(self, intent: str, prompt: dict, turn: dict) -> dict:
        delay = next(self.delays)
        clip = next(self.clips[intent])
        label = f"{next(self._labels)}-{intent}"
        request: dict[str, Any] = {"wav": clip, "label": label}
        if prompt.get("armed"):
            request.update(end_of={"log": str(self.log_path), "text": prompt["text"], "after": prompt["t"]}, delay=delay)
        else:
            request["at"] = max(prompt["t"] + delay, time.monotonic() + 0.05)
        with open(self.requests, "a", encoding="utf-8") as out:
            out.write(json.dumps(request) + "\n")
        tried: dict[str, Any] = {"delay": delay, "clip": Path(clip).name, "since": time.monotonic()}
        turn["attempts"].append(tried)
        while time.monotonic() < self.deadline:
            played = self._played(label)
            if played is not None:
                tried.update(speech_start=played["speech_start"], speech_end=played["speech_end"], late_s=played["late_s"])
                ended = played.get("prompt_end") or prompt["t"]
                tried["actual_delay"] = round(played["speech_start"] - ended, 3)
                self._handled_end = max(self._handled_end, ended)  # the prompt's own end is not a new prompt
                break
            if time.monotonic() - tried["since"] > 40:
                tried["not_played"] = True
                break
            await asyncio.sleep(POLL)
        return tried

    def _played(self, label: str) -> dict | None:
        for line in self.played.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record["label"] == label:
                    return record
        return None

    async def _outcome(self, kind: str, tried: dict) -> tuple[str | None, float | None]:
        """What the app did after the reply: an intent taken, "no_reply", or None (nothing in time)."""
        since = tried["since"]
        end = tried.get("speech_end") or time.monotonic()
        wait = COMMAND_WAIT if kind in ("command", "leg") else float(self.app.settings.listen_timeout) + 6.0
        while time.monotonic() < min(end + wait, self.deadline):
            acted = [a for a in self.acted if a[0] >= since]
            replies = [t for t in _no_replies if t >= since]
            if acted and (not replies or acted[0][0] <= replies[0]):
                tried["low_confidence"] = acted[0][2]
                return acted[0][1], acted[0][0]
            if replies:
                return "no_reply", replies[0]
            await asyncio.sleep(POLL)
        return None, None

    async def _press(self, kind: str, expect: str, session: Any, after_notice: bool) -> None:
        """Keys, as the app asks once it stops listening (or the person gives up on a command)."""
        if kind == "check_in":
            return
        if after_notice:
            await self._prompt_end()  # "You can also press Y for yes..."
        key = KEYS.get(expect)
        if key and session is self._session() and session.phase != "outcome":
            await self.pilot.press(key)
            self._read_log()
            self._handled_end = self.log[-1]["t"] if self.log else self._handled_end

    def report(self) -> dict:
        session = self._session()
        checklist = session.checklist if session is not None else None
        return {
            "turns": self.turns,
            "heard": self.heard,
            "answers": dict(checklist.answers) if checklist else {},
            "all_answers": checklist.all_answers() if checklist else {},
            "disposition": session.outcome.disposition if session is not None and session.outcome else None,
            "phase": session.phase if session is not None else None,
            "speech": [[e["t"], e["event"], e["kind"], e["text"][:50]] for e in self.log],
        }


def _queued(speaker: Any) -> bool:
    """Something waits to be said after the current utterance (the Speaker's policy queue)."""
    policy = getattr(speaker, "_policy", None)
    try:
        return bool(policy.queued) if policy is not None else speaker.busy
    except RuntimeError:  # the queue changed while being read
        return True
