"""Readable, ASCII, stable URL slugs for documents."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pypinyin import lazy_pinyin

from ..model import DocMeta, SeedName, Slug

MAX_WORDS = 8


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text``; Chinese is spelled in pinyin."""
    spelled = " ".join(lazy_pinyin(text, errors=lambda chars: chars))
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())


def doc_slug(meta: DocMeta, seed: SeedName, position: int) -> Slug:
    """``<date>-<title words>-<hash>``; the hash of seed name and position keeps it unique and stable.

    It depends only on the document itself, so adding, removing or editing other seeds
    never changes it.  A sidecar ``slug`` overrides it.
    """
    if meta.slug:
        return Slug(meta.slug)
    words = ascii_words(meta.title_en or meta.title)[:MAX_WORDS]
    digest = hashlib.sha1(f"{seed}#{position}".encode("utf-8")).hexdigest()[:6]
    parts = ([meta.date] if meta.date else []) + words + [digest]
    return Slug("-".join(parts))
