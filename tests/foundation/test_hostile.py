"""Hostile input: random YAML, bytes, deep nesting, aliases, huge strings and wrong types reach the
content loader and the config parser. Always a clean error (ContentError, YamlError, UserError), never
a traceback or a hang. Examples are derandomized, so every run tries the same inputs."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voiceaid.config import SETTING_KEYS, Settings, env_var, load_settings, save_setting
from voiceaid.content import ContentError, load_content
from voiceaid.content.loader import FILES
from voiceaid.errors import UserError
from voiceaid.safe_yaml import YamlError, load_yaml_text

REPO = Path(__file__).resolve().parents[2]

FAST = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=2),
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers(), st.booleans()), children, max_size=5),
    ),
    max_leaves=30,
)
yaml_ish = st.text(alphabet=st.sampled_from(list("ab01:-[]{}&*!|>'\"#?,.~\n\t  %@`\\")) | st.characters(), max_size=300)


def timed(func, *args, limit: float = 2.0, **kwargs):
    start = time.perf_counter()
    try:
        return func(*args, **kwargs)
    finally:
        assert time.perf_counter() - start < limit, f"{func.__name__} took too long"


# ---------------------------------------------------------------- the YAML reader


@FAST
@given(yaml_ish)
def test_random_yaml_text(text: str):
    try:
        load_yaml_text(text, "x.yaml")
    except YamlError as error:
        assert str(error).startswith("x.yaml")


@FAST
@given(trees)
def test_any_dumped_tree_reads_back_or_is_refused(tree):
    text = yaml.safe_dump(tree, allow_unicode=True)
    try:
        load_yaml_text(text, "x.yaml")
    except YamlError:
        pass


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a: " + "{b: " * 10_000 + "c" + "}" * 10_000,
        "".join("  " * i + f"k{i}:\n" for i in range(10_000)) + "  " * 10_000 + "x\n",
        "".join("  " * i + "-\n" for i in range(10_000)),
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(f"a{i}: &a{i} [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" for i in range(9)),
        "a: " + "x" * 5_000_000,
        "a: '" + "\\" * 1_000_000 + "'",
        "- " * 100_000 + "x",
        "a: !!python/object/apply:os.system [echo hi]\n",
        "\x00\x01\x02" * 1000,
    ],
    ids=["flow-seq-10k", "flow-map-10k", "block-map-10k", "block-seq-10k", "billion-laughs", "5MB-string", "1MB-escapes", "dash-100k", "python-tag", "binary"],
)
def test_hostile_documents_are_refused_fast(text: str):
    with pytest.raises(YamlError):
        timed(load_yaml_text, text, "x.yaml", limit=2.0)


# ---------------------------------------------------------------- the content loader


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REPO / "content" / "en", target)
    return target


@FAST
@given(name=st.sampled_from(FILES), data=st.binary(max_size=2000))
def test_random_bytes_in_any_content_file(content_copy: Path, name: str, data: bytes):
    (content_copy / name).write_bytes(data)
    try:
        timed(load_content, content_copy)
    except ContentError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    finally:
        shutil.copy(REPO / "content" / "en" / name, content_copy / name)


@FAST
@given(name=st.sampled_from(FILES), tree=trees)
def test_wrong_types_anywhere_in_any_content_file(content_copy: Path, name: str, tree):
    (content_copy / name).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    try:
        with pytest.raises(ContentError):
            timed(load_content, content_copy)
    finally:
        shutil.copy(REPO / "content" / "en" / name, content_copy / name)


def _mutations():
    """Replace one value of the real content with a random tree: wrong types deep inside valid files."""
    return st.tuples(st.sampled_from(FILES), st.integers(min_value=0, max_value=10_000), trees)


def _replace_nth(node, n: int, value):
    """Walk the document; replace the n-th (mod count) value with `value`."""
    slots = []

    def walk(item):
        if isinstance(item, dict):
            for key in item:
                slots.append((item, key))
                walk(item[key])
        elif isinstance(item, list):
            for index in range(len(item)):
                slots.append((item, index))
                walk(item[index])

    walk(node)
    parent, key = slots[n % len(slots)]
    parent[key] = value
    return node


@FAST
@given(_mutations())
def test_one_wrong_value_deep_in_real_content(content_copy: Path, mutation):
    name, n, tree = mutation
    original = (REPO / "content" / "en" / name).read_text(encoding="utf-8")
    document = _replace_nth(yaml.safe_load(original), n, tree)
    (content_copy / name).write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        timed(load_content, content_copy)
    except ContentError as error:
        assert all(p.startswith(str(content_copy / name)) for p in error.problems), error.problems
    finally:
        (content_copy / name).write_text(original, encoding="utf-8")


def test_hostile_content_files_are_refused_fast(content_copy: Path):
    (content_copy / "routines.yaml").write_text("a: " + "[" * 10_000 + "]" * 10_000)
    (content_copy / "checklist.yaml").write_text("a: &a [x, x, x, x, x, x, x, x]\n" + "".join(f"b{i}: &b{i} [*a, *a, *a, *a, *a, *a]\n" for i in range(9)))
    (content_copy / "ui.yaml").write_text("strings: '" + "x" * 5_000_000 + "'")
    (content_copy / "tips.yaml").write_bytes(bytes(range(256)) * 100)
    with pytest.raises(ContentError) as caught:
        timed(load_content, content_copy, limit=2.0)
    assert len(caught.value.problems) == 4


# ---------------------------------------------------------------- the config parser


config_values = st.one_of(trees, st.text(max_size=30), st.sampled_from(["on", "off", "22:30", "112", "0.5", "nan", "-inf", "1e999", "0x10", "", " "]))


@FAST
@given(st.dictionaries(st.one_of(st.sampled_from(SETTING_KEYS), st.text(max_size=10)), config_values, max_size=6))
def test_random_config_files(isolated_home: Path, values):
    from voiceaid.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    try:
        settings_, problems = timed(load_settings, environ={})
        assert problems == [] and isinstance(settings_, Settings)
    except UserError as error:
        assert str(error).startswith(str(path))
    lenient, problems = timed(load_settings, environ={}, strict=False)  # never raises
    assert isinstance(lenient, Settings) and all(isinstance(p, str) for p in problems)


@FAST
@given(st.binary(max_size=2000))
def test_random_config_bytes(isolated_home: Path, data: bytes):
    from voiceaid.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        load_settings(environ={})
    except UserError:
        pass
    assert isinstance(load_settings(environ={}, strict=False)[0], Settings)


@FAST
@given(st.sampled_from(SETTING_KEYS), st.text(max_size=50).filter(lambda s: "\x00" not in s))
def test_random_environment_values(key: str, raw: str):
    try:
        load_settings(environ={env_var(key): raw})
    except UserError as error:
        assert str(error).startswith(env_var(key) + ": " + key + ": ")
    settings_, problems = load_settings(environ={env_var(key): raw}, strict=False)
    assert isinstance(settings_, Settings)


@FAST
@given(st.sampled_from(SETTING_KEYS), st.text(max_size=50))
def test_random_config_set(isolated_home: Path, key: str, raw: str):
    try:
        save_setting(key, raw)
    except UserError:
        return
    settings_, problems = load_settings(environ={})  # what was saved always reads back cleanly
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "volume: " + "[" * 10_000 + "]" * 10_000,
        "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(f"b{i}: &b{i} [*a, *a, *a, *a, *a, *a]\n" for i in range(9)),
        "voice: " + "x" * 5_000_000,
        "speech_rate: " + "9" * 100_000,
    ],
    ids=["deep", "billion-laughs", "5MB-string", "huge-int"],
)
def test_hostile_config_files_are_refused_fast(isolated_home: Path, text: str):
    from voiceaid.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with pytest.raises(UserError):
        timed(load_settings, environ={}, limit=2.0)
