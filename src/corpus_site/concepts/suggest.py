"""Registry upkeep: propose frequent terms the registry lacks, and report what it never meets.

Chinese text is segmented with jieba, whose user dictionary is fed every registry
rendering first, so known terms stay whole and are not proposed again.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..model import DocId, Document
from .index import ConceptIndex, documents_without_concepts, text_units, unused_aliases
from .normalize import normalize
from .registry import Registry

STOPWORDS = set(
    "我们 他们 以及 进行 通过 这些 一个 没有 可以 方面 同时 其中 已经 不断 积极 加强 推进 推动 提高 坚持 实现 工作 问题 "
    "重要 发展 国家 国际 中国 各国 世界 全球 领域 建设 能力 合作 安全 体系 进一步 不仅 而且 因为 所以 但是 如果 习近平 主席".split()
)
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_EN_PHRASE = re.compile(r"\b(?:[A-Z][a-z]+|of|and|the|for|on)(?:\s+(?:[A-Z][a-z]+|of|and|the|for|on)){1,7}\b")


@dataclass(frozen=True, slots=True)
class Suggestion:
    term: str
    count: int
    documents: int
    example: DocId


def feed_jieba(registry: Registry) -> None:
    """Add every Chinese rendering to jieba's user dictionary, so it is cut as one word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for concept in registry.concepts:
        for alias in concept.aliases_zh:
            word = normalize(alias).text
            if _HAN.match(word):
                jieba.add_word(word, freq=20000, tag="nz")


def suggest(docs: Sequence[Document], registry: Registry, limit: int = 30, min_docs: int = 2) -> list[Suggestion]:
    import jieba

    feed_jieba(registry)
    known = {normalize(a).text for c in registry.concepts for a in (*c.aliases_zh, *c.aliases_en)}
    counts: Counter[str] = Counter()
    where: dict[str, set[DocId]] = defaultdict(set)
    for doc in docs:
        for _, text in text_units(doc):
            if doc.meta.lang == "zh":
                tokens = list(jieba.cut(text))
                terms = [w for w in tokens if len(w) >= 3 and _HAN.match(w)]
                terms += [  # two adjacent content words, not across punctuation
                    a + b for a, b in zip(tokens, tokens[1:])
                    if _HAN.match(a) and _HAN.match(b) and len(a) >= 2 and len(b) >= 2 and a not in STOPWORDS and b not in STOPWORDS
                ]
            else:
                terms = [m.group(0) for m in _EN_PHRASE.finditer(text) if m.group(0)[0].isupper() and " " in m.group(0)]
            for term in terms:
                key = normalize(term).text
                if term in STOPWORDS or any(key in k or k in key for k in known):
                    continue  # already in the registry, or part of / containing a rendering
                counts[term] += 1
                where[term].add(doc.doc_id)
    ranked = [t for t in counts if len(where[t]) >= min_docs]
    ranked.sort(key=lambda t: (-len(where[t]), -counts[t], t))
    return [Suggestion(t, counts[t], len(where[t]), sorted(where[t])[0]) for t in ranked[:limit]]


def check(index: ConceptIndex, registry: Registry) -> tuple[list[tuple[str, str]], list[DocId]]:
    """Renderings that never occur, and documents that mention no concept."""
    aliases = [(a, c.id) for c in registry.concepts for a in (*c.aliases_zh, *c.aliases_en)]
    return [(a, str(c)) for a, c in unused_aliases(index, aliases)], documents_without_concepts(index)
