"""Reading YAML (or JSON) scenario text safely: bounded, strict, and with a line for every field.

Before anything is built the token stream (a linear, non-recursive scan) is checked against the
limits: text size, nesting depth and number of aliases.  The composed node graph is then checked
for its *expanded* size (aliases share nodes, so a small file can stand for a huge document: the
"billion laughs") and for duplicate keys, which YAML would otherwise resolve silently (last one
wins).  Each problem is a ``YamlTextError`` with its 1-based line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import yaml

Loc = tuple[str | int, ...]

MAX_TEXT_BYTES: Final = 2_000_000
"""Largest scenario text (2 MB: a scenario with a thousand closures is a fraction of it)."""
MAX_DEPTH: Final = 32
"""Deepest nesting of mappings and sequences (a scenario needs about 6)."""
MAX_ALIASES: Final = 100
"""Most aliases (``*name``) in one file."""
MAX_NODES: Final = 200_000
"""Most nodes of the document with every alias expanded."""

_OPEN: Final = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE: Final = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


class ScenarioLoader(yaml.SafeLoader):
    """YAML with the plain scalars of the YAML 1.2 core schema, not YAML 1.1's.

    PyYAML resolves YAML 1.1 implicitly: ``045`` is octal (37), ``1:30`` is sexagesimal (90),
    ``0x10`` is 16, ``yes``/``on`` are booleans and an unquoted date-time becomes a Python
    datetime (an impossible one, ``2023-02-29T00:00Z``, raising deep inside PyYAML).  A
    scenario means none of that: here ``045`` is 45 (a bearing as aviation writes it), only
    ``true``/``false`` are booleans, integers are decimal and at most 30 digits, and
    ``0x10``, ``1:30``, ``yes`` and date-times stay text, which the field that reads them
    accepts or refuses naming what was written.
    """

    yaml_implicit_resolvers = {}  # noqa: RUF012 (PyYAML's class-level registry, refilled below)


_SCALARS: Final = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]{1,30}$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
)
for _tag, _pattern, _first in _SCALARS:
    ScenarioLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def _decimal_int(loader: ScenarioLoader, node: yaml.Node) -> int:
    return int(str(loader.construct_scalar(node)), 10)  # type: ignore[arg-type]


ScenarioLoader.add_constructor("tag:yaml.org,2002:int", _decimal_int)


class YamlTextError(Exception):
    """Text that is not acceptable YAML for a scenario; ``line`` is 1-based or None."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The parsed document, its node tree and the line of every field path."""

    data: Any
    node: yaml.Node | None
    lines: dict[Loc, int]


def _check_tokens(text: str) -> None:
    depth = aliases = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlTextError(
                    token.start_mark.line + 1,
                    f"nesting deeper than {MAX_DEPTH} levels (limit; a scenario needs about 6)",
                )
        elif isinstance(token, _CLOSE):
            depth -= 1
        elif isinstance(token, yaml.AliasToken):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlTextError(
                    token.start_mark.line + 1, f"more than {MAX_ALIASES} aliases (limit)"
                )


def _expanded_size(node: yaml.Node) -> int:
    """Nodes in the document with aliases expanded, computed once per shared node."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack = [node]
    seen: set[int] = set()
    while stack:  # post-order without recursion
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        order.append(current)
        stack.extend(_children(current))
    for current in reversed(order):
        size = 1 + sum(sizes.get(id(c), 1) for c in _children(current))
        sizes[id(current)] = min(size, MAX_NODES + 1)
    return sizes[id(node)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_duplicate_keys(node: yaml.Node) -> None:
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: dict[object, int] = {}
            for key, _ in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    line = key.start_mark.line + 1
                    if key.value in keys:
                        raise YamlTextError(
                            line,
                            f"duplicate key {key.value!r} (first on line {keys[key.value]}; "
                            "expected each key once)",
                        )
                    keys[key.value] = line
        stack.extend(_children(current))


def line_map(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, int]]:
    """Every field path in a composed YAML tree with its 1-based line."""
    stack: list[tuple[yaml.Node, Loc]] = [(node, loc)]
    while stack:
        current, here = stack.pop()
        yield here, current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                child = (*here, str(key.value))
                yield child, key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*here, i)) for i, item in enumerate(current.value))


def read_document(text: str) -> Document:
    """Parse YAML text within the limits; raises ``YamlTextError`` with a line."""
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise YamlTextError(None, f"text of {size:,} bytes is over the {MAX_TEXT_BYTES:,} limit")
    try:
        _check_tokens(text)
        loader = ScenarioLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_duplicate_keys(node)
                expanded = _expanded_size(node)
                if expanded > MAX_NODES:
                    raise YamlTextError(
                        node.start_mark.line + 1,
                        f"aliases expand the document beyond {MAX_NODES:,} nodes (limit)",
                    )
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "syntax error"
        if "another document" in reason:
            reason = "a second YAML document starts here (expected one scenario per file)"
        raise YamlTextError(mark.line + 1 if mark else None, f"invalid YAML: {reason}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        bad = f"character U+{code:04X} is not allowed in YAML text"
        raise YamlTextError(line, f"{bad} (expected printable text)") from None
    except yaml.YAMLError as exc:
        raise YamlTextError(None, f"invalid YAML: {exc}") from None
    lines: dict[Loc, int] = {}
    if node is not None:
        for loc, line in line_map(node):
            lines.setdefault(loc, line)
    return Document(data=data, node=node, lines=lines)
