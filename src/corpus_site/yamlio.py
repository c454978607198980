"""YAML reading that remembers where each value came from, for diagnostics with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Diagnostic

import yaml
from yaml.constructor import SafeConstructor

KeyPath = tuple[Any, ...]
# libyaml's parser when PyYAML has it (8× faster on the registry); its nodes carry lines too.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    """Unreadable YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Located:
    """A parsed YAML document plus the 1-based line of every key path in it."""

    value: Any
    lines: dict[KeyPath, int]

    def line(self, *path: Any) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def load_located(text: str) -> Located:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    if node is None:
        return Located(None, {})
    _refuse_bombs(node)
    try:
        value = SafeConstructor().construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlError(f"invalid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None) from None
    lines: dict[KeyPath, int] = {}
    _walk(node, (), lines)
    return Located(value, lines)


MAX_NODES = 100_000  # a document whose aliases expand to more nodes is refused


def _refuse_bombs(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand to more than ``MAX_NODES`` nodes (700 bytes of
    nested aliases can stand for millions: whatever walks the value would never end).  The
    expanded size is counted once per node, so this takes the time of the document's own
    size.  Ordinary anchors and aliases pass."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(child), 0) for child in children)
        if size > MAX_NODES:
            raise YamlError(f"refused: its aliases expand to more than {MAX_NODES:,} values (an alias bomb?)", node.start_mark.line + 1)
        sizes[id(node)] = size


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def read_located(path: Path, what: str) -> tuple[Located | None, list["Diagnostic"]]:
    """Read a YAML file; an unreadable one gives ``None`` and one diagnostic naming file and line.

    ``what`` names the kind of file in messages and codes ("sidecar", "registry").
    """
    from .model import Diagnostic

    try:
        return load_located(path.read_text(encoding="utf-8-sig")), []
    except UnicodeDecodeError:
        return None, [Diagnostic(path.name, None, f"{what}-encoding", f"{what} is not UTF-8 text", "error")]
    except YamlError as exc:
        return None, [Diagnostic(path.name, exc.line, f"{what}-yaml", str(exc), "error")]


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = SafeConstructor().construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)
