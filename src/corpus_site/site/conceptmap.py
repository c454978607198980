"""Concept maps, as SVG made at build time: the global map of concepts (``/concepts/``) and a
local map on every concept page and every document page.

* **Global:** one node per concept, sized by the documents that mention it and coloured by
  its kind; a line joins two concepts that share documents more often than chance would give
  (``concepts.cooccurrence``), only each concept's strongest ties drawn.  networkx's spring
  layout places them, the same way every build.
* **Concept page:** the concept in the middle; around it the concepts it goes with best and
  its broader and narrower concepts; outside, the documents that mention it most, in both
  languages.
* **Document page:** the document in the middle, its concepts around it, and outside its
  related documents in both languages, joined to the concepts they share with it.

Labels are in the interface's language and never overlap (``layout.place_labels``); the
other language is in each node's tooltip and in the caption that a pointed-at or focused node
fills.  Every node is a link, and a list of the same links follows the picture for screen
readers.  A small script of our own (docs/assets/corpus.js) highlights a node's neighbours.
"""

from __future__ import annotations

import functools
import heapq
import html
import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping, Sequence

from ..concepts import cooccurrence
from ..concepts.cooccurrence import Pair
from ..concepts.index import ConceptIndex
from ..concepts.registry import CONCEPT_KINDS, Concept, Registry
from ..model import ConceptId, DocId, Document, Lang
from .extras import DocExtras
from .labels import concept_kind_name, lang_name, t
from .layout import Box, Point, Spot, cut, fit, place_labels, separate, shells, spread, spring, text_width, upright
from .paths import concept_base, doc_base, url_between
from .titles import display_title

FONT = 12  # label size, in the SVG's units (the SVG is drawn at most at its own width)
LABEL_MAX = 140  # a label's longest width: longer names are cut, whole in the tooltip

GLOBAL_WIDTH = 900
MAX_CONCEPTS = 150  # the global map's concepts, by documents: the rest are in the list below it
TIES_PER_CONCEPT = 3
MAX_TIES = 3 * MAX_CONCEPTS

LOCAL_WIDTH, LOCAL_HEIGHT = 600, 400
LOCAL_CONCEPTS = 6  # co-occurring concepts on a concept's map (plus its broader and narrower ones)
LOCAL_HIERARCHY = 3
LOCAL_DOCS = 3  # documents per language on a local map
DOC_CONCEPTS = 8  # a document's concepts on its map


@dataclass(frozen=True, slots=True)
class Node:
    key: str  # the SVG id
    x: float
    y: float
    r: float
    label: str  # the name in the interface's language
    caption: str  # name, other name, count: the tooltip and the caption
    href: str
    cls: str  # CSS classes after cs-node


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    width: float
    cls: str = ""


