"""Statutes and regulations (第一章 … 第十二条): one document of kind ``law``.

Chapters and sections are headings; every article is a paragraph with its own anchor
(``#art-12``), so that a citation can point at it; the adoption or promulgation line
(（2017年9月1日第十二届全国人民代表大会常务委员会第二十九次会议通过）) gives the date and the
issuing body.  Works on what any reader made of the text (plain lines or Markdown).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from ...model import Block
from ..parsed import ParsedDoc
from .fields import iso_date

NUMERAL = "一二三四五六七八九十百千零〇两"
ARTICLE = re.compile(rf"^[\s\u3000*]*第(?P<n>[{NUMERAL}\d]{{1,8}})条(?:之[{NUMERAL}\d]+)?(?:[\s\u3000*]|$)")
DIVISION = re.compile(rf"^[\s\u3000]*第[{NUMERAL}\d]{{1,6}}(?P<unit>编|分编|章|节)(?:[\s\u3000]+\S|$)")
_ADOPTED = re.compile(
    r"(?P<date>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)(?P<body>[^，,。；;（）()]{2,60}?)(?:第[^第，,。；;（）()]{1,8}次(?:全体)?会议)?"
    r"(?:通过|公布|发布|颁布|修订|修正|批准)"
)
_ORGAN = re.compile(r"^(?P<organ>.+?)(?:令|主席令)?(?:第[^号]{1,10}号)?$")
_TERM = re.compile(rf"第[{NUMERAL}\d]+届")


def chinese_number(text: str) -> int | None:
    """一百二十三 → 123; digits as they are."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total = section = number = 0
    for ch in text:
        if ch in digits:
            number = digits[ch]
        elif ch in "十百千":
            section += (number or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            number = 0
        else:
            return None
    return total + section + number


def is_statute(texts: Iterable[str]) -> bool:
    """At least three articles (第…条 opening a line), in order."""
    numbers = [chinese_number(m["n"]) for t in texts if (m := ARTICLE.match(t))]
    numbers = [n for n in numbers if n is not None]
    return len(numbers) >= 3 and sum(1 for a, b in zip(numbers, numbers[1:]) if b > a) >= len(numbers) // 2


def as_statute(doc: ParsedDoc) -> ParsedDoc:
    """``doc`` read as a statute: divisions as headings, articles anchored, kind ``law``."""
    blocks: list[Block] = []
    seen: set[str] = set()
    meta = replace(doc.meta, kind="law")
    for block in doc.blocks:
        text = block.text
        division = DIVISION.match(text) if block.kind in ("para", "heading") and len(text) <= 40 else None
        article = ARTICLE.match(text) if block.kind == "para" else None
        if division:
            level = {"编": 2, "分编": 2, "章": 2, "节": 3}[division["unit"]]
            blocks.append(replace(block, kind="heading", level=level))
        elif article and (n := chinese_number(article["n"])) is not None and f"art-{n}" not in seen:
            seen.add(f"art-{n}")
            blocks.append(replace(block, anchor=f"art-{n}"))
        else:
            blocks.append(block)
        if not meta.date and block.kind in ("para", "byline", "caption") and len(text) <= 200 and (adopted := _ADOPTED.search(text)):
            organ = _ORGAN.match(_TERM.sub("", adopted["body"]).strip())
            meta = replace(meta, date=iso_date(adopted["date"]), issuer=meta.issuer or (organ["organ"] if organ else None))
    return replace(doc, meta=meta, blocks=tuple(blocks))
