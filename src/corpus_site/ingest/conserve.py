"""The conservation check: every non-blank character of a seed is in a page or in the removed list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Document, FootnoteRef, SeedResult, Span
from .text import WS


@dataclass(frozen=True, slots=True)
class Coverage:
    missing: tuple[Span, ...]  # non-blank text neither kept nor reported as removed
    doubled: tuple[Span, ...]  # text counted twice


def kept_spans(doc: Document) -> Iterator[Span]:
    yield from doc.meta_sources
    for block in doc.blocks:
        yield from block.sources
        for part in block.inlines:
            if isinstance(part, FootnoteRef):
                yield part.source
    for note in doc.footnotes:
        yield from note.sources
        if note.marker is not None:
            yield note.marker


BLANK = WS + "\n"
_INK = re.compile(f"[^{re.escape(BLANK)}]+")
_UNMARKED = re.compile(b"\x00+")


def coverage(result: SeedResult) -> Coverage:
    text = result.text
    marks = bytearray(len(text))
    doubled: list[Span] = []
    spans = [s for doc in result.documents for s in kept_spans(doc)]
    spans += [Span(r.start, r.start + len(r.text)) for r in result.removals]
    for span in spans:
        if marks.find(1, span.start, span.end) != -1:  # already counted: is any of it ink?
            if any(marks[i] and text[i] not in BLANK for i in range(span.start, span.end)):
                doubled.append(span)
        marks[span.start : span.end] = b"\x01" * (span.end - span.start)
    # Missing: the runs of ink among the characters no span covers.
    missing = [
        Span(ink.start(), ink.end())
        for run in _UNMARKED.finditer(marks)
        for ink in _INK.finditer(text, run.start(), run.end())
    ]
    return Coverage(tuple(missing), tuple(doubled))