class ConceptMaps:
    """The maps of one build: the co-occurrence ties and the global layout are worked out once
    and serve both interfaces."""

    def __init__(self, registry: Registry, index: ConceptIndex) -> None:
        self.registry, self.index = registry, index
        self._docs: Mapping[DocId, Document] | None = None
        self._places: dict[DocId, int] = {}
        self._local: dict[ConceptId, LocalMap | None] = {}

    def _order(self, docs: Mapping[DocId, Document]) -> dict[DocId, int]:
        """Each document's place in the corpus (made once for the build, not per concept)."""
        if docs is not self._docs:
            self._docs, self._places, self._local = docs, {d: i for i, d in enumerate(docs)}, {}
        return self._places

    @cached_property
    def pairs(self) -> list[Pair]:
        return cooccurrence.pairs(self.index, set(self.registry.by_id))

    @cached_property
    def ties(self) -> dict[ConceptId, list[tuple[ConceptId, Pair]]]:
        return cooccurrence.by_concept(self.pairs)

    @cached_property
    def shown(self) -> list[Concept]:
        """The global map's concepts: the most mentioned, in registry order among equals."""
        df = self.index.doc_freq
        mentioned = [c for c in self.registry.concepts if df[c.id]]
        return sorted(mentioned, key=lambda c: -df[c.id])[:MAX_CONCEPTS]

    @cached_property
    def _global(self) -> tuple[float, dict[str, Point], dict[str, float], list[Edge]]:
        df = self.index.doc_freq
        shown = {c.id for c in self.shown}
        top = max((df[c] for c in shown), default=1)
        drawn = cooccurrence.strongest((p for p in self.pairs if p.a in shown and p.b in shown), TIES_PER_CONCEPT, MAX_TIES)
        height = 600 if len(shown) <= 30 else 800 if len(shown) <= 80 else 1000
        keys = [_concept_key(c.id) for c in self.shown]
        pos = spring(keys, [(_concept_key(p.a), _concept_key(p.b), p.npmi) for p in drawn])
        radius = {_concept_key(c.id): 5 + 11 * math.sqrt(df[c.id] / top) for c in self.shown}
        pos = separate(fit(spread(upright(pos)), GLOBAL_WIDTH, height, 60), radius, 10, GLOBAL_WIDTH, height)
        edges = [Edge(_concept_key(p.a), _concept_key(p.b), 0.6 + 2.4 * p.npmi) for p in drawn]
        linked = {(p.a, p.b) for p in drawn}
        for concept in self.shown:
            for upper in concept.broader:
                if upper in shown and (min(upper, concept.id), max(upper, concept.id)) not in linked:
                    edges.append(Edge(_concept_key(concept.id), _concept_key(upper), 1.0, "cs-edge-hierarchy"))
        return height, pos, radius, edges

    def global_svg(self, lang: Lang, from_base: str) -> str:
        height, pos, radius, edges = self._global
        df = self.index.doc_freq
        nodes = [
            _concept_node(c, lang, pos[_concept_key(c.id)], radius[_concept_key(c.id)], df[c.id], from_base)
            for c in self.shown  # most mentioned first: the first to get their labels
        ]
        legend = "".join(
            f'<li class="cs-kind-{kind}"><svg viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5"/></svg>{html.escape(concept_kind_name(kind, lang))}</li>'
            for kind in CONCEPT_KINDS if any(c.kind == kind for c in self.shown)
        )
        return _figure("cs-map-global", nodes, edges, GLOBAL_WIDTH, height, t("concept_map", lang), lang, f'<ul class="cs-map-legend">{legend}</ul>')

    def local(self, concept: Concept, docs: Mapping[DocId, Document]) -> LocalMap | None:
        """What a concept's map draws (None for a concept that nothing mentions or joins),
        worked out once for both interfaces."""
        order = self._order(docs)
        if concept.id not in self._local:
            self._local[concept.id] = self._drawn(concept, docs, order)
        return self._local[concept.id]

    def _drawn(self, concept: Concept, docs: Mapping[DocId, Document], order: Mapping[DocId, int]) -> LocalMap | None:
        registry, df = self.registry, self.index.doc_freq
        ties = self.ties.get(concept.id, [])[:LOCAL_CONCEPTS]
        near = tuple((c, round(0.6 + 2.4 * p.npmi, 2)) for c, p in ties if c in registry)
        close = [c for c, _ in near]
        hierarchy = tuple(c for c in (*concept.broader[:LOCAL_HIERARCHY], *concept.narrower[:LOCAL_HIERARCHY]) if c in registry and c not in close)
        inner = (*close, *hierarchy)
        counts = dict(self.index.postings.get(concept.id, ()))  # its mentions in each document
        by_lang: dict[str, list[DocId]] = {"zh": [], "en": []}
        for d in counts:
            if d in docs:  # (the documents it may draw)
                by_lang.setdefault(docs[d].meta.lang, []).append(d)
        chosen = [d for code in ("zh", "en") for d in heapq.nsmallest(LOCAL_DOCS, by_lang[code], key=lambda d: (-counts[d], order.get(d, 0)))]
        if not near and not hierarchy and not chosen:
            return None
        top = max(df.values(), default=1)
        sizes = tuple((c, df[c], round(5 + 7 * math.sqrt(df[c] / top), 1)) for c in inner)
        links = tuple((d, counts[d], tuple(c for c in inner if c in self.index.doc_concepts.get(d, ()))) for d in chosen)
        return LocalMap(concept.id, df[concept.id], near, hierarchy, sizes, links)

    def concept_svg(self, concept: Concept, lang: Lang, docs: Mapping[DocId, Document], from_base: str) -> str:
        """A concept's neighbourhood ("" for a concept that nothing mentions or joins)."""
        drawn = self.local(concept, docs)
        if drawn is None:
            return ""
        registry = self.registry
        centre = _concept_key(concept.id)
        inner = [_concept_key(c) for c, _, _ in drawn.sizes]
        links = {_doc_key(d): [_concept_key(c) for c in targets] for d, _, targets in drawn.docs}
        pos = _rings(centre, inner, [_doc_key(d) for d, _, _ in drawn.docs], links)
        nodes = [_concept_node(concept, lang, pos[centre], 16, drawn.documents, from_base, "cs-centre")]
        for c, documents, r in drawn.sizes:
            nodes.append(_concept_node(registry.get(c), lang, pos[_concept_key(c)], r, documents, from_base))
        for d, count, _ in drawn.docs:
            nodes.append(_doc_node(docs[d], lang, pos[_doc_key(d)], from_base, t("mention_times", lang, n=count)))
        edges = [Edge(centre, _concept_key(c), width) for c, width in drawn.near]
        edges += [Edge(centre, _concept_key(c), 1.0, "cs-edge-hierarchy") for c in drawn.hierarchy]
        edges += [Edge(_doc_key(d), centre, 1.0, "cs-edge-doc") for d, _, _ in drawn.docs]
        edges += [Edge(key, c, 0.8, "cs-edge-doc cs-edge-faint") for key, targets in links.items() for c in targets]
        return _figure("cs-map-local", nodes, edges, LOCAL_WIDTH, LOCAL_HEIGHT, t("local_map_concept", lang), lang)


