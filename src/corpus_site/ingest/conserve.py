"""The conservation check: every non-blank character of a seed is in a page or in the removed list."""

from __future__ import annotations

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


def coverage(result: SeedResult) -> Coverage:
    marks = bytearray(len(result.text))
    doubled: list[Span] = []
    spans = [s for doc in result.documents for s in kept_spans(doc)]
    spans += [Span(r.start, r.start + len(r.text)) for r in result.removals]
    for span in spans:
        for i in range(span.start, span.end):
            if marks[i] and result.text[i] not in WS + "\n":
                doubled.append(span)
                break
        marks[span.start : span.end] = b"\x01" * (span.end - span.start)
    missing: list[Span] = []
    start = None
    for i, ch in enumerate(result.text):
        uncovered = not marks[i] and ch not in WS + "\n"
        if uncovered and start is None:
            start = i
        elif not uncovered and start is not None:
            missing.append(Span(start, i))
            start = None
    if start is not None:
        missing.append(Span(start, len(result.text)))
    return Coverage(tuple(missing), tuple(doubled))
