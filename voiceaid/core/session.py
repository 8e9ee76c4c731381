"""One night's episode, start to finish: routine, check-ins, red-flag checklist, outcome.

Everything the user experiences is decided here, from intents (keys or voice, already mapped) and
clock ticks, and returned as effects (`Say`, `StopSpeech`, `Louder`, `Record`) for the shell to
carry out. Pure and deterministic: `now` is always passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from voiceaid.content.models import Content, fill
from voiceaid.core.checklist import Checklist, Derived
from voiceaid.core.effects import Effect, Louder, Record, Say, StopSpeech
from voiceaid.core.outcome_text import OutcomeText, outcome_text
from voiceaid.core.routine import STEP_DONE, RoutineRunner
from voiceaid.core.wording import personalise

LONG_CRAMP_SECONDS = 600.0
SIDE_INTENTS = ("left", "right", "both", "calf", "foot", "thigh", "back_of_thigh", "front_of_thigh")
SITE_FOR_INTENT = {"calf": "calf", "foot": "foot", "thigh": "back_of_thigh", "back_of_thigh": "back_of_thigh", "front_of_thigh": "front_of_thigh"}
ROUTINE_INTENTS = ("next", "back", "pause", "resume", "worse", "swollen", "stop")
# During a stretch "stop" (or "quit") pauses, as "pause" does: someone in pain who says it wants the
# talking and the timer to stop, and leaving the night there takes Q twice. One action, two words, so
# a "wait" heard as "quit" there does what was asked (the live bench counts it so, in its own column).
SAME_IN_ROUTINE = {"stop": "pause"}


def same_effect(phase: str, intent: str) -> str:
    """The intent whose action `intent` carries out in `phase` (itself, unless two words do one thing)."""
    return SAME_IN_ROUTINE.get(intent, intent) if phase == "routine" else intent
RUBBING_TECHNIQUES = ("massage", "warmth")  # not for a swollen, red or hot calf: it may be a clot
ANSWER_INTENTS = ("yes", "no", "unsure")


@dataclass(frozen=True)
class SessionOptions:
    mode: str = "relief"  # relief (a cramp now) | check (the checklist alone) | bedtime (prevention)
    emergency_number: str = "112"
    diary_count: int | None = None  # episodes in the diary within frequent_days, this one included
    frequent_count: int = 3
    frequent_days: int = 7
    tip: str = ""  # tonight's prevention tip, said at the end of the bedtime routine
    hears: bool = True  # a microphone listens; False: what is said offers keys, not words (`<prompt>_keys`)


def _lead_with(effects: list[Effect], words: str) -> list[Effect]:
    """Say `words` as the start of the next utterance rather than as a separate cue: a cue due at the
    same instant as an instruction would be cut off by it (instructions outrank cues)."""
    for index in range(len(effects) - 1, -1, -1):
        effect = effects[index]
        if isinstance(effect, Say) and effect.kind != "cue":
            effects[index] = Say(f"{words} {effect.text}", effect.kind, effect.due)
            return effects
    return effects + [Say(words, "cue")]


class Session:
    def __init__(self, content: Content, options: SessionOptions, now: float) -> None:
        self.content = content
        self.options = options
        self.started_at = now
        self.phase = "routine"
        self.side_question_open = options.mode == "relief"
        self.site = content.start_site
        routine = content.bedtime if options.mode == "bedtime" else content.routines[self.site]
        self.runner = RoutineRunner(content, routine, now)
        self.steps_done = 0
        self.checklist: Checklist | None = None
        self.outcome: OutcomeText | None = None
        self.check_in_misses = 0
        self.eased_after: float | None = None
        self.notes: list[str] = []
        self.stretch_made_it_worse = False
        self.last_said: Say | None = None
        self.diary_count = options.diary_count  # filled in once the diary has been read, off the event loop
        self.hears = options.hears  # the shell clears it when the microphone turns out to be unusable

    # ----- starting
    def start(self, now: float) -> list[Effect]:
        if self.options.mode == "check":
            return self._begin_checklist(now, intro=True)
        effects: list[Effect] = [Record({"site": self.site})] if self.options.mode == "relief" else []
        effects += self._say(self._framed(self.runner.instruction(with_title=False)), "instruction", now)
        if self.side_question_open:
            effects += self._say(self.content.say_for("side_question", not self.hears), "question", now)
        return effects

    def fixed_texts(self) -> list[str]:
        """What this session will almost surely say, so the shell can render it ahead of time."""
        cues = self.content.cues
        texts = [str(word) for word in cues.get("count", [])]  # type: ignore[union-attr]
        texts += [str(cues[key]) for key in ("release", "switch_sides", "rest", "other_side")]
        texts += [f"{cues['release']} {cues[key]}" for key in ("switch_sides", "rest")]
        texts += [self.content.prompts[key].say for key in ("check_in", "not_eased", "eased", "paused", "resumed")]
        texts.append(f"{cues['release']} {self.content.prompts['check_in'].say}")
        for step in self.runner.routine.steps:
            if step.hold >= 20:
                texts.append(fill(str(cues["halfway"]), seconds=int(round(step.hold / 2))))
        return list(dict.fromkeys(texts))

    def _say(self, text: str, kind: str, now: float) -> list[Effect]:
        say = Say(text, kind, now)
        if kind != "cue":
            self.last_said = say
        return [say]

    # ----- time
    def tick(self, now: float) -> list[Effect]:
        if self.phase not in ("routine", "check_in"):
            return []
        if self.options.mode == "relief" and now - self.started_at >= LONG_CRAMP_SECONDS and self.eased_after is None:
            effects: list[Effect] = [StopSpeech()]
            effects += self._say(self.content.prompts["ten_minutes"].say, "notice", now)
            return effects + self._begin_checklist(now)
        if self.phase != "routine":
            return []
        effects = []
        while self.phase == "routine":
            items = self.runner.tick(now)
            for index, item in enumerate(items):
                if item == STEP_DONE:
                    # the next step starts where this one ended on the schedule, not at this (late) tick
                    effects += self._step_done(self.runner.segment_ends_at())
                elif index + 1 < len(items) and items[index + 1] == STEP_DONE:
                    continue  # the step's closing "release" is said with what comes next, below
                else:
                    assert isinstance(item, Say)
                    effects += [item] if item.kind == "cue" else self._say(item.text, item.kind, item.due or now)
            if STEP_DONE in items:
                closing = items[items.index(STEP_DONE) - 1] if items.index(STEP_DONE) > 0 else None
                if isinstance(closing, Say):
                    effects = _lead_with(effects, closing.text)
            if STEP_DONE not in items:
                break  # otherwise catch the next step up to `now` too
        return effects

    def next_due(self, now: float) -> float | None:
        """When `tick` next has something to do, so the shell can wake exactly then (no polling drift)."""
        if self.phase not in ("routine", "check_in"):
            return None
        dues = []
        if self.options.mode == "relief" and self.eased_after is None:
            dues.append(self.started_at + LONG_CRAMP_SECONDS)
        if self.phase == "routine" and (due := self.runner.next_due()) is not None:
            dues.append(due)
        return min(dues) if dues else None

    def _step_done(self, now: float) -> list[Effect]:
        self.steps_done += 1
        self.side_question_open = False
        effects: list[Effect] = [Record({"steps_done": self.steps_done})]
        if self.runner.step.check_in and self.options.mode == "relief":
            self.phase = "check_in"
            self.check_in_misses = 0
            return effects + self._say(self.content.prompts["check_in"].say, "question", now)
        return effects + self._advance(now)

    def _advance(self, now: float) -> list[Effect]:
        """Another round of this step if it allows one, else the next step; after the last, start over."""
        runner = self.runner
        self.phase = "routine"
        if runner.round < runner.step.rounds:
            return self._says(runner.repeat_step(now))
        if runner.step_index + 1 < len(runner.routine.steps):
            return self._says(runner.go_to_step(runner.step_index + 1, now))
        if self.options.mode == "bedtime":
            self.phase = "done"
            return self._say(" ".join(filter(None, [self.content.prompts["bedtime_done"].say, self.options.tip])), "notice", now)
        return self._say(self.content.prompts["routine_done"].say, "notice", now) + self._says(runner.go_to_step(0, now))

    def _says(self, says: list[Say]) -> list[Effect]:
        """Said as a step starts (`go_to_step`, `repeat_step`): its words, framed as `_framed` says."""
        return [effect for say in says for effect in self._say(self._framed(say.text) if say.kind == "instruction" else say.text, say.kind, say.due or 0.0)]

    def _framed(self, words: str) -> str:
        """A step's words as spoken when it starts: before the first massage or warmth step, the check
        for a swollen, red or hot calf (rubbing or warming a clot is the wrong first aid); after a step
        with no timer, how to say it is done."""
        runner, mode = self.runner, self.options.mode
        if mode == "relief" and runner.step.technique in RUBBING_TECHNIQUES and runner.round == 1:
            first = next(i for i, step in enumerate(runner.routine.steps) if step.technique in RUBBING_TECHNIQUES)
            if runner.step_index == first:
                words = " ".join(filter(None, (self._optional_say("swollen_check"), words)))
        if runner.waiting:
            words = " ".join(filter(None, (words, self._optional_say("wait_for_next"))))
        return words

    def _optional_say(self, key: str) -> str:
        """A prompt newer than some people's own content: said if their session.yaml has it."""
        return self.content.say_for(key, not self.hears) if key in self.content.prompts else ""

    # ----- intents
    def expected_intents(self) -> frozenset[str]:
        """What the current screen can use; the shell adds the vocabulary's global intents."""
        if self.phase == "routine":
            return frozenset(ROUTINE_INTENTS + (SIDE_INTENTS if self.side_question_open else ()))
        if self.phase in ("check_in", "checklist"):
            return frozenset(ANSWER_INTENTS)
        return frozenset(("repeat", "back"))

    def handle(self, intent: str, now: float, low_confidence: bool = False, spoken: bool = False) -> list[Effect]:
        """An intent from a key or the voice. A spoken "no" that is doubtful, or any spoken "no" to an
        emergency question, is read back for confirmation: mishearing a "no" is the unsafe mistake."""
        if intent == "emergency":
            return self._emergency(now)
        if intent == "repeat" and self.phase == "outcome" and self.outcome is not None and self.outcome.spoken_rest:
            return [StopSpeech()] + self._say(self.outcome.spoken_rest, "outcome", now)  # "R for more"
        if intent == "repeat":
            return [StopSpeech()] + (self._say(self.last_said.text, self.last_said.kind, now) if self.last_said else [])
        if intent == "help":  # the shell then reads the keys
            words = self.content.say_for("help", not self.hears)
            return [StopSpeech()] + (self._say(words, "notice", now) if words else [])
        if intent == "next" and self.phase == "checklist":
            return self._keep_answer(now)
        handler = {"routine": self._routine_intent, "check_in": self._check_in_intent, "checklist": self._checklist_intent, "outcome": self._outcome_intent}.get(self.phase)
        doubtful = low_confidence or (spoken and intent == "no" and self._asking_emergency_question())
        return handler(intent, now, doubtful) if handler else []

    def _asking_emergency_question(self) -> bool:
        question = self.checklist.current if self.phase == "checklist" and self.checklist else None
        return question is not None and question.tier == "emergency"

    def _routine_intent(self, intent: str, now: float, _low: bool) -> list[Effect]:
        runner = self.runner
        intent = same_effect("routine", intent)
        if intent == "pause":
            caught_up = self.tick(now)  # what was due before the pause stays where it was; only the rest moves
            if self.phase != "routine":
                return caught_up
            runner.pause(now)
            return caught_up + [StopSpeech()] + self._say(self.content.prompts["paused"].say, "notice", now)
        if intent == "resume":
            was_paused = runner.paused_at is not None
            runner.resume(now)
            return self._say(self.content.prompts["resumed"].say, "notice", now) if was_paused else []
        if runner.paused_at is not None and intent in ("next", "back"):
            runner.resume(now)
        if intent == "next":
            self.side_question_open = False
            return [StopSpeech()] + self._step_done(now) if not runner.finished_step else []
        if intent == "back":
            return [StopSpeech()] + self._says(runner.go_to_step(max(runner.step_index - 1, 0), now))
        if intent in ("worse", "swollen") and self.options.mode == "relief" and (intent == "swollen" or runner.step.technique != "stretch"):
            return self._swollen(now)
        if intent == "worse" and self.options.mode == "relief":
            self.notes.append(self.content.text("diary_note_worse"))
            self.stretch_made_it_worse = True
            effects: list[Effect] = [StopSpeech(), Record({"notes": " ".join(self.notes)})]
            effects += self._say(self.content.prompts["worse"].say, "instruction", now)
            return effects + self._begin_checklist(now)
        if intent in SIDE_INTENTS and self.side_question_open:
            return self._side_answer(intent, now)
        return []

    def _side_answer(self, intent: str, now: float) -> list[Effect]:
        effects: list[Effect] = []
        if intent in ("left", "right", "both"):
            self.runner.leg = intent
            effects.append(Record({"leg": intent}))
            self.side_question_open = self.site == self.content.start_site  # still offer another site
            text = personalise(self.content, self.content.prompts["side_confirmed"].say, intent, self.runner.routine.muscle)
            return effects + self._say(text[:1].upper() + text[1:], "readback", now)
        site = SITE_FOR_INTENT[intent]
        self.side_question_open = self.runner.leg is None
        if site == self.site or site not in self.content.routines:
            return []
        self.site = site
        routine = self.content.routines[site]
        self.runner.switch_routine(routine, now)
        effects = [StopSpeech(), Record({"site": site})]
        effects += self._say(fill(self.content.prompts["site_switched"].say, title=routine.title.lower()), "notice", now)
        return effects + self._say(self._framed(self.runner.instruction(with_title=False)), "instruction", now)

    def _check_in_intent(self, intent: str, now: float, _low: bool) -> list[Effect]:
        if intent == "yes":
            self.eased_after = now - self.started_at
            effects: list[Effect] = [Record({"eased_after_s": round(self.eased_after, 1)})]
            effects += self._say(self.content.prompts["eased"].say, "readback", now)
            return effects + self._begin_checklist(now)
        if intent in ("no", "unsure", "next"):
            return self._say(self.content.prompts["not_eased"].say, "readback", now) + self._advance(now)
        if intent == "back":
            return [StopSpeech()] + self._says(self.runner.go_to_step(self.runner.step_index, now))
        if intent in ("worse", "swollen"):  # "it got worse" in answer to "Has it eased?": same as during the step
            return self._routine_intent(intent, now, False)
        return []

    def _swollen(self, now: float) -> list[Effect]:
        """W or "it's swollen" away from a stretch: the calf may be swollen, red or hot, a possible clot,
        so stop rubbing or warming it and go to the checklist (its swelling question decides the tier).
        Not noted as "the stretch made it worse": no stretch was under way."""
        effects: list[Effect] = [StopSpeech()]
        effects += self._say(self._optional_say("swollen") or self.content.prompts["worse"].say, "instruction", now)
        return effects + self._begin_checklist(now)

    # ----- silence
    def no_reply(self, now: float) -> list[Effect]:
        """A listening turn ended with nothing usable (silence, noise, other speech)."""
        if self.phase == "check_in":
            self.check_in_misses += 1
            if self.check_in_misses == 1:
                return [Louder()] + self._say(self.content.prompts["check_in_again"].say, "question", now)
            return self._check_in_intent("no", now, False)  # keep relieving; the 10-minute rule still applies
        if self.phase == "checklist" and self.checklist and self.checklist.current:
            read_back_dropped = self.checklist.confirming is not None
            misses = self.checklist.miss()
            question = self.checklist.current
            again = f"{self.content.prompts['question_again'].say} {self._question_text(question.say)}"
            if misses == 1:
                return [Louder()] + self._say(again, "question", now)
            # An unanswered read-back is dropped: the question itself is asked again, so that what the
            # person last heard is what Y, N or U now answers.
            effects = self._say(again, "question", now) if read_back_dropped else []
            if misses == 2:
                effects += self._say(self.content.prompts["keyboard_fallback"].say, "notice", now)
            return effects
        return []

    def keyboard_only(self) -> bool:
        """After two misses the checklist waits for a key: the shell stops listening for this question."""
        return bool(self.phase == "checklist" and self.checklist and self.checklist.misses >= 2)

    # ----- checklist
    def _begin_checklist(self, now: float, intro: bool = True) -> list[Effect]:
        self.phase = "checklist"
        self.side_question_open = False
        self.runner.pause(now)
        self.checklist = self._new_checklist(now)
        effects: list[Effect] = [Record({"derived": {qid: d.text for qid, d in self.checklist.derived.items()}})]
        return effects + self._ask(now, intro)

    def _new_checklist(self, now: float) -> Checklist:
        """The checklist for this moment. A question whose words assume the cramp has gone is left out
        while it has not (the 10-minute mark, "worse"): the long cramp, or the stretch that hurt,
        already says what that question would."""
        not_eased = self.options.mode == "relief" and self.eased_after is None
        questions = [q for q in self.content.questions if not (q.asked_once_eased and not_eased)]
        return Checklist(questions, self._derived(now), stretch_made_it_worse=self.stretch_made_it_worse)

    def _derived(self, now: float) -> dict[str, Derived]:
        derived: dict[str, Derived] = {}
        for question in self.content.questions:
            if question.derived_from == "episode_timer" and self.options.mode == "relief":
                if self.eased_after is None and now - self.started_at >= LONG_CRAMP_SECONDS:
                    derived[question.id] = Derived("yes", fill(question.derived_text, minutes=int((now - self.started_at) // 60)))
                elif self.eased_after is not None:
                    minutes = max(1, math.ceil(self.eased_after / 60))  # "within": rounded up, never down (83 s: 2 min)
                    derived[question.id] = Derived("no", fill(question.derived_no_text or question.no, minutes=minutes))
            elif question.derived_from == "diary" and self.diary_count is not None:
                if self.diary_count >= self.options.frequent_count:
                    text = fill(question.derived_text, count=self.diary_count, days=self.options.frequent_days)
                    derived[question.id] = Derived("yes", text)
        return derived

    def _question_text(self, template: str) -> str:
        return personalise(self.content, template, self.runner.leg, self.runner.routine.muscle, emergency_number=self.options.emergency_number)

    def _ask(self, now: float, intro: bool = False) -> list[Effect]:
        assert self.checklist is not None
        question = self.checklist.current
        if question is None:
            return self._finish(now)
        text = self._question_text(question.say)
        if intro:
            text = f"{self.content.prompts['checklist_intro'].say} {text}"
        return self._say(text, "question", now)

    def _checklist_intent(self, intent: str, now: float, low_confidence: bool) -> list[Effect]:
        checklist = self.checklist
        assert checklist is not None
        if intent == "back":
            if checklist.confirming is None:
                checklist.back()
            checklist.confirming = None
            return [StopSpeech()] + self._ask(now)
        if intent not in ANSWER_INTENTS or checklist.current is None:
            return []
        if checklist.confirming is not None:
            if intent == "no":  # "is that right?" - "no": ask the question again
                checklist.confirming = None
                return self._ask(now)
            intent = "no" if intent == "yes" else "unsure"
        elif intent == "no" and low_confidence:
            checklist.confirming = "no"
            return self._say(self.content.prompts["confirm_no"].say, "question", now)
        question = checklist.answer(intent)
        readback = {"yes": question.yes, "no": question.no, "unsure": self.content.unsure_readback}[intent]
        effects: list[Effect] = [Record({"answers": checklist.all_answers()})]
        effects += self._say(readback, "readback", now)
        return effects + (self._finish(now) if checklist.done else self._ask(now))

    def _keep_answer(self, now: float) -> list[Effect]:
        """→ on a question answered before (gone back to, or reopened with C from the outcome): keep
        that answer and move on, so any one answer can be changed without giving all the others again."""
        checklist = self.checklist
        question = checklist.current if checklist is not None else None
        if checklist is None or question is None or checklist.confirming is not None:
            return []
        if checklist.keep():  # a derived answer, kept as voiceaid worked it out
            return [StopSpeech()] + (self._finish(now) if checklist.done else self._ask(now))
        if question.id not in checklist.answers:
            return []
        return self._checklist_intent(checklist.answers[question.id], now, False)

    # ----- outcome
    def _emergency(self, now: float) -> list[Effect]:
        self.runner.pause(now)
        if self.checklist is None:
            self.checklist = self._new_checklist(now)
        self.checklist.emergency_requested = True
        self.checklist.done = True
        return [StopSpeech()] + self._finish(now)

    def _finish(self, now: float) -> list[Effect]:
        assert self.checklist is not None
        self.phase = "outcome"
        decision = self.checklist.outcome()
        self.outcome = outcome_text(self.content, decision, self.options.emergency_number, self._question_text, tip=self.options.tip)
        record = Record({"answers": self.checklist.all_answers(), "disposition": decision.disposition, "reasons": list(decision.reasons), "ended": True})
        spoken = " ".join(filter(None, (self.outcome.spoken, self._optional_say("outcome_more"))))
        return [record] + self._say(spoken, "outcome", now)

    def _outcome_intent(self, intent: str, now: float, _low: bool) -> list[Effect]:
        if intent == "back":
            return self.change_answer(None, now)
        return []

    def change_answer(self, question_id: str | None, now: float) -> list[Effect]:
        """From the outcome: ask a question again (the last one asked, or the one named, derived ones
        included); the outcome is decided afresh once the checklist is done again."""
        if self.phase != "outcome" or self.checklist is None:
            return []
        self.checklist.reopen(question_id)
        if self.checklist.current is None:
            self.checklist.done = True
            return []
        self.phase = "checklist"
        self.outcome = None
        effects: list[Effect] = [StopSpeech(), Record({"derived": {qid: d.text for qid, d in self.checklist.derived.items()}})]
        return effects + self._ask(now)
