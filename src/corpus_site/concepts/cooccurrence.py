"""Which concepts go together: pairs of concepts weighted by how much more often they share a
document than chance would give.

The weight is normalized pointwise mutual information (Bouma 2009):

    npmi(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)

with p the share of documents that mention a concept (or both).  It is 1 for concepts that
always occur together, 0 for concepts that meet as often as chance would have it, and below 0
for concepts that avoid each other.  Unlike a raw count it does not favour the commonest
concepts, which meet everything; unlike plain PMI it does not favour pairs seen once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Iterable

from ..model import ConceptId
from .index import ConceptIndex

# In a corpus of this many documents or more a pair must share at least two of them: one
# shared document says little about thousands.
SUPPORT_FROM = 50


@dataclass(frozen=True, slots=True)
class Pair:
    a: ConceptId  # a < b
    b: ConceptId
    together: int  # documents that mention both
    npmi: float


def min_support(documents: int) -> int:
    return 2 if documents >= SUPPORT_FROM else 1


def pairs(index: ConceptIndex, among: Collection[ConceptId] | None = None) -> list[Pair]:
    """Every pair of concepts (of ``among``, if given) that share enough documents and meet
    more often than chance, strongest first."""
    n = len(index.doc_concepts)
    df = index.doc_freq
    support = min_support(n)
    out = []
    for a, others in index.together.items():
        if among is not None and a not in among:
            continue
        for b, k in others.items():
            if a < b and k >= support and (among is None or b in among):
                weight = npmi(k, df[a], df[b], n)
                if weight > 0:
                    out.append(Pair(a, b, k, weight))
    out.sort(key=lambda p: (-p.npmi, -p.together, p.a, p.b))
    return out


def npmi(together: int, a: int, b: int, documents: int) -> float:
    if together >= documents:
        return 1.0
    p_ab = together / documents
    return math.log(p_ab * documents * documents / (a * b)) / -math.log(p_ab)


def strongest(found: Iterable[Pair], per_concept: int, limit: int) -> list[Pair]:
    """The ``per_concept`` strongest pairs of each concept, at most ``limit`` in all (the
    strongest kept): every concept keeps its best ties, and the map stays sparse."""
    ranked = list(found)  # strongest first
    count: dict[ConceptId, int] = defaultdict(int)
    kept = []
    for pair in ranked:
        if count[pair.a] < per_concept or count[pair.b] < per_concept:
            kept.append(pair)
            count[pair.a] += 1
            count[pair.b] += 1
    return kept[:limit]


def by_concept(found: Iterable[Pair]) -> dict[ConceptId, list[tuple[ConceptId, Pair]]]:
    """For each concept, the concepts that go with it and their pair, strongest first."""
    out: dict[ConceptId, list[tuple[ConceptId, Pair]]] = defaultdict(list)
    for pair in found:  # strongest first
        out[pair.a].append((pair.b, pair))
        out[pair.b].append((pair.a, pair))
    return out
