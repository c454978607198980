"""Matching form of a text: what differs between renderings of one term but not in meaning.

* quotation marks and book-title brackets inside a term are dropped (四个“并重” = 四个并重);
* full-width ASCII is folded, list commas (、，,) are one mark, letters are lowercased;
* white space is collapsed and dropped next to Chinese characters (第 1540 号 = 第1540号);
* traditional characters are mapped to simplified ones, one for one.

``Normalized.index[i]`` is the offset in the original text of normalized character ``i``,
so a match found in the normalized text maps back to the original exactly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

DROP = set("“”‘’\"'「」『』〈〉\u200b\ufeff")
COMMAS = set("、，,")
SPACES = set(" \t\n\r\u3000\u00a0\u2002\u2003\u2009")


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    index: Sequence[int]  # original offset of each character of ``text``

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalized characters ``start:end``."""
        return self.index[start], self.index[end - 1] + 1


@functools.lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional → simplified, character for character (OpenCC's table)."""
    mapping: dict[str, str] = {}
    try:
        table = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return mapping
    for line in table.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            mapping[parts[0]] = parts[1]
    return mapping


@functools.lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    return str.maketrans(_t2s())


def simplified(text: str) -> str:
    """``text`` with its traditional characters written simplified, one for one."""
    return text.translate(_t2s_table())


@functools.lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    return frozenset(own for own, folded in _t2s().items() if own != folded)


def has_traditional(text: str) -> bool:
    """Whether ``simplified(text)`` differs from ``text``: a set's look-up of each character
    (0.6 ms for a built page of 20,000 characters; a regular expression of OpenCC's 4,105
    characters, which Python's engine scans as a list, took 24 ms)."""
    return not _traditional().isdisjoint(text)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    if ch in COMMAS:
        return "、"
    return _t2s().get(ch, ch).lower()


class _Fold(dict):
    """``str.translate`` table of ``fold_char``, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD = _Fold()
_GAP = re.escape("".join(sorted(DROP | SPACES)))
_GAP_BUT_SPACE = re.escape("".join(sorted((DROP | SPACES) - {" "})))
_JOINS_TIGHT = "\u3400-\u9fff\uf900-\ufaff" + re.escape("".join(sorted(COMMAS)))  # no space beside these
# The gaps that change the text: runs of dropped characters and white space, except one plain
# space between two characters that keep it (between Latin words: most gaps in English).
_SKIP = re.compile(
    f"[{_GAP}]{{2,}}|[{_GAP_BUT_SPACE}]|\\A |(?<=[{_JOINS_TIGHT}]) | (?=[{_JOINS_TIGHT}])| \\Z"
)


def normalize(text: str) -> Normalized:
    folded = text.translate(_FOLD)
    if len(folded) != len(text):  # a character folds to several (rare): go one by one
        return normalize_slowly(text)
    if not _SKIP.search(text):
        return Normalized(folded, range(len(text)))
    out: list[str] = []
    index: list[int] = []
    pos = 0
    pending_space: int | None = None
    for gap in _SKIP.finditer(text):
        _take(folded, pos, gap.start(), out, index, pending_space)
        spaces = [i for i in range(gap.start(), gap.end()) if text[i] in SPACES]
        if gap.start() > pos:
            pending_space = None
        if spaces and pending_space is None:
            pending_space = spaces[0]
        pos = gap.end()
    _take(folded, pos, len(text), out, index, pending_space)
    return Normalized("".join(out), tuple(index))


def _take(folded: str, start: int, end: int, out: list[str], index: list[int], pending_space: int | None) -> None:
    """Append ``folded[start:end]``, after one space if white space came before and neither
    side of it is Chinese (or a list comma)."""
    if start >= end:
        return
    if pending_space is not None and out:
        last = out[-1][-1]
        if not (_is_han(last) or _is_han(folded[start]) or last == "、"):
            out.append(" ")
            index.append(pending_space)
    out.append(folded[start:end])
    index.extend(range(start, end))


def normalize_slowly(text: str) -> Normalized:
    """The definition of ``normalize``, one character at a time."""
    out: list[str] = []
    index: list[int] = []
    pending_space: int | None = None
    for i, ch in enumerate(text):
        if ch in DROP:
            continue
        if ch in SPACES:
            if pending_space is None:
                pending_space = i
            continue
        folded = fold_char(ch)
        if pending_space is not None:
            if out and not (_is_han(out[-1][-1]) or _is_han(folded[:1]) or out[-1] == "、"):
                out.append(" ")
                index.append(pending_space)
            pending_space = None
        out.append(folded)
        index.extend([i] * len(folded))
    return Normalized("".join(out), tuple(index))
