"""Concept pages (one per registry entry) and the concepts overview page with its map, as HTML."""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

from ..concepts.index import ConceptIndex, Mention
from ..concepts.registry import CONCEPT_KINDS, Concept, Registry
from ..model import KINDS, DocId, Document, Lang
from .conceptmap import ConceptMaps
from .docpage import display_title, search_filters
from .labels import concept_kind_name, kind_name, lang_name, t
from .html import attr, esc, front_matter, heading, items, link
from .pagememo import PageMemo
from .writer import Kept
from .paging import PAGE_SIZE, chunks, page_base, pager
from .paths import concept_base, doc_base, page_file, url_between


def concept_link(concept: Concept, lang: Lang, from_base: str) -> str:
    return link(url_between(from_base, concept_base(concept.id) + "/"), esc(concept.name(lang)))


def _bare(name: str) -> str:
    return name.strip("《》〈〉 ")


WorkTitles = Mapping[str, Sequence[tuple[int, Document]]]


def work_titles(docs: Sequence[Document]) -> WorkTitles:
    """Documents (with their place in the corpus) by each title they carry, their own or their
    white paper's, in either language, unquoted: built once, looked up for every concept."""
    out: dict[str, list[tuple[int, Document]]] = defaultdict(list)
    for i, doc in enumerate(docs):
        fields = (doc.meta.whitepaper, doc.meta.whitepaper_en, doc.meta.title, doc.meta.title_en)
        for name in dict.fromkeys(_bare(f) for f in fields if f):
            out[name].append((i, doc))
    return out


def works_in_corpus(concept: Concept, titles: WorkTitles) -> list[Document]:
    """Documents that are (chapters of) the work a concept names, e.g. 《中国的核安全》, in corpus order."""
    names = dict.fromkeys(_bare(n) for n in (concept.zh, concept.en, *concept.aliases_zh, *concept.aliases_en))
    found = dict(pair for name in names for pair in titles.get(name, ()))
    return [found[i] for i in sorted(found)]


def concept_page(
    concept: Concept,
    lang: Lang,
    registry: Registry,
    index: ConceptIndex,
    docs: Mapping[DocId, Document],
    works: Sequence[Document] = (),
    maps: ConceptMaps | None = None,
) -> dict[str, str]:
    """A concept's first page (docs/ path → front matter and HTML): what it is, its map and
    its neighbours (which depend on every document's concepts), and the first documents that
    mention it; ``concept_list_pages`` makes the further pages the list needs.  ``works`` are
    the documents that are the work the concept names (``works_in_corpus``); ``maps`` are
    the build's maps (made here when not given)."""
    base = concept_base(concept.id)
    other: Lang = "en" if lang == "zh" else "zh"
    mentions = index.mentions.get(concept.id, ())
    entries = _entries(mentions, docs)
    pages = chunks(entries, PAGE_SIZE)
    renderings = "　".join(f'<span lang="{code}">{esc(a)}</span>' for code in ("zh", "en") for a in concept.aliases(code))  # type: ignore[arg-type]
    out = [
        f"<h1>{esc(concept.name(lang))}</h1>\n",
        f'<p class="cs-concept-names" lang="{other}">{esc(concept.name(other))}</p>\n',
        '<div class="cs-concept-card" data-pagefind-body>\n',
        search_filters([(t("filter_kind", lang), t("concept_page", lang))]),
        f"<p><strong>{esc(concept_kind_name(concept.kind, lang))}</strong> · {esc(t('mention_count', lang, n=len(mentions), d=len(entries)))}</p>\n",
        f"<p>{esc(concept.definition(lang))}</p>\n",
        f'<p lang="{other}" class="cs-definition-other">{esc(concept.definition(other))}</p>\n',
        f"<p><strong>{esc(t('renderings', lang))}</strong>　{renderings}</p>\n",
        "</div>\n",
        _hierarchy(concept, lang, registry, base),
    ]
    local = (maps or ConceptMaps(registry, index)).concept_svg(concept, lang, docs, base)
    if local:
        out.append(heading(2, t("local_map_concept", lang), "map"))
        out.append(f'<p class="cs-hint">{esc(t("local_map_concept_hint", lang))}</p>\n{local}\n')
    if works:
        out.append(heading(2, t("documents_of_work", lang), "in-corpus"))
        out.append(items(link(url_between(base, doc_base(d) + "/"), esc(display_title(d, lang))) for d in works))
    out.append(_side_by_side(concept, mentions, lang, docs, base))
    together = [(c, n) for c, n in index.cooccurring(concept.id) if c in registry]
    if together:
        out.append(heading(2, t("cooccurring", lang), "cooccurring"))
        out.append(items(f"{concept_link(registry.get(c), lang, base)} ({n})" for c, n in together))
    if not entries:
        out.append(f"<p>{esc(t('no_mentions', lang))}</p>\n")
    elif len(pages) > 1:
        out.append(_summary(entries, pages, lang, base))
    out.append(_mentions(pages[0], lang, docs, base, concept))
    out.append(pager(base, 1, len(pages), lang))
    title = f"{concept.name(lang)} · {concept.name(other)}"
    return {page_file(base, lang): front_matter(title, concept.definition(lang), {"concept": concept.id}) + "".join(out)}