@dataclass(frozen=True, slots=True)
class LocalMap:
    """What a concept's map draws, the same in both interfaces, its numbers rounded as they
    are printed: hashable, so that a concept page whose map looks the same is not made again."""

    concept: ConceptId
    documents: int  # that mention the concept
    near: tuple[tuple[ConceptId, float], ...]  # the concepts it goes with best, and each line's width
    hierarchy: tuple[ConceptId, ...]  # its broader and narrower concepts not among them
    sizes: tuple[tuple[ConceptId, int, float], ...]  # each of those: its documents and its radius
    docs: tuple[tuple[DocId, int, tuple[ConceptId, ...]], ...]  # the documents drawn: mentions, and which of those concepts they mention


def document_svg(doc: Document, extras: DocExtras, lang: Lang) -> str:
    """A document's concepts and its related documents in both languages ("" when it has none)."""
    base = doc_base(doc)
    chips = extras.concepts[:DOC_CONCEPTS]
    related = [r for code in ("zh", "en") for r in [r for r in extras.related if r.doc.meta.lang == code][:LOCAL_DOCS]]
    if not chips and not related:
        return ""
    centre = _doc_key(doc.doc_id)
    shown = {c.concept for c in chips}
    inner = [_concept_key(c.concept) for c in chips]
    outer = [_doc_key(r.doc.doc_id) for r in related]
    links = {_doc_key(r.doc.doc_id): [_concept_key(c) for c in r.shared if c in shown] for r in related}
    pos = _rings(centre, inner, outer, links)
    top = max((c.count for c in chips), default=1)
    nodes = [_doc_node(doc, lang, pos[centre], base, t("this_document", lang), "cs-centre", 14)]
    for chip in chips:
        name, other = (chip.name_zh, chip.name_en) if lang == "zh" else (chip.name_en, chip.name_zh)
        href = url_between(base, concept_base(chip.concept) + "/")
        caption = f"{name} · {other} · {t('mention_times', lang, n=chip.count)}"
        r = 5 + 7 * math.sqrt(chip.count / top)
        nodes.append(Node(_concept_key(chip.concept), *pos[_concept_key(chip.concept)], r, name, caption, href, f"cs-node-concept cs-kind-{chip.kind}"))
    for r in related:
        nodes.append(_doc_node(r.doc, lang, pos[_doc_key(r.doc.doc_id)], base, t("related", lang)))
    edges = [Edge(centre, key, 1.4) for key in inner]
    for key, targets in links.items():
        edges += [Edge(key, c, 0.8, "cs-edge-doc") for c in targets] or [Edge(key, centre, 0.8, "cs-edge-doc")]
    return _figure("cs-map-local", nodes, edges, LOCAL_WIDTH, LOCAL_HEIGHT, t("local_map_document", lang), lang)


def _rings(centre: str, inner: Sequence[str], outer: Sequence[str], links: Mapping[str, Sequence[str]]) -> dict[str, Point]:
    """The centre, its nodes on a ring around it, and the outer nodes on a wider ring, each
    turned towards the inner nodes it is joined to (networkx's shell layout, twice).  The
    same for both interfaces: worked out once."""
    return _rings_once(centre, tuple(inner), tuple(outer), tuple((k, tuple(v)) for k, v in links.items()))


