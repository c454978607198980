"""A paper as converters write it (MinerU, marker, pandoc): after its title, an author line
(names with affiliation markers: 张三1, 李四2*; Jane Doe¹), affiliation lines, the abstract
and keywords (摘要 / 关键词, Abstract / Keywords), numbered sections, references.  The
author line gives the authors, the affiliation lines the affiliations, abstract and
keywords their fields; the rest stays the body."""

from __future__ import annotations

import re
from dataclasses import replace

from ..parsed import ParsedDoc

_ABSTRACT = re.compile(r"^\s*(?:[【〔\[]\s*)?(?:摘\s*要|提\s*要|abstract)\s*(?:[】〕\]]\s*)?[:：.]?\s*", re.I)
_KEYWORDS = re.compile(r"^\s*(?:[【〔\[]\s*)?(?:关键词|关键字|key\s*words?|index terms)\s*(?:[】〕\]]\s*)?[:：.]?\s*", re.I)
_AFFILIATION = re.compile(r"大学|学院|研究院|研究所|研究中心|实验室|University|Institute|College|School|Department|Laboratory|Academy|Centre|Center", re.I)
_MARKERS = re.compile(r"[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰,，]+$")
_NAME = re.compile(r"^(?:[\u4e00-\u9fff·]{2,5}|[A-Z][a-zA-Z'\-]+(?:\s+[A-Z]\.?)*(?:\s+[A-Z][a-zA-Z'\-]+)+)$")


def as_paper(doc: ParsedDoc) -> ParsedDoc:
    meta, blocks, used = replace(doc.meta, kind="paper"), list(doc.blocks), list(doc.meta_sources)
    start = next((i for i, b in enumerate(blocks) if _ABSTRACT.match(b.text)), None)
    into_meta: set[int] = set()
    for i, b in enumerate(blocks[: start if start is not None else 3]):
        if b.kind == "heading":
            break
        if (names := authors(b.text)) and not meta.authors:
            meta = replace(meta, authors=names)
        elif _AFFILIATION.search(b.text) and len(b.text) <= 400:  # (a list of them: one a line)
            lines = tuple(re.sub(r"^\s*(?:\d{1,2}[.、)）]|[¹²³⁴⁵*†])\s*", "", t).strip() for t in b.text.split("\n") if t.strip())
            meta = replace(meta, affiliations=(*meta.affiliations, *lines))
        else:
            continue
        into_meta.add(i)
    for i, b in enumerate(blocks):
        if b.kind != "para" or i in into_meta:
            continue
        if (m := _ABSTRACT.match(b.text)) and not meta.abstract:
            meta = replace(meta, abstract=b.text[m.end():].strip())
        elif (m := _KEYWORDS.match(b.text)) and not meta.keywords and len(b.text) <= 300:
            meta = replace(meta, keywords=tuple(k.strip() for k in re.split(r"[;；,，、]+", b.text[m.end():]) if k.strip()))
        else:
            continue
        into_meta.add(i)
    for i in into_meta:
        used.extend(blocks[i].sources)
    kept = tuple(b for i, b in enumerate(blocks) if i not in into_meta)
    return replace(doc, meta=meta, blocks=kept, meta_sources=tuple(used))


def authors(text: str) -> tuple[str, ...]:
    """The names of an author line (张三1，李四2* / Jane Doe¹, John Roe²), or () if it is not one."""
    if len(text) > 120 or re.search(r"[。：:;；]", text):
        return ()
    parts = [_MARKERS.sub("", p).strip() for p in re.split(r"\s*[,，、;；]\s*|\s{2,}|\s+and\s+", text) if p.strip()]
    parts = [p for p in parts if p]
    if not parts or not all(_NAME.match(p) for p in parts):
        return ()
    if len(parts) == 1 and not re.search(r"[\d*†¹²³]", text):
        return ()  # one bare name: could be anything
    return tuple(parts)