def concept_list_pages(concept: Concept, lang: Lang, index: ConceptIndex, docs: Mapping[DocId, Document], memo: PageMemo | None = None) -> dict[str, str | Kept]:
    """The further pages of a concept's list of documents (none when one page holds it): made
    from its mentions and the documents that make them, not from the other concepts (a page
    that shows the same documents and mentions as in the last run, ``memo`` has ``KEPT``)."""
    base = concept_base(concept.id)
    pages = chunks(_entries(index.mentions.get(concept.id, ()), docs), PAGE_SIZE)
    files: dict[str, str | Kept] = {}
    for number, chunk in enumerate(pages[1:], start=2):
        here = page_base(base, number)

        def make(number: int = number, chunk: Sequence[Entry] = chunk, here: str = here) -> str:
            title = f"{concept.name(lang)} · {t('page_n', lang, n=number, count=len(pages))}"
            out = [f"<h1>{esc(title)}</h1>\n", f"<p>{link(url_between(here, base + '/'), '← ' + esc(concept.name(lang)))}</p>\n",
                   _mentions(chunk, lang, docs, here, concept), pager(base, number, len(pages), lang)]
            return front_matter(title, concept.definition(lang), {"concept": concept.id}) + "".join(out)

        name = page_file(here, lang)
        if memo is None:
            files[name] = make()
        else:
            shown = (concept, number, len(pages), tuple((memo.metas[e[2]], memo.mentions[e[2]]) for e in chunk))
            files[name] = memo.page(name, shown, make)
    return files


# One line of a concept's list of documents: the language and kind of the document, the
# document, and its mentions of the concept.
Entry = tuple[str, str, DocId, tuple[Mention, ...]]


