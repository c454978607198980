"""The sitemap (``site/sitemap.xml``): every page of every interface, with the date of the
build and its pages in the other interfaces (``hreflang`` alternates).

MkDocs renders its sitemap template over every page at each build, and the live preview
makes it again after every seed added or deleted: with mkdocs-static-i18n's template that
took half a second at 7,700 pages.  This makes the same document in plain Python, for the
theme's ``sitemap.xml`` template to print (the plugin puts ``SITEMAP_TEMPLATE`` first in the
theme's loader), so MkDocs still writes it and its gzipped copy, in a full build and in the
preview alike.

A sitemap lists absolute URLs only: without a ``site_url`` (a local build without
``SITE_URL``) it is an empty ``urlset``, as MkDocs' own template makes it, not URLs that
begin with "None".
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from mkdocs.structure.files import File

SITEMAP_TEMPLATE = "{{ corpus_sitemap }}"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
TAIL = "</urlset>\n"
_SPECIAL = re.compile(r'[&<>"]')
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape(text: str) -> str:
    """``text`` for XML text or a quoted attribute (URLs from MkDocs seldom need it)."""
    return _SPECIAL.sub(lambda m: _ENTITIES[m.group()], text) if _SPECIAL.search(text) else text


def page_url(file: File, site_url: str) -> str | None:
    """The absolute URL of the page at ``file`` (None for a link or a file without a page, or
    without a ``site_url``)."""
    page = file.page
    if page is not None and page.is_link:
        return None
    if page is not None and page.canonical_url:
        return page.canonical_url
    if not site_url:
        return None
    return site_url if file.url in ("", "./") else site_url.rstrip("/") + "/" + file.url.lstrip("/")


class Sitemap:
    """Makes the sitemap, and keeps each page's entry for the next time: the live preview
    makes it again after a seed is added or deleted, and a page whose file, page record,
    date and alternates are the very objects of then has the same entry.  (Held here, the
    objects cannot be freed and their ids given to others; each sitemap keeps only the
    pages it listed, for the site's URL it was made for.)"""

    def __init__(self) -> None:
        self._base = ""
        self._entries: dict[int, tuple[File, object, object, tuple[tuple[str, File], ...], str]] = {}

    def xml(self, pages: Mapping[str, Sequence[File]] | Iterable[File], site_url: str | None) -> str:
        """The sitemap of ``pages`` (documentation pages, by interface language, as
        mkdocs-static-i18n keeps them; or one list): each page once, in that order, with its
        date of building and the URL of each of its alternates."""
        lists = pages.values() if isinstance(pages, Mapping) else [pages]
        base = site_url or ""
        last, kept = self._entries if self._base == base else {}, {}
        out = [HEAD]
        for files in lists:
            for file in files:
                page = file.page
                if page is None:
                    continue
                alternates = tuple((getattr(file, "alternates", None) or {}).items())
                cached = last.get(id(file))
                if (cached is not None and cached[0] is file and cached[1] is page and cached[2] == page.update_date
                        and len(cached[3]) == len(alternates) and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(cached[3], alternates))):
                    entry = cached[4]
                else:
                    entry = _entry(file, alternates, base)
                kept[id(file)] = (file, page, page.update_date, alternates, entry)
                out.append(entry)
        out.append(TAIL)
        self._base, self._entries = base, (kept if base else {})
        return "".join(out)


def sitemap_xml(pages: Mapping[str, Sequence[File]] | Iterable[File], site_url: str | None) -> str:
    """The sitemap of ``pages``, made afresh (``Sitemap.xml``)."""
    return Sitemap().xml(pages, site_url)


def _entry(file: File, alternates: Sequence[tuple[str, File]], site_url: str) -> str:
    url = page_url(file, site_url)
    if url is None:
        return ""
    out = [f"    <url>\n        <loc>{escape(url)}</loc>\n"]
    if file.page is not None and file.page.update_date:
        out.append(f"        <lastmod>{escape(str(file.page.update_date))}</lastmod>\n")
    for locale, other in alternates:
        href = page_url(other, site_url)
        if href is not None:
            out.append(f'        <xhtml:link rel="alternate" hreflang="{escape(locale)}" href="{escape(href)}"/>\n')
    out.append("    </url>\n")
    return "".join(out)
