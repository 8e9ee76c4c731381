"""The bounded YAML reader: lines for every value, YAML 1.2 scalars, and clean refusals."""

from __future__ import annotations

import pytest

from voiceaid.safe_yaml import MAX_BYTES, MAX_DEPTH, YamlError, dump_yaml, load_yaml_text, load_yaml_with_lines


def test_values_and_their_lines():
    data, lines = load_yaml_with_lines("a: 1\nsteps:\n  - hold: 30\n  - hold: 40\n", "f.yaml")
    assert data == {"a": 1, "steps": [{"hold": 30}, {"hold": 40}]}
    assert lines[("a",)] == 1
    assert lines[("steps", 0, "hold")] == 3
    assert lines[("steps", 1, "hold")] == 4


def test_empty_document_is_none():
    assert load_yaml_text("", "f.yaml") is None
    assert load_yaml_text("# only a comment\n", "f.yaml") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),  # YAML 1.2: yes/no/on/off are words, not booleans
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("22:30", "22:30"),  # not the base-60 number 1350
        ("2024-13-45", "2024-13-45"),  # not a date (that would fail to build)
        ("=", "="),
        ("<<", "<<"),
        ("~", None),
        ("null", None),
        ("12", 12),
        ("-3", -3),
        ("1_000", 1000),
        ("0x1f", 31),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        (".inf", float("inf")),
        ("0", 0),
        ("017", "017"),  # a leading zero: text as written (a phone number), not octal 15
        ("0112", "0112"),
        ("07.5", 7.5),
    ],
)
def test_core_schema_scalars(text, value):
    assert load_yaml_text(f"v: {text}\n", "f.yaml") == {"v": value}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("a: !!python/object:os.system ls\n", "tags (!) are not allowed"),
        ("a: !custom 1\n", "tags (!) are not allowed"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a:\n\tb: 1\n", "not valid YAML"),
        ("a: 1\na: 2\n", "'a' is given twice"),
        ("? [1, 2]\n: x\n", "a key must be plain text"),
        ("a: \x07\n", "not valid YAML"),
        ("a: 1\x00\n", "NUL bytes"),
        ("a: " + "1" * 5000 + "\n", "cannot read the value"),
    ],
)
def test_refusals_are_yaml_errors_naming_the_file(text, needle):
    with pytest.raises(YamlError) as caught:
        load_yaml_text(text, "f.yaml")
    message = str(caught.value)
    assert message.startswith("f.yaml")
    assert needle in message


def test_errors_name_the_line():
    with pytest.raises(YamlError, match=r"^f\.yaml:3: 'b' is given twice"):
        load_yaml_text("a: 1\nb: 2\nb: 3\n", "f.yaml")
    with pytest.raises(YamlError, match=r"^f\.yaml:2: anchors"):
        load_yaml_text("a: 1\nb: &x 2\n", "f.yaml")


def test_nesting_limit():
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_yaml_text(ok, "f.yaml") is not None
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(YamlError, match="nest"):
        load_yaml_text(deep, "f.yaml")
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "x\n"
    with pytest.raises(YamlError, match=r"nested more than \d+ levels"):
        load_yaml_text(block, "f.yaml")


def test_size_limit():
    with pytest.raises(YamlError, match="larger than"):
        load_yaml_text("a: " + "x" * MAX_BYTES, "f.yaml")


def test_surrogates_are_refused_cleanly():
    with pytest.raises(YamlError):
        load_yaml_text("a: \ud800\n", "f.yaml")


def test_dump_round_trips():
    data = {"emergency_number": "112", "bedtime_reminder": "22:30", "volume": 0.5, "microphone": True, "voice": "yes"}
    assert load_yaml_text(dump_yaml(data), "f.yaml") == data
