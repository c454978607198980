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


def sitemap_xml(pages: Mapping[str, Sequence[File]] | Iterable[File], site_url: str | None) -> str:
    """The sitemap of ``pages`` (documentation pages, by interface language, as
    mkdocs-static-i18n keeps them; or one list): each page once, in that order, with its
    date of building and the URL of each of its alternates."""
    lists = pages.values() if isinstance(pages, Mapping) else [pages]
    out = [HEAD]
    for files in lists:
        for file in files:
            if file.page is None:
                continue
            url = page_url(file, site_url or "")
            if url is None:
                continue
            out.append(f"    <url>\n        <loc>{escape(url)}</loc>\n")
            if file.page.update_date:
                out.append(f"        <lastmod>{escape(str(file.page.update_date))}</lastmod>\n")
            for locale, other in (getattr(file, "alternates", None) or {}).items():
                href = page_url(other, site_url or "")
                if href is not None:
                    out.append(f'        <xhtml:link rel="alternate" hreflang="{escape(locale)}" href="{escape(href)}"/>\n')
            out.append("    </url>\n")
    out.append(TAIL)
    return "".join(out)
