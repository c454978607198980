"""Shape parser: a Chinese news digest (several items in one file).

Items are separated by `&nbsp;` lines, begin at a dateline (新华网北京4月2日电) and end at a
closing byline (（记者…报道）).  Paragraphs inside a line are separated by runs of
full-width spaces.  Photo captions become caption blocks; bylines become byline blocks
and feed the authors field.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..model import Block, DocMeta
from .blocks import block, first_sentence_title
from .detect import DATELINE_RE
from .text import WS, Line
from .parsed import ParsedDoc

PARA_SPLIT_RE = re.compile(r"[\u3000]{2,}|[ \u00a0]{4,}")
KNOWN_OUTLETS = (
    "新华社", "新华网", "人民网", "人民日报", "中新社", "中新网", "中国新闻网", "央视网", "央视新闻", "光明网",
    "光明日报", "经济日报", "环球网", "环球时报", "澎湃新闻", "红网", "东方网", "南方网", "大众网", "北青网",
    "中国日报网", "国际在线", "中国网", "中国青年网", "法制网", "求是网", "本报", "新京报", "解放日报", "文汇报",
)
OUTLET_RE = re.compile("^(" + "|".join(KNOWN_OUTLETS) + ")")
GENERIC_OUTLET_RE = re.compile(r"^(.{1,8}?(?:网|社|报|台|新闻))")
OPENING_PAREN_RE = re.compile(r"^[（(]([^（）()]{1,60})[）)]")
BYLINE_RE = re.compile(
    r"[（(](?P<body>[^（）()]{0,100}(?:记者|报道|编辑|通讯员|研究员|教授|主任|撰稿|作者|来源|学者|专家)[^（）()]{0,100})[）)]\s*$"
)
CAPTION_RE = re.compile(r"(?:摄|供图|资料图|图片来源[^）)]*|新华社发|图/[^）)]*)\s*[）)]?\s*$")
HEADING_RE = re.compile(r"^【[^【】]{1,30}】$")
ROLE_RE = re.compile(r"^(?:.{0,8}?(?:记者|通讯员|编辑|实习生|摄影|撰稿|特约))")
NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
YEAR_RE = re.compile(r"((?:19|20)\d{2})年")
YEAR_MONTH_RE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")
LEAD_TIME_RE = re.compile(r"^(?:\d{1,2}月\d{1,2}日(?:[至到—-]+(?:\d{1,2}月)?\d{1,2}日)?(?:[早晨中晚上下午夜间]{0,3})|今年\d{1,2}月|日前|近日|当天|今天)[，,、]?")


@dataclass(slots=True)
class _Item:
    lines: list[Line] = field(default_factory=list)
    dated: bool = False
    closed: bool = False


def parse_news(lines: Sequence[Line], separators: frozenset[int]) -> list[ParsedDoc]:
    items = _merge_textless(_split_items(lines, separators))
    digest_year = _likely_year("\n".join(line.text for line in lines), None)
    docs: list[ParsedDoc] = []
    previous_date: str | None = None
    for item, read in items:
        doc = _parse_item(item, digest_year, previous_date, read)
        if doc is not None:
            docs.append(doc)
            previous_date = doc.meta.date or previous_date
    return docs


def _split_items(lines: Sequence[Line], separators: frozenset[int]) -> list[_Item]:
    items: list[_Item] = [_Item()]
    for line in lines:
        current = items[-1]
        if line.number in separators:
            if current.lines:
                items.append(_Item())
            continue
        if not line:
            continue
        line = line.strip()
        starts_item = bool(DATELINE_RE.match(line.text))
        if current.closed or (starts_item and _has_body(current)):
            items.append(_Item())
            current = items[-1]
        current.lines.append(line)
        current.dated = current.dated or starts_item
        if BYLINE_RE.search(line.text) and not _is_caption(line.text) and len(current.lines) > 1:
            current.closed = True
    return [item for item in items if item.lines]


def _merge_textless(items: list[_Item]) -> list[tuple[_Item, "_Read | None"]]:
    """An item of headings or captions only (a line left after a closing byline, say) is no
    document of its own: it stays with the item before it (or, first of all, the one after).
    Each item comes with what was read of it, or None when merging changed it."""
    merged: list[tuple[_Item, _Read | None]] = []
    for item in items:
        read = _read_item(item)
        if merged and not read.has_text:
            merged[-1][0].lines.extend(item.lines)
            merged[-1] = (merged[-1][0], None)
        else:
            merged.append((item, read))
    if len(merged) > 1 and not (merged[0][1] or _read_item(merged[0][0])).has_text:
        merged[1][0].lines[:0] = merged[0][0].lines
        merged[1] = (merged[1][0], None)
        del merged[0]
    return merged


def _has_body(item: _Item) -> bool:
    """An item with anything but photo captions (or one title line) cannot take a new dateline."""
    rest = [line for line in item.lines if not _is_caption(line.text)]
    if len(rest) == 1 and len(rest[0].text) <= 40 and not re.search(r"[。！？，；]$", rest[0].text):
        return False
    return bool(rest)


def _is_caption(text: str) -> bool:
    t = text.strip(WS)
    if len(t) > 160:
        return False
    wrapped = t[:1] in "（(" and t[-1:] in "）)"
    return bool(CAPTION_RE.search(t)) and (wrapped or len(t) < 120)


@dataclass(frozen=True)
class _Read:
    """What an item's lines say, before any date context: blocks, title, dateline, names."""

    blocks: tuple[Block, ...]
    meta_lines: tuple[Line, ...]
    title: str | None
    dateline: re.Match[str] | None
    authors: tuple[str, ...]
    editor: str | None

    @property
    def has_text(self) -> bool:
        return any(b.kind == "para" for b in self.blocks)


