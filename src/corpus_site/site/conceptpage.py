"""Concept pages (one per registry entry) and the concepts overview page with its map."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Mapping, Sequence

from ..concepts.index import ConceptIndex, Mention
from ..concepts.registry import CONCEPT_KINDS, Concept, Registry
from ..model import KINDS, DocId, Document, Lang
from .conceptmap import concept_map_svg
from .docpage import display_title, search_filters
from .labels import concept_kind_name, kind_name, lang_name, t
from .markdown import escape_inline, yaml_scalar
from .paths import concept_base, doc_base, page_file, rel, url_between


def _front(title: str, description: str, extra: str = "") -> str:
    return f"---\ntitle: {yaml_scalar(html.escape(title))}\ndescription: {yaml_scalar(html.escape(description))}\n{extra}---\n"


def concept_link(concept: Concept, lang: Lang, from_base: str) -> str:
    return f"[{escape_inline(concept.name(lang))}]({rel(from_base, page_file(concept_base(concept.id), 'zh'))})"


def works_in_corpus(concept: Concept, docs: Sequence[Document]) -> list[Document]:
    """Documents that are (chapters of) the work a concept names, e.g. 《中国的核安全》."""
    names = {n.strip("《》〈〉 ") for n in (concept.zh, concept.en, *concept.aliases_zh, *concept.aliases_en)}
    out = []
    for doc in docs:
        fields = (doc.meta.whitepaper, doc.meta.whitepaper_en, doc.meta.title, doc.meta.title_en)
        if any(f and f.strip("《》〈〉 ") in names for f in fields):
            out.append(doc)
    return out


def render_concept(
    concept: Concept,
    lang: Lang,
    registry: Registry,
    index: ConceptIndex,
    docs: Mapping[DocId, Document],
) -> str:
    base = concept_base(concept.id)
    other: Lang = "en" if lang == "zh" else "zh"
    mentions = index.mentions.get(concept.id, ())
    n_docs = len({m.doc_id for m in mentions})
    title = f"{concept.name(lang)} · {concept.name(other)}"
    out = [
        _front(title, concept.definition(lang), f"concept: {concept.id}\n"),
        f"# {escape_inline(concept.name(lang))}\n",
        f'<p class="cs-concept-names" lang="{other}">{escape_inline(concept.name(other))}</p>\n',
        '<div class="cs-concept-card" markdown="1" data-pagefind-body>\n',
        search_filters([(t("filter_kind", lang), t("concept_page", lang))]),
        f"**{escape_inline(concept_kind_name(concept.kind, lang))}** · {escape_inline(t('mention_count', lang, n=len(mentions), d=n_docs))}\n",
        f'{escape_inline(concept.definition(lang))}\n',
        f'<p lang="{other}" class="cs-definition-other">{escape_inline(concept.definition(other))}</p>\n',
        f"**{escape_inline(t('renderings', lang))}**　" + "　".join(
            f'<span lang="{code}">{escape_inline(a)}</span>' for code in ("zh", "en") for a in concept.aliases(code)  # type: ignore[arg-type]
        ) + "\n",
        "</div>\n",
    ]
    out.append(_hierarchy(concept, lang, registry, base))
    works = works_in_corpus(concept, list(docs.values()))
    if works:
        out.append(f"## {escape_inline(t('documents_of_work', lang))} {{#in-corpus}}\n")
        out.extend(f"- [{escape_inline(display_title(d, lang))}]({rel(base, page_file(doc_base(d), 'zh'))})" for d in works)
        out.append("")
    out.append(_side_by_side(concept, mentions, lang, docs, base))
    out.append(_mentions(mentions, lang, docs, base, concept))
    together = index.cooccurring(concept.id)
    if together:
        out.append(f"## {escape_inline(t('cooccurring', lang))} {{#cooccurring}}\n")
        out.extend(f"- {concept_link(registry.get(c), lang, base)} ({n})" for c, n in together if c in registry)
        out.append("")
    return "\n".join(out)


def _hierarchy(concept: Concept, lang: Lang, registry: Registry, base: str) -> str:
    rows = []
    for key, ids in (("broader", concept.broader), ("narrower", concept.narrower), ("related_concepts", concept.related)):
        if ids:
            links = "、".join(concept_link(registry.get(c), lang, base) for c in ids) if lang == "zh" else ", ".join(
                concept_link(registry.get(c), lang, base) for c in ids)
            rows.append(f"- **{escape_inline(t(key, lang))}**　{links}")
    if not rows:
        return ""
    return f"## {escape_inline(t('hierarchy', lang))} {{#hierarchy}}\n\n" + "\n".join(rows) + "\n"


SIDE_BY_SIDE_ROWS = 12


def unregistered(mention: Mention, concept: Concept) -> bool:
    """Was the mention matched only through normalization (quotes, width, script…)?"""
    return mention.text not in concept.aliases_zh and mention.text not in concept.aliases_en


def _marked(mention: Mention, concept: Concept, lang: Lang) -> str:
    """The mention's sentence with the mention highlighted (and flagged if unregistered)."""
    before = escape_inline(mention.context[: mention.offset])
    found = escape_inline(mention.context[mention.offset : mention.offset + len(mention.text)])
    after = escape_inline(mention.context[mention.offset + len(mention.text):])
    flag = f'<sup class="cs-flag" title="{html.escape(t("unregistered", lang))}">⚑</sup>' if unregistered(mention, concept) else ""
    return f"{before}<mark>{found}</mark>{flag}{after}"


