"""Shape parser: an academic paper extracted from PDF.

The extraction hard-wraps every line mid-sentence, puts each page's footnotes (numbered
afresh on every page) between the page's text and the next page's, and repeats the
PDF's link annotations at the end.  This stage

* reads the header: title (with its funding-note marker), author, abstract, keywords;
* pulls footnote definitions out of the text flow and ties each to the marker that cites
  it on the same page, giving it a document-wide label;
* reflows the remaining lines into paragraphs, using line widths to find paragraph ends
  (a paragraph's first line is indented, its last line is short);
* turns numbered section titles (一、… （一）…) into headings.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Sequence

from ..model import Block, DocMeta, Footnote, FootnoteRef, Inline, Lang, Removal, Span
from .blocks import first_sentence_title
from .detect import ABSTRACT_RE
from .parsed import ParsedDoc
from .text import CJK_RE, TERMINAL_RE, WS, Line, display_width, join_segs, line_spans, needs_space

URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
DEF_RE = re.compile(r"^\s*(?:\[(?P<n>\d{1,3})\]|［(?P<fn>\d{1,3})］|(?P<c>[①-⑳]))[\s\u3000]*(?=\S)")
FUNDING_RE = re.compile(r"^\s*[*＊※][\s\u3000]+(?=\S)")
REF_RE = re.compile(r"\[(\d{1,3})\]|［(\d{1,3})］|([①-⑳])")
MARKER_ONLY_RE = re.compile(r"^\s*(?:\[\d{1,3}\]|［\d{1,3}］|[①-⑳])\s*$")
EDITOR_RE = re.compile(r"^\s*[【\[〔（(]?\s*(?:责任编辑|责编|编辑)\s*[:：]\s*(?P<name>[^】\]〕）)]{1,20}?)\s*[】\]〕）)]?\s*$")
KEYWORDS_RE = re.compile(r"^\s*(?:〔\s*关键词\s*〕|【\s*关键词\s*】|［\s*关键词\s*］|关键词\s*[:：])")
H2_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|第[一二三四五六七八九十]{1,3}[章节部分]|\d{1,2}[、．.](?!\d))\s*\S")
H3_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\.\d{1,2}\s)\s*\S")
PARA_START_RE = re.compile(r"^(?:第[一二三四五六七八九十]+[，,、]|其[一二三四五六七八九十][，,、]|首先|其次|再次|最后|[一二三四五六七八九十]是)")
NAME_LINE_RE = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s\u3000、，,]+[\u4e00-\u9fff·]{2,4}){0,5}$")
TITLE_MARK_RE = re.compile(r"[\s\u3000]*[*＊※]\s*$")
ABBREVIATION_RE = re.compile(r"(?:\b(?:No|Nos|Vol|Vols|pp?|ed|eds|cf|vs|Mr|Mrs|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|al|Ibid|trans|Rev|Inc|Co|Ltd)|\b[A-Z])\.$")
URL_END_RE = re.compile(r"(?:https?://|www\.)\S*$")
URL_TAIL_RE = re.compile(r"^[a-z0-9][\w.-]*[/.][\w./%#?=&-]*")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(slots=True)
class _Ref:
    number: str
    line: int
    start: int
    end: int
    label: str | None = None


@dataclass(slots=True)
class _Note:
    number: str
    lines: list[Line]
    label: str = ""


@dataclass(slots=True)
class _State:
    width: float
    items: list[tuple[str, list[Line]]] = field(default_factory=list)  # ("para"|"h2"|"h3", lines)
    notes: list[_Note] = field(default_factory=list)
    refs: dict[int, list[_Ref]] = field(default_factory=dict)  # line number -> refs in that line
    pending: list[_Ref] = field(default_factory=list)
    block_notes: list[_Note] = field(default_factory=list)
    pages: int = 0
    removals: list[Removal] = field(default_factory=list)
    meta_lines: list[Line] = field(default_factory=list)
    editor: str | None = None
    funding: str | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PaperResult:
    doc: ParsedDoc
    removals: tuple[Removal, ...]
    warnings: tuple[tuple[int, str], ...]  # (line, message)


def parse_paper(lines: Sequence[Line], lang: Lang) -> PaperResult:
    lines = list(lines)
    links, lines, link_removals = _split_link_lines(lines)
    body = [line for line in lines if line]
    state = _State(width=_typical_width(body))
    state.removals.extend(link_removals)
    header = _read_header(body, state)
    for line in body[header.consumed :]:
        _walk(line, state, links)
    _close_page(state)
    blocks = _blocks(state)
    footnotes = tuple(_footnote(note, links) for note in state.notes if note.label)
    meta = DocMeta(
        title=header.title or (first_sentence_title(blocks[0].text) if blocks else ""),
        lang=lang,
        kind="paper",
        authors=header.authors,
        abstract=header.abstract,
        keywords=header.keywords,
        editor=state.editor,
        funding=state.funding,
    )
    meta_sources = line_spans(state.meta_lines)
    doc = ParsedDoc(meta, tuple(blocks), footnotes, meta_sources, body[0].number if body else 1)
    return PaperResult(doc, tuple(state.removals), tuple(state.warnings))


# -- link annotations ----------------------------------------------------------------------


def _split_link_lines(lines: list[Line]) -> tuple[list[str], list[Line], list[Removal]]:
    """The run of bare URLs that closes the text (the PDF's link annotations)."""
    end = len(lines)
    while end and (not lines[end - 1] or URL_LINE_RE.match(lines[end - 1].text)):
        end -= 1
    tail = [line for line in lines[end:] if line]
    links = [line.text.strip(WS) for line in tail]
    removals = [piece.removal("PDF link annotation") for line in tail for piece in line.pieces]
    return links, lines[:end], removals


# -- header ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Header:
    consumed: int
    title: str | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    keywords: tuple[str, ...] = ()


def _typical_width(lines: Sequence[Line]) -> float:
    widths = sorted(display_width(line.text.strip(WS)) for line in lines if len(line.text.strip(WS)) >= 8)
    if not widths:
        return 0.0
    return statistics.median(widths[len(widths) // 2 :])


def _read_header(body: list[Line], state: _State) -> _Header:
    limit = min(len(body), 40)
    abstract_at = next((i for i in range(limit) if ABSTRACT_RE.match(body[i].text)), None)
    if abstract_at is None:
        head_end = 0
        while head_end < min(6, len(body)) and display_width(body[head_end].text.strip(WS)) < state.width * 0.75:
            if H2_RE.match(body[head_end].text.strip(WS)):
                break
            head_end += 1
    else:
        head_end = abstract_at
    header = _Header(consumed=head_end)
    title_lines: list[Line] = []
    authors: list[str] = []
    for line in body[:head_end]:
        text = line.text.strip(WS)
        if title_lines and NAME_LINE_RE.match(text):
            authors.extend(t for t in re.split(r"[\s\u3000、，,]+", text) if t)
            state.meta_lines.append(line)
        elif not authors:
            title_lines.append(line)
        else:
            state.items.append(("para", [line.strip()]))  # affiliation or other header text: keep it
    if title_lines:
        last = title_lines[-1]
        mark = TITLE_MARK_RE.search(last.text)
        if mark:
            state.removals.extend(p.removal("footnote marker") for p in last.segs(mark.start(), mark.end()) if p.text.strip(WS))
            title_lines[-1] = last.sub(0, mark.start())
        header.title = "".join(l.text.strip(WS) for l in title_lines) if lang_is_cjk(title_lines) else " ".join(l.text.strip(WS) for l in title_lines)
        state.meta_lines.extend(title_lines)
    header.authors = tuple(authors)
    if abstract_at is not None:
        _read_abstract(body, abstract_at, header, state)
    return header


def lang_is_cjk(lines: Sequence[Line]) -> bool:
    return any(CJK_RE.search(line.text) for line in lines)


def _read_abstract(body: list[Line], start: int, header: _Header, state: _State) -> None:
    marker = ABSTRACT_RE.match(body[start].text)
    assert marker is not None
    first = body[start].sub(marker.end()).strip()
    lines = [first] if first else []
    # The abstract is often set narrower than the body: measure its own width.
    width = _typical_width(body[start : start + 12]) or state.width
    i = start + 1
    while i < len(body):
        line = body[i]
        text = line.text.strip(WS)
        if KEYWORDS_RE.match(text) or MARKER_ONLY_RE.match(text) or DEF_RE.match(text) or FUNDING_RE.match(text):
            break
        if lines and _paragraph_ends(lines[-1], line, width):
            break
        lines.append(line.strip())
        i += 1
    header.abstract = join_segs(seg for l in lines for seg in l.pieces)
    state.meta_lines.append(body[start])  # marker and first line
    state.meta_lines.extend(lines[1:] if first else lines)
    if i < len(body) and KEYWORDS_RE.match(body[i].text):
        kw = KEYWORDS_RE.match(body[i].text)
        assert kw is not None
        header.keywords = tuple(k for k in re.split(r"[\s\u3000；;，,]+", body[i].text[kw.end():]) if k)
        state.meta_lines.append(body[i])
        i += 1
    header.consumed = i


# -- main walk ---------------------------------------------------------------------------


def _walk(line: Line, state: _State, links: list[str]) -> None:
    text = line.text
    stripped = text.strip(WS)
    editor = EDITOR_RE.match(stripped)
    if editor:
        state.editor = editor.group("name").strip(WS)
        state.meta_lines.append(line)
        return
    note = state.block_notes[-1] if state.block_notes else None
    if URL_LINE_RE.match(text) and not (note is not None and _note_continues(note, line, state.width)):
        links.append(stripped)  # a link annotation the PDF repeats after a page's footnotes
        state.removals.extend(p.removal("PDF link annotation") for p in line.pieces if p.text.strip(WS))
        return
    if FUNDING_RE.match(text):
        _start_note(state, "*", line)
        return
    definition = DEF_RE.match(text)
    if definition and _plausible_definition(definition, state):
        _start_note(state, _number(definition), line)
        return
    if note is not None and _note_continues(note, line, state.width):
        note.lines.append(line)
        return
    if state.block_notes:
        _close_page(state)
    _body_line(line, state)


def _number(match: re.Match[str]) -> str:
    if match.group("c"):
        return str(CIRCLED.index(match.group("c")) + 1)
    return str(int(match.group("n") or match.group("fn")))


def _plausible_definition(match: re.Match[str], state: _State) -> bool:
    """Footnote numbers within a page run 1, 2, 3…: anything else is body text."""
    number = int(_number(match))
    numbered = [n for n in state.block_notes if n.number != "*"]
    if not numbered:
        return number == 1 or any(ref.number == str(number) for ref in state.pending)
    return number == int(numbered[-1].number) + 1


def _start_note(state: _State, number: str, line: Line) -> None:
    state.block_notes.append(_Note(number, [line]))


def _note_continues(note: _Note, line: Line, width: float) -> bool:
    """Is ``line`` the next line of footnote ``note`` (rather than the next page's text)?"""
    if len(note.lines) >= 6 or line.text.startswith(" "):
        return False
    last = note.lines[-1].text.rstrip(WS)
    if not TERMINAL_RE.search(last) or ABBREVIATION_RE.search(last):
        return True
    stripped = line.text.strip(WS)
    if URL_END_RE.search(last) and URL_TAIL_RE.match(stripped):
        return True  # a URL broken after a dot: "http://china.chinadaily." + "com.cn/…"
    # A short Latin line after a Latin note is the note's tail ("2022/003, July 2022, p. 4.").
    return not CJK_RE.search(stripped) and not CJK_RE.search(last) and display_width(stripped) < width * 0.6


def _close_page(state: _State) -> None:
    """A footnote block ended: tie its notes to the markers cited since the previous block."""
    if not state.block_notes:
        return
    state.pages += 1
    for note in state.block_notes:
        if note.number == "*":
            state.funding = _strip_def(note)
            state.meta_lines.extend(note.lines)
            continue
        ref = next((r for r in reversed(state.pending) if r.number == note.number and r.label is None), None)
        if ref is None:
            state.warnings.append((note.lines[0].number, f"footnote [{note.number}] is cited nowhere on its page; kept at the end"))
            note.label = f"{state.pages}-{note.number}"
        else:
            ref.label = note.label = f"{state.pages}-{note.number}"
        state.notes.append(note)
    for ref in state.pending:
        if ref.label is None:
            state.warnings.append((ref.line, f"footnote marker [{ref.number}] has no footnote on its page; kept as text"))
    state.pending = []
    state.block_notes = []


def _strip_def(note: _Note) -> str:
    first = note.lines[0].text
    m = DEF_RE.match(first) or FUNDING_RE.match(first)
    rest = [Line(note.lines[0].sub(m.end() if m else 0).pieces, note.lines[0].number), *note.lines[1:]]
    return join_segs(seg for line in rest for seg in line.pieces)


def _body_line(line: Line, state: _State) -> None:
    line = line.strip()
    text = line.text
    for m in REF_RE.finditer(line.text):
        number = m.group(1) or m.group(2) or str(CIRCLED.index(m.group(3)) + 1)
        ref = _Ref(str(int(number)), line.number, m.start(), m.end())
        state.refs.setdefault(line.number, []).append(ref)
        state.pending.append(ref)
    if len(text) <= 30 and not re.search(r"[。；]$", text):
        if H2_RE.match(text) and not PARA_START_RE.match(text):
            state.items.append(("h2", [line]))
            return
        if H3_RE.match(text):
            state.items.append(("h3", [line]))
            return
    if MARKER_ONLY_RE.match(text):
        if state.items and state.items[-1][0] == "para":
            state.items[-1][1].append(line)
        else:
            state.items.append(("marker", [line]))
        return
    if state.items and state.items[-1][0] == "para":
        previous = state.items[-1][1][-1]
        if not _paragraph_ends(previous, line, state.width):
            state.items[-1][1].append(line)
            return
    state.items.append(("para", [line]))


def _paragraph_ends(a: Line, b: Line, width: float) -> bool:
    """Does a paragraph end between wrapped lines ``a`` and ``b``?"""
    a_text = REF_RE.sub("", a.text).rstrip(WS)
    if not TERMINAL_RE.search(a_text) and not a_text.endswith(("：", ":")):
        return False
    b_text = b.text.strip(WS)
    if PARA_START_RE.match(b_text):
        return True
    return display_width(a.text.strip(WS)) < width - 5 or display_width(b_text) <= width - 3


# -- blocks ------------------------------------------------------------------------------


def _blocks(state: _State) -> list[Block]:
    blocks: list[Block] = []
    for kind, lines in state.items:
        if kind in ("h2", "h3"):
            line = lines[0]
            blocks.append(Block("heading", (line.text.strip(WS),), line.spans, level=int(kind[1]), line=line.number))
            continue
        inlines = _inlines(lines, state)
        if kind == "marker" and not any(isinstance(part, FootnoteRef) for part in inlines):
            state.removals.extend(p.removal("orphan footnote marker") for line in lines for p in line.pieces if p.text.strip(WS))
            continue
        spans = tuple(s for line in lines for s in _spans_without_refs(line, state))
        blocks.append(Block("para", inlines, spans, line=lines[0].number))
    return blocks


def _inlines(lines: list[Line], state: _State) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    text = ""
    for line in lines:
        pos = 0
        for ref in state.refs.get(line.number, []):
            if ref.label is None:
                continue
            text = _append(text, line.text[pos : ref.start])
            parts.append(text)
            parts.append(FootnoteRef(ref.label, _ref_span(line, ref)))
            text = ""
            pos = ref.end
        text = _append(text, line.text[pos:], after_ref=pos > 0)
    parts.append(text)
    return tuple(p for p in parts if not (isinstance(p, str) and not p))


def _append(text: str, piece: str, after_ref: bool = False) -> str:
    stripped = piece.strip(WS) if not after_ref else piece.rstrip(WS)
    if not stripped:
        return text
    if text and needs_space(text[-1], stripped.lstrip(WS)[0]) and not text.endswith(" "):
        return text + " " + stripped.lstrip(WS)
    return text + (stripped.lstrip(WS) if text else stripped)


def _ref_span(line: Line, ref: _Ref) -> Span:
    segs = line.segs(ref.start, ref.end)
    return Span(segs[0].start, segs[-1].end) if segs else Span(0, 0)


def _spans_without_refs(line: Line, state: _State) -> list[Span]:
    """The line's spans, minus footnote markers (those are accounted for as FootnoteRef)."""
    refs = [r for r in state.refs.get(line.number, []) if r.label is not None]
    if not refs:
        return list(line.spans)
    spans: list[Span] = []
    pos = 0
    for ref in refs:
        spans.extend(s.span for s in line.segs(pos, ref.start) if s.text.strip(WS))
        pos = ref.end
    spans.extend(s.span for s in line.segs(pos) if s.text.strip(WS))
    return spans


def _footnote(note: _Note, links: list[str]) -> Footnote:
    first = note.lines[0]
    m = DEF_RE.match(first.text)
    end = m.end() if m else 0
    marker = first.segs(0, end)
    spans = line_spans([first.sub(end), *note.lines[1:]])
    return Footnote(note.label, _note_text(note, links), spans, first.number, Span(marker[0].start, marker[-1].end) if marker else None)


def _note_text(note: _Note, links: list[str]) -> str:
    """Join a footnote's lines; a URL broken across lines is joined back without a space."""
    first = note.lines[0]
    m = DEF_RE.match(first.text)
    pieces = [first.text[m.end() :] if m else first.text] + [line.text for line in note.lines[1:]]
    text = ""
    for piece in pieces:
        piece = piece.strip(WS) if not text else piece.strip(WS)
        if not piece:
            continue
        if not text:
            text = piece
            continue
        url = re.search(r"(?:https?://|www\.)\S*$", text)
        if url and (text[-1] in "/-_.=?&" or _url_continues(url.group(0), piece, links)):
            text += piece
        elif not needs_space(text[-1], piece[0]):
            text += piece
        else:
            text += " " + piece
    return text


def _url_continues(head: str, piece: str, links: list[str]) -> bool:
    first_token = re.match(r"\S+", piece)
    if not first_token:
        return False
    joined = head + first_token.group(0)
    known = [link for link in links if link.startswith(head)]
    if known:
        return any(link.startswith(joined.rstrip("。.,，")) or joined.startswith(link) for link in known)
    return bool(re.match(r"[a-z0-9_/%#?=&.-]", piece)) and not CJK_RE.search(first_token.group(0)[:1])
