"""Small text helpers shared by the loader stages: segments that remember where they came from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..model import Removal, Span

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_RUN_RE = re.compile(CJK_RE.pattern + "+")
_LATIN_RUN_RE = re.compile(LATIN_RE.pattern + "+")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")  # the basic block of Han characters
# Sentence-final punctuation, optionally followed by closing quotes/brackets.
TERMINAL_RE = re.compile(r"[。！？!?；;…\.]['\"’”」』）)】]*$")
WS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"


def is_blank(text: str) -> bool:
    return not text.strip(WS + "\n\r")


class _Doubled(dict[int, str]):
    """A str.translate table that writes wide (W, F) characters twice, learnt as they come."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = value = ch * 2 if unicodedata.east_asian_width(ch) in "WF" else ch
        return value


_DOUBLED = _Doubled()


@lru_cache(maxsize=4096)  # a PDF line is measured again as the next line's neighbour
def display_width(text: str) -> int:
    """Columns a line takes in a fixed-width layout: wide (CJK) characters count twice."""
    return len(text.translate(_DOUBLED))


def count_cjk(text: str) -> int:
    """How many CJK characters ``text`` holds (counted by runs: far fewer objects than per character)."""
    return sum(map(len, _CJK_RUN_RE.findall(text)))


def han_chars(text: str) -> str:
    """The characters of ``text`` in the basic Han block, in order."""
    return "".join(_HAN_RUN_RE.findall(text))


def count_latin(text: str) -> int:
    """How many Latin letters ``text`` holds."""
    return sum(map(len, _LATIN_RUN_RE.findall(text)))


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the letters of ``text`` (0 when there are none)."""
    cjk = count_cjk(text)
    latin = count_latin(text)
    return cjk / (cjk + latin) if cjk + latin else 0.0


@dataclass(frozen=True, slots=True)
class Seg:
    """A piece of the seed text together with its offset and line number."""

    start: int
    text: str
    line: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def strip(self, chars: str = WS) -> "Seg":
        left = len(self.text) - len(self.text.lstrip(chars))
        stripped = self.text.strip(chars)
        return Seg(self.start + left, stripped, self.line)

    def cut(self, i: int, j: int | None = None) -> "Seg":
        j = len(self.text) if j is None else j
        return Seg(self.start + i, self.text[i:j], self.line)

    def removal(self, reason: str) -> Removal:
        return Removal(self.start, self.text, reason, self.line)

    def __bool__(self) -> bool:
        return bool(self.text)


def split_lines(text: str) -> list[Seg]:
    """The text's lines (without their newline), each with offset and 1-based number."""
    lines: list[Seg] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Seg(pos, raw, number))
        pos += len(raw) + 1
    return lines


def remove_matches(seg: Seg, pattern: re.Pattern[str], reason: str) -> tuple[list[Seg], list[Removal]]:
    """Cut every match of ``pattern`` out of ``seg``; return the kept pieces and the removals."""
    kept: list[Seg] = []
    removed: list[Removal] = []
    pos = 0
    for match in pattern.finditer(seg.text):
        if match.start() == match.end():
            continue
        if match.start() > pos:
            kept.append(seg.cut(pos, match.start()))
        removed.append(seg.cut(match.start(), match.end()).removal(reason))
        pos = match.end()
    if pos < len(seg.text):
        kept.append(seg.cut(pos))
    return kept, removed


def join_segs(segs: Iterable[Seg]) -> str:
    """Join wrapped lines into running text, adding a space only between Latin words."""
    out = ""
    for seg in segs:
        piece = seg.text.strip(WS)
        if not piece:
            continue
        if out and needs_space(out[-1], piece[0]):
            out += " "
        out += piece
    return out


def needs_space(left: str, right: str) -> bool:
    """Do two wrapped lines ending in ``left`` and starting with ``right`` join with a space?"""
    return not (unicodedata.east_asian_width(left) in "WF" or unicodedata.east_asian_width(right) in "WF")


@dataclass(frozen=True, slots=True)
class Line:
    """A cleaned line: the pieces of one seed line left after boilerplate was cut out of it."""

    pieces: tuple[Seg, ...]
    number: int
    text: str = field(init=False, compare=False, repr=False)  # the pieces joined, kept: it is read very often

    def __post_init__(self) -> None:
        pieces = self.pieces
        object.__setattr__(self, "text", pieces[0].text if len(pieces) == 1 else "".join(piece.text for piece in pieces))

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(piece.span for piece in self.pieces if piece.text.strip(WS))

    def segs(self, i: int = 0, j: int | None = None) -> tuple[Seg, ...]:
        """The pieces covering characters ``i:j`` of ``self.text``."""
        j = len(self.text) if j is None else j
        if i == 0 and j == len(self.text):
            return self.pieces
        out: list[Seg] = []
        pos = 0
        for piece in self.pieces:
            lo, hi = max(i, pos), min(j, pos + len(piece.text))
            if lo < hi:
                out.append(piece.cut(lo - pos, hi - pos))
            pos += len(piece.text)
        return tuple(out)

    def sub(self, i: int = 0, j: int | None = None) -> "Line":
        return Line(self.segs(i, j), self.number)

    def strip(self) -> "Line":
        text = self.text
        left = len(text) - len(text.lstrip(WS))
        right = len(text.rstrip(WS))
        return self.sub(left, max(left, right))

    def __bool__(self) -> bool:
        return bool(self.text.strip(WS))


def line_spans(lines: Iterable[Line]) -> tuple[Span, ...]:
    return tuple(span for line in lines for span in line.spans)


def join_lines(lines: Iterable[Line]) -> str:
    """Join wrapped lines into running text (see ``join_segs``)."""
    return join_segs(Seg(0, line.text, line.number) for line in lines)
