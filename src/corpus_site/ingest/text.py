"""Small text helpers shared by the loader stages: segments that remember where they came from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..model import Removal, Span

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
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


def display_width(text: str) -> int:
    """Columns a line takes in a fixed-width layout: wide (CJK) characters count twice."""
    return len(text.translate(_DOUBLED))


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the letters of ``text`` (0 when there are none)."""
    cjk = len(CJK_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
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

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(piece.span for piece in self.pieces if piece.text.strip(WS))

    def segs(self, i: int = 0, j: int | None = None) -> tuple[Seg, ...]:
        """The pieces covering characters ``i:j`` of ``self.text``."""
        j = len(self.text) if j is None else j
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
