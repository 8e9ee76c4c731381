"""Safe, bounded YAML reading that remembers the line of every value.

Content and config come from people's own files, so the reader refuses what could hang or exhaust
the machine (huge files, deep nesting, aliases) before building anything, and keeps each value's
line number so that validation messages can say `routines.yaml:14: steps[2].duration: ...`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_BYTES = 256_000  # content files are about 10 kB; parsing stays well under a second at this size
MAX_DEPTH = 40

Path_ = tuple[object, ...]  # a value's place in the document: ("steps", 2, "duration")

_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)

# The YAML 1.2 core schema's plain scalars: null, true/false, int, float. No YAML 1.1 extras, so
# "22:30" stays text (not the base-60 number 1350), "2024-13-45" stays text (not a date that fails
# to build), and "=" or "<<" are ordinary text. One deliberate difference: digits with a leading
# zero stay text, so `emergency_number: 017` is 017 - not the octal 15 of YAML 1.1 nor the 17 of
# YAML 1.2. A number is a float only with a point or an exponent.
_RESOLVERS = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
)


def _with_core_schema(base: type) -> type:
    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in _RESOLVERS:
        Loader.add_implicit_resolver(tag, re.compile(pattern), first)
    return Loader


_Loader = _with_core_schema(yaml.SafeLoader)
# libyaml is about 30 times faster than the pure-Python parser: a hostile file is refused quickly.
_FastLoader = _with_core_schema(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_SCALARS = _Loader("")  # only its stateless scalar constructors are used


class YamlError(ValueError):
    """A file that is not acceptable YAML; the message names the file and, where known, the line."""


def _check_shape(text: str, name: str) -> None:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlError(f"{name}: file is larger than {MAX_BYTES // 1000} kB; content files are small text files")
    if "\x00" in text:
        raise YamlError(f"{name}: not a text file (it contains NUL bytes)")
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_FastLoader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(f"{name}:{token.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(token, _CLOSE):
                depth -= 1
            elif isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                raise YamlError(f"{name}:{token.start_mark.line + 1}: anchors and aliases (& and *) are not allowed; write the value out")
            elif isinstance(token, yaml.TagToken):
                raise YamlError(f"{name}:{token.start_mark.line + 1}: tags (!) are not allowed")
    except yaml.YAMLError as error:
        raise _yaml_error(error, name) from None
    except UnicodeError:
        raise YamlError(f"{name}: not a UTF-8 text file") from None


def _yaml_error(error: yaml.YAMLError, name: str) -> YamlError:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or (str(error).splitlines() or ["unreadable"])[0]
    where = f"{name}:{mark.line + 1}" if mark is not None else name
    return YamlError(f"{where}: not valid YAML ({problem})")


def load_yaml_with_lines(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Parse `text`; return the data and a map from each value's path to its 1-based line."""
    _check_shape(text, name)
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as error:
        raise _yaml_error(error, name) from None
    except UnicodeError:
        raise YamlError(f"{name}: not a UTF-8 text file") from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _build(node, (), lines, name), lines


def load_yaml_text(text: str, name: str) -> Any:
    return load_yaml_with_lines(text, name)[0]


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], name: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path + ("<key>",), {}, name)
            if isinstance(key, (dict, list)):
                raise YamlError(f"{name}:{key_node.start_mark.line + 1}: a key must be plain text")
            if key in result:
                raise YamlError(f"{name}:{key_node.start_mark.line + 1}: {key!r} is given twice")
            result[key] = _build(value_node, path + (key,), lines, name)
            lines[path + (key,)] = key_node.start_mark.line + 1  # `steps:` rather than its first item
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), lines, name) for index, item in enumerate(node.value)]
    # A scalar: build str/int/float/bool/null with the stateless constructor for its resolved tag
    # (construct_object would cache every node on the shared loader and is not thread-safe).
    constructor = _SCALARS.yaml_constructors.get(node.tag)
    if constructor is None:  # pragma: no cover - tags are refused and only core-schema tags resolve
        raise YamlError(f"{name}:{node.start_mark.line + 1}: unsupported value type {node.tag}")
    try:
        return constructor(_SCALARS, node)
    except (yaml.YAMLError, ValueError, OverflowError) as error:  # e.g. an integer with 5000 digits
        raise YamlError(f"{name}:{node.start_mark.line + 1}: cannot read the value ({error})") from None


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
