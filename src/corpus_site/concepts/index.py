"""The concept index: every mention of every concept, and what follows from them.

* mentions per concept, each with its document, anchor and surrounding sentence;
* concepts per document, with counts;
* related documents, ranked by shared concepts weighted by how rare each concept is
  (inverse document frequency, in the spirit of Hugo's related content);
* concepts that occur alongside each other.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from ..anchors import block_anchors, footnote_anchor
from ..model import ConceptId, DocId, Document, Lang
from .matcher import Match, Matcher, Remembering

CONTEXT_CHARS = 80
# Concepts in more documents than this neither find related documents nor rank them (the
# score shown beside a related document still counts them).
MAX_POSTING = 400


@dataclass(frozen=True, slots=True)
class Mention:
    concept: ConceptId
    doc_id: DocId
    lang: Lang
    anchor: str  # "" for the title, "abstract", "p3", "s2", "fn:2-1"
    text: str  # the words as the document writes them
    alias: str  # the registry rendering they matched
    context: str  # the sentence around the mention
    offset: int  # where the mention starts inside ``context``


@dataclass(frozen=True, slots=True)
class Related:
    doc_id: DocId
    score: float
    shared: tuple[ConceptId, ...]


@dataclass(frozen=True)
class ConceptIndex:
    mentions: dict[ConceptId, tuple[Mention, ...]]
    doc_concepts: dict[DocId, Counter[ConceptId]]
    doc_lang: dict[DocId, Lang]

    @cached_property
    def doc_freq(self) -> Counter[ConceptId]:
        return Counter(c for counts in self.doc_concepts.values() for c in counts)

    @cached_property
    def together(self) -> dict[ConceptId, Counter[ConceptId]]:
        """For each concept, the documents it shares with each other concept (one pass over the corpus)."""
        together: dict[ConceptId, Counter[ConceptId]] = defaultdict(Counter)
        for counts in self.doc_concepts.values():
            for concept in counts:
                together[concept].update(counts.keys())  # one per document, not per mention
        for concept, others in together.items():
            del others[concept]
        return together

    @cached_property
    def postings(self) -> dict[ConceptId, list[tuple[DocId, int]]]:
        """For each concept, the documents that mention it and how often, in corpus order."""
        postings: dict[ConceptId, list[tuple[DocId, int]]] = defaultdict(list)
        for doc, counts in self.doc_concepts.items():
            for concept, n in counts.items():
                postings[concept].append((doc, n))
        return postings

    def carry(self, last: ConceptIndex | None) -> ConceptIndex:
        """This index, with what ``last`` (an earlier index of the same kind of corpus) worked
        out of the documents' concepts carried over where few documents' concepts changed:
        ``together`` is then last's, less the documents gone or changed, plus the new ones.
        (A document's concept counts are the very object of the last index when its mentions
        were kept: ``build_index``'s memo.)"""
        if last is None or "together" not in last.__dict__:
            return self
        before, now = last.doc_concepts, self.doc_concepts
        changed = [d for d in before.keys() | now.keys() if before.get(d) is not now.get(d)]
        if len(changed) > max(8, len(now) // 8):
            return self
        together: dict[ConceptId, Counter[ConceptId]] = defaultdict(Counter, {c: Counter(others) for c, others in last.together.items()})
        for doc in changed:
            for counts, sign in ((before.get(doc), -1), (now.get(doc), 1)):
                for concept in counts or ():
                    others = together[concept]
                    for other in counts:
                        if other != concept:
                            others[other] += sign
        df = self.doc_freq
        for concept in list(together):
            if not df[concept]:
                del together[concept]
            else:
                others = together[concept]
                for other in [o for o, k in others.items() if k <= 0]:
                    del others[other]
        self.__dict__["together"] = together  # (the cached property's value)
        return self

    def idf(self, concept: ConceptId, df: Counter[ConceptId] | None = None) -> float:
        df = df or self.doc_freq
        return math.log(1 + len(self.doc_concepts) / max(1, df[concept]))

    def related(self, limit: int = 5) -> dict[DocId, tuple[Related, ...]]:
        """For each document, up to ``limit`` related documents per language, best first."""
        df = self.doc_freq
        idf = {c: self.idf(c, df) for c in df}
        # postings by language: each language's candidates are scored and ranked on their own
        postings: dict[ConceptId, dict[Lang, list[DocId]]] = defaultdict(dict)
        for doc, counts in self.doc_concepts.items():
            for concept in counts:
                postings[concept].setdefault(self.doc_lang[doc], []).append(doc)
        # Documents with the same concepts have the same candidates: ranked once per set of
        # concepts (one more than ``limit``, as the document itself may be among them).
        ranked: dict[frozenset[ConceptId], tuple[tuple[DocId, ...], ...]] = {}
        out: dict[DocId, tuple[Related, ...]] = {}
        for doc, counts in self.doc_concepts.items():
            usable = frozenset(c for c in counts if df[c] <= MAX_POSTING)
            top = ranked.get(usable)
            if top is None:
                top = ranked[usable] = _ranked(usable, idf, postings, limit + 1)
            mine = set(counts)
            best: list[Related] = []
            for candidates in top:
                for other in [o for o in candidates if o != doc][:limit]:
                    shared = sorted(mine.intersection(self.doc_concepts[other]), key=lambda c: (-idf[c], c))
                    best.append(Related(other, sum(idf[c] for c in shared), tuple(shared)))
            out[doc] = tuple(best)
        return out

    def cooccurring(self, concept: ConceptId, limit: int = 12) -> list[tuple[ConceptId, int]]:
        together = self.together.get(concept, Counter())
        return sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _ranked(
    concepts: frozenset[ConceptId], idf: dict[ConceptId, float], postings: dict[ConceptId, dict[Lang, list[DocId]]], limit: int,
) -> tuple[tuple[DocId, ...], ...]:
    """The ``limit`` best candidates in each language for a document with ``concepts``: the
    score of a candidate is the summed IDF of the concepts it shares, accumulated along the
    postings of each concept (in the concepts' order, so that the sums do not depend on the
    order in which a document mentions them); ties go to the first document id."""
    weights = [(idf[c], postings[c]) for c in sorted(concepts)]
    out = []
    for lang in ("zh", "en"):
        score: dict[DocId, float] = {}
        get = score.get
        for weight, by_lang in weights:
            for other in by_lang.get(lang, ()):
                score[other] = get(other, 0.0) + weight
        out.append(tuple(other for _, other in heapq.nsmallest(limit, [(-s, other) for other, s in score.items()])))
    return tuple(out)


def text_units(doc: Document) -> Iterator[tuple[str, str]]:
    """(anchor, text) for every part of a document that can mention a concept."""
    yield "", doc.meta.title
    if doc.meta.abstract:
        yield "abstract", doc.meta.abstract
    for block, anchor in block_anchors(doc):
        yield anchor, block.text
    for note in doc.footnotes:
        yield footnote_anchor(note.label), note.text


# A document's mentions as an earlier index found them, for the same matcher: the document
# they were found in (its id → (the document, its concept counts, its mentions)).
DocMentions = dict[DocId, tuple[Document, Counter[ConceptId], tuple[Mention, ...]]]


def build_index(docs: Sequence[Document], matcher: Matcher | Remembering, memo: DocMentions | None = None) -> ConceptIndex:
    """Every mention in ``docs``.  ``memo`` (for one matcher) keeps each document's mentions
    from the last call: an unchanged document is not read again.  It is updated."""
    mentions: dict[ConceptId, list[Mention]] = defaultdict(list)
    doc_concepts: dict[DocId, Counter[ConceptId]] = {}
    kept: DocMentions = {}
    for doc in docs:
        hit = memo.get(doc.doc_id) if memo is not None else None
        if hit is not None and hit[0] == doc:
            counts, found = hit[1], hit[2]
        else:
            counts, found = _doc_mentions(doc, matcher)
        kept[doc.doc_id] = (doc, counts, found)
        for mention in found:
            mentions[mention.concept].append(mention)
        doc_concepts[doc.doc_id] = counts
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return ConceptIndex(
        {c: tuple(ms) for c, ms in mentions.items()},
        doc_concepts,
        {doc.doc_id: doc.meta.lang for doc in docs},
    )


def _doc_mentions(doc: Document, matcher: Matcher | Remembering) -> tuple[Counter[ConceptId], tuple[Mention, ...]]:
    counts: Counter[ConceptId] = Counter()
    found: list[Mention] = []
    for anchor, text in text_units(doc):
        for match in matcher.find(text):
            counts[match.concept] += 1
            context, offset = sentence_around(text, match)
            found.append(Mention(match.concept, doc.doc_id, doc.meta.lang, anchor, text[match.start : match.end], match.alias, context, offset))
    return counts, tuple(found)


_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?=\s|$)")


def sentence_around(text: str, match: Match) -> tuple[str, int]:
    """The sentence containing the match (cut to about 2×CONTEXT_CHARS), and the match's offset in it."""
    start = floor = max(0, match.start - CONTEXT_CHARS)  # an earlier sentence end would be cut anyway
    for m in _SENTENCE_END.finditer(text, floor, match.start):
        start = m.end()
    end_match = _SENTENCE_END.search(text, match.end)
    end = end_match.end() if end_match else len(text)
    end = min(end, match.end + CONTEXT_CHARS)
    prefix = "…" if start > 0 and not _SENTENCE_END.match(text, start - 1) else ""
    suffix = "…" if end < len(text) and not _SENTENCE_END.match(text, end - 1) else ""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return prefix + piece.strip() + suffix, len(prefix) + match.start - start - lead


def documents_without_concepts(index: ConceptIndex) -> list[DocId]:
    return sorted(doc for doc, counts in index.doc_concepts.items() if not counts)


def unused_aliases(index: ConceptIndex, aliases: Iterable[tuple[str, ConceptId]]) -> list[tuple[str, ConceptId]]:
    """Registry renderings that occur nowhere in the corpus."""
    found = {m.alias for mentions in index.mentions.values() for m in mentions}
    return [(alias, concept) for alias, concept in aliases if alias not in found]
