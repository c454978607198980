"""Shape parser: a collection of Chinese essays, each starting with a title line.

A title is a short line without sentence punctuation that follows a blank line (or opens
the file).  Each following line is one paragraph.  Boilerplate was removed by ``clean``.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from ..model import Block, DocMeta
from .blocks import block, first_sentence_title
from .detect import is_title_line
from .parsed import ParsedDoc
from .text import WS, Line


def parse_essays(lines: Sequence[Line]) -> list[ParsedDoc]:
    docs: list[ParsedDoc] = []
    title: Line | None = None
    body: list[Line] = []
    prev_blank = True
    for line in lines:
        if line and prev_blank and is_title_line(line.text) and (body or title is None):
            if title is not None or body:
                docs.append(_essay(title, body))
            title, body = line.strip(), []
        elif line:
            body.append(line.strip())
        prev_blank = not line
    if title is not None and not body and docs:
        # a title with nothing after it (a scrape cut short): the last line of the essay before
        last = docs[-1]
        docs[-1] = dataclasses.replace(last, blocks=(*last.blocks, block("para", [title])))
    elif title is not None or body:
        docs.append(_essay(title, body))
    return [doc for doc in docs if doc.blocks]


def _essay(title: Line | None, body: list[Line]) -> ParsedDoc:
    blocks: list[Block] = [block("para", [line]) for line in body]
    if title is None:
        # Text before the first title: keep it as a document of its own rather than lose it.
        name = first_sentence_title(blocks[0].text) if blocks else ""
        return ParsedDoc(DocMeta(title=name, lang="zh", kind="essay"), tuple(blocks), (), (), body[0].number if body else 1)
    text = title.text.strip(WS)
    return ParsedDoc(DocMeta(title=text, lang="zh", kind="essay"), tuple(blocks), (), title.spans, title.number)