def _side_by_side(concept: Concept, mentions: Sequence[Mention], lang: Lang, docs: Mapping[DocId, Document], base: str) -> str:
    """Chinese and English passages next to each other, for checking how a term is rendered."""
    columns = {code: [m for m in mentions if m.lang == code] for code in ("zh", "en")}
    if not columns["zh"] or not columns["en"]:
        return ""
    rows = max(len(columns["zh"]), len(columns["en"]))
    head = "".join(f'<th lang="{code}">{html.escape(lang_name(code, lang))}</th>' for code in ("zh", "en"))
    body = []
    for i in range(min(rows, SIDE_BY_SIDE_ROWS)):
        cells = []
        for code in ("zh", "en"):
            if i >= len(columns[code]):
                cells.append("<td></td>")
                continue
            m = columns[code][i]
            doc = docs[m.doc_id]
            href = url_between(base, doc_base(doc) + "/" + (f"#{m.anchor}" if m.anchor else ""))
            source = f'<a href="{href}">{html.escape(display_title(doc, lang))}</a>'
            cells.append(f'<td lang="{code}">{_marked(m, concept, lang)}<br><small>{source}</small></td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"## {escape_inline(t('side_by_side', lang))} {{#side-by-side}}\n\n"
        f'<p class="cs-hint">{escape_inline(t("side_by_side_hint", lang))}</p>\n\n'
        f'<div class="cs-side-by-side"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>\n'
    )


def _mentions(mentions: Sequence[Mention], lang: Lang, docs: Mapping[DocId, Document], base: str, concept: Concept) -> str:
    if not mentions:
        return escape_inline(t("no_mentions", lang)) + "\n"
    out: list[str] = []
    for code in ("zh", "en"):
        group = [m for m in mentions if m.lang == code]
        if not group:
            continue
        label = t("mentions_in", lang, language=lang_name(code, lang))
        out.append(f"## {escape_inline(label)} ({len(group)}) {{#mentions-{code}}}\n")
        by_kind: dict[str, dict[DocId, list[Mention]]] = defaultdict(lambda: defaultdict(list))
        for m in group:
            by_kind[docs[m.doc_id].meta.kind][m.doc_id].append(m)
        for kind in KINDS:
            if kind not in by_kind:
                continue
            out.append(f"### {escape_inline(kind_name(kind, lang))} {{#mentions-{code}-{kind}}}\n")
            for doc_id, items in by_kind[kind].items():
                doc = docs[doc_id]
                target = rel(base, page_file(doc_base(doc), "zh"))
                out.append(f"- [{escape_inline(display_title(doc, lang))}]({target})")
                for m in items:
                    anchor = f"#{m.anchor}" if m.anchor else ""
                    out.append(f'    - <span lang="{code}">{_marked(m, concept, lang)}</span> [¶]({target}{anchor})')
            out.append("")
    return "\n".join(out)


def render_concepts_index(registry: Registry, index: ConceptIndex, docs: Sequence[Document], lang: Lang) -> str:
    base = "concepts"
    title = t("concepts_title", lang)
    out = [_front(title, t("concept_map", lang)), f"# {escape_inline(title)}\n"]
    out.append(f"## {escape_inline(t('concept_map', lang))} {{#map}}\n")
    out.append(f'<p class="cs-hint">{escape_inline(t("concept_map_hint", lang))}</p>\n')
    out.append(concept_map_svg(registry, index, docs, lang, base) + "\n")
    df = index.doc_freq
    for kind in CONCEPT_KINDS:
        group = [c for c in registry.concepts if c.kind == kind]
        if not group:
            continue
        out.append(f"## {escape_inline(concept_kind_name(kind, lang))} {{#kind-{kind}}}\n")
        for concept in sorted(group, key=lambda c: (-df[c.id], c.id)):
            other: Lang = "en" if lang == "zh" else "zh"
            out.append(f"- {concept_link(concept, lang, base)} <small lang=\"{other}\">{escape_inline(concept.name(other))} · {df[concept.id]}</small>")
        out.append("")
    return "\n".join(out)
