"""One document, in one interface language: its Markdown source (docs/) and its page (HTML).

Seed text is text: it is escaped so that nothing in it is read as Markdown or HTML.
Concept mentions become links; every paragraph gets a permalink id.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, Union

from ..anchors import block_anchors, footnote_anchor
from ..model import Block, ConceptId, Document, FootnoteRef, Lang, Markup
from .html import attr, esc, heading, items, link
from .labels import kind_name, lang_name, t
from .markdown import escape_inline, escape_line_start, yaml_scalar
from .conceptmap import document_svg
from .extras import DocExtras
from .titles import display_title
from .paths import concept_base, doc_base, page_file, page_url, raw_file, rel, url_between

# (start, end, concept) spans of a text that name a concept.
Spans = Sequence[tuple[int, int, ConceptId]]


@dataclass(frozen=True)
class Linking:
    """How mentions become links: where they are, and where each concept's link goes."""

    find: Callable[[str], Spans]
    target: Callable[[ConceptId], str]  # docs/ path of the page a concept links to
    citations: frozenset[ConceptId] = frozenset()  # works and instruments: linked in footnotes too


def description(doc: Document, limit: int = 150) -> str:
    text = doc.meta.abstract or next((b.text for b in doc.blocks if b.kind == "para"), doc.meta.title)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class MarkdownText:
    """A document's text as Markdown, the same in both interfaces: abstract, blocks, notes."""

    abstract: str
    blocks: tuple[str, ...]
    notes: tuple[str, ...]


def markdown_text(doc: Document, linking: Linking | None = None) -> MarkdownText:
    base = doc_base(doc)
    abstract = "".join(_md_piece(text, concept, linking, base) for text, concept in _abstract_pieces(doc, linking))
    blocks = []
    for block, anchor, pieces in _body(doc, linking):
        if block.kind == "heading":
            blocks.append(f"{'#' * _level(block)} {escape_inline(block.text)} {{#{anchor}}}\n")
            continue
        text = "".join(f"[^{p.label}]" if isinstance(p, FootnoteRef) else "" if isinstance(p, Markup) else _md_piece(p[0], p[1], linking, base)
                       for p in pieces)
        blocks.append(f"{escape_line_start(text.strip())}\n{{: #{anchor} }}\n")
    notes = []
    for note in doc.footnotes:
        text = "".join(_md_piece(s, c, linking, base) for s, c in _pieces(note.text, _citations(linking, note.text)))
        notes.append(f"[^{note.label}]: {text}\n")
    return MarkdownText(abstract, tuple(blocks), tuple(notes))


def render_document(
    doc: Document,
    lang: Lang,
    extras: DocExtras | None = None,
    linking: Linking | None = None,
    site_url: str = "",
    text: MarkdownText | None = None,
) -> str:
    """The Markdown source of ``doc`` in interface ``lang``: front matter, the text with its
    concept links and Markdown footnotes, the document's concepts and related documents.
    ``text`` is ``markdown_text(doc, linking)``, when the caller has it already.

    This is the file in docs/; the site shows ``render_document_html``, made from the same
    records with the page's furniture (metadata panel, citation, permalinks, filters).
    """
    extras = extras or DocExtras()
    text = text or markdown_text(doc, linking)
    base = doc_base(doc)
    parts = [_front_matter(doc, lang, extras), f"# {escape_inline(display_title(doc, lang))}\n"]
    if text.abstract:
        parts.append(f"**{escape_inline(t('abstract', lang))}**　{text.abstract}\n")
    parts.extend(text.blocks)
    if extras.concepts:
        parts.append(f"## {escape_inline(t('concepts', lang))} {{#concepts}}\n")
        parts.append("\n".join(
            f"- [{escape_inline(c.name_zh)} · {escape_inline(c.name_en)}]({rel(base, page_file(concept_base(c.concept), 'zh'))}) ({c.count})"
            for c in extras.concepts) + "\n")
    if extras.related:
        parts.append(f"## {escape_inline(t('related', lang))} {{#related}}\n")
        parts.append("\n".join(
            f"- [{escape_inline(display_title(r.doc, lang))}]({rel(base, page_file(doc_base(r.doc), 'zh'))})" for r in extras.related) + "\n")
    parts.extend(text.notes)
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """A document's text as HTML, the same in both interfaces: abstract, body, footnotes."""

    abstract: str
    body: str
    notes: str


