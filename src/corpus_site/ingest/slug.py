"""Readable, ASCII, stable URL slugs for documents."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pypinyin import lazy_pinyin

from ..model import DocMeta, SeedName, Slug

MAX_WORDS = 8


def ascii_words(text: str, limit: int | None = None) -> list[str]:
    """Lowercase ASCII words of ``text``; Chinese is spelled in pinyin.

    With ``limit``, only the first ``limit`` words are wanted: a long text is spelled from a
    prefix when that prefix already yields more words than that (the same words, sooner).
    """
    if limit is not None and len(text) > 8 * limit:
        words = ascii_words(text[: 8 * limit])
        if len(words) > limit:
            return words[:limit]
    spelled = " ".join(lazy_pinyin(text, errors=lambda chars: chars))
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())[:limit]


def doc_slug(meta: DocMeta, seed: SeedName, position: int) -> Slug:
    """``<date>-<title words>-<hash>``; the hash of seed name and position keeps it unique and stable.

    It depends only on the document itself, so adding, removing or editing other seeds
    never changes it.  A sidecar ``slug`` overrides it.
    """
    if meta.slug:
        return Slug(meta.slug)
    words = ascii_words(meta.title_en or meta.title, MAX_WORDS)
    digest = hashlib.sha1(f"{seed}#{position}".encode("utf-8")).hexdigest()[:6]
    parts = ([meta.date] if meta.date else []) + words + [digest]
    return Slug("-".join(parts))