@functools.lru_cache(maxsize=16384)
def _rings_once(centre: str, inner: tuple[str, ...], outer: tuple[str, ...], pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Point]:
    links = dict(pairs)
    first = shells([[centre], list(inner), list(outer)])
    angle = {k: math.atan2(y, x) for k, (x, y) in first.items()}

    def towards(key: str) -> float:
        targets = [angle[c] for c in links.get(key, ()) if c in angle]
        if not targets:
            return angle[key]
        return math.atan2(sum(math.sin(a) for a in targets), sum(math.cos(a) for a in targets))

    ordered = sorted(outer, key=lambda k: (towards(k) % (2 * math.pi), k))
    pos = shells([[centre], list(inner), ordered])
    return fit(pos, LOCAL_WIDTH, LOCAL_HEIGHT, 40)


def _concept_node(concept: Concept, lang: Lang, at: Point, r: float, documents: int, from_base: str, extra: str = "") -> Node:
    other: Lang = "en" if lang == "zh" else "zh"
    caption = f"{concept.name(lang)} · {concept.name(other)} · {t('count_docs', lang, n=documents)}"
    href = url_between(from_base, concept_base(concept.id) + "/")
    return Node(_concept_key(concept.id), at[0], at[1], r, concept.name(lang), caption, href,
                f"cs-node-concept cs-kind-{concept.kind} {extra}".strip())


def _doc_node(doc: Document, lang: Lang, at: Point, from_base: str, note: str, extra: str = "", r: float = 7) -> Node:
    title = display_title(doc, lang)
    caption = f"{title} · {lang_name(doc.meta.lang, lang)} · {note}"
    href = url_between(from_base, doc_base(doc) + "/")
    return Node(_doc_key(doc.doc_id), at[0], at[1], r, title, caption, href, f"cs-node-doc cs-lang-{doc.meta.lang} {extra}".strip())


def _figure(cls: str, nodes: Sequence[Node], edges: Sequence[Edge], width: int, height: int, title: str, lang: Lang, after: str = "") -> str:
    """The map as a figure: the SVG (edges under nodes), the caption the script fills, and the
    list of its links."""
    spots = [Spot(n.key, n.x, n.y, n.r, cut(n.label, FONT, LABEL_MAX)) for n in nodes]
    centre = (nodes[0].x, nodes[0].y) if cls == "cs-map-local" else None
    boxes = place_labels(spots, width, height, FONT, centre)
    at = {n.key: n for n in nodes}
    lines = [
        f'<line class="{" ".join(("cs-edge", *e.cls.split()))}" data-a="{e.a}" data-b="{e.b}" '
        f'x1="{at[e.a].x:.1f}" y1="{at[e.a].y:.1f}" x2="{at[e.b].x:.1f}" y2="{at[e.b].y:.1f}" stroke-width="{e.width:.2f}"/>'
        for e in edges if e.a in at and e.b in at
    ]
    marks = [_node(n, spot.text, boxes.get(n.key)) for n, spot in zip(nodes, spots)]
    listing = "".join(f'<li><a href="{html.escape(n.href)}">{html.escape(n.caption)}</a></li>' for n in nodes)
    return (
        f'<figure class="cs-map {cls}" data-pagefind-ignore>'
        f'<div class="cs-map-canvas"><svg viewBox="0 0 {width} {height}" role="group" aria-label="{html.escape(title)}">'
        f'<g class="cs-edges">{"".join(lines)}</g>'
        f'<g class="cs-nodes">{"".join(marks)}</g></svg></div>'
        f'<figcaption class="cs-map-caption" aria-live="polite" data-empty="{html.escape(t("map_caption_hint", lang))}">'
        f'{html.escape(t("map_caption_hint", lang))}</figcaption>{after}'
        f'<ul class="cs-map-list">{listing}</ul></figure>'
    )


def _node(node: Node, text: str, box: Box | None) -> str:
    caption = html.escape(node.caption)
    label = ""
    if box is not None:
        y = (box.y0 + box.y1) / 2
        label = (f'<text x="{box.x0:.1f}" y="{y:.1f}" dy="0.35em" textLength="{text_width(text, FONT):.1f}" '
                 f'lengthAdjust="spacing">{html.escape(text)}</text>')
    return (
        f'<a class="cs-node {node.cls}" id="{node.key}" href="{html.escape(node.href)}">'
        f'<title>{caption}</title><circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{node.r:.1f}"/>{label}</a>'
    )


def _concept_key(concept: ConceptId) -> str:
    return f"m-c-{concept}"


_NOT_ALNUM = re.compile(r"[^\w]|_")


@functools.lru_cache(maxsize=4096)
def _doc_key(doc_id: str) -> str:
    """``doc_id`` as an SVG id: letters and digits kept, anything else a hyphen."""
    return "m-d-" + _NOT_ALNUM.sub("-", doc_id)
