"""Find concept mentions in a text: every whole occurrence of an alias, longest first.

The aliases are compiled into one trie-shaped regular expression over the normalized
text, so a scan costs one pass whatever the size of the registry.  Latin aliases match
on word boundaries only; aliases written with capitals (IAEA, Belt and Road) match with
the same capitals, lowercase ones in any case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..model import ConceptId
from .normalize import normalize
from .registry import Registry

_WORD = re.compile(r"[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    concept: ConceptId
    alias: str  # the registry rendering that matched


@dataclass(frozen=True, slots=True)
class _Alias:
    concept: ConceptId
    text: str
    case_sensitive: bool


class Matcher:
    def __init__(self, registry: Registry) -> None:
        self._aliases: dict[str, _Alias] = {}
        for concept in registry.concepts:
            for alias in (*concept.aliases_zh, *concept.aliases_en):
                key = normalize(alias).text
                if key:
                    self._aliases.setdefault(key, _Alias(concept.id, alias, any(ch.isupper() for ch in alias)))
        self._pattern = _compile(self._aliases) if self._aliases else None

    @property
    def aliases(self) -> dict[str, ConceptId]:
        return {a.text: a.concept for a in self._aliases.values()}

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping whole alias occurrence in ``text`` (leftmost, then longest)."""
        if self._pattern is None or not text:
            return []
        norm = normalize(text)
        matches: list[Match] = []
        pos = 0
        while True:
            m = self._pattern.search(norm.text, pos)
            if m is None:
                break
            if m.start() and _WORD.match(norm.text, m.start()) and _WORD.match(norm.text, m.start() - 1):
                pos = m.start() + 1  # a Latin alias starts a word, not inside one ("xiaea")
                continue
            found = self._fitting(text, norm, m)
            if found is not None:
                alias, start, end, stop = found
                matches.append(Match(start, _close_quotes(text, start, end), alias.concept, alias.text))
                pos = stop
            else:
                pos = m.start() + 1  # a lowercase "iaea" is not the acronym: look further on
        return matches

    def _fitting(self, text: str, norm, m: re.Match[str]) -> tuple[_Alias, int, int, int] | None:  # type: ignore[no-untyped-def]
        """The longest alias at ``m``'s start whose capitals match the text's: the longest one
        (``m``) may be written with capitals the text lacks (核A in 核a), and a shorter one (核)
        then still counts."""
        while m is not None:
            alias = self._aliases[m.group(0)]
            start, end = norm.span(m.start(), m.end())
            boundary = not (_WORD.match(m.group(0)[-1]) and _WORD.match(norm.text, m.end()))
            if boundary and (not alias.case_sensitive or _same_case(text[start:end], alias.text)):
                return alias, start, end, m.end()
            if m.end() - m.start() <= 1:
                return None
            m = self._pattern.match(norm.text, m.start(), m.end() - 1)  # the next longest alias there
        return None


class Remembering:
    """A matcher that remembers what it found: a build looks at each text more than once
    (the concept index, then the links of each interface)."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._found: dict[str, list[Match]] = {}

    def find(self, text: str) -> list[Match]:
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._matcher.find(text)
        return found


_PAIRS = ("“”", "‘’", "「」", "『』", "〈〉")


def _close_quotes(text: str, start: int, end: int) -> int:
    """Take in a closing quotation mark when the match opened one (四个“并重”)."""
    found = text[start:end]
    for left, right in _PAIRS:
        if found.count(left) > found.count(right) and text[end : end + 1] == right:
            return end + 1
    return end


def _same_case(found: str, alias: str) -> bool:
    found = unicodedata.normalize("NFKC", found)  # full-width ＩＡＥＡ is IAEA
    return [ch for ch in found if ch.isalpha()] == [ch for ch in alias if ch.isalpha()]


def _compile(aliases: Iterable[str]) -> re.Pattern[str]:
    trie: dict[str, dict] = {}
    for alias in aliases:
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_node_pattern(trie))


def _node_pattern(node: dict[str, dict], last: str = "") -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        # (That a Latin alias starts at a word boundary is checked by ``find``: a look-behind
        # here would cost the pattern its fast scan for first characters, 7× slower.)
        branches.append(re.escape(ch) + _node_pattern(node[ch], last=ch))
    if "" in node:
        # the alias may end here; a Latin alias must end at a word boundary
        branches.append(r"(?![a-z0-9])" if _WORD.match(last) else "")
    if not branches:
        return ""
    if len(branches) == 1:
        return branches[0]  # no alternation at this node: plain concatenation
    return "(?:" + "|".join(branches) + ")"
