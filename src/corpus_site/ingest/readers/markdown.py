"""Reader: Markdown — posts with YAML (``---``) or TOML (``+++``) front matter, converter
output (MinerU, marker, pandoc), statute repositories — read by a real parser
(markdown-it-py), its markup kept as what it means.

One file is one document.  Front matter gives the metadata (see ``fields``); a first-level
heading the title; other headings are sections.  Inline markup becomes ``Markup`` pieces
from an allowlist (emphasis, code, links to http(s) pages, sup/sub, line breaks); raw HTML
in the text passes through the same allowlist, comments are dropped (and reported);
images are never loaded: their alt text stays, with a link to the original.  Footnote
definitions (``[^1]:`` with indented continuation lines) become footnotes tied to their
calls.  LaTeX fragments a PDF converter leaves for plain numbers (``$4 3 . 5 \\%$``) read
as the numbers, a superscript citation (``$^{12}$``) as a call of note 12.

Conservation: a block keeps the source lines markdown-it maps it to; lines it maps to no
block (a link reference definition, a comment) are reported as markup removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Any, Sequence
from urllib.parse import urljoin

from markdown_it import MarkdownIt
from markdown_it.token import Token

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib  # type: ignore[no-redef]

from ...model import Block, Diagnostic, DocMeta, Footnote, FootnoteRef, Inline, Markup, Removal, Span
from ...yamlio import YamlError, load_located
from ..blocks import first_sentence_title
from ..parsed import ParsedDoc
from ..text import WS, Line, line_spans, needs_space
from .fields import known_keys, meta_from

FRONT = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.*?)(?:\n|^)(?P=fence)[ \t]*(?:\n|\Z)", re.S | re.M)
_FOOTNOTE_DEF = re.compile(r"^\[\^(?P<label>[^\]\s]{1,40})\]:[ \t]?(?P<text>.*)$")
_NUMBER_MATH = re.compile(r"\$\s*(?P<n>[-+]?(?:\d[\d\s]*)(?:[.,]\s*\d[\d\s]*)*\s*(?:\\?%)?)\s*\$")
_CITE_MATH = re.compile(r"\$\s*\^\s*\{?\s*\[?\s*(?P<n>\d{1,3}(?:\s*[,，\-–]\s*\d{1,3})*)\s*\]?\s*\}?\s*\$")
_MD_SIGNALS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.M),  # ATX headings
    re.compile(r"^\[\^[^\]]+\]:", re.M),  # footnote definitions
    re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.\.?/)[^)\s]*\)"),  # links
    re.compile(r"^!\[[^\]\n]*\]\(", re.M),  # images
    re.compile(r"^\|.*\|[ \t]*\n\|[ \t:|-]*-{3}", re.M),  # tables
    re.compile(r"^```", re.M),  # fenced code
    re.compile(r"\*\*[^*\n]{1,80}\*\*"),  # strong emphasis
    re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+\S.*\n(?:[-*+]|\d{1,3}[.)])[ \t]+\S", re.M),  # lists
)
# Inline HTML a text may carry, and what it becomes (any attribute is dropped).
_INLINE_TAGS = {"sup", "sub", "small", "b", "strong", "i", "em", "u", "mark", "s", "del", "ins", "code", "br", "span", "cite", "abbr", "q"}
_TAG = re.compile(r"<\s*(?P<close>/)?\s*(?P<name>[a-zA-Z][a-zA-Z0-9]*)[^>]*?(?P<self>/)?\s*>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_REFERENCE = re.compile(r"^\s*(?:\[\d{1,3}\]|［\d{1,3}］|\d{1,3}\.\s)")
_SCRIPT = re.compile(r"<(script|style|noscript|template|iframe|object)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I | re.S)
_ATTR = re.compile(r"""(?P<key>[a-zA-Z-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")


def has_front_matter(text: str) -> bool:
    return bool(FRONT.match(text.lstrip("\ufeff")))


def looks_like_markdown(text: str) -> bool:
    """Front matter, headings written as Markdown (two or more), or at least two kinds of
    Markdown markup."""
    if has_front_matter(text):
        return True
    sample = text[:30_000]
    if len(_MD_SIGNALS[0].findall(sample)) >= 2 or re.match(r"\s*#{1,2}[ \t]+\S", sample):  # (or it opens on one)
        return True
    found = 0
    for pattern in _MD_SIGNALS:
        found += bool(pattern.search(sample))
        if found >= 2:
            return True
    return False


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any]
    end: int  # offset just past its closing fence
    lines: int  # how many lines it takes


def front_matter(text: str, name: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """The front matter block at the top of ``text`` (YAML or TOML), read safely."""
    match = FRONT.match(text)
    if not match:
        return None, []
    lines = text.count("\n", 0, match.end()) + (0 if match.group().endswith("\n") else 1)
    body = match["body"]
    try:
        if match["fence"] == "+++":
            data: Any = tomllib.loads(body)
        else:
            data = load_located(body).value
    except YamlError as exc:
        line = exc.line + 1 if exc.line else 1  # (the fence is line 1)
        return FrontMatter({}, match.end(), lines), [Diagnostic(name, line, "front-matter", f"front matter ignored: {exc}", "error")]
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return FrontMatter({}, match.end(), lines), [Diagnostic(name, 1, "front-matter", f"front matter ignored: invalid TOML: {exc}", "error")]
    if not isinstance(data, dict):
        return FrontMatter({}, match.end(), lines), [Diagnostic(name, 1, "front-matter", "front matter ignored: not a mapping of keys", "warning")]
    unknown = sorted(str(k) for k in data if str(k).lower() not in known_keys())
    notes = [Diagnostic(name, 1, "front-matter-keys", f"front matter keys not shown: {', '.join(unknown[:8])}", "info")] if unknown else []
    return FrontMatter(data, match.end(), lines), notes


_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def read_markdown(lines: Sequence[Line], name: str, front: FrontMatter | None, base: DocMeta) -> tuple[list[ParsedDoc], list[Removal], list[Diagnostic]]:
    """One document from a Markdown file's cleaned ``lines`` (its front matter blanked)."""
    meta = meta_from(front.data, base) if front else base
    meta_sources = (Span(0, front.end),) if front else ()  # (its lines are blank in ``lines``)
    body = list(lines[front.lines :]) if front else list(lines)
    start = len(lines) - len(body)
    notes, note_lines = _footnote_definitions(body)
    texts = [line.text for line in body]
    for i in note_lines:
        texts[i] = ""
    reader = _Reader(name, meta.url, {note.label for note in notes}, set(note_lines))
    tokens = _PARSER.parse("\n".join(_plain_math(t, reader.labels) for t in texts))
    blocks, covered = reader.blocks(tokens, body)
    covered |= set(note_lines)
    removals = [Removal(piece.start, piece.text, "markup", line.number)
                for i, line in enumerate(body) if i not in covered and line for piece in line.pieces if piece.text.strip(WS)]
    title, blocks, title_sources = _title(blocks, meta)
    if not title and blocks:
        title = first_sentence_title(next((b.text for b in blocks if b.kind == "para"), blocks[0].text))
    if not blocks and not notes and not title:
        return [], removals, reader.diagnostics
    meta = replace(meta, title=title)
    first_line = lines[start].number if start < len(lines) else 1
    return [ParsedDoc(meta, tuple(blocks), tuple(notes), tuple(meta_sources) + title_sources, first_line)], removals, reader.diagnostics


def _title(blocks: list[Block], meta: DocMeta) -> tuple[str, list[Block], tuple[Span, ...]]:
    """The front matter's title, else the first first-level heading's (which then leaves the
    body, its lines going to the metadata), else the first heading's."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first is not None and blocks[first].level == 1 and first <= 2 and meta.title in ("", blocks[first].text):
        return blocks[first].text, [*blocks[:first], *blocks[first + 1 :]], blocks[first].sources
    if not meta.title and first is not None:
        return blocks[first].text, blocks, ()
    return meta.title, blocks, ()


def _plain_math(text: str, labels: set[str]) -> str:
    """LaTeX a converter left for numbers and citation calls, as plain text."""
    if "$" not in text:
        return text
    text = _CITE_MATH.sub(lambda m: "".join(f"[^{n}]" if n in labels else f"<sup>{n}</sup>" for n in re.split(r"\s*[,，]\s*", m["n"].replace(" ", ""))), text)
    return _NUMBER_MATH.sub(lambda m: re.sub(r"\s+", "", m["n"]).replace("\\%", "%"), text)


def _footnote_definitions(body: Sequence[Line]) -> tuple[list[Footnote], list[int]]:
    """``[^label]: text`` lines, with their indented continuation lines."""
    notes: list[Footnote] = []
    used: list[int] = []
    i = 0
    while i < len(body):
        match = _FOOTNOTE_DEF.match(body[i].text)
        if not match:
            i += 1
            continue
        parts, spans, first = [match["text"].strip()], list(body[i].spans), i
        i += 1
        while i < len(body) and (body[i].text.startswith(("    ", "\t", "  ")) or (not body[i] and i + 1 < len(body) and body[i + 1].text.startswith("    "))):
            parts.append(body[i].text.strip())
            spans.extend(body[i].spans)
            i += 1
        used.extend(range(first, i))
        text = " ".join(p for p in parts if p)
        notes.append(Footnote(match["label"], _strip_markup(text), tuple(spans), body[first].number))
    return notes, used


def _strip_markup(text: str) -> str:
    """A footnote's text without its Markdown and HTML (notes are shown as text)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}", "", text)
    return html.unescape(_TAG.sub("", _COMMENT.sub("", text)))


class _Reader:
    """markdown-it's tokens as blocks of text and markup pieces."""

    def __init__(self, name: str, url: str | None, labels: set[str], notes: set[int]) -> None:
        self.name, self.url, self.labels, self.note_rows = name, url, labels, notes
        self.diagnostics: list[Diagnostic] = []
        self.refs = 0

    def blocks(self, tokens: list[Token], lines: Sequence[Line]) -> tuple[list[Block], set[int]]:
        out: list[Block] = []
        covered: set[int] = set()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            end = _closing(tokens, i)
            span = token.map or (tokens[i + 1].map if i + 1 < len(tokens) and tokens[i + 1].map else None)
            rows = [r for r in (range(span[0], span[1]) if span else ()) if r not in self.note_rows]
            made = self._block(tokens, i, end, [lines[r] for r in rows if r < len(lines)])
            if made is not None and (made.text.strip() or made.kind == "table"):
                out.append(made)
                covered.update(rows)  # (the lines of a block that gave nothing are reported as markup)
            i = end + 1
        return out, covered

    def _block(self, tokens: list[Token], i: int, end: int, lines: list[Line]) -> Block | None:
        token, sources, number = tokens[i], line_spans(lines), lines[0].number if lines else 0
        if token.type == "heading_open":
            level = int(token.tag[1])
            return Block("heading", tuple(self._plain(self._inline(tokens[i + 1]))), sources, level=min(level, 4), line=number)
        if token.type == "paragraph_open":
            return self._paragraph(self._inline(tokens[i + 1]), sources, number)
        if token.type in ("fence", "code_block"):
            return Block("code", (token.content.rstrip("\n"),), sources, line=number)
        if token.type == "html_block":
            return self._html_block(token.content, sources, number)
        if token.type == "hr":
            return None
        kind = {"bullet_list_open": "list", "ordered_list_open": "list", "table_open": "table", "blockquote_open": "quote"}.get(token.type)
        if kind is None:
            return None
        pieces: list[Inline] = []
        for inner in tokens[i : end + 1]:
            if inner.type == "inline":
                pieces.extend(self._inline(inner))
            elif inner.type.endswith(("_open", "_close")) and inner.tag in ("ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote"):
                closing = inner.nesting < 0
                start = inner.attrs.get("start") if inner.tag == "ol" and not closing else None
                pieces.append(Markup(f"</{inner.tag}>" if closing else f'<ol start="{int(start)}">' if start else f"<{inner.tag}>"))
                if closing and inner.tag in ("li", "tr", "td", "th"):  # items and cells stay apart in the text
                    pieces.append("\n" if inner.tag in ("li", "tr") else " ")
            elif inner.type.startswith("paragraph") and kind == "quote":
                pieces.append(Markup("</p>" if inner.nesting < 0 else "<p>"))
        return Block(kind, tuple(pieces), sources, line=number)

    def _paragraph(self, pieces: list[Inline], sources: tuple[Span, ...], number: int) -> Block:
        text = "".join(p for p in pieces if isinstance(p, str)).strip(WS)
        images = all(isinstance(p, Markup) or not p.strip(WS) for p in pieces if not isinstance(p, FootnoteRef)) or (
            text and any(isinstance(p, Markup) and "cs-image" in p.html for p in pieces) and len(text) < 80)
        kind = "caption" if images else "para"
        return Block(kind, tuple(pieces), sources, line=number)

    def _html_block(self, content: str, sources: tuple[Span, ...], number: int) -> Block | None:
        """Block HTML (a figure, a table, a div): a table is kept as one, sanitized; anything
        else gives its text (an image its alt text, with a link to it)."""
        content = self._dropped(content, number)
        if re.search(r"<table\b", content, re.I):
            import nh3

            clean = nh3.clean(content, tags={"table", "thead", "tbody", "tr", "th", "td", "caption"}, attributes={}, strip_comments=True)
            return Block("table", (Markup(clean),), sources, line=number)
        pieces = self._html_inline(content)
        return self._paragraph(pieces, sources, number) if pieces else None

    def _dropped(self, content: str, line: int | None) -> str:
        """Raw HTML without its comments and scripts (never text: dropped, and said so)."""
        for pattern, what in ((_COMMENT, "HTML comment"), (_SCRIPT, "script or embedded object")):
            if pattern.search(content):
                self.diagnostics.append(Diagnostic(self.name, line, "html-dropped", f"{what} dropped", "info"))
                content = pattern.sub("", content)
        return content

    def _plain(self, pieces: list[Inline]) -> list[Inline]:
        return [p for p in pieces if isinstance(p, str)]

    def _inline(self, token: Token) -> list[Inline]:
        out: list[Inline] = []
        links: list[bool] = []  # for each open link: was it kept
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                out.extend(self._text_with_refs(child.content))
            elif kind == "softbreak":  # a space between English lines, none between Chinese ones
                prev = next((p for p in reversed(out) if isinstance(p, str) and p), "")
                following = token.children[token.children.index(child) + 1] if child is not token.children[-1] else None
                if following is not None and following.type == "text" and _REFERENCE.match(following.content):
                    out.append(Markup("<br>"))  # a list of references, one a line
                else:
                    out.append(" " if _latin_end(prev) else "")
            elif kind == "hardbreak":
                out.append(Markup("<br>"))
            elif kind == "code_inline":
                out.extend([Markup("<code>"), child.content, Markup("</code>")])
            elif kind in ("strong_open", "em_open", "s_open"):
                out.append(Markup(f"<{child.tag}>"))
            elif kind in ("strong_close", "em_close", "s_close"):
                out.append(Markup(f"</{child.tag}>"))
            elif kind == "link_open":
                target = self._target(str(child.attrs.get("href", "")))
                links.append(target is not None)
                if target:
                    out.append(Markup(f'<a href="{html.escape(target)}" rel="nofollow noopener">'))
            elif kind == "link_close":
                if links and links.pop():
                    out.append(Markup("</a>"))
            elif kind == "image":
                out.extend(self._image(str(child.attrs.get("src", "")), child.content, child.map))
            elif kind == "html_inline":
                out.extend(self._html_inline(child.content))
        return _tidy(self._sup_calls(out))

    def _sup_calls(self, pieces: list[Inline]) -> list[Inline]:
        """``<sup>1</sup>`` / ``<sup>[1]</sup>`` calling a note that exists: a footnote call."""
        out: list[Inline] = []
        i = 0
        while i < len(pieces):
            window = pieces[i : i + 3]
            if (len(window) == 3 and window[0] == Markup("<sup>") and window[2] == Markup("</sup>") and isinstance(window[1], str)
                    and (label := window[1].strip("[]［］ ")) in self.labels):
                out.append(FootnoteRef(label, Span(0, 0)))
                i += 3
                continue
            out.append(pieces[i])
            i += 1
        return out

    def _text_with_refs(self, text: str) -> list[Inline]:
        """Text, its footnote calls (``[^1]``) made references to their notes."""
        if "[^" not in text:
            return [text]
        out: list[Inline] = []
        pos = 0
        for match in re.finditer(r"\[\^([^\]\s]{1,40})\]", text):
            if match[1] not in self.labels:
                continue
            out.append(text[pos : match.start()])
            out.append(FootnoteRef(match[1], Span(0, 0)))
            pos = match.end()
        out.append(text[pos:])
        return out

    def _target(self, href: str) -> str | None:
        """Where a link may go: an http(s) page; a path of the scraped site resolved against
        the document's URL (else no link); never a script, a data: URL or a local file."""
        href = href.strip()
        if re.match(r"https?://", href, re.I):
            return href
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", href) or not href or href.startswith("#"):
            return None
        return urljoin(self.url, href) if self.url else None

    def _image(self, src: str, alt: str, where: list[int] | None) -> list[Inline]:
        """An image is never loaded: its alt text, with a link to it on its own host."""
        alt = alt.strip()
        if not alt:  # nothing to say of it (a converter's figure file): its caption, if any, follows
            return []
        if src.startswith("data:"):
            self.diagnostics.append(Diagnostic(self.name, None, "data-image", "inline data: image dropped", "info"))
            return [Markup('<span class="cs-image">'), alt, Markup("</span>")]
        target = self._target(src)
        if not target:
            return [Markup('<span class="cs-image">'), alt, Markup("</span>")]
        return [Markup(f'<a class="cs-image" href="{html.escape(target)}" rel="nofollow noopener">'), alt, Markup("</a>")]

    def _html_inline(self, content: str) -> list[Inline]:
        """Raw HTML in a text: allowlisted tags (no attributes), images as their alt text,
        comments dropped; text stays text."""
        out: list[Inline] = []
        content = self._dropped(content, None)
        pos = 0
        for match in _TAG.finditer(content):
            if match.start() > pos:
                out.append(html.unescape(content[pos : match.start()]))
            pos = match.end()
            name = match["name"].lower()
            if name == "img":
                attrs = {a["key"].lower(): a["dq"] or a["sq"] or a["bare"] or "" for a in _ATTR.finditer(match.group())}
                out.extend(self._image(attrs.get("src", ""), attrs.get("alt", ""), None))
            elif name in _INLINE_TAGS:
                tag = "br" if name == "br" else name
                out.append(Markup(f"<{tag}>" if not match["close"] or tag == "br" else f"</{tag}>"))
            elif name in ("p", "div", "figure", "figcaption", "li") and out:
                out.append(" " if _latin_end(next((p for p in reversed(out) if isinstance(p, str)), "")) else "")
        if pos < len(content):
            out.append(html.unescape(content[pos:]))
        return [p for p in out if p != ""]


def _closing(tokens: list[Token], i: int) -> int:
    """The index of the token that closes the block opened at ``i`` (itself if none)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _latin_end(text: str) -> bool:
    """Does a line ending in ``text`` join the next with a space (English), or not (Chinese)?"""
    return bool(text) and needs_space(text[-1], "a")


def _tidy(pieces: list[Inline]) -> list[Inline]:
    """Empty strings dropped; the text's ends stripped of white space."""
    out = [p for p in pieces if p != ""]
    while out and isinstance(out[0], str) and not out[0].strip(WS):
        out.pop(0)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(WS)
    return out
