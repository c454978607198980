"""A scraped article's information lines, near its top: 来源：新华网　发布时间：2024-03-05
10:23　作者：王某 / 責任編輯：李某 / Source: Reuters | Date: 5 March 2024 | By Jane Doe.
They are the article's metadata, not its text: their fields go to the metadata and the
lines leave the body (their characters are accounted for as metadata)."""

from __future__ import annotations

import re
from dataclasses import replace

from ...concepts.normalize import simplified
from ..parsed import ParsedDoc
from .fields import iso_date, reporters

_KEYS = {
    "来源": "source", "稿源": "source", "出处": "source", "source": "source",
    "发布时间": "date", "发布日期": "date", "时间": "date", "日期": "date", "发表时间": "date", "更新时间": "date",
    "date": "date", "published": "date", "posted": "date",
    "作者": "authors", "记者": "authors", "文": "authors", "撰文": "authors", "by": "authors", "author": "authors",
    "编辑": "editor", "责任编辑": "editor", "责编": "editor", "editor": "editor",
}
_FIELD = re.compile(r"(?P<key>" + "|".join(sorted(map(re.escape, _KEYS), key=len, reverse=True)) + r")\s*[:：]\s*(?P<value>.+?)(?=\s*(?:[|｜/]\s*)?(?:"
                    + "|".join(sorted(map(re.escape, _KEYS), key=len, reverse=True)) + r")\s*[:：]|\s*[|｜]\s*|$)", re.I)
TOP = 4  # how many of the first blocks may be information lines
# A date line under a speech's title, （2024年3月5日）; an official document's adoption date.
_DATE_ONLY = re.compile(r"^[（(]?\s*(?P<date>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)\s*[）)]?$")
_ADOPTED_ON = re.compile(r"\badopted\b.{0,80}?\bon\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4})")


def take_info_lines(doc: ParsedDoc) -> ParsedDoc:
    meta, blocks, used = doc.meta, list(doc.blocks), list(doc.meta_sources)
    if not meta.date and (adopted := _ADOPTED_ON.search(meta.title)):  # "Resolution adopted by … on 25 September 2015"
        meta = replace(meta, date=iso_date(adopted["date"]))
    taken: list[int] = []
    ends = [i for i in range(max(TOP, len(blocks) - 2), len(blocks))]  # (an editor's line closes an article)
    for i in [*range(min(TOP, len(blocks))), *ends]:
        block = blocks[i]
        if block.kind not in ("para", "byline", "caption") or len(block.text) > 160:
            continue
        text = simplified(block.text.strip())
        if not meta.date and (when := _DATE_ONLY.match(text) or _ADOPTED_ON.search(text)):
            meta = replace(meta, date=iso_date(when["date"]) or meta.date)  # (a date line is kept: it is the text's)
        fields = {_KEYS[m["key"].lower()]: m["value"].strip(" 　") for m in _FIELD.finditer(text)}
        covered = sum(len(m.group()) for m in _FIELD.finditer(text))
        if not fields or covered < 0.6 * len(text.replace(" ", "")):
            continue  # a sentence that happens to name a source is text
        if "date" in fields and not meta.date and (date := iso_date(fields["date"])):
            meta = replace(meta, date=date)
        if "source" in fields and not meta.source:
            meta = replace(meta, source=fields["source"][:80])
        if "authors" in fields and not meta.authors:
            names = reporters("记者 " + fields["authors"]) or tuple(n for n in re.split(r"[、，,\s]+", fields["authors"]) if n)
            meta = replace(meta, authors=names[:8])
        if "editor" in fields and not meta.editor:
            meta = replace(meta, editor=fields["editor"][:40])
        taken.append(i)
    if not taken:
        return replace(doc, meta=meta)
    for i in taken:
        used.extend(blocks[i].sources)
    return replace(doc, meta=meta, blocks=tuple(b for i, b in enumerate(blocks) if i not in taken), meta_sources=tuple(used))
