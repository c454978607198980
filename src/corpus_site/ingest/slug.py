"""Readable, ASCII, stable URL slugs for documents."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin
from pypinyin.seg.simpleseg import seg

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
    spelled = " ".join(spelling for word in seg(text) for spelling in _spelled(word))
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())[:limit]


def _as_is(chars: str) -> str:
    return chars


@lru_cache(maxsize=1 << 16)
def _spelled(word: str) -> tuple[str, ...]:
    """Pinyin of one word as pypinyin cuts a text: the same as spelling the text at once
    (pypinyin spells each word on its own), but a word met before costs nothing.
    """
    return tuple(lazy_pinyin(word, errors=_as_is))


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
