"""Render one document as a front-matter Markdown page, in one interface language.

The body is the seed text, escaped so that nothing in it is read as Markdown or HTML.
Concept mentions become links; every paragraph gets a permalink id.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..anchors import block_anchors
from ..model import ConceptId, Document, FootnoteRef, Lang
from .labels import kind_name, lang_name, t
from .markdown import attr, escape_inline, escape_line_start, yaml_scalar
from .paths import concept_base, doc_base, page_file, raw_file, rel

# (start, end, concept) spans of a text that name a concept.
Spans = Sequence[tuple[int, int, ConceptId]]


@dataclass(frozen=True)
class Linking:
    """How mentions become links: where they are, and where each concept's link goes."""

    find: Callable[[str], Spans]
    target: Callable[[ConceptId], str]  # docs/ path of the page a concept links to
    citations: frozenset[ConceptId] = frozenset()  # works and instruments: linked in footnotes too


@dataclass(frozen=True, slots=True)
class ConceptChip:
    concept: ConceptId
    name_zh: str
    name_en: str
    count: int


@dataclass(frozen=True, slots=True)
class RelatedDoc:
    doc: Document
    score: float
    shared: tuple[ConceptId, ...]


@dataclass(frozen=True, slots=True)
class DocExtras:
    """What the concept engine adds to a document page."""

    concepts: tuple[ConceptChip, ...] = ()
    related: tuple[RelatedDoc, ...] = ()
    citations: dict[str, str] = field(default_factory=dict)  # 《title》 → docs/ path of the cited page


def display_title(doc: Document, lang: Lang) -> str:
    if lang == "en" and doc.meta.title_en:
        return doc.meta.title_en
    return doc.meta.title


def description(doc: Document, limit: int = 150) -> str:
    text = doc.meta.abstract or next((b.text for b in doc.blocks if b.kind == "para"), doc.meta.title)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_document(
    doc: Document, lang: Lang, extras: DocExtras | None = None, linking: Linking | None = None, site_url: str = ""
) -> str:
    """The page of ``doc`` in interface ``lang``; ``site_url`` makes the citation's URL absolute."""
    extras = extras or DocExtras()
    base = doc_base(doc)
    parts = [_front_matter(doc, lang, extras), f"# {escape_inline(display_title(doc, lang))}\n"]
    if lang == "en" and doc.meta.title_en and doc.meta.title_en != doc.meta.title:
        parts.append(f'<p class="cs-original-title">{escape_inline(t("original_title", lang))}: <span lang="{doc.meta.lang}">{escape_inline(doc.meta.title)}</span></p>\n')
    parts.append(_panel(doc, lang, base))
    if doc.meta.abstract:
        abstract = _linked(doc.meta.abstract, _first_mentions(linking, doc.meta.abstract, set()), linking, base)
        parts.append(f'<div class="cs-abstract" id="abstract" markdown="1" lang="{doc.meta.lang}">\n\n**{escape_inline(t("abstract", lang))}**　{abstract}\n\n</div>\n')
    parts.append(f'<div class="cs-body" lang="{doc.meta.lang}" markdown="1" data-pagefind-body>\n')
    parts.append(search_filters(_filters(doc, lang, extras)))
    parts.extend(_blocks(doc, linking, base))
    parts.append("</div>\n")
    page_url = (site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "") + base + "/") if site_url else ""
    parts.append(_citation(doc, lang, page_url))
    parts.append(_concepts(doc, lang, extras, base))
    for note in doc.footnotes:
        spans = [s for s in (linking.find(note.text) if linking else ()) if s[2] in linking.citations] if linking else []
        parts.append(f"[^{note.label}]: {_linked(note.text, spans, linking, base)}\n")
    return "\n".join(parts)


def search_filters(filters: Sequence[tuple[str, str]]) -> str:
    """Pagefind filters as attributes only (no text is added to the index)."""
    spans = "".join(f'<span data-pagefind-filter="{attr(key)}:{attr(value)}"></span>' for key, value in filters if value)
    return f'<div class="cs-filters" hidden>{spans}</div>\n'


