"""Safe, bounded YAML reading that remembers the line of every value.

Content and config come from people's own files, so the reader refuses what could hang or exhaust
the machine (huge files, deep nesting, aliases) before building anything, and keeps each value's
line number so that validation messages can say `routines.yaml:14: steps[2].duration: ...`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path_ = tuple[object, ...]  # a value's place in the document: ("steps", 2, "duration")

_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)




class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. Vocabulary says "yes", "no", "on" and means the words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_SCALARS = _Loader("")


class YamlError(ValueError):
    """A file that is not acceptable YAML; the message names the file and, where known, the line."""


def _check_shape(text: str, name: str) -> None:
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlError(f"{name}: file is larger than {MAX_BYTES // 1000} kB; content files are small text files")
    if "\x00" in text:
        raise YamlError(f"{name}: not a text file (it contains NUL bytes)")
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
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


def _yaml_error(error: yaml.YAMLError, name: str) -> YamlError:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    where = f"{name}:{mark.line + 1}" if mark is not None else name
    return YamlError(f"{where}: not valid YAML ({problem})")


def load_yaml_with_lines(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Parse `text`; return the data and a map from each value's path to its 1-based line."""
    _check_shape(text, name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise _yaml_error(error, name) from None
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
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), lines, name) for index, item in enumerate(node.value)]
    try:
        return _SCALARS.construct_object(node)  # scalar: resolve int/float/bool/null
    except yaml.YAMLError as error:  # pragma: no cover - scalars resolved by the safe resolver
        raise _yaml_error(error, name) from None


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
