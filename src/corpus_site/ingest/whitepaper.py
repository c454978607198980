"""Shape parser: English text (white-paper chapters, speeches, articles).

The first line is the chapter heading.  A dateline among the next three lines ("Vienna,
6 March 2024", "March 6, 2024", "2024-03-06") gives the date (and place), as a speech or
an article has one.  Paragraphs are lines (or blank-line separated groups of wrapped
lines).  A paragraph that opens with a short gerund sentence ("Upholding multilateral
efforts to strengthen nuclear safety.") carries a run-in heading, which becomes a
subheading of its own.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import statistics
from pathlib import Path
from typing import Sequence

from ..model import Block, DocMeta, Kind
from .blocks import block, first_sentence_title, paragraphs_by_blank_lines
from .detect import is_salutation
from .parsed import ParsedDoc
from .text import TERMINAL_RE, WS, Line

MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_MONTH = r"([A-Z][a-z]{2,8})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# Dates as English texts write them, each with (year, month, day) group numbers (0: none).
DATES = (
    (re.compile(rf"{_DAY}\s+{_MONTH},?\s+(\d{{4}})"), (3, 2, 1)),  # 6 March 2024
    (re.compile(rf"{_MONTH}\s+{_DAY},?\s+(\d{{4}})"), (3, 1, 2)),  # March 6, 2024
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),  # 2024-03-06
    (re.compile(rf"{_MONTH},?\s+(\d{{4}})"), (2, 1, 0)),  # March 2024
)
PLACE_RE = re.compile(r"[A-Z][^\d\n]{0,60}?")  # a place before a date: "Vienna", "Washington, D.C."
DATELINE_LINES = 3  # a dateline is looked for among this many lines after the title
DATELINE_MAX = 100

RUN_IN_RE = re.compile(r"^(?P<head>(?:[A-Z][a-z]+ly\s+[a-z]+ing|[A-Z][a-z]+ing)\b[^.!?:;]{3,140}?[.:])\s+(?=[A-Z“\"])")
MAX_RUN_IN_WORDS = 14


def parse_english(lines: Sequence[Line], kind: Kind, name: str = "") -> list[ParsedDoc]:
    body = [line for line in lines if line]
    if not body:
        return []
    first = body[0].strip()
    speech = is_salutation(first.text) or dateline(first.text.strip(WS)) is not None
    title_is_line = not speech and len(first.text) <= 160 and not (TERMINAL_RE.search(first.text) and len(first.text) > 80)
    title = first.text.strip(WS) if title_is_line else ("" if speech else first_sentence_title(first.text, 80))
    rest = list(lines[lines.index(body[0]) + 1 :] if title_is_line else lines)
    meta_sources = first.spans if title_is_line else ()
    meta = DocMeta(title=title, lang="en", kind=kind, script="latn")
    for line in [line for line in rest if line][:DATELINE_LINES]:
        found = dateline(line.text.strip(WS))
        if found:
            place, date = found
            meta = dataclasses.replace(meta, date=date, place=place)
            meta_sources += line.spans
            rest.remove(line)
            break
    blocks: list[Block] = []
    for group in _paragraph_lines(rest):
        blocks.extend(_with_run_in_heading(group))
    if any(is_salutation(b.text) for b in blocks[:3]):
        meta = dataclasses.replace(meta, kind="speech")
        blocks = [dataclasses.replace(b, kind="para", level=0) if b.kind == "heading" and is_salutation(b.text) else b for b in blocks]
    if not meta.title:  # a speech with no title line: what it is, never its first words
        meta = dataclasses.replace(meta, title=fallback_title(name, meta.kind, meta.place, meta.date))
    return [ParsedDoc(meta, tuple(blocks), (), meta_sources, first.number)]


def fallback_title(name: str, kind: str, place: str | None, date: str | None, lang: str = "en") -> str:
    """A title for a text that has none: what it is (its file's name in words, if they are
    words and not a number or a hash), then its place and date."""
    words = [w for w in re.split(r"[\s_.\-]+", Path(name).stem) if w and not re.fullmatch(r"\d+|[0-9a-f]{8,}|zh|en", w, re.I)]
    if lang == "zh":
        what = {"speech": "讲话", "official": "文件", "law": "法规"}.get(kind, "文本")
        where = "，".join(p for p in (place, date) if p)
        return f"{what}（{where}）" if where else f"{what}（{Path(name).stem}）"
    what = " ".join(words).strip() if words else ""
    what = what[:1].upper() + what[1:] if what else {"speech": "Speech", "official": "Document"}.get(kind, "Text")
    where = ", ".join(p for p in (place, date) if p)
    return f"{what} ({where})" if where else what


def dateline(text: str) -> tuple[str | None, str] | None:
    """A line that is only a date, or a place and a date ("Vienna, 6 March 2024."): returns
    (place, ISO date: "YYYY-MM-DD", or "YYYY-MM" for a month)."""
    if len(text) > DATELINE_MAX:
        return None
    bare = text.rstrip(".")
    for pattern, (y, m, d) in DATES:
        found = pattern.search(bare)
        if not found or found.end() != len(bare):
            continue
        head = text[: found.start()].rstrip()
        place = head.rstrip(",—–-").strip() or None
        if place is not None and (head == place or not PLACE_RE.fullmatch(place)):
            continue  # text before the date that is not a place followed by a comma or dash
        month_text = found.group(m)
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
        year = int(found.group(y))
        if month is None or not 1800 <= year <= 2200:
            continue
        if not d:
            return place, f"{year:04d}-{month:02d}"
        try:
            return place, datetime.date(year, month, int(found.group(d))).isoformat()
        except ValueError:
            continue
    return None


def _paragraph_lines(lines: Sequence[Line]) -> list[list[Line]]:
    groups = paragraphs_by_blank_lines(lines)
    lengths = [len(line.text) for group in groups for line in group]
    if not lengths or statistics.median(lengths) > 150:
        return [[line] for group in groups for line in group]
    typical = sorted(lengths)[len(lengths) * 3 // 4]
    paragraphs: list[list[Line]] = []
    for group in groups:
        widest = max(len(line.text) for line in group)
        if widest < typical * 0.6:  # short lines (a salutation, a list): one paragraph each
            paragraphs.extend([line] for line in group)
            continue
        current: list[Line] = []
        for line in group:
            current.append(line)
            if TERMINAL_RE.search(line.text) and len(line.text) < widest * 0.8:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
    return paragraphs


def _with_run_in_heading(group: list[Line]) -> list[Block]:
    first = group[0]
    m = RUN_IN_RE.match(first.text)
    if m and len(m.group("head").split()) <= MAX_RUN_IN_WORDS and len(group[0].text) > len(m.group("head")) + 40:
        head = first.sub(0, m.end("head"))
        rest = [first.sub(m.end()).strip(), *group[1:]]
        return [block("heading", [head], level=3), block("para", rest)]
    return [block("para", group)]