def _filters(doc: Document, lang: Lang, extras: DocExtras) -> list[tuple[str, str]]:
    m = doc.meta
    source = (m.source_en if lang == "en" and m.source_en else m.source) or t("unknown", lang)
    filters = [
        (t("filter_kind", lang), kind_name(m.kind, lang)),
        (t("filter_lang", lang), lang_name(m.lang, lang)),
        (t("filter_source", lang), source),
        (t("filter_year", lang), (m.date or "")[:4] or t("undated", lang)),
    ]
    filters += [(t("filter_concept", lang), chip.name_zh if lang == "zh" else chip.name_en) for chip in extras.concepts]
    return filters


def _front_matter(doc: Document, lang: Lang, extras: DocExtras) -> str:
    m = doc.meta
    lines = [
        "---",
        # The theme prints these two unescaped (in <meta> and in the header): escape them here.
        f"title: {yaml_scalar(html.escape(display_title(doc, lang)))}",
        f"description: {yaml_scalar(html.escape(description(doc)))}",
        f"doc_id: {yaml_scalar(doc.doc_id)}",
        f"lang: {m.lang}",
        f"kind: {m.kind}",
        f"seed: {yaml_scalar(doc.seed)}",
        f"position: {doc.position}",
    ]
    for key in ("date", "source", "title_en", "issuer", "whitepaper", "editor", "place"):
        value = getattr(m, key)
        if value:
            lines.append(f"{key}: {yaml_scalar(value)}")
    if m.authors:
        lines.append("authors: [" + ", ".join(yaml_scalar(a) for a in m.authors) + "]")
    if extras.concepts:
        lines.append("concepts: [" + ", ".join(yaml_scalar(c.concept) for c in extras.concepts) + "]")
    lines.append("---\n")
    return "\n".join(lines)


def _panel(doc: Document, lang: Lang, base: str) -> str:
    m = doc.meta
    rows = [
        (t("kind", lang), f"[{escape_inline(kind_name(m.kind, lang))}]({rel(base, 'browse/kind.md')}#{m.kind})"),
        (t("date", lang), escape_inline(m.date) if m.date else escape_inline(t("unknown", lang))),
        (t("source", lang), escape_inline(_pick(m.source, m.source_en, lang)) if m.source else escape_inline(t("unknown", lang))),
    ]
    if m.authors:
        rows.append((t("authors", lang), escape_inline("、".join(m.authors) if m.lang == "zh" else ", ".join(m.authors))))
    if m.issuer:
        rows.append((t("issuer", lang), escape_inline(_pick(m.issuer, m.issuer_en, lang))))
    if m.whitepaper:
        rows.append((t("whitepaper", lang), escape_inline(_pick(m.whitepaper, m.whitepaper_en, lang))))
    if m.editor:
        rows.append((t("editor", lang), escape_inline(m.editor)))
    if m.keywords:
        rows.append((t("keywords", lang), escape_inline("；".join(m.keywords))))
    if m.funding:
        rows.append((t("funding", lang), escape_inline(m.funding)))
    rows.append((t("language", lang), escape_inline(lang_name(m.lang, lang))))
    position = escape_inline(t("position", lang, n=doc.position))
    rows.append((t("seed", lang), f"[{escape_inline(doc.seed)}]({rel(base, raw_file(doc.seed))}) · {position}"))
    items = "\n".join(f"- **{escape_inline(k)}**　{v}" for k, v in rows)
    return f'<div class="cs-meta" markdown="1" data-pagefind-ignore>\n\n{items}\n\n</div>\n'


def _pick(zh: str | None, en: str | None, lang: Lang) -> str:
    return (en or zh or "") if lang == "en" else (zh or en or "")


def _blocks(doc: Document, linking: Linking | None, base: str) -> list[str]:
    """Body blocks as Markdown; a concept is linked at its first mention in each section."""
    out: list[str] = []
    seen: set[ConceptId] = set()
    for block, anchor in block_anchors(doc):
        if block.kind == "heading":
            seen = set()
            hashes = "#" * max(2, min(block.level, 4))
            out.append(f"{hashes} {escape_inline(block.text)} {{#{anchor}}}\n")
            continue
        css = {"caption": " .cs-caption", "byline": " .cs-byline"}.get(block.kind, "")
        pieces: list[str] = []
        for part in block.inlines:
            if isinstance(part, FootnoteRef):
                pieces.append(f"[^{part.label}]")
            elif block.kind == "para":
                pieces.append(_linked(part, _first_mentions(linking, part, seen), linking, base))
            else:
                pieces.append(escape_inline(part))
        permalink = f" [¶](#{anchor}){{: .cs-permalink title=\"{anchor}\" }}"
        out.append(f"{escape_line_start(''.join(pieces).strip())}{permalink}\n{{: #{anchor}{css} }}\n")
    return out


