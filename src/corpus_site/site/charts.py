"""Pictures drawn at build time as plain SVG: the timeline and the most-discussed concepts.

Every mark is a link, and carries a <title> for pointing devices and screen readers.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Sequence

from ..concepts.index import ConceptIndex
from ..concepts.registry import Registry
from ..model import KINDS, Document, Lang
from .docpage import display_title
from .labels import kind_name, t
from .paths import url_between

WIDTH = 900
LANE = 46
LEFT = 110
RIGHT = 20
TOP = 20
MAX_DOTS = 400  # above this, a timeline shows counts per month instead of one dot per document


def _year_fraction(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 7
    day = parts[2] if len(parts) > 2 else 15
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline_svg(docs: Sequence[Document], lang: Lang, from_base: str) -> str:
    dated = [d for d in docs if d.meta.date]
    if not dated:
        return ""
    first = min(int(d.meta.date[:4]) for d in dated)  # type: ignore[index]
    last = max(int(d.meta.date[:4]) for d in dated) + 1  # type: ignore[index]
    kinds = [k for k in KINDS if any(d.meta.kind == k for d in dated)]
    height = TOP + LANE * len(kinds) + 40
    span = max(1, last - first)

    def x(value: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (value - first) / span

    out = [f'<div class="cs-chart cs-timeline"><svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{html.escape(t("timeline", lang))}">']
    step = max(1, span // 12)
    for year in range(first, last + 1, step):
        out.append(f'<line class="cs-grid" x1="{x(year):.1f}" y1="{TOP - 8}" x2="{x(year):.1f}" y2="{height - 30}"/>')
        out.append(f'<text class="cs-tick" x="{x(year):.1f}" y="{height - 12}" text-anchor="middle">{year}</text>')
    for row, kind in enumerate(kinds):
        y = TOP + LANE * row + LANE / 2
        out.append(f'<text class="cs-lane" x="{LEFT - 12}" y="{y:.1f}" dy="0.35em" text-anchor="end">{html.escape(kind_name(kind, lang))}</text>')
        out.append(f'<line class="cs-axis" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        lane = [d for d in dated if d.meta.kind == kind]
        if len(dated) <= MAX_DOTS:
            out.extend(_dots(lane, y, x, lang, from_base))
        else:
            out.extend(_bins(lane, y, x, lang, from_base))
    out.append("</svg></div>")
    return "".join(out)


def _dots(lane: Sequence[Document], y: float, x, lang: Lang, from_base: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    seen: Counter[int] = Counter()
    for doc in sorted(lane, key=lambda d: (d.meta.date, d.doc_id)):
        cx = x(_year_fraction(doc.meta.date))  # type: ignore[arg-type]
        slot = int(cx // 8)
        offset = seen[slot]
        seen[slot] += 1
        cy = y + ((offset + 1) // 2) * 7 * (1 if offset % 2 else -1)  # documents on the same day stack up
        title = html.escape(f"{doc.meta.date} · {display_title(doc, lang)}")
        out.append(
            f'<a class="cs-dot cs-kind-{doc.meta.kind}" href="{url_between(from_base, "doc/" + str(doc.meta.slug) + "/")}">'
            f'<title>{title}</title><circle cx="{cx:.1f}" cy="{cy:.1f}" r="5"/></a>'
        )
    return out


def _bins(lane: Sequence[Document], y: float, x, lang: Lang, from_base: str) -> list[str]:  # type: ignore[no-untyped-def]
    months: Counter[str] = Counter(doc.meta.date[:7] for doc in lane)  # type: ignore[index]
    out = []
    for month, count in sorted(months.items()):
        cx = x(_year_fraction(month))
        radius = min(LANE / 2 - 2, 2 + count ** 0.5 * 1.5)
        label = html.escape(f"{month} · {t('count_docs', lang, n=count)}")
        out.append(
            f'<a class="cs-dot cs-kind-{lane[0].meta.kind}" href="{url_between(from_base, "browse/year/#" + month[:4])}">'
            f'<title>{label}</title><circle cx="{cx:.1f}" cy="{y:.1f}" r="{radius:.1f}"/></a>'
        )
    return out


def concept_bars_svg(registry: Registry, index: ConceptIndex, lang: Lang, from_base: str, limit: int = 12) -> str:
    """The most-discussed concepts: one bar per concept, as long as its number of mentions."""
    counts = {c: len(m) for c, m in index.mentions.items() if c in registry}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    if not top:
        return ""
    row = 26
    label_width = 250
    height = row * len(top) + 10
    biggest = top[0][1]
    out = [f'<div class="cs-chart cs-bars"><svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{html.escape(t("top_concepts", lang))}">']
    for i, (concept_id, count) in enumerate(top):
        concept = registry.get(concept_id)
        y = 5 + i * row
        width = (WIDTH - label_width - 60) * count / biggest
        docs = len({m.doc_id for m in index.mentions[concept_id]})
        title = html.escape(f"{concept.name(lang)} · {t('mention_count', lang, n=count, d=docs)}")
        out.append(
            f'<a class="cs-bar cs-kind-{concept.kind}" href="{url_between(from_base, "concept/" + concept.id + "/")}"><title>{title}</title>'
            f'<text x="{label_width - 10}" y="{y + row / 2:.1f}" dy="0.35em" text-anchor="end">{html.escape(_short(concept.name(lang), 22))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width:.1f}" height="{row - 8}" rx="3"/>'
            f'<text class="cs-value" x="{label_width + width + 6:.1f}" y="{y + row / 2:.1f}" dy="0.35em">{count}</text></a>'
        )
    out.append("</svg></div>")
    return "".join(out)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
