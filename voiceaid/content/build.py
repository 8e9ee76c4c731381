"""Content documents (parsed YAML) into typed models: every field checked, every problem reported
with its file, line and field path, and what the app relies on (the red-flag questions, the prompts,
strings and intents it speaks) required. Reading the files and filling gaps is the loader's job."""

from __future__ import annotations

from typing import Any, Callable

from voiceaid.content.fields import FieldReader
from voiceaid.content.models import (
    DERIVED_SOURCES,
    DISPOSITIONS,
    SITES,
    TECHNIQUES,
    TIERS,
    Content,
    Cues,
    Disposition,
    Prompt,
    Question,
    Routine,
    Step,
    Tip,
    Vocabulary,
)

# The built-in red flags and the tier each has in the clinical notes. Content of one's own may make a
# question more urgent, never less: moving chest pain to "soon" would quietly disarm the safety net.
QUESTION_TIERS = {
    "chest_or_breath": "emergency", "cold_pale_leg": "emergency", "leg_cannot_move": "emergency",
    "stroke_signs": "emergency", "bladder_bowel": "emergency",
    "one_leg_swollen": "today", "pain_after_cramp": "today", "dark_urine": "today", "urine_emergency": "emergency",
    "long_cramp": "today", "statin_pain": "today",
    "new_medicine": "soon", "frequent": "soon", "numb_weak": "soon", "walking_pain": "soon",
}  # fmt: skip
QUESTION_IDS = tuple(QUESTION_TIERS)
REQUIRED_PROMPTS = (
    "side_question", "side_confirmed", "site_switched", "check_in", "check_in_again", "not_eased", "eased",
    "ten_minutes", "worse", "paused", "resumed", "next_step", "routine_done", "bedtime_done", "checklist_intro",
    "question_again", "keyboard_fallback", "confirm_no", "help",
)  # fmt: skip
REQUIRED_CUES = ("halfway", "count", "release", "switch_sides", "rest", "other_side", "again")
REQUIRED_INTENTS = ("yes", "no", "unsure", "repeat", "next", "back", "pause", "resume", "stop", "help", "emergency")
REQUIRED_STRINGS = (
    "safety_note", "emergency_number_hint", "step_of", "round_of", "paused", "listening", "heard", "not_heard",
    "keys_fallback", "voice_off", "mic_off", "diary_off", "content_fallback", "quit_confirm", "question_of",
    "answer_yes", "answer_no", "answer_unsure", "answered_by_voiceaid", "outcome_reasons", "outcome_if_worse",
    "outcome_keys", "idle_prompt", "idle_emergency",
)  # fmt: skip


def build(docs: dict[str, tuple[Any, FieldReader]], problems: list[str], source: str) -> Content | None:
    """Content from every file's (data, reader), or None when `problems` has any: each file is checked
    in full even after a problem, so one run of check-content lists everything to fix."""
    fields: dict[str, Any] = {}
    for name, part in _PARTS.items():
        fields.update(part(*docs[name]))
    if problems:
        return None
    return Content(**fields, source=source)


def _routines_file(data: Any, r: FieldReader) -> dict[str, Any]:
    routines_data = r.mapping(data, (), "routines")
    routines = {site: _routine(routines_data[site], ("routines", site), site, r) for site in routines_data}
    for site in routines:
        if site not in SITES:
            r.problem(("routines", site), f"unknown site; use one of: {', '.join(SITES)}")
    start_site = r.choice(data, (), "start_site", SITES, default="calf")
    if data is not None and start_site not in routines:
        r.problem(("start_site",), f"{start_site!r} has no routine under routines")
    bedtime = _routine(r.mapping(data, (), "bedtime"), ("bedtime",), "bedtime", r) if data is not None else Routine("bedtime", "", "", ())
    return {"routines": routines, "start_site": start_site, "bedtime": bedtime}


