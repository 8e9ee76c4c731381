"""Typed content: what voiceaid says and shows, loaded from YAML (see `voiceaid.content.loader`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

TECHNIQUES = ("stretch", "massage", "warmth", "walk")
TIERS = ("emergency", "today", "soon")
DISPOSITIONS = ("emergency", "today", "soon", "self_care")
SITES = ("calf", "foot", "back_of_thigh", "front_of_thigh")
DERIVED_SOURCES = ("episode_timer", "diary")


@dataclass(frozen=True)
class Cues:
    halfway: bool = True
    countdown: int = 3  # spoken count over the last N seconds (0: none)
    release: bool = True


@dataclass(frozen=True)
class Step:
    id: str
    technique: str
    title: str
    say: str
    show: str
    hold: float
    repetitions: int = 1
    rest: float = 0.0
    one_sided: bool = False
    switch_break: float = 5.0
    rounds: int = 1
    check_in: bool = True
    caution: str = ""
    caution_keys: str = ""  # the caution as shown when voiceaid cannot hear (no "say 'worse'"); "" = the same
    general_advice: bool = False
    cues: Cues = field(default_factory=Cues)
    wait: bool = False  # no timer: the step waits for "next" (fetching a warm towel takes as long as it takes)


@dataclass(frozen=True)
class Routine:
    id: str
    muscle: str
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Prompt:
    say: str
    show: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    tier: str
    say: str
    show: str
    yes: str
    no: str
    reason: str
    derived_from: str | None = None
    derived_text: str = ""
    derived_no_text: str = ""
    follows: str | None = None  # asked only after a yes or not sure to this question (a follow-up)
    asked_once_eased: bool = False  # its words assume the cramp has gone: not asked while it has not
    note: str = ""  # shown under the reason, never spoken: it applies to some people only (pregnancy)


@dataclass(frozen=True)
class Disposition:
    id: str
    title: str
    say: str
    show: str
    if_worse: str


@dataclass(frozen=True)
class Tip:
    id: str
    text: str


@dataclass(frozen=True)
class Vocabulary:
    intents: Mapping[str, tuple[str, ...]]
    global_intents: tuple[str, ...]
    keys: Mapping[str, str]


@dataclass(frozen=True)
class Content:
    """Everything voiceaid says and shows in one language."""

    routines: Mapping[str, Routine]
    start_site: str
    bedtime: Routine
    questions: tuple[Question, ...]
    unsure_readback: str
    dispositions: Mapping[str, Disposition]
    extra_reasons: Mapping[str, str]
    standing_line: str
    prompts: Mapping[str, Prompt]
    cues: Mapping[str, object]
    tips: tuple[Tip, ...]
    vocabulary: Vocabulary
    strings: Mapping[str, str]
    help_keys: tuple[tuple[str, str], ...]
    help_keys_only: Mapping[str, str] = field(default_factory=dict)  # a key's meaning when nothing listens ("or say back" left out)
    source: str = ""  # where it was loaded from, for messages

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def keys(self, keys_only: bool = False) -> tuple[tuple[str, str], ...]:
        """The help list: (key, what it does); with `keys_only`, without the spoken alternatives."""
        if not keys_only:
            return self.help_keys
        return tuple((key, self.help_keys_only.get(key, meaning)) for key, meaning in self.help_keys)

    def text(self, key: str, **values: object) -> str:
        """A UI string with its placeholders filled; a missing key shows the key, never crashes."""
        return fill(self.strings.get(key, key), **values)

    def text_for(self, key: str, keys_only: bool, **values: object) -> str:
        """`text`, or with `keys_only` (nothing listens) its keys-only variant `<key>_keys` if there is one."""
        return self.text(_variant(key, keys_only, self.strings), **values)

    def say_for(self, key: str, keys_only: bool) -> str:
        """What prompt `key` says, or with `keys_only` what its `<key>_keys` variant says if there is one."""
        return self.prompts[_variant(key, keys_only, self.prompts)].say

    def prompt(self, key: str, **values: object) -> Prompt:
        prompt = self.prompts.get(key, Prompt(say="", show=""))
        return Prompt(say=fill(prompt.say, **values), show=fill(prompt.show, **values))


def _variant(key: str, keys_only: bool, known: Mapping[str, object]) -> str:
    """`key`, or its keys-only variant when nothing listens and the content has one: text that offers
    a spoken alternative ("or say 'resume'") would be a promise voiceaid cannot keep."""
    return f"{key}_keys" if keys_only and f"{key}_keys" in known else key


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: object) -> str:
    """Fill {placeholders}; unknown ones are left visible rather than raising mid-session."""
    try:
        return template.format_map(_Blank(values))
    except (ValueError, IndexError, AttributeError):
        return template
