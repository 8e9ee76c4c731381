"""Content loading and validation: every problem class, each as `file:line: field: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voiceaid.content import ContentError, builtin_content_dir, load_content
from voiceaid.content.build import QUESTION_IDS, REQUIRED_INTENTS, REQUIRED_PROMPTS, REQUIRED_STRINGS
from voiceaid.content.loader import FILES, summary
from voiceaid.content.models import Content

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content" / "en", target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first `count` occurrences of `old`; return the 1-based line of the first one."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(path: Path, needle: str, after: str = "") -> int:
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def problems(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    assert caught.value.problems, "a ContentError always lists its problems"
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_builtin_content_loads():
    content = load_content()
    assert isinstance(content, Content)
    assert set(content.routines) == {"calf", "foot", "back_of_thigh", "front_of_thigh"}
    assert [q.id for q in content.questions] == list(QUESTION_IDS)
    assert set(content.dispositions) == {"emergency", "today", "soon", "self_care"}
    assert all(key in content.prompts for key in REQUIRED_PROMPTS)
    assert all(key in content.strings for key in REQUIRED_STRINGS)
    assert all(key in content.vocabulary.intents for key in REQUIRED_INTENTS)
    assert "emergency" in content.vocabulary.global_intents
    calf = content.routines["calf"].steps[0]
    assert (calf.id, calf.technique, calf.hold, calf.rounds, calf.cues.countdown) == ("calf_stretch", "stretch", 30.0, 2, 3)
    assert content.bedtime.steps[0].one_sided is True
    assert summary(content).startswith("content OK (")
    assert builtin_content_dir() == REPO / "content" / "en"


def test_copied_content_loads_and_names_its_source(content_dir: Path):
    content = load_content(content_dir)
    assert content.source == str(content_dir)


def test_own_ui_strings_win_and_strings_it_lacks_come_from_the_builtin_ones(content_dir: Path):
    """A translation written for an earlier version has only the strings of its day: newer ones show
    in the built-in language instead of as raw keys, and its own strings are used everywhere else."""
    import yaml

    ui = content_dir / "ui.yaml"
    data = yaml.safe_load(ui.read_text(encoding="utf-8"))
    data["strings"] = {key: f"[{key}]" for key in REQUIRED_STRINGS}
    ui.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content = load_content(content_dir)
    assert content.text("safety_note") == "[safety_note]"
    assert content.text("diary_title") == "Cramp diary"
    assert content.text("diary_counts", last_7=1, last_30=2, total=3) == "Last 7 days: 1 · 30 days: 2 · all: 3"
    assert content.text("no_such_string") == "no_such_string"


def test_own_dispositions_without_the_newer_reasons_get_the_builtin_ones(content_dir: Path):
    """An outcome must never fail for a missing reason text: one written for an earlier version
    speaks the newer reasons in the built-in language."""
    import yaml

    dispositions = content_dir / "dispositions.yaml"
    data = yaml.safe_load(dispositions.read_text(encoding="utf-8"))
    data["extra_reasons"] = {"asked_for_emergency": "[asked]"}
    dispositions.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content = load_content(content_dir)
    assert content.extra_reasons["asked_for_emergency"] == "[asked]"
    assert content.extra_reasons["stretch_made_it_worse"] == load_content().extra_reasons["stretch_made_it_worse"]


def test_help_keys_take_an_optional_keys_only_meaning(content_dir: Path):
    content = load_content(content_dir)
    assert dict(content.keys())["ESC"] == "close help or the diary (or say back)"
    assert dict(content.keys(keys_only=True))["ESC"] == "close help or the diary"
    assert dict(content.keys(keys_only=True))["SPACE"] == "pause or resume"  # no third: the same
    ui = content_dir / "ui.yaml"
    line = edit(ui, '  - ["SPACE", "pause or resume"]', '  - ["SPACE", "pause or resume", "pause", "resume"]')
    assert problems(content_dir) == [
        f'{ui}:{line}: help_keys[0]: must be a pair of texts: ["KEY", "what it does"] (a third, optional: the same with no microphone)'
    ]


@pytest.mark.parametrize("hold", ["0", "-5", "0.0"])
def test_non_positive_hold_has_the_exact_shape(content_dir: Path, hold: str):
    routines = content_dir / "routines.yaml"
    line = line_of(routines, "hold: 40", after="calf_massage")
    edit(routines, "        hold: 40\n", f"        hold: {hold}\n")
    assert problems(content_dir) == [f"{routines}:{line}: routines.calf.steps[2].hold: must be a number of seconds from 1 to 3600"]


def test_missing_field_points_at_its_parent(content_dir: Path):
    routines = content_dir / "routines.yaml"
    parent_line = line_of(routines, "  foot:")
    edit(routines, "    muscle: foot\n", "")
    assert problems(content_dir) == [f"{routines}:{parent_line}: routines.foot.muscle: is missing"]


def test_missing_step_field(content_dir: Path):
    routines = content_dir / "routines.yaml"
    step_line = line_of(routines, "- id: calf_stand") 
    edit(routines, '        title: Stand on it\n', "")
    assert problems(content_dir) == [f"{routines}:{step_line}: routines.calf.steps[1].title: is missing"]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("        hold: 30\n", '        hold: "thirty"\n', "routines.calf.steps[0].hold", "must be a number of seconds from 1 to 3600"),
        ("        hold: 30\n", "        hold: true\n", "routines.calf.steps[0].hold", "must be a number of seconds from 1 to 3600"),
        ("        repetitions: 1\n", "        repetitions: two\n", "routines.calf.steps[0].repetitions", "must be a whole number from 1 to 20"),
        ("        repetitions: 1\n", "        repetitions: 1.5\n", "routines.calf.steps[0].repetitions", "must be a whole number from 1 to 20"),
        ("        check_in: true\n", "        check_in: yes\n", "routines.calf.steps[0].check_in", "must be true or false"),
        ("    title: Calf cramp\n", "    title: 5\n", "routines.calf.title", "must be non-empty text"),
        ("    title: Calf cramp\n", '    title: "  "\n', "routines.calf.title", "must be non-empty text"),
        ("        cues: {halfway: true, countdown: 3, release: true}\n", "        cues: [1, 2]\n", "routines.calf.steps[0].cues", "must be a mapping of name: value"),
        ("        cues: {halfway: true, countdown: 3, release: true}\n", "        cues: {halfway: true, countdown: 9, release: true}\n", "routines.calf.steps[0].cues.countdown", "must be a whole number from 0 to 5"),
        ("      rest: 5\n", "      rest: lots\n", "bedtime.steps[0].rest", "must be a number of seconds from 0 to 600"),
    ],
)
def test_wrong_types(content_dir: Path, old: str, new: str, field: str, message: str):
    routines = content_dir / "routines.yaml"
    line = edit(routines, old, new)
    assert problems(content_dir) == [f"{routines}:{line}: {field}: {message}"]


def test_steps_must_be_a_list(content_dir: Path):
    routines = content_dir / "routines.yaml"
    text = routines.read_text()
    start = text.index("    steps:\n", text.index("  foot:"))
    end = text.index("  back_of_thigh:")
    routines.write_text(text[:start] + "    steps: none yet\n\n" + text[end:])
    line = line_of(routines, "    steps: none yet")
    assert problems(content_dir) == [f"{routines}:{line}: routines.foot.steps: must be a non-empty list"]


def test_unknown_site_technique_tier(content_dir: Path):
    routines = content_dir / "routines.yaml"
    site_line = edit(routines, "  front_of_thigh:\n", "  shin:\n")
    technique_line = edit(routines, "technique: massage", "technique: tickle")
    checklist = content_dir / "checklist.yaml"
    tier_line = edit(checklist, "tier: soon", "tier: later")
    found = problems(content_dir)
    assert f"{routines}:{site_line}: routines.shin: unknown site; use one of: calf, foot, back_of_thigh, front_of_thigh" in found
    assert f"{routines}:{technique_line}: routines.calf.steps[2].technique: 'tickle' is not allowed; use one of: stretch, massage, warmth, walk" in found
    assert f"{checklist}:{tier_line}: questions[11].tier: 'later' is not allowed; use one of: emergency, today, soon" in found


def test_start_site_must_have_a_routine(content_dir: Path):
    routines = content_dir / "routines.yaml"
    line = edit(routines, "start_site: calf", "start_site: foot")
    text = routines.read_text()
    routines.write_text(text[: text.index("  foot:\n")] + text[text.index("  back_of_thigh:\n") :])
    assert problems(content_dir) == [f"{routines}:{line}: start_site: 'foot' has no routine under routines"]


def test_missing_question(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    text = checklist.read_text()
    checklist.write_text(text[: text.index("  - id: walking_pain")] + text[text.index("unsure_readback:") :])
    line = line_of(checklist, "questions:")
    assert problems(content_dir) == [f"{checklist}:{line}: questions: question 'walking_pain' is missing"]


def test_question_without_id(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    line = edit(checklist, "  - id: frequent\n    tier: soon", "  - tier: soon")
    found = problems(content_dir)
    assert f"{checklist}:{line}: questions[12].id: is missing" in found
    assert any("question 'frequent' is missing" in p for p in found)


def test_duplicate_ids(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    line = edit(checklist, "- id: walking_pain", "- id: numb_weak")
    routines = content_dir / "routines.yaml"
    step_line = edit(routines, "- id: calf_stand", "- id: calf_stretch")
    found = problems(content_dir)
    assert f"{checklist}:{line}: questions[14].id: question 'numb_weak' is given twice" in found
    assert f"{routines}:{step_line}: routines.calf.steps[1].id: step id 'calf_stretch' is used twice" in found


def test_unknown_question_id(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    line = edit(checklist, "- id: walking_pain", "- id: sore_toe")
    found = problems(content_dir)
    assert f"{checklist}:{line}: questions[14].id: unknown question 'sore_toe'; known: " + ", ".join(QUESTION_IDS) in found


def test_tier_order(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    edit(checklist, "  - id: walking_pain\n    tier: soon", "  - id: walking_pain\n    tier: emergency")
    line = line_of(checklist, "questions:")
    assert problems(content_dir) == [f"{checklist}:{line}: questions: questions must be in tier order: emergency first, then today, then soon"]


def test_a_built_in_red_flag_keeps_at_least_its_tier(content_dir: Path):
    """Chest pain moved to "soon" (and to the end, in tier order) passed check-content and then triaged
    as "soon"; a red flag may be made more urgent, never less."""
    checklist = content_dir / "checklist.yaml"
    text = checklist.read_text(encoding="utf-8")
    start = text.index("  - id: chest_or_breath")
    end = text.index("  - id: cold_pale_leg")
    block = text[start:end].replace("tier: emergency", "tier: soon")
    text = text[:start] + text[end:]
    cut = text.index("\nunsure_readback")
    checklist.write_text(text[:cut].rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n" + text[cut:], encoding="utf-8")
    line = line_of(checklist, "tier: soon", after="id: chest_or_breath")
    assert problems(content_dir) == [
        f"{checklist}:{line}: questions[{len(QUESTION_IDS) - 1}].tier: 'chest_or_breath' is an emergency red flag: its tier can be emergency or more urgent, not soon"
    ]


def test_a_red_flag_may_be_made_more_urgent(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    edit(checklist, "  - id: walking_pain\n    tier: soon", "  - id: walking_pain\n    tier: soon")  # unchanged: loads
    edit(checklist, "  - id: statin_pain\n    tier: today", "  - id: statin_pain\n    tier: today")
    assert load_content(content_dir).question("walking_pain").tier == "soon"


@pytest.mark.parametrize("key", ["title", "show"])
def test_the_emergency_outcome_shows_the_number(content_dir: Path, key: str):
    dispositions = content_dir / "dispositions.yaml"
    text = dispositions.read_text(encoding="utf-8")
    start = text.index(f"    {key}:", text.index("  emergency:"))
    end = text.index("\n", start)
    line = text[:start].count("\n") + 1
    dispositions.write_text(text[:start] + f'    {key}: "Get help now."' + text[end:], encoding="utf-8")
    assert problems(content_dir) == [f"{dispositions}:{line}: dispositions.emergency.{key}: must show the emergency number with {{emergency_number}}"]


def test_an_unknown_placeholder_is_an_error_not_spoken(content_dir: Path):
    routines = content_dir / "routines.yaml"
    line = edit(routines, "say: \"Straighten {your_leg} knee", "say: \"Straighten {your_legg} knee")
    found = problems(content_dir)
    assert len(found) == 1 and found[0].startswith(f"{routines}:{line}: ")
    assert "unknown placeholder {your_legg}" in found[0]


def test_an_unclosed_brace_is_an_error(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    line = edit(checklist, 'yes: "Dark urine."', 'yes: "Dark urine {."')
    assert problems(content_dir) == [f"{checklist}:{line}: questions[{QUESTION_IDS.index('dark_urine')}].yes: has a {{ or }} that does not close; write {{name}} for a placeholder, or leave braces out"]


@pytest.mark.parametrize("hold", ["0.5", "0.01"])
def test_a_hold_under_a_second_is_refused(content_dir: Path, hold: str):
    routines = content_dir / "routines.yaml"
    line = edit(routines, "        hold: 30\n", f"        hold: {hold}\n")
    found = problems(content_dir)
    assert any(p.startswith(f"{routines}:{line}: ") and p.endswith("hold: must be a number of seconds from 1 to 3600") for p in found), found


def test_missing_prompt_string_intent(content_dir: Path):
    session, ui, vocabulary = (content_dir / name for name in ("session.yaml", "ui.yaml", "vocabulary.yaml"))
    edit(session, '  paused:\n    say: "Paused."\n', "")
    edit(ui, '  not_heard: "Didn\'t catch that."\n', "")
    edit(vocabulary, "  pause: [pause, wait, hold on]\n", "")
    edit(vocabulary, "global: [emergency, repeat, help, stop, back]", "global: [emergency, repeat, help, stop, back, pause]")
    found = problems(content_dir)
    assert f"{session}:{line_of(session, 'prompts:')}: prompts.paused: is missing (the app needs this text)" in found
    assert f"{ui}:{line_of(ui, 'strings:')}: strings.not_heard: is missing (the app needs this text)" in found
    assert f"{vocabulary}:{line_of(vocabulary, 'intents:')}: intents.pause: is missing (the app needs this text)" in found
    assert f"{vocabulary}:{line_of(vocabulary, 'global:')}: global: must be a list of intents named under intents" in found
    assert len(found) == 4


def test_emergency_must_be_global_and_spoken(content_dir: Path):
    vocabulary = content_dir / "vocabulary.yaml"
    line = edit(vocabulary, "global: [emergency, repeat, help, stop, back]", "global: [repeat, help]")
    dispositions = content_dir / "dispositions.yaml"
    edit(dispositions, "standing_line: \"This is general information, not a diagnosis. If you are worried, contact a doctor. In an emergency, call {emergency_number}.\"", 'standing_line: "Be well."')
    found = problems(content_dir)
    assert f"{vocabulary}:{line}: global: must include emergency: it is heard on every screen" in found
    assert any(p.endswith("standing_line: must name the emergency number with {emergency_number}") for p in found)


def test_countdown_too_long_for_the_hold(content_dir: Path):
    routines = content_dir / "routines.yaml"
    line = line_of(routines, "cues:", after="- id: calf_stand")
    edit(routines, "        hold: 30\n", "        hold: 30\n", count=1)
    text = routines.read_text()
    at = text.index("        hold: 30\n", text.index("- id: calf_stand"))
    routines.write_text(text[:at] + "        hold: 5\n" + text[at + len("        hold: 30\n") :])
    found = problems(content_dir)
    assert found == [f"{routines}:{line}: routines.calf.steps[1].cues.countdown: a 3-second countdown needs a hold of at least 6 seconds"]


def test_bad_hold_is_reported_once(content_dir: Path):
    routines = content_dir / "routines.yaml"
    edit(routines, "        hold: 30\n", "        hold: -1\n")
    assert len(problems(content_dir)) == 1


def test_entries_that_are_not_mappings(content_dir: Path):
    routines, dispositions, session, tips = (content_dir / n for n in ("routines.yaml", "dispositions.yaml", "session.yaml", "tips.yaml"))
    text = routines.read_text()
    routines.write_text(text[: text.index("  foot:\n")] + "  foot:\n" + text[text.index("  back_of_thigh:\n") :])
    edit(dispositions, '  soon:\n    title: "See a doctor in the coming days"', '  soon: "See a doctor"\n  _unused:\n    title: "x"')
    edit(session, '  resumed:\n    say: "Carrying on."', '  resumed: "Carrying on."')
    edit(tips, "  - id: keep_active", "  - just text\n  - id: keep_active")
    found = problems(content_dir)
    assert f"{routines}:{line_of(routines, '  foot:')}: routines.foot: must be a mapping with muscle, title and steps" in found
    assert any(p.startswith(f"{dispositions}:") and "dispositions.soon: must be a mapping of name: value" in p for p in found)
    assert f"{session}:{line_of(session, '  resumed:')}: prompts.resumed: must be a mapping of name: value" in found
    assert f"{tips}:{line_of(tips, '  - just text')}: tips[1]: must be a mapping of name: value" in found
    assert all(found.count(p) == 1 for p in found), "each problem once"


def test_spoken_cue_must_be_text(content_dir: Path):
    session = content_dir / "session.yaml"
    line = edit(session, '  rest: "Rest."', "  rest: 5")
    assert problems(content_dir) == [f"{session}:{line}: cues.rest: must be non-empty text"]


def test_global_with_odd_types_is_a_problem_not_a_crash(content_dir: Path):
    vocabulary = content_dir / "vocabulary.yaml"
    line = edit(vocabulary, "global: [emergency, repeat, help, stop, back]", "global: [emergency, [repeat], {a: 1}]")
    assert f"{vocabulary}:{line}: global: must be a list of intents named under intents" in problems(content_dir)


def test_every_problem_is_listed_not_only_the_first(content_dir: Path):
    routines, checklist, ui = (content_dir / n for n in ("routines.yaml", "checklist.yaml", "ui.yaml"))
    edit(routines, "        hold: 30\n", "        hold: 0\n", count=100)
    edit(checklist, "    tier: today\n", "    tier: tomorrow\n", count=100)
    edit(ui, '  step_of: "Step {n} of {total}"\n', "")
    found = problems(content_dir)
    holds = routines.read_text().count("        hold: 0\n")
    assert sum("hold: must be a number of seconds from 1" in p for p in found) == holds >= 6
    assert sum("'tomorrow' is not allowed" in p for p in found) == 5
    assert sum("strings.step_of: is missing" in p for p in found) == 1
    assert len(found) == len(set(found))


def test_problems_across_files_with_a_broken_file(content_dir: Path):
    (content_dir / "tips.yaml").write_bytes(b"\xff\xfe\x00tips")
    (content_dir / "ui.yaml").write_text("strings: [unclosed\n")
    edit(content_dir / "routines.yaml", "        hold: 40\n", "        hold: 0\n")
    found = problems(content_dir)
    assert f"{content_dir / 'tips.yaml'}: not a UTF-8 text file" in found
    assert any(p.startswith(f"{content_dir / 'ui.yaml'}:2: not valid YAML") for p in found)
    assert any("steps[2].hold: must be a number of seconds from 1" in p for p in found)
    assert len(found) == 3, "a broken file is one problem, not one per missing field"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a UTF-8 text file"),
        (b"routines: \x00\x01\x02", "not a text file (it contains NUL bytes)"),
        (b"", "(top level): must be a mapping"),
        (b"- a\n- b\n", "(top level): must be a mapping"),
        ("routines: \"caf\u00e9\"\n".encode("latin-1"), "not a UTF-8 text file"),
    ],
)
def test_binary_non_utf8_and_empty_files(content_dir: Path, data: bytes, expected: str):
    routines = content_dir / "routines.yaml"
    routines.write_bytes(data)
    found = problems(content_dir)
    assert len(found) == 1
    assert found[0].startswith(str(routines))
    assert expected in found[0]


def test_unreadable_file(content_dir: Path):
    routines = content_dir / "routines.yaml"
    routines.unlink()
    routines.mkdir()  # root can read any file, but nobody can read a directory as a file
    assert problems(content_dir) == [f"{routines}: cannot read (not a regular file)"]


def test_broken_symlink_is_reported_not_silently_replaced(content_dir: Path):
    routines = content_dir / "routines.yaml"
    routines.unlink()
    routines.symlink_to(content_dir / "nowhere.yaml")
    assert problems(content_dir) == [f"{routines}: cannot read (not a regular file)"]


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_permissions(content_dir: Path):
    routines = content_dir / "routines.yaml"
    routines.chmod(0)
    found = problems(content_dir)
    assert found[0].startswith(f"{routines}: cannot read")


def test_oversized_file_is_refused_before_reading(content_dir: Path):
    routines = content_dir / "routines.yaml"
    with routines.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: costs no disk
    assert problems(content_dir) == [f"{routines}: file is larger than 256 kB; content files are small text files"]


def test_partial_directory_falls_back_to_builtin(tmp_path: Path):
    own = tmp_path / "mine"
    own.mkdir()
    shutil.copy(REPO / "content" / "en" / "routines.yaml", own / "routines.yaml")
    edit(own / "routines.yaml", "    title: Calf cramp\n", "    title: My calf routine\n")
    content = load_content(own)
    assert content.routines["calf"].title == "My calf routine"
    assert content.questions == load_content().questions  # the rest is built in
    assert content.strings == load_content().strings


def test_partial_directory_problems_name_the_own_file(tmp_path: Path):
    own = tmp_path / "mine"
    own.mkdir()
    (own / "tips.yaml").write_text("tips:\n  - id: a\n")
    assert problems(own) == [f"{own / 'tips.yaml'}:2: tips[0].text: is missing"]


def test_directory_without_content_files(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    found = problems(tmp_path)
    assert found == [f"{tmp_path}: no content files found; expected one or more of: {', '.join(FILES)}"]


def test_not_a_directory(tmp_path: Path):
    assert problems(tmp_path / "missing") == [f"{tmp_path / 'missing'}: not a directory of content YAML files"]
    (tmp_path / "file.yaml").write_text("a: 1")
    assert problems(tmp_path / "file.yaml") == [f"{tmp_path / 'file.yaml'}: not a directory of content YAML files"]


def test_builtin_files_are_named_relative_to_the_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    own = tmp_path / "mine"
    shutil.copytree(REPO / "content" / "en", own)
    edit(own / "tips.yaml", "  - id: keep_active\n", "  - id: 7\n")
    monkeypatch.chdir(tmp_path)
    found = problems(own)
    assert found == [f"mine/tips.yaml:{line_of(own / 'tips.yaml', '  - id: 7')}: tips[1].id: must be non-empty text"]


# ----- steps that wait for "next", and follow-up questions (issue 26)


def test_a_waiting_step_has_no_timer_and_says_so(content_dir: Path):
    routines = content_dir / "routines.yaml"
    line = edit(routines, "        wait: true\n        rounds: 1\n", "        wait: true\n        hold: 60\n        cues: {halfway: true}\n        rounds: 1\n")
    found = problems(content_dir)
    assert f"{routines}:{line + 1}: routines.calf.steps[3].hold: a step with wait: true waits for 'next' and has no timer; leave this out" in found
    assert any("routines.calf.steps[3].cues: a step with wait: true has no timer cues" in p for p in found)
    assert len(found) == 2


def test_wait_must_be_true_or_false(content_dir: Path):
    routines = content_dir / "routines.yaml"
    line = edit(routines, "        wait: true\n", "        wait: please\n")
    found = problems(content_dir)
    assert f"{routines}:{line}: routines.calf.steps[3].wait: must be true or false" in found


def test_the_builtin_warm_towel_steps_wait_and_follow_ups_are_read():
    content = load_content()
    waiting = [s.id for r in content.routines.values() for s in r.steps if s.wait]
    assert waiting == ["calf_warmth", "hamstring_warmth"]
    assert content.question("urine_emergency").follows == "dark_urine"
    assert content.question("pain_after_cramp").asked_once_eased
    assert "pregnant" in content.question("one_leg_swollen").note and "pregnant" not in content.question("one_leg_swollen").reason


def test_a_follow_up_must_follow_a_question_asked_before_it(content_dir: Path):
    checklist = content_dir / "checklist.yaml"
    line = edit(checklist, "    follows: dark_urine\n", "    follows: walking_pain\n")
    assert problems(content_dir) == [f"{checklist}:{line}: questions[8].follows: 'walking_pain' must be a question given before this one"]


def test_a_follow_up_is_exempt_from_tier_order_but_other_questions_are_not(content_dir: Path):
    # urine_emergency (emergency) comes after today questions: fine, it follows dark_urine
    load_content(content_dir)
    checklist = content_dir / "checklist.yaml"
    edit(checklist, "    follows: dark_urine\n", "")
    line = line_of(checklist, "questions:")
    assert problems(content_dir) == [f"{checklist}:{line}: questions: questions must be in tier order: emergency first, then today, then soon"]