def _read_item(item: _Item) -> _Read:
    blocks: list[Block] = []
    meta_lines: list[Line] = []
    title: str | None = None
    dateline = None
    authors: list[str] = []
    editor: str | None = None
    for index, line in enumerate(item.lines):
        if index == 0 and _is_title(line.text, item.lines):
            title = line.text.strip(WS)
            meta_lines.append(line)
            continue
        if dateline is None and (m := DATELINE_RE.match(line.text)):
            dateline = m
            opening = OPENING_PAREN_RE.match(line.text[m.end():].lstrip(WS))
            if opening:
                authors.extend(_names(opening.group(1)))
        for part in _paragraphs(line):
            blocks.extend(_blocks_for(part, authors))
    for b in blocks:
        if b.kind == "byline":
            editor = editor or _editor(b.text)
    return _Read(tuple(blocks), tuple(meta_lines), title, dateline, tuple(authors), editor)


def _parse_item(item: _Item, digest_year: str | None, previous_date: str | None, read: _Read | None = None) -> ParsedDoc | None:
    """The item as a document (None when it has no paragraph); ``read`` is ``_read_item(item)``, if made."""
    read = read or _read_item(item)
    if not read.has_text:
        return None
    dateline = read.dateline
    lead = next(b.text for b in read.blocks if b.kind == "para")
    meta = DocMeta(
        title=read.title or _title_from_lead(lead),
        lang="zh",
        kind="news",
        date=_date(dateline, item, digest_year) if dateline else previous_date,
        source=_outlet(dateline.group("head"))[0] if dateline else None,
        place=_outlet(dateline.group("head"))[1] if dateline else None,
        authors=tuple(dict.fromkeys(read.authors)),
        editor=read.editor,
    )
    return ParsedDoc(meta, read.blocks, (), tuple(span for l in read.meta_lines for span in l.spans), item.lines[0].number)


def _is_title(text: str, lines: Sequence[Line]) -> bool:
    t = text.strip(WS)
    return (
        len(lines) > 1
        and 4 <= len(t) <= 40
        and not re.search(r"[。！？，；]$", t)
        and not DATELINE_RE.match(t)
        and bool(DATELINE_RE.match(lines[1].text))
    )