def html_text(doc: Document, linking: Linking | None = None) -> HtmlText:
    base = doc_base(doc)
    abstract = "".join(_html_piece(text, concept, linking, base) for text, concept in _abstract_pieces(doc, linking))
    numbers = {note.label: n for n, note in enumerate(doc.footnotes, start=1)}
    cited: dict[str, int] = {}
    out = []
    for block, anchor, pieces in _body(doc, linking):
        if block.kind == "heading":
            out.append(heading(_level(block), block.text, anchor))
            continue
        text = "".join(_html_any(p, numbers, cited, linking, base) for p in pieces)
        out.append(_html_block(block, anchor, text))
    notes = _footnotes(doc, linking, base, numbers, cited) if doc.footnotes else ""
    return HtmlText(abstract, "".join(out), notes)


def render_document_html(
    doc: Document,
    lang: Lang,
    extras: DocExtras | None = None,
    linking: Linking | None = None,
    site_url: str = "",
    text: HtmlText | None = None,
) -> str:
    """The page of ``doc`` in interface ``lang``, as HTML; ``site_url`` makes the citation's URL
    absolute.  ``text`` is ``html_text(doc, linking)``, when the caller has it already.
    """
    extras = extras or DocExtras()
    text = text or html_text(doc, linking)
    base = doc_base(doc)
    code = lang_tag(doc)
    out = [f"<h1>{esc(display_title(doc, lang))}</h1>\n"]
    if lang == "en" and doc.meta.title_en and doc.meta.title_en != doc.meta.title:
        out.append(f'<p class="cs-original-title">{esc(t("original_title", lang))}: <span lang="{code}">{esc(doc.meta.title)}</span></p>\n')
    out.append(_panel(doc, lang, base))
    if doc.meta.abstract:
        out.append(f'<div class="cs-abstract" id="abstract" lang="{code}" data-pagefind-body>\n'
                   f"<p><strong>{esc(t('abstract', lang))}</strong>　{text.abstract}</p>\n</div>\n")
    out.append(f'<div class="cs-body" lang="{code}" data-pagefind-body>\n')
    out.append(search_filters(_filters(doc, lang, extras)))
    out.append(text.body)
    out.append("</div>\n")
    page_url = (site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "") + base + "/") if site_url else ""
    out.append(_citation(doc, lang, page_url))
    out.append(_concepts(doc, lang, extras, base))
    out.append(text.notes)
    return "".join(out)


def lang_tag(doc: Document) -> str:
    """The document's language as HTML writes it: zh-Hant for traditional characters, so that
    a browser picks a font with their glyphs."""
    return "zh-Hant" if doc.meta.script == "hant" and doc.meta.lang == "zh" else doc.meta.lang


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
    unknown = esc(t("unknown", lang))
    rows = [
        (t("kind", lang), link(url_between(base, f"browse/kind/#{m.kind}"), esc(kind_name(m.kind, lang)))),
        (t("date", lang), esc(m.date) if m.date else unknown),
        (t("source", lang), esc(_pick(m.source, m.source_en, lang)) if m.source else unknown),
    ]
    if m.authors:
        rows.append((t("authors", lang), esc("、".join(m.authors) if m.lang == "zh" else ", ".join(m.authors))))
    if m.issuer:
        rows.append((t("issuer", lang), esc(_pick(m.issuer, m.issuer_en, lang))))
    if m.whitepaper:
        rows.append((t("whitepaper", lang), esc(_pick(m.whitepaper, m.whitepaper_en, lang))))
    if m.editor:
        rows.append((t("editor", lang), esc(m.editor)))
    if m.keywords:
        rows.append((t("keywords", lang), esc("；".join(m.keywords))))
    if m.funding:
        rows.append((t("funding", lang), esc(m.funding)))
    if m.symbol:
        rows.append((t("symbol", lang), esc(m.symbol)))
    if m.url and m.url.startswith(("http://", "https://")):  # where it was published (never loaded: a link)
        rows.append((t("original", lang), f'<a href="{attr(m.url)}" rel="nofollow noopener">{esc(m.url)}</a>'))
    rows.append((t("language", lang), esc(lang_name(m.lang, lang))))
    # raw texts are published once, at the site root, for both interfaces
    raw = ("../" if lang == "en" else "") + url_between(base, raw_file(doc.seed))
    rows.append((t("seed", lang), f"{link(raw, esc(doc.seed))} · {esc(t('position', lang, n=doc.position))}"))
    body = items(f"<strong>{esc(k)}</strong>　{v}" for k, v in rows)
    return f'<div class="cs-meta" data-pagefind-ignore>\n{body}</div>\n'