def _entries(mentions: Sequence[Mention], docs: Mapping[DocId, Document]) -> list[Entry]:
    """Documents that mention a concept: Chinese then English, by kind, in corpus order."""
    by_doc: dict[DocId, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    order = {kind: i for i, kind in enumerate(KINDS)}
    entries = [(docs[d].meta.lang, docs[d].meta.kind, d, tuple(ms)) for d, ms in by_doc.items()]
    return sorted(entries, key=lambda e: (e[0] != "zh", order.get(e[1], 99)))


def _summary(entries: Sequence[Entry], pages: Sequence[Sequence[Entry]], lang: Lang, base: str) -> str:
    """How many documents of each language, with a link to the page where each begins."""
    links = []
    for code in ("zh", "en"):
        count = sum(1 for e in entries if e[0] == code)
        if not count:
            continue
        first = next(n for n, chunk in enumerate(pages, start=1) if any(e[0] == code for e in chunk))
        target = url_between(base, page_base(base, first) + f"/#mentions-{code}")
        links.append(link(target, esc(t("mentions_summary", lang, n=count, language=lang_name(code, lang)))))
    return f'<p class="cs-mentions-summary">{" · ".join(links)}</p>\n'


def _hierarchy(concept: Concept, lang: Lang, registry: Registry, base: str) -> str:
    rows = []
    for key, ids in (("broader", concept.broader), ("narrower", concept.narrower), ("related_concepts", concept.related)):
        if ids:
            links = ("、" if lang == "zh" else ", ").join(concept_link(registry.get(c), lang, base) for c in ids)
            rows.append(f"<strong>{esc(t(key, lang))}</strong>　{links}")
    if not rows:
        return ""
    return heading(2, t("hierarchy", lang), "hierarchy") + items(rows)


SIDE_BY_SIDE_ROWS = 12


def unregistered(mention: Mention, concept: Concept) -> bool:
    """Was the mention matched only through normalization (quotes, width, script…)?"""
    return mention.text not in concept.aliases_zh and mention.text not in concept.aliases_en


def _marked(mention: Mention, concept: Concept, lang: Lang) -> str:
    """The mention's sentence with the mention highlighted (and flagged if unregistered)."""
    before = esc(mention.context[: mention.offset])
    found = esc(mention.context[mention.offset : mention.offset + len(mention.text)])
    after = esc(mention.context[mention.offset + len(mention.text):])
    flag = f'<sup class="cs-flag" title="{attr(t("unregistered", lang))}">⚑</sup>' if unregistered(mention, concept) else ""
    return f"{before}<mark>{found}</mark>{flag}{after}"


def _side_by_side(concept: Concept, mentions: Sequence[Mention], lang: Lang, docs: Mapping[DocId, Document], base: str) -> str:
    """Chinese and English passages next to each other, for checking how a term is rendered."""
    columns = {code: [m for m in mentions if m.lang == code] for code in ("zh", "en")}
    if not columns["zh"] or not columns["en"]:
        return ""
    rows = max(len(columns["zh"]), len(columns["en"]))
    head = "".join(f'<th lang="{code}">{esc(lang_name(code, lang))}</th>' for code in ("zh", "en"))
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
            source = link(href, esc(display_title(doc, lang)))
            cells.append(f'<td lang="{code}">{_marked(m, concept, lang)}<br><small>{source}</small></td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        heading(2, t("side_by_side", lang), "side-by-side")
        + f'<p class="cs-hint">{esc(t("side_by_side_hint", lang))}</p>\n'
        + f'<div class="cs-side-by-side"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>\n'
    )


MAX_CONTEXTS = 3  # passages shown per document in a concept's list


def _mentions(entries: Sequence[Entry], lang: Lang, docs: Mapping[DocId, Document], here: str, concept: Concept) -> str:
    """One page of a concept's documents, each with the passages that mention it."""
    out: list[str] = []
    current: tuple[str, str] | None = None
    open_list = False
    for code, kind, doc_id, found in entries:
        if current != (code, kind):
            if open_list:
                out.append("</ul>\n")
            if current is None or current[0] != code:
                out.append(heading(2, t("mentions_in", lang, language=lang_name(code, lang)), f"mentions-{code}"))
            out.append(heading(3, kind_name(kind, lang), f"mentions-{code}-{kind}"))
            out.append('<ul class="cs-mentions">\n')
            open_list = True
            current = (code, kind)
        doc = docs[doc_id]
        target = url_between(here, doc_base(doc) + "/")
        passages = [f'<span lang="{code}">{_marked(m, concept, lang)}</span> {link(target + (f"#{m.anchor}" if m.anchor else ""), "¶")}'
                    for m in found[:MAX_CONTEXTS]]
        if len(found) > MAX_CONTEXTS:
            passages.append(esc(t("more_mentions", lang, n=len(found) - MAX_CONTEXTS)))
        out.append(f"<li>{link(target, esc(display_title(doc, lang)))}\n{items(passages)}</li>\n")
    if open_list:
        out.append("</ul>\n")
    return "".join(out)


def render_concepts_index(registry: Registry, index: ConceptIndex, docs: Sequence[Document], lang: Lang, maps: ConceptMaps | None = None) -> str:
    base = "concepts"
    title = t("concepts_title", lang)
    out = [f"<h1>{esc(title)}</h1>\n", heading(2, t("concept_map", lang), "map")]
    out.append(f'<p class="cs-hint">{esc(t("concept_map_hint", lang))}</p>\n')
    out.append((maps or ConceptMaps(registry, index)).global_svg(lang, base) + "\n")
    df = index.doc_freq
    other: Lang = "en" if lang == "zh" else "zh"
    for kind in CONCEPT_KINDS:
        group = [c for c in registry.concepts if c.kind == kind]
        if not group:
            continue
        out.append(heading(2, concept_kind_name(kind, lang), f"kind-{kind}"))
        out.append(items(
            f'{concept_link(c, lang, base)} <small lang="{other}">{esc(c.name(other))} · {df[c.id]}</small>'
            for c in sorted(group, key=lambda c: (-df[c.id], c.id))))
    # the map has the page's whole width: no navigation or table of contents beside it
    return front_matter(title, t("concept_map", lang), hide=("navigation", "toc")) + "".join(out)
