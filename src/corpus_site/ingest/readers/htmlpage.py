"""Reader: an HTML page (a whole document: ``<!doctype html>``, ``<html>``).  Its main text
and metadata (title, date, author, canonical URL, site name, description, tags) come out
through trafilatura, a maintained extractor, with navigation, scripts and footers left
behind; the text, as Markdown, then goes through the Markdown reader.

Nothing of the page is executed or shown as HTML: the extractor reads it as data, and the
Markdown reader lets only its allowlist through.  Conservation: the page is accounted for
as a whole (what the extractor leaves behind is the page's furniture, reported as one
count); the raw page stays published with the raw texts.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import replace
from typing import Any

from ...model import Diagnostic, DocMeta, Span
from ..parsed import ParsedDoc
from ..text import Line, Seg

_HTML_START = re.compile(r"\A[\s\ufeff]*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<meta\s+charset)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000])) or (
        text.lstrip()[:1] == "<" and bool(re.search(r"<body\b", text[:20000], re.I)) and bool(re.search(r"</(?:p|div|article)>", text[:200000], re.I)))


def read_html(text: str, name: str, base: DocMeta) -> tuple[list[ParsedDoc], list[Diagnostic]]:
    import trafilatura

    from .markdown import read_markdown

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # (its notes are ours to give, once)
    body = trafilatura.extract(text, output_format="markdown", include_formatting=True, include_links=True,
                               include_images=True, include_tables=True, include_comments=False, favor_recall=True,
                               with_metadata=False, deduplicate=False, config=_config())  # (its dedup cache outlives a call: a page read twice would vanish)
    found = trafilatura.extract_metadata(text)
    meta = base
    if found is not None:
        meta = _meta(found.as_dict(), base)
    diagnostics = [Diagnostic(name, None, "html-page", "HTML page: its main text extracted (navigation, scripts and footers left out)", "info")]
    if not body or not body.strip():
        return [], diagnostics + [Diagnostic(name, None, "html-empty", "no main text found in the HTML page", "error")]
    lines = tuple(Line((Seg(0, line, number),), number) for number, line in enumerate(body.split("\n"), start=1))
    docs, _, notes = read_markdown(lines, name, None, meta)
    whole = (Span(0, len(text)),)
    located = [replace(doc, blocks=tuple(replace(b, sources=()) for b in doc.blocks),
                       footnotes=tuple(replace(f, sources=(), marker=None) for f in doc.footnotes), meta_sources=whole if i == 0 else ())
               for i, doc in enumerate(docs)]
    return located, diagnostics + notes


@functools.lru_cache(maxsize=1)
def _config() -> Any:
    """trafilatura's settings, but for short pages: a press release of a few hundred
    characters is a text too (by default it falls back to one flat line under 250)."""
    from trafilatura.settings import use_config

    config = use_config()
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE", "MIN_OUTPUT_COMM_SIZE"):
        config.set("DEFAULT", key, "10")
    return config


def _meta(found: dict[str, Any], base: DocMeta) -> DocMeta:
    from .fields import meta_from

    data = {
        "title": found.get("title"), "author": found.get("author"), "date": found.get("date"), "url": found.get("url"),
        "sitename": found.get("sitename"), "description": found.get("description"),
        "tags": (found.get("categories") or []) + (found.get("tags") or []),
    }
    return meta_from({k: v for k, v in data.items() if v}, base)
