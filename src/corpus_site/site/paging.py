"""Long lists split into pages of bounded size, so that no page grows with the corpus.

Page 1 of a list lives at ``<base>`` and page k at ``<base>/<k>``; every page carries a
pager with the neighbouring pages, the first and the last (never a link per page).

A list shown newest first (the browse lists) is cut from its oldest end instead
(``archive_chunks``): a document added at the top changes its first page only, not every
page after it, and a further page keeps its documents and its address (``<base>/<k>``, k
counted from the oldest page) until one is added or removed in it.  Its first page holds
between one and two pages' worth, so that it is never nearly empty.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from ..model import Lang
from .html import attr, esc
from .labels import t
from .paths import url_between

T = TypeVar("T")

PAGE_SIZE = 50  # documents per page of a listing
WINDOW = 2  # pages shown on each side of the current one


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """``items`` in pages of ``size``; an empty list is one empty page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_base(base: str, number: int) -> str:
    return base if number == 1 else f"{base}/{number}"


def archive_chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """``items`` (newest first) in pages, in reading order, cut from the oldest end: every
    page holds ``size`` but the first, which holds the rest (``size`` to ``2 * size - 1``,
    or all of a shorter list)."""
    count = max(1, len(items) // size)
    first = len(items) - (count - 1) * size
    return [items[:first]] + [items[first + i * size : first + (i + 1) * size] for i in range(count - 1)]


def archive_base(base: str, count: int) -> Callable[[int], str]:
    """Where page ``number`` (in reading order) of an ``archive_chunks`` list of ``count``
    pages lives: the first at ``base``, the others numbered from the oldest (the last page
    read is ``<base>/1``)."""
    return lambda number: base if number == 1 else f"{base}/{count - number + 1}"


def pager(base: str, number: int, count: int, lang: Lang, where: Callable[[int], str] | None = None) -> str:
    """Links to the previous and next pages, the first, the last and the pages around this one
    (page k at ``where(k)``: by default ``page_base``)."""
    if count <= 1:
        return ""
    where = where or (lambda k: page_base(base, k))
    here = where(number)

    def href(k: int) -> str:
        return attr(url_between(here, where(k) + "/"))

    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    out = []
    if number > 1:
        out.append(f'<a class="cs-pager-prev" rel="prev" href="{href(number - 1)}">← {esc(t("previous", lang))}</a>')
    last = 0
    for k in shown:
        if k > last + 1:
            out.append('<span class="cs-pager-gap">…</span>')
        if k == number:
            out.append(f'<span class="cs-pager-current" aria-current="page">{k}</span>')
        else:
            out.append(f'<a href="{href(k)}">{k}</a>')
        last = k
    if number < count:
        out.append(f'<a class="cs-pager-next" rel="next" href="{href(number + 1)}">{esc(t("next", lang))} →</a>')
    label = attr(t("pages", lang) + " · " + t("page_n", lang, n=number, count=count))
    return f'<nav class="cs-pager" aria-label="{label}">' + " ".join(out) + "</nav>\n"
