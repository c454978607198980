"""Writing HTML for pages that corpus-site renders itself, and reading back what MkDocs needs.

Generated pages (documents, concepts, listings) are rendered here from the typed records,
not by Python-Markdown: it is the same HTML, made in one pass.  MkDocs still needs a table
of contents and the ids a page holds (to check links into it): ``toc_tokens`` and
``anchor_ids`` read them from the HTML this module writes.
"""

from __future__ import annotations

import re
from typing import Iterable

from .markdown import yaml_scalar

_TEXT_NEEDS = re.compile('[&<>\x00]')
_ATTR_NEEDS = re.compile('[&<>"\'\x00]')


def esc(text: str) -> str:
    """Text content.  (Most text needs nothing: a search finds out faster than a rewrite.)"""
    if _TEXT_NEEDS.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\x00", "")


def attr(text: str) -> str:
    """An attribute value (always written in double quotes)."""
    if _ATTR_NEEDS.search(text) is None:
        return text
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;").replace("\x00", ""))


def link(href: str, text_html: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<a{cls} href="{attr(href)}">{text_html}</a>'


def heading(level: int, text: str, anchor: str, extra: str = "") -> str:
    """A section heading with its permalink, as Python-Markdown's toc extension writes it."""
    return (
        f'<h{level} id="{attr(anchor)}"{extra}>{esc(text)}'
        f'<a class="headerlink" href="#{attr(anchor)}" title="Permanent link">¶</a></h{level}>\n'
    )


def items(lines: Iterable[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>\n" + "".join(f"<li>{line}</li>\n" for line in lines) + "</ul>\n"


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)<a class="headerlink"', re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r' id="([^"]+)"')  # every id this module writes follows a space


def toc_tokens(body: str) -> list[dict]:
    """The table of contents of a rendered page, in the shape of Python-Markdown's toc tokens."""
    root: list[dict] = []
    stack: list[dict] = []
    for match in _HEADING.finditer(body):
        level = int(match.group(1))
        token = {"level": level, "id": match.group(2), "name": _TAG.sub("", match.group(3)).strip(), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def anchor_ids(body: str) -> set[str]:
    return set(_ID.findall(body))


def front_matter(title: str, description: str, extra: dict[str, str] | None = None, hide: tuple[str, ...] = ()) -> str:
    """The front matter of a generated page; the theme prints title and description unescaped.
    ``hide``: parts of Material's layout the page goes without ("navigation", "toc")."""
    lines = [f"title: {yaml_scalar(attr(title))}", f"description: {yaml_scalar(attr(description))}"]
    lines += [f"{key}: {yaml_scalar(value)}" for key, value in (extra or {}).items()]
    if hide:
        lines.append("hide: [" + ", ".join(hide) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n"
