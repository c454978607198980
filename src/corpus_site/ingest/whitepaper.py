"""Shape parser: English text (white-paper chapters, speeches, articles).

The first line is the chapter heading.  Paragraphs are lines (or blank-line separated
groups of wrapped lines).  A paragraph that opens with a short gerund sentence
("Upholding multilateral efforts to strengthen nuclear safety.") carries a run-in
heading, which becomes a subheading of its own.
"""

from __future__ import annotations

import re
import statistics
from typing import Sequence

from ..model import Block, DocMeta, Kind
from .blocks import block, first_sentence_title, paragraphs_by_blank_lines
from .parsed import ParsedDoc
from .text import TERMINAL_RE, WS, Line

RUN_IN_RE = re.compile(r"^(?P<head>(?:[A-Z][a-z]+ly\s+[a-z]+ing|[A-Z][a-z]+ing)\b[^.!?:;]{3,140}?[.:])\s+(?=[A-Z“\"])")
MAX_RUN_IN_WORDS = 14


def parse_english(lines: Sequence[Line], kind: Kind) -> list[ParsedDoc]:
    body = [line for line in lines if line]
    if not body:
        return []
    first = body[0].strip()
    title_is_line = len(first.text) <= 160 and not (TERMINAL_RE.search(first.text) and len(first.text) > 80)
    title = first.text.strip(WS) if title_is_line else first_sentence_title(first.text, 80)
    rest = lines[lines.index(body[0]) + 1 :] if title_is_line else lines
    blocks: list[Block] = []
    for group in _paragraph_lines(rest):
        blocks.extend(_with_run_in_heading(group))
    meta_sources = first.spans if title_is_line else ()
    meta = DocMeta(title=title, lang="en", kind=kind, script="latn")
    return [ParsedDoc(meta, tuple(blocks), (), meta_sources, first.number)]


def _paragraph_lines(lines: Sequence[Line]) -> list[list[Line]]:
    groups = paragraphs_by_blank_lines(lines)
    lengths = [len(line.text) for group in groups for line in group]
    if not lengths or statistics.median(lengths) > 150:
        return [[line] for group in groups for line in group]
    typical = sorted(lengths)[len(lengths) * 3 // 4]
    paragraphs: list[list[Line]] = []
    for group in groups:
        widest = max(len(line.text) for line in group)
        if widest < typical * 0.6:  # short lines (a salutation, a list): one paragraph each
            paragraphs.extend([line] for line in group)
            continue
        current: list[Line] = []
        for line in group:
            current.append(line)
            if TERMINAL_RE.search(line.text) and len(line.text) < widest * 0.8:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
    return paragraphs


def _with_run_in_heading(group: list[Line]) -> list[Block]:
    first = group[0]
    m = RUN_IN_RE.match(first.text)
    if m and len(m.group("head").split()) <= MAX_RUN_IN_WORDS and len(group[0].text) > len(m.group("head")) + 40:
        head = first.sub(0, m.end("head"))
        rest = [first.sub(m.end()).strip(), *group[1:]]
        return [block("heading", [head], level=3), block("para", rest)]
    return [block("para", group)]
