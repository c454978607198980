"""The concept map: an SVG of concepts (inner circle) and documents (outer ring) and their links.

The layout is computed here, deterministically, so the page needs no third-party script:
concepts are placed on a circle grouped by kind, each document on the outer ring at the
circular mean of the angles of its concepts.  Every node is a link; a small script of our
own (docs/assets/corpus.js) highlights a node's neighbourhood on hover or tap.
"""

from __future__ import annotations

import functools
import html
import math
import re
from typing import Sequence

from ..concepts.index import ConceptIndex
from ..concepts.registry import CONCEPT_KINDS, Registry
from ..model import ConceptId, Document, Lang
from .docpage import display_title
from .paths import concept_base, doc_base, url_between

SIZE = 960
INNER = 200
OUTER = 440
LABEL_CHARS = 12
MAX_DOCS = 80
MAX_CONCEPTS = 60


def concept_map_svg(registry: Registry, index: ConceptIndex, docs: Sequence[Document], lang: Lang, from_base: str) -> str:
    df = index.doc_freq
    concepts = [c for c in registry.concepts if df[c.id]]
    concepts.sort(key=lambda c: (-df[c.id], c.id))
    concepts = concepts[:MAX_CONCEPTS]
    order = {kind: i for i, kind in enumerate(CONCEPT_KINDS)}
    concepts.sort(key=lambda c: (order.get(c.kind, 99), -df[c.id], c.id))
    shown = {c.id for c in concepts}
    angle: dict[ConceptId, float] = {c.id: 2 * math.pi * i / max(1, len(concepts)) for i, c in enumerate(concepts)}
    ranked = sorted(docs, key=lambda d: (-len(set(index.doc_concepts.get(d.doc_id, {})) & shown), d.doc_id))
    placed_docs = [d for d in ranked if set(index.doc_concepts.get(d.doc_id, {})) & shown][:MAX_DOCS]
    doc_angle = {d.doc_id: _mean_angle([angle[c] for c in index.doc_concepts[d.doc_id] if c in shown]) for d in placed_docs}
    placed_docs.sort(key=lambda d: (doc_angle[d.doc_id], d.doc_id))
    # spread documents evenly around the ring, keeping their order by angle
    for i, d in enumerate(placed_docs):
        doc_angle[d.doc_id] = 2 * math.pi * i / max(1, len(placed_docs))
    c = SIZE / 2
    edges, nodes = [], []
    for d in placed_docs:
        dx, dy = _point(c, OUTER, doc_angle[d.doc_id])
        for concept in sorted(index.doc_concepts[d.doc_id]):
            if concept not in shown:
                continue
            cx, cy = _point(c, INNER, angle[concept])
            edges.append(
                f'<path class="cs-edge" data-a="d-{_id(d.doc_id)}" data-b="c-{concept}" '
                f'd="M{dx:.1f},{dy:.1f} Q{c:.1f},{c:.1f} {cx:.1f},{cy:.1f}"/>'
            )
        title = html.escape(display_title(d, lang))
        nodes.append(
            f'<a class="cs-node cs-node-doc cs-lang-{d.meta.lang}" id="d-{_id(d.doc_id)}" href="{url_between(from_base, doc_base(d) + "/")}">'
            f'<title>{title}</title><circle cx="{dx:.1f}" cy="{dy:.1f}" r="6"/></a>'
        )
    for concept in concepts:
        links = [t for t in concept.broader if t in shown] + [t for t in concept.related if t in shown and concept.id < t]
        for target in links:
            x1, y1 = _point(c, INNER, angle[concept.id])
            x2, y2 = _point(c, INNER, angle[target])
            edges.append(f'<path class="cs-edge cs-edge-concept" data-a="c-{concept.id}" data-b="c-{target}" d="M{x1:.1f},{y1:.1f} Q{c:.1f},{c:.1f} {x2:.1f},{y2:.1f}"/>')
        x, y = _point(c, INNER, angle[concept.id])
        radius = 4 + 2 * math.sqrt(df[concept.id])
        name = html.escape(concept.name(lang))
        other = html.escape(concept.name("en" if lang == "zh" else "zh"))
        nodes.append(
            f'<a class="cs-node cs-node-concept cs-kind-{concept.kind}" id="c-{concept.id}" href="{url_between(from_base, concept_base(concept.id) + "/")}">'
            f'<title>{name} · {other}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>'
            f'{_radial_label(concept.name(lang), c, INNER + radius + 6, angle[concept.id])}</a>'
        )
    return (
        f'<div class="cs-map" data-pagefind-ignore><svg viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="concept map">'
        + "".join(edges) + "".join(nodes) + "</svg></div>"
    )


def _radial_label(name: str, center: float, radius: float, angle: float) -> str:
    """A label that reads outward along the radius (turned over on the left half)."""
    label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
    x, y = _point(center, radius, angle)
    degrees = math.degrees(angle)
    left = math.cos(angle) < 0
    rotate = degrees + 180 if left else degrees
    anchor = "end" if left else "start"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" dy="0.35em" text-anchor="{anchor}" '
        f'transform="rotate({rotate:.1f} {x:.1f} {y:.1f})">{html.escape(label)}</text>'
    )


_NOT_ALNUM = re.compile(r"[^\w]|_")


@functools.lru_cache(maxsize=4096)
def _id(doc_id: str) -> str:
    """``doc_id`` as an SVG id: letters and digits kept, anything else a hyphen."""
    return _NOT_ALNUM.sub("-", doc_id)


def _point(center: float, radius: float, angle: float) -> tuple[float, float]:
    return center + radius * math.cos(angle), center + radius * math.sin(angle)


def _mean_angle(angles: list[float]) -> float:
    if not angles:
        return 0.0
    x = sum(math.cos(a) for a in angles)
    y = sum(math.sin(a) for a in angles)
    return math.atan2(y, x) % (2 * math.pi)
