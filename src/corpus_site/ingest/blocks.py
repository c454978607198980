"""Helpers that turn cleaned lines into body blocks; shared by the shape parsers."""

from __future__ import annotations

import re
from typing import Iterable, Literal, Sequence

from ..model import Block, Markup
from .text import WS, Line, join_lines, line_spans

BlockKind = Literal["heading", "para", "caption", "byline"]


def block(kind: BlockKind, lines: Sequence[Line], level: int = 0) -> Block:
    """One block from wrapped lines: the lines are joined into running text."""
    text = join_lines(lines)
    return Block(kind, (text,), line_spans(lines), level=level, line=lines[0].number if lines else 0)


def paragraphs_by_blank_lines(lines: Iterable[Line]) -> list[list[Line]]:
    """Group lines into paragraphs separated by blank lines."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line:
            current.append(line.strip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def first_sentence_title(text: str, limit: int = 40) -> str:
    """A title made from running text: its first sentence, cut at a clause boundary if long."""
    text = text.strip(WS)
    match = re.match(r"[^。！？!?\n]+", text)
    sentence = match.group(0) if match else text
    if len(sentence) <= limit:
        return sentence.strip(WS + "，,；;：:")
    cut = max(sentence.rfind(p, 0, limit) for p in "，,；;：:、 ")
    if cut >= limit // 3:
        return sentence[:cut].strip(WS) + "…"
    return sentence[:limit].strip(WS) + "…"


BULLET_RE = re.compile(r"^[\s\u3000]*(?:[–—•·▪●○◆■\-*])[\s\u3000]+(?=\S)")


def bullets_as_lists(blocks: Sequence[Block]) -> list[Block]:
    """Two or more paragraphs in a row that open with a dash or a bullet ("– sharing
    operating experience;") are one list; "First, / Second," paragraphs stay paragraphs."""
    out: list[Block] = []
    run: list[Block] = []

    def flush() -> None:
        if len(run) >= 2:
            pieces: list = [Markup("<ul>")]
            for item in run:
                text = BULLET_RE.sub("", item.text, count=1)
                pieces += [Markup("<li>"), text, Markup("</li>"), "\n"]
            pieces.append(Markup("</ul>"))
            out.append(Block("list", tuple(pieces), tuple(s for item in run for s in item.sources), line=run[0].line))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        if block.kind == "para" and BULLET_RE.match(block.text) and all(isinstance(p, str) for p in block.inlines):
            run.append(block)
        else:
            flush()
            out.append(block)
    flush()
    return out
