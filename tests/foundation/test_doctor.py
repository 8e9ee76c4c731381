"""`voiceaid doctor`: one OK/WARN/FAIL line per check with a fix, exit non-zero only on FAIL, fast and quiet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from voiceaid import doctor
from voiceaid.doctor import FAIL, OK, WARN, Check
from voiceaid.doctor.probe import run_command

REPO = Path(__file__).resolve().parents[2]
NAMES = ["speech engine", "espeak-ng voices", "audio output", "microphone", "recogniser model", "whisper engine", "content", "config", "data dir"]
LINE = re.compile(r"^(OK|WARN|FAIL) +([a-z -]+): (.+)$")


def run_doctor(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "doctor", *args], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})}
    )
    return result, time.perf_counter() - start


def report(result: subprocess.CompletedProcess) -> dict[str, tuple[str, str]]:
    checks = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        if match:
            checks[match.group(2)] = (match.group(1), match.group(3))
    return checks


@pytest.mark.slow
def test_doctor_reports_every_check_and_exits_zero_without_fail():
    result, elapsed = run_doctor()
    checks = report(result)
    assert list(checks) == NAMES
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == "", "ALSA/PortAudio chatter must not reach the terminal"
    assert all(status in (OK, WARN) for status, _ in checks.values()), result.stdout
    assert result.returncode == 0
    assert checks["content"][0] == OK and checks["data dir"][0] == OK
    # the default emergency number is a WARN, with the command that fixes it
    assert checks["config"] == (WARN, checks["config"][1]) and "default 112" in checks["config"][1]
    assert "fix: set your local number, e.g.: voiceaid config set emergency_number" in result.stdout
    for line in result.stdout.splitlines():
        if line.startswith("WARN") or line.startswith("FAIL"):
            following = result.stdout.splitlines()[result.stdout.splitlines().index(line) + 1]
            assert following.startswith("      fix: ")
    assert re.search(r"^\d+ OK, \d+ WARN, 0 FAIL: ready", result.stdout, re.M)
    assert elapsed < 8, f"doctor took {elapsed:.1f} s"


@pytest.mark.slow
def test_unwritable_data_dir_fails(isolated_home: Path):
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("a regular file where the data dir should go")  # root ignores permissions; a file still blocks
    result, _ = run_doctor(env={"XDG_DATA_HOME": str(blocker)})
    checks = report(result)
    assert checks["data dir"][0] == FAIL
    assert str(blocker / "voiceaid") in checks["data dir"][1]
    assert "fix: make " in result.stdout
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(r"1 FAIL: not ready", result.stdout)


@pytest.mark.slow
def test_bad_config_and_content_fail(isolated_home: Path, tmp_path: Path):
    config = isolated_home / ".config" / "voiceaid" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("volume: loud\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "routines.yaml").write_text("routines: 5\n")
    result, _ = run_doctor("--content", str(content))
    checks = report(result)
    assert checks["config"][0] == FAIL and "volume: 'loud' is not allowed; use a number from 0 to 1" in checks["config"][1]
    assert checks["content"][0] == FAIL and "problem(s)" in checks["content"][1]
    assert f"voiceaid check-content {content}" in result.stdout
    assert result.returncode == 1


@pytest.mark.slow
def test_emergency_number_set_is_ok(isolated_home: Path):
    result, _ = run_doctor(env={"VOICEAID_EMERGENCY_NUMBER": "999"})
    checks = report(result)
    assert checks["config"] == (OK, checks["config"][1]) and "emergency number 999" in checks["config"][1]


@pytest.mark.audio
@pytest.mark.slow
def test_file_backed_alsa_devices_are_found(alsa_files):
    result, _ = run_doctor()
    checks = report(result)
    assert checks["audio output"][0] == OK, result.stdout
    assert alsa_files.played_bytes() > 0, "the test sound went to the default device"
    assert checks["microphone"][0] == OK, result.stdout
    assert result.stderr == ""


def test_missing_speech_and_audio_tools_only_warn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no espeak-ng, no aplay on this PATH
    espeak = doctor.check_espeak()
    audio = doctor.check_audio_output()
    assert espeak.status == WARN and espeak.fix
    assert audio.status == WARN and "alsa-utils" in audio.fix


def test_data_dir_is_created_and_written(isolated_home: Path):
    check = doctor.check_data_dir()
    assert check.status == OK
    assert (isolated_home / ".local" / "share" / "voiceaid").is_dir()
    assert list((isolated_home / ".local" / "share" / "voiceaid").iterdir()) == [], "the probe file is removed"


def test_content_and_config_checks_directly(tmp_path: Path):
    assert doctor.check_content().status == OK
    assert doctor.check_content(tmp_path / "nowhere").status == FAIL
    assert doctor.check_config().status == WARN


def test_recogniser_model_is_found_and_hears_a_spoken_yes():
    check = doctor.check_recogniser()  # pocketsphinx and its en-us model are project dependencies
    assert check.status == OK, check
    assert "en-us" in check.detail
    assert "a spoken test 'yes' was heard as yes in " in check.detail  # espeak-ng is installed by scripts/test
    from voiceaid.listen.sphinx import lexicon

    learned = sum(map(len, lexicon.read().values()))
    assert learned > 0 and f"with voiceaid's acoustic transform, {learned} learned pronunciations and learned phone confusions" in check.detail


def test_a_damaged_acoustic_transform_is_a_warning(monkeypatch, tmp_path: Path):
    from voiceaid.listen.sphinx import recogniser

    damaged = tmp_path / "adaptation.mllr"
    damaged.write_text("6\n3\n13\n0.5\n", encoding="utf-8")  # cut short
    monkeypatch.setattr(recogniser, "ADAPTATION", damaged)
    check = doctor.check_recogniser()
    assert check.status == WARN and "cannot read the acoustic transform" in check.detail and check.fix == "reinstall voiceaid"


def test_a_missing_acoustic_transform_is_a_warning(monkeypatch, tmp_path: Path):
    from voiceaid.listen.sphinx import recogniser

    monkeypatch.setattr(recogniser, "ADAPTATION", tmp_path / "adaptation.mllr")
    check = doctor.check_recogniser()
    assert check.status == WARN and "adaptation.mllr is missing" in check.detail and check.fix == "reinstall voiceaid"


@pytest.mark.parametrize(
    ("setting", "damaged", "complaint"),
    [
        ("voiceaid.listen.sphinx.lexicon.LEARNED", "help ???\n", "pronunciations.txt:1: expected a word and its phones"),
        ("voiceaid.listen.sphinx.phonematch.CONFUSIONS", "places 4\nsub AE\n", "confusions.txt:2: expected"),
    ],
)
def test_missing_or_damaged_learned_files_are_a_warning(monkeypatch, tmp_path: Path, setting: str, damaged: str, complaint: str):
    """The learned pronunciations and phone confusions: missing, then damaged, each only weakens the
    recogniser, so the doctor warns (and says which file and line) rather than fails."""
    name = complaint.split(":")[0]
    monkeypatch.setattr(setting, tmp_path / name)
    check = doctor.check_recogniser()
    assert check.status == WARN and f"{name} are missing" in check.detail and check.fix == "reinstall voiceaid"
    (tmp_path / name).write_text(damaged, encoding="utf-8")
    check = doctor.check_recogniser()
    assert check.status == WARN and complaint in check.detail


def test_a_recogniser_that_cannot_start_is_a_warning_not_a_crash(tmp_path: Path):
    """Content whose vocabulary has a word no pronouncing dictionary knows: the recogniser cannot
    start with it. The doctor checks the recogniser with the content it is given, and says why."""
    import shutil

    from voiceaid.content import builtin_content_dir

    shutil.copy(builtin_content_dir() / "vocabulary.yaml", tmp_path / "vocabulary.yaml")
    text = (tmp_path / "vocabulary.yaml").read_text(encoding="utf-8")
    assert "yep, " in text
    (tmp_path / "vocabulary.yaml").write_text(text.replace("yep, ", "yep, zzxqv, ", 1), encoding="utf-8")
    check = doctor.check_recogniser(tmp_path)
    assert check.status == WARN, check
    assert "the recogniser cannot start" in check.detail and "zzxqv" in check.detail
    assert doctor.check_recogniser(tmp_path / "no-vocabulary-here").status == OK  # the built-in vocabulary


def test_configured_voice_that_does_not_exist_warns():
    check = doctor.check_speech_engine("no-such-voice-xyz")
    assert check.status == WARN
    if "not among them" in check.detail:
        assert 'voiceaid config set voice ""' in check.fix


def test_a_hanging_child_is_killed_at_the_timeout():
    start = time.perf_counter()
    hang = "import threading; print('started', flush=True); threading.Event().wait()"  # blocks for ever
    result = run_command([sys.executable, "-c", hang], timeout=0.5)
    assert result.returncode is None and "started" in result.stdout
    assert time.perf_counter() - start < 5


def test_report_format_and_exit_code():
    checks = [Check("a", OK, "fine"), Check("b", WARN, "meh", "do x"), Check("c", FAIL, "bad", "do y")]
    lines = doctor.format_report(checks)
    assert lines == ["OK    a: fine", "WARN  b: meh", "      fix: do x", "FAIL  c: bad", "      fix: do y", "1 OK, 1 WARN, 1 FAIL: not ready: fix the FAIL lines"]
    assert doctor.exit_code(checks) == 1
    assert doctor.exit_code(checks[:2]) == 0


@pytest.mark.slow
def test_doctor_tries_whisper_with_speech_when_it_is_the_engine():
    result, _ = run_doctor(env={"VOICEAID_ENGINE": "both"})
    status, detail = report(result)["whisper engine"]
    assert status == OK, result.stdout
    assert "in use (engine both)" in detail and "a spoken test 'yes' was heard as yes" in detail


def test_doctor_says_a_bad_whisper_model_folder_is_not_used(tmp_path):
    result, _ = run_doctor(env={"VOICEAID_ENGINE": "whisper", "VOICEAID_WHISPER_MODEL": str(tmp_path / "nowhere")})
    status, detail = report(result)["whisper engine"]
    assert status == WARN and "not a folder" in detail and "listening with pocketsphinx instead" in detail
    assert "fix: give a faster-whisper model folder, or use the built-in one: voiceaid config set whisper_model ''" in result.stdout
    assert result.returncode == 0


@pytest.mark.parametrize(("voice", "status"), [("en-gb", OK), ("English (America)", OK), ("gb-x", WARN)])
def test_the_configured_voice_is_judged_as_the_app_speaks_it(voice: str, status: str):
    """"en-gb" (espeak-ng's language column) speaks; a name that only contains a real id does not."""
    assert doctor.check_speech_engine(voice).status == status


def test_the_report_points_to_the_log_once_there_is_one():
    from voiceaid import problem_log

    checks = [Check("a", OK, "fine")]
    assert not any("in detail" in line for line in doctor.format_report(checks))
    path = problem_log.start()
    try:
        problem_log.report("speech", "no sound: aplay failed: audio open error")
    finally:
        problem_log.stop()
    assert path is not None and "aplay failed" in path.read_text()
    assert doctor.format_report(checks)[-1] == f"Problems seen while voiceaid ran, in detail: {path}"