def _checklist_file(data: Any, r: FieldReader) -> dict[str, Any]:
    questions_data = r.sequence(data, (), "questions")
    questions = tuple(_question(q, ("questions", i), r) for i, q in enumerate(questions_data))
    ids = [q.id for q in questions]
    if data is not None:
        for qid in QUESTION_IDS:
            if qid not in ids:
                r.problem(("questions",), f"question {qid!r} is missing")
        for i, qid in enumerate(ids):
            if qid not in QUESTION_IDS:
                r.problem(("questions", i, "id"), f"unknown question {qid!r}; known: {', '.join(QUESTION_IDS)}")
            elif ids.index(qid) != i:
                r.problem(("questions", i, "id"), f"question {qid!r} is given twice")
        for i, question in enumerate(questions):
            floor = QUESTION_TIERS.get(question.id)
            given_tier = questions_data[i].get("tier") if isinstance(questions_data[i], dict) else None
            if floor and given_tier in TIERS and TIERS.index(given_tier) > TIERS.index(floor):
                article = "an" if floor[0] in "aeiou" else "a"
                r.problem(("questions", i, "tier"), f"{question.id!r} is {article} {floor} red flag: its tier can be {floor} or more urgent, not {given_tier}")
        # Only tiers given correctly count: an unknown tier is reported once, not again as out of order.
        # A follow-up is asked straight after the question it follows, whatever its tier.
        given = [q.get("tier") if isinstance(q, dict) and not q.get("follows") else None for q in questions_data]
        tiers = [TIERS.index(tier) for tier in given if isinstance(tier, str) and tier in TIERS]
        if tiers != sorted(tiers):
            r.problem(("questions",), "questions must be in tier order: emergency first, then today, then soon")
        _check_follow_ups(questions, r)
    return {"questions": questions, "unsure_readback": r.text(data, (), "unsure_readback")}


def _check_follow_ups(questions: tuple[Question, ...], r: FieldReader) -> None:
    """A follow-up must come after the question it follows, and that one must not be a follow-up
    itself: the checklist asks in order, and a chain would hide a question behind two answers."""
    for i, question in enumerate(questions):
        if question.follows is None:
            continue
        earlier = {q.id: q for q in questions[:i]}
        if question.follows not in earlier:
            r.problem(("questions", i, "follows"), f"{question.follows!r} must be a question given before this one")
        elif earlier[question.follows].follows is not None:
            r.problem(("questions", i, "follows"), f"{question.follows!r} is itself a follow-up; follow a question that is always asked")


def _dispositions_file(data: Any, r: FieldReader) -> dict[str, Any]:
    dispositions_data = r.mapping(data, (), "dispositions")
    dispositions = {}
    for tier in DISPOSITIONS:
        if data is not None and tier not in dispositions_data:
            r.problem(("dispositions", tier), "is missing")
        elif tier in dispositions_data:
            d, path = dispositions_data[tier], ("dispositions", tier)
            dispositions[tier] = Disposition(tier, r.text(d, path, "title"), r.text(d, path, "say"), r.text(d, path, "show"), r.text(d, path, "if_worse"))
    extra_reasons = _texts(r.mapping(data, (), "extra_reasons"), ("extra_reasons",), r)
    standing_line = r.text(data, (), "standing_line")
    if data is not None and "{emergency_number}" not in standing_line:
        r.problem(("standing_line",), "must name the emergency number with {emergency_number}")
    if "emergency" in dispositions:
        emergency = dispositions["emergency"]
        if "{emergency_number}" not in emergency.say and "{emergency_number_spoken}" not in emergency.say:
            r.problem(("dispositions", "emergency", "say"), "must speak the emergency number with {emergency_number}")
        for key in ("title", "show"):
            if "{emergency_number}" not in getattr(emergency, key):
                r.problem(("dispositions", "emergency", key), "must show the emergency number with {emergency_number}")
    return {"dispositions": dispositions, "extra_reasons": extra_reasons, "standing_line": standing_line}


def _session_file(data: Any, r: FieldReader) -> dict[str, Any]:
    prompts_data = r.mapping(data, (), "prompts")
    prompts = {
        key: Prompt(
            r.text(p, ("prompts", key), "say", **({} if key in REQUIRED_PROMPTS else {"default": ""})),  # a shown-only prompt needs no words
            r.text(p, ("prompts", key), "show", default=""),
        )
        for key, p in prompts_data.items()
    }
    _require(prompts_data, REQUIRED_PROMPTS, ("prompts",), r, data)
    cues = r.mapping(data, (), "cues")
    _require(cues, REQUIRED_CUES, ("cues",), r, data)
    for key in cues:
        if key != "count":
            r.text(cues, ("cues",), key)  # each cue is spoken: it must be text
    count = cues.get("count")
    if "count" in cues and not (isinstance(count, list) and len(count) >= 3 and all(isinstance(w, str) and w for w in count)):
        r.problem(("cues", "count"), "must be a list of at least three number words: [one, two, three]")
    return {"prompts": prompts, "cues": cues}


