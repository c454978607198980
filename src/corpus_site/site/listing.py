"""Listing pages: the home page and the browse pages (by kind, by source, by year)."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Callable, Iterable, Sequence

from ..concepts.index import ConceptIndex
from ..concepts.registry import Registry
from ..model import KINDS, Document, Lang
from .charts import concept_bars_svg, timeline_svg
from .docpage import display_title
from .labels import kind_name, lang_name, t
from .markdown import escape_inline, yaml_scalar
from .paths import doc_base, page_file, rel


def sort_key(doc: Document) -> tuple[str, str]:
    """Newest first; undated documents last, in seed order."""
    return (doc.meta.date or "0000", doc.doc_id)


def doc_item(doc: Document, lang: Lang, from_base: str) -> str:
    target = rel(from_base, page_file(doc_base(doc), "zh"))
    bits = [escape_inline(kind_name(doc.meta.kind, lang))]
    if doc.meta.date:
        bits.append(escape_inline(doc.meta.date))
    if doc.meta.source:
        bits.append(escape_inline(doc.meta.source_en if lang == "en" and doc.meta.source_en else doc.meta.source))
    bits.append(escape_inline(lang_name(doc.meta.lang, lang)))
    return f"- [{escape_inline(display_title(doc, lang))}]({target}) <small>{' · '.join(bits)}</small>"


def _front(title: str, description: str) -> str:
    return f"---\ntitle: {yaml_scalar(html.escape(title))}\ndescription: {yaml_scalar(html.escape(description))}\n---\n"


def grouped(docs: Iterable[Document], key: Callable[[Document], str]) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[key(doc)].append(doc)
    for items in groups.values():
        items.sort(key=sort_key, reverse=True)
    return groups


def browse_page(docs: Sequence[Document], lang: Lang, facet: str) -> str:
    base = f"browse/{facet}"
    title = t(f"by_{facet}", lang)
    out = [_front(title, t("count_docs", lang, n=len(docs))), f"# {escape_inline(title)}\n"]
    if facet == "kind":
        groups = grouped(docs, lambda d: d.meta.kind)
        order = [k for k in KINDS if k in groups]
        heading = {k: kind_name(k, lang) for k in order}
    elif facet == "year":
        groups = grouped(docs, lambda d: (d.meta.date or "")[:4] or "undated")
        order = sorted((k for k in groups if k != "undated"), reverse=True) + (["undated"] if "undated" in groups else [])
        heading = {k: (t("undated", lang) if k == "undated" else k) for k in order}
    else:
        groups = grouped(docs, lambda d: (d.meta.source_en if lang == "en" and d.meta.source_en else d.meta.source) or "")
        order = sorted(k for k in groups if k) + ([""] if "" in groups else [])
        heading = {k: k or t("unknown", lang) for k in order}
    for n, key in enumerate(order, start=1):
        anchor = key if facet in ("kind", "year") else f"source-{n}"
        out.append(f"## {escape_inline(heading[key])} ({len(groups[key])}) {{#{anchor}}}\n")
        out.extend(doc_item(doc, lang, base) for doc in groups[key])
        out.append("")
    return "\n".join(out)


def timeline_page(docs: Sequence[Document], lang: Lang) -> str:
    title = t("timeline", lang)
    out = [_front(title, t("timeline_hint", lang)), f"# {escape_inline(title)}\n"]
    out.append(f'<p class="cs-hint">{escape_inline(t("timeline_hint", lang))}</p>\n')
    out.append(timeline_svg(docs, lang, "timeline") + "\n")
    undated = sum(1 for d in docs if not d.meta.date)
    if undated:
        out.append(f"{escape_inline(t('undated_count', lang, n=undated))} [{escape_inline(t('by_year', lang))}](browse/year.md#undated)\n")
    return "\n".join(out)


def home_page(docs: Sequence[Document], lang: Lang, registry: Registry | None = None, index: ConceptIndex | None = None) -> str:
    title = t("site_name", lang)
    base = "index"
    out = [_front(title, t("home_description", lang)), f"# {escape_inline(title)}\n"]
    out.append(escape_inline(t("home_description", lang)) + "\n")
    out.append(f"## {escape_inline(t('corpus_at_glance', lang))} {{#glance}}\n")
    by_kind = grouped(docs, lambda d: d.meta.kind)
    by_lang = grouped(docs, lambda d: d.meta.lang)
    cells = [f"[{escape_inline(kind_name(k, lang))}]({rel(base, 'browse/kind.md')}#{k}) {len(by_kind[k])}" for k in KINDS if k in by_kind]
    cells += [f"{escape_inline(lang_name(code, lang))} {len(by_lang[code])}" for code in ("zh", "en") if code in by_lang]
    out.append('<div class="cs-stats" markdown="1">\n\n' + "\n".join(f"- {c}" for c in cells) + "\n\n</div>\n")
    if registry is not None and index is not None and index.mentions:
        out.append(f"## {escape_inline(t('top_concepts', lang))} {{#top-concepts}}\n")
        out.append(concept_bars_svg(registry, index, lang, base) + "\n")
        out.append(f"[{escape_inline(t('concepts_title', lang))} →](concepts.md) · [{escape_inline(t('timeline', lang))} →](timeline.md)\n")
    out.append(f"## {escape_inline(t('latest', lang))} {{#latest}}\n")
    latest = sorted((d for d in docs if d.meta.date), key=sort_key, reverse=True)[:8]
    out.extend(doc_item(doc, lang, base) for doc in latest)
    out.append("")
    out.append(f"## {escape_inline(t('documents', lang))} {{#documents}}\n")
    groups = grouped(docs, lambda d: d.meta.kind)
    for kind in KINDS:
        if kind not in groups:
            continue
        out.append(f"### {escape_inline(kind_name(kind, lang))} ({len(groups[kind])}) {{#kind-{kind}}}\n")
        out.extend(doc_item(doc, lang, base) for doc in groups[kind])
        out.append("")
    return "\n".join(out)
