"""Writing Markdown safely: seed text is text, so every character that could be syntax is escaped."""

from __future__ import annotations

import html
import re

# Characters that are syntax for an extension or for HTML: written as character references.
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", "^": "&#94;", "$": "&#36;"}
# Inline syntax Python-Markdown accepts behind a backslash.
_INLINE_SPECIAL = set("\\`*_{}[]")
# What a block may not start with: list bullets, headings, setext lines, definition lists.
_BLOCK_START = {"#": "\\#", "+": "\\+", "-": "\\-", "!": "\\!", "=": "&#61;", ":": "&#58;"}
_ORDERED_RE = re.compile(r"^(\d+)([.)])")


_INLINE = str.maketrans({**_ENTITY, **{ch: "\\" + ch for ch in _INLINE_SPECIAL}, "\n": " ", "\r": " ", "\t": " "})


_INLINE_NEEDS = re.compile("[" + re.escape("".join(chr(c) for c in _INLINE)) + "]")


def escape_inline(text: str) -> str:
    """Escape text so that Markdown shows it literally, wherever it stands in a line."""
    return text.translate(_INLINE) if _INLINE_NEEDS.search(text) else text


def escape_line_start(markdown: str) -> str:
    """Escape what would open a Markdown block (heading, list, rule…) in already-escaped text."""
    ordered = _ORDERED_RE.match(markdown)
    if ordered:
        mark = "\\." if ordered.group(2) == "." else "&#41;"
        return ordered.group(1) + mark + markdown[ordered.end():]
    if markdown[:1] in _BLOCK_START:
        return _BLOCK_START[markdown[0]] + markdown[1:]
    return markdown


def attr(text: str) -> str:
    """An HTML attribute value."""
    return html.escape(text, quote=True)


def yaml_scalar(value: str) -> str:
    """A YAML double-quoted scalar (front matter), safe for any text."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", escaped)
    return f'"{escaped}"'
