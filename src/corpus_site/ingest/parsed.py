"""The record a shape parser returns for each document, before ids and sidecars are applied."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, DocMeta, Footnote, Span


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    meta: DocMeta
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    meta_sources: tuple[Span, ...]  # seed text that went into metadata (a title line, an abstract…)
    line: int
