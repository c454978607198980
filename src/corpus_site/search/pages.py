"""A built page as the search index sees it: its content's Chinese text written as the
tokens of :mod:`.tokens`, everything else as it is.

The site's pages are served as they were built; Pagefind is run over a copy of each page
made here.  Only the content (Material's ``<article>``) is rewritten, and in it only text,
never a tag or an attribute: filters and metadata written in attributes keep their
characters.  A page in traditional characters is indexed in simplified ones (the tokens are
folded); it carries, in a metadata field Pagefind stores with its fragment but does not
index (``cs_orig``), which simplified character stands for which of its own, so that the
browser shows an excerpt in the page's own characters.
"""

from __future__ import annotations

import re
from collections import Counter

from ..concepts.normalize import has_traditional, simplified
from .tokens import HAN_RUN, encode

_TAG = re.compile(r"(<[^>]*>)")
# Tags inside a line of text: a run of Han characters goes on through them (a concept link
# in the middle of a phrase does not cut it in two)
_INLINE = re.compile(r"</?(?:a|abbr|b|bdi|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|small|span|strong|time|u|var)\b[^>]*>", re.I)
_BODY = re.compile(r"data-pagefind-body[^>]*>")
_ID = re.compile(r'\s+id="[^"]*"')
_HEADING = re.compile(r"<h[1-6]\b", re.I)
_LANG = re.compile(r'<html[^>]*\blang="([^"]*)"')
ORIGINAL_META = "cs_orig"


def index_form(page: str) -> str:
    """``page`` (a whole HTML document) as Pagefind is given it: only its content, with the
    text tokenized and ids left on headings only.

    Pagefind keeps every element with an id as an anchor, with its text (a paragraph's
    permalink: its text twice over); its sections are made of the headings alone."""
    start, end = page.find("<article"), page.rfind("</article>")
    if start < 0 or end < start:
        start, end = 0, len(page)
    pieces = _TAG.split(page[start:end])
    texts = pieces[0::2]
    originals = _originals("".join(texts))
    pieces[0::2] = [encode(text, _next_han(pieces, 2 * i)) if HAN_RUN.search(text) else text for i, text in enumerate(texts)]
    pieces[1::2] = [_ID.sub("", tag) if ' id="' in tag and not _HEADING.match(tag) else tag for tag in pieces[1::2]]
    content = "".join(pieces)
    if originals:
        body = _BODY.search(content)
        if body:
            meta = f'<span data-pagefind-meta="{ORIGINAL_META}:{originals}"></span>'
            content = content[: body.end()] + meta + content[body.end() :]
    if start == 0:  # not a page of the theme's: as it is
        return content
    lang = _LANG.search(page[:start])
    head = f'<!doctype html><html lang="{lang.group(1) if lang else "zh"}"><head><meta charset="utf-8"></head><body>'
    return head + content + page[end:end + len("</article>")] + "</body></html>"


def _next_han(pieces: list[str], at: int) -> str:
    """The Han character that goes on the run ending text ``pieces[at]``, past inline tags
    ("" when the run ends there)."""
    if not HAN_RUN.match(pieces[at][-1:]):
        return ""
    for k in range(at + 1, len(pieces)):
        if k % 2:  # a tag
            if not _INLINE.fullmatch(pieces[k]):
                return ""
        elif pieces[k]:
            return pieces[k][0] if HAN_RUN.match(pieces[k][0]) else ""
    return ""


def _originals(text: str) -> str:
    """For a text with traditional characters: pairs of (simplified, its own) characters,
    the commonest of its own for each simplified one; "" for a text with none."""
    if not has_traditional(text):
        return ""
    folded = simplified(text)
    counts = Counter((f, o) for f, o in zip(folded, text) if f != o)
    best: dict[str, tuple[int, str]] = {}
    for (f, o), n in counts.items():
        if n > best.get(f, (0, ""))[0] or (n == best[f][0] and o < best[f][1]):
            best[f] = (n, o)
    return "".join(f + o for f, (_, o) in sorted(best.items()))