def _tips_file(data: Any, r: FieldReader) -> dict[str, Any]:
    return {"tips": tuple(Tip(r.text(t, ("tips", i), "id"), r.text(t, ("tips", i), "text")) for i, t in enumerate(r.sequence(data, (), "tips")))}


def _vocabulary_file(data: Any, r: FieldReader) -> dict[str, Any]:
    return {"vocabulary": _vocabulary(data, r)}


def _ui_file(data: Any, r: FieldReader) -> dict[str, Any]:
    strings_data = r.mapping(data, (), "strings")
    strings = _texts(strings_data, ("strings",), r)
    _require(strings_data, REQUIRED_STRINGS, ("strings",), r, data)
    help_keys, help_keys_only = [], {}
    for i, pair in enumerate(r.sequence(data, (), "help_keys")):
        if isinstance(pair, list) and len(pair) in (2, 3) and all(isinstance(x, str) for x in pair):
            help_keys.append((pair[0], pair[1]))
            if len(pair) == 3:
                help_keys_only[pair[0]] = pair[2]
        else:
            r.problem(("help_keys", i), 'must be a pair of texts: ["KEY", "what it does"] (a third, optional: the same with no microphone)')
    return {"strings": strings, "help_keys": tuple(help_keys), "help_keys_only": help_keys_only}


# Each content file and what it gives the Content (read in this order, so problems are listed by file).
_PARTS: dict[str, Callable[[Any, FieldReader], dict[str, Any]]] = {
    "routines.yaml": _routines_file,
    "checklist.yaml": _checklist_file,
    "dispositions.yaml": _dispositions_file,
    "session.yaml": _session_file,
    "tips.yaml": _tips_file,
    "vocabulary.yaml": _vocabulary_file,
    "ui.yaml": _ui_file,
}
FILES = tuple(_PARTS)  # what a content directory may hold


def _require(found: dict, keys: tuple[str, ...], path: tuple, r: FieldReader, data: Any) -> None:
    if data is None:
        return
    for key in keys:
        if key not in found:
            r.problem(path + (key,), "is missing (the app needs this text)")


def _texts(data: dict, path: tuple, r: FieldReader) -> dict[str, str]:
    return {str(key): r.text(data, path, key) for key in data}


def _routine(data: Any, path: tuple, routine_id: str, r: FieldReader) -> Routine:
    if not isinstance(data, dict):
        r.problem(path, "must be a mapping with muscle, title and steps")
        return Routine(routine_id, "", "", ())
    steps = tuple(_step(s, path + ("steps", i), r) for i, s in enumerate(r.sequence(data, path, "steps")))
    seen: set[str] = set()
    for i, step in enumerate(steps):
        if step.id in seen:
            r.problem(path + ("steps", i, "id"), f"step id {step.id!r} is used twice")
        seen.add(step.id)
    return Routine(routine_id, r.text(data, path, "muscle"), r.text(data, path, "title"), steps)


