"""Reader: record collections — TREC / SogouCA ``<doc>`` records, JSON Lines, a JSON array
of objects.  One document per record, with its own title, date and source URL.

A record's text comes from its ``content`` / ``text`` / ``body`` field; paragraphs are its
lines (or its full-width indents, as SogouCA writes them).  A date missing from the fields
is read from the URL (a ``/YYYYMMDD/`` segment); the URL's host names the source when no
field does.  Conservation: a ``<doc>`` record's content paragraphs keep their places in the
seed and its other fields go to the metadata; a JSON record (its strings escaped, so no
character is where the text has it) is accounted for as a whole.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from typing import Any, Iterator

from ...model import Block, Diagnostic, DocMeta, Span
from ..blocks import first_sentence_title
from ..parsed import ParsedDoc
from ..text import WS
from .fields import meta_from

TEXT_KEYS = ("content", "text", "body", "article", "full_text", "fulltext", "maintext", "main_text")
_DOC = re.compile(r"<doc\b[^>]*>(?P<body>.*?)</doc\s*>", re.S | re.I)
_FIELD = re.compile(r"<(?P<name>[a-zA-Z_][\w-]*)\b[^>]*>(?P<value>.*?)</(?P=name)\s*>", re.S)
_PARAGRAPH = re.compile(r"[^\n\u3000]+(?:\u3000(?!\u3000)[^\n\u3000]+)*")


def looks_like_doc_records(text: str) -> bool:
    head = text[:4000].lstrip("\ufeff \n\r\t")
    return head[:5].lower() == "<doc>" or (bool(re.match(r"<doc\b", head, re.I)) and "</doc>" in text[:400_000].lower())


@functools.lru_cache(maxsize=2)  # (asked by the form's detection, then by the reader: parsed once)
def json_records(text: str) -> list[tuple[dict[str, Any], Span]] | None:
    """The records of a JSON Lines file or a JSON array of objects (None: it is neither)."""
    stripped = text.strip(" \ufeff\n\r\t")
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except ValueError:
            return None
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [(v, Span(0, len(text)) if i == 0 else Span(0, 0)) for i, v in enumerate(value)]
        return None
    if not stripped.startswith("{"):
        return None
    out = []
    pos = 0
    for line in text.split("\n"):
        span, pos = Span(pos, pos + len(line)), pos + len(line) + 1
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            if len(out) == 0:
                try:  # one JSON object over several lines: a collection of one
                    value = json.loads(stripped)
                except ValueError:
                    return None
                return [(value, Span(0, len(text)))] if isinstance(value, dict) else None
            return None
        if not isinstance(value, dict):
            return None
        out.append((value, span))
    return out or None


def read_json(records: list[tuple[dict[str, Any], Span]], name: str, base: DocMeta) -> tuple[list[ParsedDoc], list[Diagnostic]]:
    docs: list[ParsedDoc] = []
    problems: list[Diagnostic] = []
    for number, (record, span) in enumerate(records, start=1):
        line = number if span.end else 1
        text = _record_text(record)
        if not text.strip(WS):
            problems.append(Diagnostic(name, line, "empty-record", f"record {number} has no text (no {' / '.join(TEXT_KEYS[:3])} field)", "warning"))
            continue
        blocks = tuple(Block("para", (p.strip(WS),), (), line=line) for p in _paragraphs(text))
        docs.append(_doc(record, base, blocks, (span,), line))
    return docs, problems


def read_doc_records(text: str, name: str, base: DocMeta) -> tuple[list[ParsedDoc], list[Diagnostic]]:
    docs: list[ParsedDoc] = []
    problems: list[Diagnostic] = []
    for number, match in enumerate(_DOC.finditer(text), start=1):
        line = text.count("\n", 0, match.start()) + 1
        fields: dict[str, Any] = {}
        content: re.Match[str] | None = None
        for field in _FIELD.finditer(match["body"]):
            key = field["name"].lower()
            if key in TEXT_KEYS and content is None:
                content = field
            else:
                fields.setdefault(key, " ".join(field["value"].split()))
        offset = match.start("body")
        if content is None or not content["value"].strip(WS):
            problems.append(Diagnostic(name, line, "empty-record", f"record {number} has no <content>", "warning"))
            continue
        start = offset + content.start("value")
        blocks = tuple(_located_paragraphs(content["value"], start, text, line))
        outside = (Span(match.start(), start), Span(offset + content.end("value"), match.end()))
        docs.append(_doc(fields, base, blocks, outside, line))
    return docs, problems


def _doc(fields: dict[str, Any], base: DocMeta, blocks: tuple[Block, ...], sources: tuple[Span, ...], line: int) -> ParsedDoc:
    meta = meta_from(fields, base)
    if not meta.title and blocks:
        meta = replace(meta, title=first_sentence_title(blocks[0].text))
    return ParsedDoc(meta, blocks, (), sources, line)


def _record_text(record: dict[str, Any]) -> str:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in TEXT_KEYS:
        value = lowered.get(key)
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        if isinstance(value, str) and value.strip():
            return _untagged(value)
    return ""


def _untagged(text: str) -> str:
    """A field's HTML, as text (its tags dropped by the sanitizer, its paragraphs kept)."""
    if "<" not in text:
        return text
    import nh3

    text = re.sub(r"(?i)<\s*(?:br|/p|/div|/li|/h\d)\b[^>]*>", "\n", text)
    return re.sub(r"&(?:amp;)?nbsp;", " ", nh3.clean(text, tags=set()).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def _paragraphs(text: str) -> Iterator[str]:
    for match in _PARAGRAPH.finditer(text):
        if match.group().strip(WS):
            yield match.group()


def _located_paragraphs(value: str, start: int, text: str, line: int) -> Iterator[Block]:
    for match in _PARAGRAPH.finditer(value):
        piece = match.group()
        if not piece.strip(WS):
            continue
        left = len(piece) - len(piece.lstrip(WS))
        a = start + match.start() + left
        b = a + len(piece.strip(WS))
        yield Block("para", (piece.strip(WS),), (Span(a, b),), line=line + value.count("\n", 0, match.start()))
