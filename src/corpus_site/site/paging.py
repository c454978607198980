"""Long lists split into pages of bounded size, so that no page grows with the corpus.

Page 1 of a list lives at ``<base>`` and page k at ``<base>/<k>``; every page carries a
pager with the neighbouring pages, the first and the last (never a link per page).
"""

from __future__ import annotations

from typing import Sequence, TypeVar

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


def pager(base: str, number: int, count: int, lang: Lang) -> str:
    """Links to the previous and next pages, the first, the last and the pages around this one."""
    if count <= 1:
        return ""
    here = page_base(base, number)

    def href(k: int) -> str:
        return attr(url_between(here, page_base(base, k) + "/"))

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