def _step(data: Any, path: tuple, r: FieldReader) -> Step:
    if not isinstance(data, dict):
        r.problem(path, "must be a mapping with id, technique, title, say, show and hold")
        return Step("", "stretch", "", "", "", 1.0)
    cues_data = r.mapping(data, path, "cues", required=False)
    cues = Cues(
        halfway=r.flag(cues_data, path + ("cues",), "halfway", True),
        countdown=r.integer(cues_data, path + ("cues",), "countdown", 3, 0, 5),
        release=r.flag(cues_data, path + ("cues",), "release", True),
    )
    wait = r.flag(data, path, "wait", False)
    if wait:
        hold, cues = _waiting_step(data, path, r)
    else:
        problems_before = len(r.problems)
        hold = r.positive_seconds(data, path, "hold")
        hold_ok = len(r.problems) == problems_before  # a bad hold is reported once, not again as a countdown problem
        if hold_ok and cues.countdown and cues.countdown * 2 > hold:
            r.problem(path + ("cues", "countdown"), f"a {cues.countdown}-second countdown needs a hold of at least {cues.countdown * 2} seconds")
    return Step(
        id=r.text(data, path, "id", max_len=60),
        technique=r.choice(data, path, "technique", TECHNIQUES),
        title=r.text(data, path, "title", max_len=60),
        say=r.text(data, path, "say"),
        show=r.text(data, path, "show"),
        hold=hold,
        repetitions=r.integer(data, path, "repetitions", 1, 1, 20),
        rest=r.number(data, path, "rest", 0.0, 0.0, 600.0, "a number of seconds"),
        one_sided=r.flag(data, path, "one_sided", False),
        switch_break=r.number(data, path, "switch_break", 5.0, 0.0, 60.0, "a number of seconds"),
        rounds=r.integer(data, path, "rounds", 1, 1, 10),
        check_in=r.flag(data, path, "check_in", True),
        caution=r.text(data, path, "caution", default=""),
        caution_keys=r.text(data, path, "caution_keys", default=""),
        general_advice=r.flag(data, path, "general_advice", False),
        cues=cues,
        wait=wait,
    )


def _waiting_step(data: dict, path: tuple, r: FieldReader) -> tuple[float, Cues]:
    """A step that waits for "next" has no timer, so nothing that belongs to one: a hold, timer cues,
    repetitions or sides would each promise a countdown the screen does not show."""
    for key, allowed in (("hold", None), ("repetitions", 1), ("one_sided", False), ("rest", None), ("switch_break", None)):
        if key in data and data[key] != allowed:
            r.problem(path + (key,), "a step with wait: true waits for 'next' and has no timer; leave this out")
    cues_data = data.get("cues")
    if isinstance(cues_data, dict) and any(cues_data.get(key) for key in ("halfway", "countdown", "release")):
        r.problem(path + ("cues",), "a step with wait: true has no timer cues; leave cues out")
    return 0.0, Cues(halfway=False, countdown=0, release=False)


def _question(data: Any, path: tuple, r: FieldReader) -> Question:
    if not isinstance(data, dict):
        r.problem(path, "must be a mapping with id, tier, say, show, yes, no and reason")
        return Question("", "soon", "", "", "", "", "")
    derived_from = r.get(data, path, "derived_from", None)
    if derived_from is not None and derived_from not in DERIVED_SOURCES:
        r.problem(path + ("derived_from",), f"{derived_from!r} is not allowed; use one of: {', '.join(DERIVED_SOURCES)}")
        derived_from = None
    return Question(
        id=r.text(data, path, "id", max_len=60),
        tier=r.choice(data, path, "tier", TIERS),
        say=r.text(data, path, "say"),
        show=r.text(data, path, "show"),
        yes=r.text(data, path, "yes"),
        no=r.text(data, path, "no"),
        reason=r.text(data, path, "reason"),
        derived_from=derived_from,
        derived_text=r.text(data, path, "derived_text") if derived_from else "",
        derived_no_text=r.text(data, path, "derived_no_text", default="") if derived_from else "",
        follows=r.text(data, path, "follows", max_len=60) if "follows" in data else None,
        asked_once_eased=r.flag(data, path, "asked_once_eased", False),
        note=r.text(data, path, "note", default=""),
    )


def _vocabulary(data: Any, r: FieldReader) -> Vocabulary:
    intents_data = r.mapping(data, (), "intents")
    intents: dict[str, tuple[str, ...]] = {}
    for intent, phrases in intents_data.items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            r.problem(("intents", intent), "must be a non-empty list of phrases")
            continue
        intents[str(intent)] = tuple(p.strip().lower() for p in phrases)
    _require(intents_data, REQUIRED_INTENTS, ("intents",), r, data)
    global_intents = r.get(data, (), "global", [])
    if not isinstance(global_intents, list) or any(not isinstance(g, str) or g not in intents_data for g in global_intents):
        r.problem(("global",), "must be a list of intents named under intents")
        global_intents = None
    if data is not None and global_intents is not None and "emergency" not in global_intents:
        r.problem(("global",), "must include emergency: it is heard on every screen")
    keys = r.mapping(data, (), "keys", required=False)
    return Vocabulary(intents=intents, global_intents=tuple(global_intents or ()), keys={str(k): str(v) for k, v in keys.items()})