def _first_mentions(linking: Linking | None, text: str, seen: set[ConceptId]) -> Spans:
    """The spans of concepts not yet linked in this section (and marks them as linked)."""
    if linking is None:
        return []
    spans = []
    for start, end, concept in linking.find(text):
        if concept not in seen:
            seen.add(concept)
            spans.append((start, end, concept))
    return spans


def _linked(text: str, spans: Spans, linking: Linking | None, base: str) -> str:
    if not spans or linking is None:
        return escape_inline(text)
    out: list[str] = []
    pos = 0
    for start, end, concept in spans:
        out.append(escape_inline(text[pos:start]))
        out.append(f"[{escape_inline(text[start:end])}]({rel(base, linking.target(concept))}){{: .cs-concept }}")
        pos = end
    out.append(escape_inline(text[pos:]))
    return "".join(out)


def citation_text(doc: Document) -> str:
    """A reference to the document, in the conventions of its language."""
    m = doc.meta
    date = m.date or ""
    if m.lang == "zh":
        authors = "、".join(m.authors) or m.issuer or ""
        host = f"《{m.whitepaper.strip('《》')}》" if m.whitepaper else (m.source or "")
        parts = [f"{authors}：" if authors else "", f"《{m.title}》"]
        parts += [f"，{host}" if host and host != authors else "", f"，{date}" if date else "", "。"]
        return "".join(parts)
    authors = ", ".join(m.authors) or m.issuer_en or m.issuer or m.source_en or ""
    host = m.whitepaper_en or m.whitepaper or (m.source_en or m.source if not authors.startswith(m.source_en or "\0") else "")
    text = f"{authors + '. ' if authors else ''}“{m.title_en or m.title}.”"
    if host:
        text += f" {'In ' if m.whitepaper_en else ''}{host}."
    return text + (f" {date}." if date else "")


def _citation(doc: Document, lang: Lang, page_url: str) -> str:
    text = escape_inline(citation_text(doc))
    return (
        f'<div class="cs-cite" data-pagefind-ignore>\n'
        f'<p><strong>{escape_inline(t("cite", lang))}</strong> '
        f'<button type="button" class="md-button cs-copy" data-copy=".cs-cite-text" data-done="{attr(t("copied", lang))}">{escape_inline(t("copy", lang))}</button></p>\n'
        f'<p class="cs-cite-text" lang="{doc.meta.lang}">{text} <span class="cs-cite-url">{escape_inline(page_url)}</span></p>\n'
        "</div>\n"
    )


def _concepts(doc: Document, lang: Lang, extras: DocExtras, base: str) -> str:
    """The document's concepts (indexed for search, in both languages) and its related documents."""
    if not extras.concepts and not extras.related:
        return ""
    lines = [f'<div class="cs-concepts" markdown="1" data-pagefind-body>\n\n## {escape_inline(t("concepts", lang))} {{#concepts}}\n']
    for chip in extras.concepts:
        target = rel(base, page_file(concept_base(chip.concept), "zh"))
        lines.append(f"- [{escape_inline(chip.name_zh)} · {escape_inline(chip.name_en)}]({target}) ({chip.count})")
    lines.append('\n</div>\n\n<div class="cs-related" markdown="1" data-pagefind-ignore>\n')
    lines.append(f'## {escape_inline(t("related", lang))} {{#related}}\n')
    for code in ("zh", "en"):
        group = [r for r in extras.related if r.doc.meta.lang == code]
        lines.append(f"**{escape_inline(t('related_' + code, lang))}**\n")
        if not group:
            lines.append(escape_inline(t("no_related", lang)) + "\n")
            continue
        for item in group:
            target = rel(base, page_file(doc_base(item.doc), "zh"))
            lines.append(f"- [{escape_inline(display_title(item.doc, lang))}]({target}) · {escape_inline(kind_name(item.doc.meta.kind, lang))}")
        lines.append("")
    lines.append("\n</div>\n")
    return "\n".join(lines)