def _pick(zh: str | None, en: str | None, lang: Lang) -> str:
    return (en or zh or "") if lang == "en" else (zh or en or "")


def _level(block: Block) -> int:
    return max(2, min(block.level, 4))


# A piece of body text: (text, the concept it names or None), a footnote marker, or markup.
Piece = Union[tuple[str, "ConceptId | None"], FootnoteRef, Markup]
LINKED_KINDS = frozenset({"para", "list", "table", "quote"})  # blocks whose text links to concepts


def _body(doc: Document, linking: Linking | None) -> Iterator[tuple[Block, str, list[Piece]]]:
    """Body blocks with their anchors, cut into pieces; a concept is linked at its first
    mention in each section, in paragraphs only (not in captions, bylines or headings)."""
    seen: set[ConceptId] = set()
    for block, anchor in block_anchors(doc):
        if block.kind == "heading":
            seen = set()
            yield block, anchor, []
            continue
        pieces: list[Piece] = []
        in_link = 0  # inside a link of the seed's own: no concept link in it
        for part in block.inlines:
            if isinstance(part, (FootnoteRef, Markup)):
                if isinstance(part, Markup):
                    in_link += part.html.startswith("<a ") - (part.html == "</a>")
                pieces.append(part)
            elif block.kind in LINKED_KINDS and not in_link:
                pieces.extend(_pieces(part, _first_mentions(linking, part, seen)))
            else:
                pieces.append((part, None))
        yield block, anchor, pieces


def _pieces(text: str, spans: Spans) -> list[tuple[str, ConceptId | None]]:
    out: list[tuple[str, ConceptId | None]] = []
    pos = 0
    for start, end, concept in spans:
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], concept))
        pos = end
    if pos < len(text) or not out:
        out.append((text[pos:], None))
    return out


def _abstract_pieces(doc: Document, linking: Linking | None) -> list[tuple[str, ConceptId | None]]:
    """The abstract cut into pieces, each concept linked at its first mention (none: no abstract)."""
    text = doc.meta.abstract
    return _pieces(text, _first_mentions(linking, text, set())) if text else []


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


def _citations(linking: Linking | None, text: str) -> Spans:
    """In footnotes, only works and instruments are linked (they are what a note cites)."""
    if linking is None:
        return []
    return [s for s in linking.find(text) if s[2] in linking.citations]


def _md_piece(text: str, concept: ConceptId | None, linking: Linking | None, base: str) -> str:
    if concept is None or linking is None:
        return escape_inline(text)
    return f"[{escape_inline(text)}]({rel(base, linking.target(concept))}){{: .cs-concept }}"


def _html_piece(text: str, concept: ConceptId | None, linking: Linking | None, base: str) -> str:
    if concept is None or linking is None:
        return esc(text)
    return link(url_between(base, page_url(linking.target(concept))), esc(text), "cs-concept")


def _html_any(piece: Piece, numbers: dict[str, int], cited: dict[str, int], linking: Linking | None, base: str) -> str:
    if isinstance(piece, FootnoteRef):
        return _html_ref(piece, numbers, cited)
    if isinstance(piece, Markup):
        return piece.html
    return _html_piece(piece[0], piece[1], linking, base)


def _html_block(block: Block, anchor: str, text: str) -> str:
    """A body block's element; one whose seed had markup of its own is sanitized whole."""
    permalink = f'<a class="cs-permalink" href="#{anchor}" title="{anchor}">¶</a>'
    if block.kind == "code":
        return f'<pre id="{anchor}" class="cs-code"><code>{text}</code></pre>\n'
    if any(isinstance(part, Markup) for part in block.inlines):
        text = sanitize(text)
    if block.kind in ("list", "table", "quote"):
        return f'<div id="{anchor}" class="cs-{block.kind}">{text.strip()}</div>\n'
    css = {"caption": ' class="cs-caption"', "byline": ' class="cs-byline"'}.get(block.kind, "")
    return f'<p id="{anchor}"{css}>{text.strip()} {permalink}</p>\n'


