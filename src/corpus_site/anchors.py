"""Anchors inside a document page, shared by the page renderer and the concept index."""

from __future__ import annotations

from typing import Iterator

from .model import Block, Document


def block_anchors(doc: Document) -> Iterator[tuple[Block, str]]:
    """Each body block with its HTML id: its own (a statute's article: ``art-12``), else
    ``s1, s2…`` for headings, ``p1, p2…`` for the rest."""
    paragraphs = headings = 0
    for block in doc.blocks:
        if block.anchor:
            yield block, block.anchor
        elif block.kind == "heading":
            headings += 1
            yield block, f"s{headings}"
        else:
            paragraphs += 1
            yield block, f"p{paragraphs}"


def footnote_anchor(label: str) -> str:
    """The id Python-Markdown's footnotes extension gives a footnote."""
    return f"fn:{label}"