def _paragraphs(line: Line) -> list[Line]:
    parts: list[Line] = []
    pos = 0
    text = line.text
    for match in PARA_SPLIT_RE.finditer(text):
        parts.append(line.sub(pos, match.start()).strip())
        pos = match.end()
    parts.append(line.sub(pos).strip())
    return [p for p in parts if p]


def _blocks_for(part: Line, authors: list[str]) -> list[Block]:
    text = part.text
    if _is_caption(text):
        return [block("caption", [part])]
    if HEADING_RE.match(text) or (len(text) <= 20 and not re.search(r"[。！？，；：:、“”]", text)):
        return [block("heading", [part], level=2)]
    byline = BYLINE_RE.search(text)
    if byline:
        authors.extend(_names(byline.group("body")))
        head = part.sub(0, byline.start()).strip()
        tail = part.sub(byline.start()).strip()
        out = [block("para", [head])] if head else []
        return out + [block("byline", [tail])]
    return [block("para", [part])]


def _names(body: str) -> list[str]:
    """Person names from a byline body such as ``记者耿学鹏、蒋骢骁，编辑徐晓蕾`` or ``陈向阳 研究员``."""
    names: list[str] = []
    for clause in re.split(r"[，,；;]", body):
        clause = clause.strip(WS)
        if re.match(r"^(?:编辑|责任编辑|责编)", clause) or clause.endswith("报道"):
            continue
        tokens = [t for t in re.split(r"[\s\u3000、]+", clause) if t]
        for token in tokens:
            token = ROLE_RE.sub("", token)
            if NAME_RE.match(token) and not re.search(r"(?:研究|中心|大学|学院|部|局|所|院|网|社|报)", token):
                names.append(token)
            elif names and len(token) > 4:
                break  # an affiliation follows the name: stop reading this clause
    return names


def _editor(text: str) -> str | None:
    m = re.search(r"(?:责任编辑|编辑|责编)[:：\s]*([\u4e00-\u9fff·]{2,4})", text)
    return m.group(1) if m else None


def _outlet(head: str) -> tuple[str, str | None]:
    m = OUTLET_RE.match(head) or GENERIC_OUTLET_RE.match(head)
    if not m:
        return head, None
    place = head[m.end():] or None
    return m.group(1), place


def _date(dateline: re.Match[str], item: _Item, digest_year: str | None) -> str | None:
    month, day = int(dateline.group("m")), int(dateline.group("d"))
    year = dateline.group("y")
    if not year:
        year = _likely_year("\n".join(line.text for line in item.lines), month) or digest_year
    if not year or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{int(year):04d}-{month:02d}-{day:02d}"


def _likely_year(text: str, month: int | None) -> str | None:
    """The year of a dateline that gives only month and day, from the dates around it.

    Full dates near the dateline's month count first (a 2016年3月31日 caption dates a
    4月2日 item); otherwise the most frequent year of the whole digest.
    """
    if month is not None:
        near = [int(y) for y, m in YEAR_MONTH_RE.findall(text) if abs(int(m) - month) <= 1]
        if near:
            return str(max(near))
        return None
    dated = Counter(y for y, _ in YEAR_MONTH_RE.findall(text)) or Counter(YEAR_RE.findall(text))
    return dated.most_common(1)[0][0] if dated else None


def _title_from_lead(lead: str) -> str:
    m = DATELINE_RE.match(lead)
    body = lead[m.end():].lstrip(WS) if m else lead
    opening = OPENING_PAREN_RE.match(body)
    if opening:
        body = body[opening.end():].lstrip(WS)
    for sentence in re.findall(r"[^。！？]+", body):
        sentence = LEAD_TIME_RE.sub("", sentence.strip(WS))
        if len(sentence) >= 10:
            return first_sentence_title(sentence)
    return first_sentence_title(body)