# What a block's HTML may hold once its seed's markup is in it (nh3, Ammonia's allowlist):
# the reader's own tags, our concept links and footnote calls; links to http(s) pages or
# within the site only.
SAFE_TAGS = {"a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "ins", "li", "mark", "ol", "p", "q",
             "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul", "caption"}
SAFE_ATTRIBUTES = {"a": {"href", "class", "title"}, "sup": {"id"}, "span": {"class"}, "ol": {"start"}}


def sanitize(html_text: str) -> str:
    import nh3

    return nh3.clean(html_text, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel="nofollow noopener", strip_comments=True)


def _html_ref(ref: FootnoteRef, numbers: dict[str, int], cited: dict[str, int]) -> str:
    """A footnote marker, with the ids Python-Markdown's footnotes extension gives them."""
    n = numbers.get(ref.label)
    if n is None:
        return esc(f"[{ref.label}]")  # a marker with no note: shown as it is
    cited[ref.label] = cited.get(ref.label, 0) + 1
    k = cited[ref.label]
    ref_id = f"fnref:{ref.label}" if k == 1 else f"fnref{k}:{ref.label}"
    return f'<sup id="{attr(ref_id)}"><a class="footnote-ref" href="#{attr(footnote_anchor(ref.label))}">{n}</a></sup>'


def _footnotes(doc: Document, linking: Linking | None, base: str, numbers: dict[str, int], cited: dict[str, int]) -> str:
    out = [f'<div class="footnote" lang="{lang_tag(doc)}" data-pagefind-body>\n<hr>\n<ol>\n']
    for note in doc.footnotes:
        text = "".join(_html_piece(s, c, linking, base) for s, c in _pieces(note.text, _citations(linking, note.text)))
        backs = "".join(
            f'&#160;<a class="footnote-backref" href="#{attr(("fnref:" if k == 1 else f"fnref{k}:") + note.label)}" '
            f'title="Jump back to footnote {numbers[note.label]} in the text">&#8617;</a>'
            for k in range(1, cited.get(note.label, 0) + 1)
        )
        out.append(f'<li id="{attr(footnote_anchor(note.label))}">\n<p>{text}{backs}</p>\n</li>\n')
    out.append("</ol>\n</div>\n")
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
    return (
        f'<div class="cs-cite" data-pagefind-ignore>\n'
        f'<p><strong>{esc(t("cite", lang))}</strong> '
        f'<button type="button" class="md-button cs-copy" data-copy=".cs-cite-text" data-done="{attr(t("copied", lang))}">{esc(t("copy", lang))}</button></p>\n'
        f'<p class="cs-cite-text" lang="{lang_tag(doc)}">{esc(citation_text(doc))} <span class="cs-cite-url">{esc(page_url)}</span></p>\n'
        "</div>\n"
    )


def _concepts(doc: Document, lang: Lang, extras: DocExtras, base: str) -> str:
    """The document's concepts (indexed for search, in both languages) and its related documents."""
    if not extras.concepts and not extras.related:
        return ""
    chips = items(
        f'{link(url_between(base, concept_base(c.concept) + "/"), f"{esc(c.name_zh)} · {esc(c.name_en)}")} ({c.count})'
        for c in extras.concepts
    )
    local = document_svg(doc, extras, lang)
    if local:
        local = (f'<div class="cs-local-map" data-pagefind-ignore>\n{heading(2, t("local_map_document", lang), "map")}'
                 f'<p class="cs-hint">{esc(t("local_map_document_hint", lang))}</p>\n{local}\n</div>\n')
    out = [f'<div class="cs-concepts" data-pagefind-body>\n{heading(2, t("concepts", lang), "concepts")}{chips}</div>\n', local,
           f'<div class="cs-related" data-pagefind-ignore>\n{heading(2, t("related", lang), "related")}']
    for code in ("zh", "en"):
        group = [r for r in extras.related if r.doc.meta.lang == code]
        out.append(f"<p><strong>{esc(t('related_' + code, lang))}</strong></p>\n")
        if not group:
            out.append(f"<p>{esc(t('no_related', lang))}</p>\n")
            continue
        out.append(items(
            f"{link(url_between(base, doc_base(r.doc) + '/'), esc(display_title(r.doc, lang)))} · {esc(kind_name(r.doc.meta.kind, lang))}"
            for r in group))
    out.append("</div>\n")
    return "".join(out)
