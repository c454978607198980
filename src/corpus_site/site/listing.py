"""Listing pages, as HTML: the home page, the timeline and the browse pages (by kind, source, year)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Callable, Iterable, Sequence

from ..concepts.index import ConceptIndex
from ..concepts.registry import Registry
from ..ingest.slug import ascii_words
from ..model import KINDS, Document, Lang
from .charts import concept_bars_svg, timeline_svg
from .docpage import display_title
from .labels import kind_name, lang_name, t
from .html import esc, front_matter, heading, items, link
from .pagememo import PageMemo
from .writer import Kept
from .paging import PAGE_SIZE, archive_base, archive_chunks, pager
from .paths import doc_base, page_file, url_between


def sort_key(doc: Document) -> tuple[str, str]:
    """Newest first; undated documents last, in seed order."""
    return (doc.meta.date or "0000", doc.doc_id)


def doc_item(doc: Document, lang: Lang, from_base: str) -> str:
    """A document in a list: its title (linked), kind, date, source and language."""
    bits = [kind_name(doc.meta.kind, lang)]
    if doc.meta.date:
        bits.append(doc.meta.date)
    if doc.meta.source:
        bits.append(doc.meta.source_en if lang == "en" and doc.meta.source_en else doc.meta.source)
    bits.append(lang_name(doc.meta.lang, lang))
    return f"{link(url_between(from_base, doc_base(doc) + '/'), esc(display_title(doc, lang)))} <small>{esc(' · '.join(bits))}</small>"


def doc_list(docs: Iterable[Document], lang: Lang, from_base: str) -> str:
    return items(doc_item(doc, lang, from_base) for doc in docs)


def _all_link(n: int, lang: Lang, from_base: str, to_base: str) -> str:
    return f'<p class="cs-all">{link(url_between(from_base, to_base + "/"), esc(t("all_n", lang, n=n)))}</p>\n'


def grouped(docs: Iterable[Document], key: Callable[[Document], str]) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[key(doc)].append(doc)
    for group in groups.values():
        group.sort(key=sort_key, reverse=True)
    return groups


PREVIEW = 10  # documents shown under each heading of an overview; the rest on its own pages


def _facet(docs: Sequence[Document], lang: Lang, facet: str) -> tuple[dict[str, list[Document]], list[str], dict[str, str], dict[str, str]]:
    """Groups of a facet: documents per value, the values in order, headings and URL keys."""
    if facet == "kind":
        groups = grouped(docs, lambda d: d.meta.kind)
        order = [k for k in KINDS if k in groups]
        names = {k: kind_name(k, lang) for k in order}
        keys = {k: k for k in order}
    elif facet == "year":
        groups = grouped(docs, lambda d: (d.meta.date or "")[:4] or "undated")
        order = sorted((k for k in groups if k != "undated"), reverse=True) + (["undated"] if "undated" in groups else [])
        names = {k: (t("undated", lang) if k == "undated" else k) for k in order}
        keys = {k: k for k in order}
    else:
        # grouped by the Chinese name (the same groups in both interfaces), headed in the interface's
        groups = grouped(docs, lambda d: d.meta.source or "")
        order = sorted(k for k in groups if k) + ([""] if "" in groups else [])
        names = {k: (_source_name(groups[k][0], lang) if k else t("unknown", lang)) for k in order}
        order.sort(key=lambda k: (not k, names[k]))
        keys = {k: _source_key(k) for k in order}
    return groups, order, names, keys


def _source_name(doc: Document, lang: Lang) -> str:
    return (doc.meta.source_en if lang == "en" and doc.meta.source_en else doc.meta.source) or ""


def _source_key(source: str) -> str:
    """A stable, readable URL segment for a source (the same in both interfaces)."""
    words = "-".join(ascii_words(source)[:6]) if source else "unknown"
    return f"source-{words or 'x'}-{hashlib.sha1(source.encode('utf-8')).hexdigest()[:6]}"


def browse_pages(docs: Sequence[Document], lang: Lang, facet: str, memo: PageMemo | None = None) -> dict[str, str | Kept]:
    """The overview of a facet (each value with its newest documents) and, for values with more
    documents than the overview shows, the paginated list of all of them (those taken from
    ``memo`` when they show the same)."""
    base = f"browse/{facet}"
    title = t(f"by_{facet}", lang)
    groups, order, headings, keys = _facet(docs, lang, facet)
    out = [f"<h1>{esc(title)}</h1>\n"]
    files: dict[str, str | Kept] = {}
    for value in order:
        group = groups[value]
        anchor = keys[value]
        out.append(heading(2, f"{headings[value]} ({len(group)})", anchor))
        out.append(doc_list(group[:PREVIEW], lang, base))
        if len(group) > PREVIEW:
            out.append(_all_link(len(group), lang, base, f"{base}/{anchor}"))
            files.update(_list_pages(group, lang, f"{base}/{anchor}", f"{title} · {headings[value]}", memo))
    files[page_file(base, lang)] = front_matter(title, t("count_docs", lang, n=len(docs))) + "".join(out)
    return files


def _list_pages(docs: Sequence[Document], lang: Lang, base: str, title: str, memo: PageMemo | None = None) -> dict[str, str | Kept]:
    """All of a group's documents, newest first, on pages cut from the oldest end
    (``archive_chunks``): a document added or removed changes the pages from its own to the
    first, not the pages after it.  The count is on the first page only, for the same reason.
    A page that ``memo`` has from the last run is ``KEPT``."""
    files: dict[str, str | Kept] = {}
    pages = archive_chunks(docs, PAGE_SIZE)
    where = archive_base(base, len(pages))
    count = t("count_docs", lang, n=len(docs))
    for number, chunk in enumerate(pages, start=1):
        here = where(number)

        def make(number: int = number, chunk: Sequence[Document] = chunk, here: str = here) -> str:
            name = title if number == 1 else f"{title} · {t('page_n', lang, n=number, count=len(pages))}"
            intro = f"<p>{esc(count)}</p>\n" if number == 1 else f"<p>{link(url_between(here, base + '/'), '← ' + esc(title))}</p>\n"
            body = f"<h1>{esc(name)}</h1>\n{intro}" + doc_list(chunk, lang, here)
            return front_matter(name, count if number == 1 else name) + body + pager(base, number, len(pages), lang, where)

        name = page_file(here, lang)
        shown = (title, number, len(pages), count if number == 1 else "", tuple(memo.metas[d.doc_id] for d in chunk)) if memo else None
        files[name] = memo.page(name, shown, make) if memo else make()
    return files


def timeline_page(docs: Sequence[Document], lang: Lang) -> str:
    title = t("timeline", lang)
    base = "timeline"
    out = [f"<h1>{esc(title)}</h1>\n", f'<p class="cs-hint">{esc(t("timeline_hint", lang))}</p>\n', timeline_svg(docs, lang, base) + "\n"]
    undated = sum(1 for d in docs if not d.meta.date)
    if undated:
        out.append(f"<p>{esc(t('undated_count', lang, n=undated))} {link(url_between(base, 'browse/year/#undated'), esc(t('by_year', lang)))}</p>\n")
    return front_matter(title, t("timeline_hint", lang)) + "".join(out)


def home_page(docs: Sequence[Document], lang: Lang, registry: Registry | None = None, index: ConceptIndex | None = None) -> str:
    title = t("site_name", lang)
    base = "index"
    out = [f"<h1>{esc(title)}</h1>\n", f"<p>{esc(t('home_description', lang))}</p>\n", heading(2, t("corpus_at_glance", lang), "glance")]
    by_kind = grouped(docs, lambda d: d.meta.kind)
    by_lang = grouped(docs, lambda d: d.meta.lang)
    cells = [f"{link(url_between(base, 'browse/kind/#' + k), esc(kind_name(k, lang)))} {len(by_kind[k])}" for k in KINDS if k in by_kind]
    cells += [f"{esc(lang_name(code, lang))} {len(by_lang[code])}" for code in ("zh", "en") if code in by_lang]
    out.append(f'<div class="cs-stats">\n{items(cells)}</div>\n')
    if registry is not None and index is not None and index.mentions:
        out.append(heading(2, t("top_concepts", lang), "top-concepts"))
        out.append(concept_bars_svg(registry, index, lang, base) + "\n")
        out.append(f"<p>{link('concepts/', esc(t('concepts_title', lang)) + ' →')} · {link('timeline/', esc(t('timeline', lang)) + ' →')}</p>\n")
    out.append(heading(2, t("latest", lang), "latest"))
    out.append(doc_list(sorted((d for d in docs if d.meta.date), key=sort_key, reverse=True)[:8], lang, base))
    out.append(heading(2, t("documents", lang), "documents"))
    for kind in KINDS:
        if kind not in by_kind:
            continue
        out.append(heading(3, f"{kind_name(kind, lang)} ({len(by_kind[kind])})", f"kind-{kind}"))
        out.append(doc_list(by_kind[kind][:PREVIEW], lang, base))
        if len(by_kind[kind]) > PREVIEW:
            out.append(_all_link(len(by_kind[kind]), lang, base, f"browse/kind/{kind}"))
    return front_matter(title, t("home_description", lang)) + "".join(out)
