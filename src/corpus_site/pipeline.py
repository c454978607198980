"""The orchestrator: seeds/ → typed documents → concept index → generated pages in docs/.

Used by the MkDocs plugin (before every build) and by the command line.  It is the one
place that holds mutable state (the per-seed cache).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Generic, Hashable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .filestat import file_stat
from .forked import Beside, can_fork
from .concepts.index import ConceptIndex, DocMentions, Related, build_index
from .concepts.matcher import Matcher, Remembering
from .concepts.registry import Concept, Registry, load_registry
from .ingest.loader import PROGRESS_MIN, Corpus, Progress, SeedCache, Unsaved, load_corpus, save
from .ingest.cache import DiskCache
from .model import LANGS, ConceptId, Diagnostic, DocId, Document, Lang, SeedResult
from .site.conceptmap import ConceptMaps
from .site.conceptpage import concept_list_pages, concept_page, render_concepts_index, work_titles, works_in_corpus
from .site.docpage import HtmlText, Linking, MarkdownText, Spans, html_text, markdown_text, render_document, render_document_html
from .site.extras import ConceptChip, DocExtras, RelatedDoc
from .site.listing import browse_pages, home_page, timeline_page
from .site.pagememo import PageMemo
from .site.paths import concept_base, doc_base, page_file, raw_file
from .site.writer import Kept, Known, WriteStats, remove_stale, write_pages


T = TypeVar("T")
# A concept page's map and co-occurring concepts as last drawn (``ConceptMaps.local``), by
# concept, with a hash of what they were drawn from.
Drawn = dict[ConceptId, tuple[int, Hashable]]


@dataclass(frozen=True, slots=True)
class Paths:
    seeds: Path
    docs: Path
    registry: Path | None = None  # default: seeds/concepts.yml
    site_url: str = ""  # where the site is published, for absolute URLs in citations

    @property
    def registry_file(self) -> Path:
        return self.registry or self.seeds / "concepts.yml"


@dataclass(frozen=True, slots=True)
class Report:
    corpus: Corpus
    registry: Registry
    index: ConceptIndex
    pages: dict[str, int]  # pages per interface language
    stats: WriteStats
    diagnostics: tuple[Diagnostic, ...]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: ingest, concepts
    # Pages that corpus-site renders, not Python-Markdown: docs/ path → a function making the
    # page's HTML, or None when the page's source in docs/ is already its HTML.
    html: Mapping[str, Callable[[], str] | None] = field(default_factory=dict)
    # What a page rendered from records is made of, beyond its source in docs/ (for the live
    # preview: docs/ path of a document page → a hash of its records and its Markdown).
    page_keys: Mapping[str, int] = field(default_factory=dict)
    # The live preview: each page the run wrote or found unchanged in docs/ (its docs/ path →
    # its file's time of writing and size), all of them checked in this run.
    file_stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def latest_date(self) -> str | None:
        dates = [d.meta.date for d in self.corpus.documents if d.meta.date]
        return max(dates) if dates else None

    def summary(self) -> str:
        docs = self.corpus.documents
        removed = self.corpus.removals
        reasons = Counter(r.reason for _, r in removed)
        kinds = Counter(d.meta.kind for d in docs)
        lines = [
            f"seeds read: {len(self.corpus.seeds)} ({sum(1 for s in self.corpus.seeds if not s.documents)} gave no document)",
            f"documents: {len(docs)} (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")",
            "pages: " + ", ".join(f"{lang} {n}" for lang, n in self.pages.items()),
            f"concepts: {len(self.registry)} in the registry, {len(self.index.mentions)} mentioned, "
            f"{sum(len(m) for m in self.index.mentions.values())} mentions",
            f"boilerplate removed: {len(removed)} pieces, {sum(len(r.text) for _, r in removed)} characters ("
            + ", ".join(f"{k} {n}" for k, n in sorted(reasons.items())) + ")",
            f"files written: {self.stats.written}, unchanged: {self.stats.unchanged}, removed: {self.stats.removed}",
            f"errors: {len(self.errors)}, warnings: {sum(1 for d in self.diagnostics if d.severity == 'warning')}",
        ]
        return "\n".join(lines)


@dataclass
class Pipeline:
    """Keeps a cache of loaded seeds keyed by content, so unchanged seeds are not parsed again."""

    paths: Paths
    cache_dir: Path | None = None  # the loader's cache on disk (None: in memory only)
    _cache: SeedCache = field(default_factory=dict)
    # Document pages' Markdown from the last run: docs/ path → (what it was made from, text).
    # A rebuild of the live preview makes again only the pages whose records changed.
    _pages: dict[str, tuple[int, str]] = field(default_factory=dict)
    keep_pages: bool = False  # keep them (the live preview: `mkdocs serve`)
    # Also for the live preview, what the last run made, so that a run makes again only what
    # an edit changed: each document's mentions (for the registry they were found with), the
    # related documents (for the concepts of every document), the concept and listing pages
    # (per group, with what they were made from), and what was written to docs/.
    _mentions: DocMentions = field(default_factory=dict)
    _mentions_of: Registry | None = None
    _related: tuple[dict[DocId, tuple[Lang, frozenset[ConceptId]]], dict[DocId, tuple[Related, ...]]] | None = None
    _others: dict[str, Made] = field(default_factory=dict)
    _known: Known = field(default_factory=dict)
    _published: dict[str, tuple[SeedResult, str]] = field(default_factory=dict)  # each seed's published text, by seed
    _known_raw: Known = field(default_factory=dict)  # and what was written of them
    _extras: dict[DocId, tuple[object, object, DocExtras]] = field(default_factory=dict)
    _drawn: Drawn = field(default_factory=dict)  # each concept page's map and neighbours, with what they were drawn from
    _lists: PageMemo = field(default_factory=PageMemo)  # the pages of the browse lists and of concepts' lists
    _index: ConceptIndex | None = None  # the last run's (what it worked out of every document's concepts is carried over)
    _versions: Versions = field(default_factory=lambda: Versions())  # of each document
    _meta_versions: Versions = field(default_factory=lambda: Versions())  # of its metadata that other pages show
    _mention_versions: Versions = field(default_factory=lambda: Versions())  # of its mentions
    disk_hits: int = field(default=0, init=False)  # seeds the last load took from the disk cache
    # `mkdocs build`: the seeds parsed are written to the disk cache later (``save_cache``),
    # beside the search stage, not while the build waits for the loader
    defer_cache: bool = False
    _unsaved: Unsaved = field(default_factory=list)

    def load(self, progress: Progress | None = None) -> Corpus:
        disk = DiskCache(self.cache_dir) if self.cache_dir else None
        self._unsaved = []
        corpus = load_corpus(self.paths.seeds, None, self._cache, progress, disk, self._unsaved if self.defer_cache else None)
        self.disk_hits = disk.hits if disk else 0
        return corpus

    def save_cache(self) -> int:
        """Write to the disk cache the seeds the last load parsed and did not write (with
        ``defer_cache``); returns how many."""
        unsaved, self._unsaved = self._unsaved, []
        return save(DiskCache(self.cache_dir), unsaved) if self.cache_dir and unsaved else 0

    def run(self, progress: Progress | None = None, collect: bool = True) -> Report:
        """Load the seeds and write every generated page; ``progress`` hears about long runs.
        ``collect=False`` leaves what earlier runs set aside from the cyclic collector (the
        live preview's quick rebuilds: see ``_long_lived_records``)."""
        with _long_lived_records(collect):
            return self._run(progress)

    def _run(self, progress: Progress | None) -> Report:
        started = time.perf_counter()
        corpus = self.load(progress)
        loaded = time.perf_counter()
        registry, problems = load_registry(self.paths.registry_file)
        diagnostics = corpus.diagnostics + tuple(problems)
        docs = corpus.documents
        matcher = Remembering(Matcher(registry))
        keep = self.keep_pages
        if not keep:
            self._mentions, self._mentions_of, self._related, self._others, self._known, self._extras = {}, registry, None, {}, {}, {}
            self._drawn, self._lists, self._index = {}, PageMemo(), None
            self._versions, self._meta_versions, self._mention_versions = Versions(), Versions(), Versions()
        elif self._mentions_of != registry:
            # Mentions are found again with the new registry.  The other memos say what they
            # were made from, the registry included where it shows: the document pages made
            # again are those whose text, links or concepts changed.
            self._mentions, self._mentions_of = {}, registry
        index = build_index(docs, matcher, self._mentions).carry(self._index)
        if keep:
            self._index = index
        versions = Versions.Of(
            self._versions.of((doc.doc_id, doc) for doc in docs),
            self._meta_versions.of((doc.doc_id, listed(doc)) for doc in docs),
            self._mention_versions.of((doc_id, found) for doc_id, (_, _, found) in self._mentions.items()),
        )
        works = concept_works(registry, docs)
        linking = _linking(matcher, registry, works)
        # what every page's concept links depend on: the registry, and the works in the corpus
        context_key = hash((registry, tuple((c, tuple(d.doc_id for d in ws)) for c, ws in sorted(works.items()) if ws)))
        by_id = {doc.doc_id: doc for doc in docs}
        if progress and len(docs) > PROGRESS_MIN:
            progress(f"rendering {len(docs)} documents and {len(registry)} concepts in {len(LANGS)} languages")
        # The concept and listing pages do not depend on related documents: they are made and
        # written beside (on another core, for a large corpus) while the document pages are.
        if keep:  # (a deleted seed's text is let go)
            self._published = {seed.seed: self._published[seed.seed] for seed in corpus.seeds if seed.seed in self._published}
        lists = self._lists.run(self.paths.docs, versions.metas, versions.mentions) if keep else None
        groups = _other_pages(corpus, registry, index, by_id, works, context_key, versions, self._published_text if keep else None, self._drawn, lists)
        todo = [group for group in groups if not _still_made(self._others.get(group.name), group.key, self.paths.docs)]

        def other_pages() -> tuple[dict[str, Made], WriteStats, dict[str, int]]:
            made, stats = {}, WriteStats(0, 0, 0)
            for group in todo:
                files = group.make()
                wrote = write_pages(self.paths.docs, files, self._known_raw if keep and group.raw else None)
                made[group.name] = Made(group.key, group.raw, tuple(files), () if group.raw else _counts(files), _stats(self.paths.docs, files))
                stats = WriteStats(stats.written + wrote.written, stats.unchanged + wrote.unchanged, 0)
            return made, stats, lists.fresh if lists else {}  # (the list pages made, for a forked process to send back)

        fork = len(docs) >= FORK_MIN and (len(todo) >= FORK_GROUPS or any(group.whole for group in todo)) and can_fork()
        with Beside(other_pages, fork=fork) as beside:
            extras = _extras(docs, by_id, index, registry, self._related_of(index) if keep else index.related(), self._extras if keep else None)
            files, html, pages, keys = _document_pages(docs, extras, linking, self.paths.site_url, versions, self._pages if keep else None, context_key)
            written = write_pages(self.paths.docs, files, self._known if keep else None)
            made, other_written, fresh = beside.result()
        others = {group.name: made.get(group.name) or self._others[group.name] for group in groups}
        if lists is not None:
            lists.merge(fresh, [(others[group.name].names, others[group.name].stats) for group in groups if group.memo])
        self._others = others if keep else {}
        names = [name for group in others.values() if not group.raw for name in group.names]
        raw = [name for group in others.values() if group.raw for name in group.names]
        for group in others.values():
            for lang, count in group.counts:
                pages[lang] += count
        other_written = WriteStats(other_written.written, other_written.unchanged + sum(len(g.names) for n, g in others.items() if n not in made), 0)
        html.update((name, None) for name in names if name not in html)
        removed = remove_stale(self.paths.docs, {*files, *names, *raw})
        file_stats: dict[str, tuple[int, int]] = {}
        if keep:
            self._known = {name: self._known[name] for name in files if name in self._known}
            file_stats = {name: stat for name, (_, stat) in self._known.items()}
            for group in others.values():
                file_stats.update(zip(group.names, group.stats))
        stats = WriteStats(written.written + other_written.written, written.unchanged + other_written.unchanged, removed)
        if progress and len(docs) > PROGRESS_MIN:
            progress(f"wrote {stats.written} pages ({stats.unchanged} unchanged, {stats.removed} removed)")
        timings = {"ingest": loaded - started, "concepts": time.perf_counter() - loaded}
        return Report(corpus, registry, index, pages, stats, diagnostics, timings, html, keys, file_stats)


    def _published_text(self, seed: SeedResult) -> str:
        """``published_text``, kept for a seed that is the very object of the last run (the
        loader's cache gives an unchanged seed so): written, it is not read again to compare."""
        last = self._published.get(seed.seed)
        if last is None or last[0] is not seed:
            last = self._published[seed.seed] = (seed, published_text(seed))
        return last[1]

    def _related_of(self, index: ConceptIndex) -> dict[DocId, tuple[Related, ...]]:
        """The related documents, made again only when some document's concepts changed."""
        shape = {doc: (index.doc_lang[doc], frozenset(counts)) for doc, counts in index.doc_concepts.items()}
        if self._related is None or self._related[0] != shape:
            self._related = (shape, index.related())
        return self._related[1]


# What pages other than a document's own show of it (listings, concept pages and maps, other
# documents' related lists: site/listing.py, charts.py, conceptpage.py, conceptmap.py,
# docpage.py's related documents): a change to any other field (an editor, a licence) leaves
# those pages as they are.  A new field shown there must be added here.
LISTED_FIELDS = ("slug", "title", "title_en", "kind", "date", "lang", "source", "source_en", "whitepaper", "whitepaper_en")


def listed(doc: Document) -> tuple[object, ...]:
    return tuple(getattr(doc.meta, name) for name in LISTED_FIELDS)


class Versions:
    """A number for each document's record (the document, its metadata or its mentions) that
    changes when the record does: cheaper to compare than the record.  The loader's cache
    gives an unchanged seed's documents as the very objects of the last run; a record that is
    not the same object is compared, and gets a new number only when it differs."""

    @dataclass(frozen=True, slots=True)
    class Of:
        docs: Mapping[DocId, int]
        metas: Mapping[DocId, int]  # what other pages show of its metadata (``listed``)
        mentions: Mapping[DocId, int]

    def __init__(self) -> None:
        self._last: dict[DocId, tuple[object, int]] = {}
        self._count = 0

    def of(self, records: Iterable[tuple[DocId, object]]) -> dict[DocId, int]:
        kept: dict[DocId, tuple[object, int]] = {}
        for doc_id, record in records:
            last = self._last.get(doc_id)
            if last is None or (last[0] is not record and last[0] != record):
                self._count += 1
                last = (record, self._count)
            kept[doc_id] = last
        self._last = kept
        return {doc_id: number for doc_id, (_, number) in kept.items()}


@dataclass(frozen=True, slots=True)
class Group:
    """Pages made together, and a hash of everything they are made from."""

    name: str
    key: int
    make: Callable[[], Mapping[str, str | bytes | Kept]]
    raw: bool = False  # the seeds' published texts (not pages MkDocs renders)
    whole: bool = False  # made from every document (the listings, the concepts overview): long to make
    memo: bool = False  # its pages kept in the run's PageMemo (lists of documents)


@dataclass(frozen=True, slots=True)
class Made:
    """A group's pages as a run wrote them: from what (``Group.key``), their names, the pages
    per interface, and each file's time of writing and size."""

    key: int
    raw: bool
    names: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]
    stats: tuple[tuple[int, int], ...]


def _still_made(made: Made | None, key: int, docs_dir: Path) -> bool:
    """Whether the group's pages in docs/ are what the last run made from the same inputs."""
    return made is not None and made.key == key and _stats(docs_dir, made.names) == made.stats


def _stats(docs_dir: Path, names: Iterable[str]) -> tuple[tuple[int, int], ...]:
    return tuple(file_stat(docs_dir / name) for name in names)


def _counts(files: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(_lang_of(name) for name in files)
    return tuple(sorted(counts.items()))


def _lang_of(name: str) -> str:
    """The interface of a page in docs/ (``x.en.md``: English, ``x.md``: the default)."""
    for lang in LANGS:
        suffix = page_file("", lang)
        if suffix != page_file("", LANGS[0]) and name.endswith(suffix):
            return lang
    return LANGS[0]


def _document_pages(
    docs: Sequence[Document], extras: Mapping[DocId, DocExtras], linking: Linking, site_url: str,
    versions: Versions.Of, memo: dict[str, tuple[int, str]] | None = None, context: Hashable = None,
) -> tuple[dict[str, str | bytes], dict[str, Callable[[], str] | None], dict[str, int], dict[str, int]]:
    """Each document's Markdown page (docs/) and the function making its HTML, per interface,
    and a hash of what each page is made from: its records (``extras_key``) and its Markdown,
    which has the same text, links and concepts as its HTML.  ``memo`` holds the pages of
    the last run and is updated: a page made from the same records in the same ``context``
    is taken from it, not made again."""
    files: dict[str, str | bytes] = {}
    html: dict[str, Callable[[], str] | None] = {}
    keys: dict[str, int] = {}
    pages = {lang: 0 for lang in LANGS}
    memo = {} if memo is None else memo
    kept: dict[str, tuple[int, str]] = {}
    for doc in docs:
        key = hash((versions.docs[doc.doc_id], extras_key(extras[doc.doc_id], versions.metas), site_url))
        made = hash((key, context))
        text: MarkdownText | None = None
        shared = Shared(partial(html_text, doc, linking), len(LANGS))
        for lang in LANGS:
            name = page_file(doc_base(doc), lang)
            old = memo.get(name)
            if old is not None and old[0] == made:
                page = old[1]
            else:
                text = text or markdown_text(doc, linking)  # the same in both interfaces
                page = render_document(doc, lang, extras[doc.doc_id], linking, site_url, text)
            files[name] = page
            kept[name] = (made, page)
            html[name] = partial(_document_html, doc, lang, extras[doc.doc_id], linking, site_url, shared)
            keys[name] = hash((key, page))  # the page's HTML shows what its Markdown does
            pages[lang] += 1
    memo.clear()
    memo.update(kept)
    return files, html, pages, keys


def extras_key(extras: DocExtras, metas: Mapping[DocId, int]) -> int:
    """A hash of what a document page shows of other records: its concepts, and of each
    related document what the page shows (its metadata, by its number in ``metas``, and the
    concepts shared)."""
    related = tuple((r.doc.doc_id, metas[r.doc.doc_id], r.shared) for r in extras.related)
    return hash((extras.concepts, related, tuple(sorted(extras.citations.items()))))


def _other_pages(
    corpus: Corpus, registry: Registry, index: ConceptIndex, by_id: Mapping[DocId, Document],
    works: Mapping[ConceptId, Sequence[Document]], context: Hashable, versions: Versions.Of,
    published: Callable[[SeedResult], str] | None = None, drawn_before: Drawn | None = None, lists: PageMemo | None = None,
) -> list[Group]:
    """Concept pages and listings, and the seeds' published texts, in groups made together.

    A group's key holds everything its pages show: the registry and the works (in
    ``context``); for a concept its mentions, the metadata of the documents that make them,
    and its map and its co-occurring concepts as drawn (``ConceptMaps.local``: names, counts
    and widths as printed); for the overview and the listings, the concepts of every
    document and every document's metadata (each by its number in ``versions``).  So a seed
    added or deleted makes again the pages of the concepts it mentions and of those whose
    map it changes, not every concept's; the further pages of a concept's list do not show
    the other concepts at all."""
    docs = corpus.documents
    structure = hash(tuple((doc, frozenset(counts)) for doc, counts in index.doc_concepts.items()))
    maps = ConceptMaps(registry, index)
    groups = []
    for concept in registry.concepts:
        shown = tuple((d, versions.metas[d], versions.mentions[d]) for d, _ in index.postings.get(concept.id, ()))  # the documents of its mentions
        # its first page: its map and its neighbours as drawn, not every document's concepts;
        # those are drawn from every document's concepts and this concept's mentions (the
        # last run's kept while both are the same)
        source = hash((structure, context, concept, shown))
        last = drawn_before.get(concept.id) if drawn_before is not None else None
        drawn = last[1] if last is not None and last[0] == source else (maps.local(concept, by_id), tuple(index.cooccurring(concept.id)))
        if drawn_before is not None:
            drawn_before[concept.id] = (source, drawn)
        key = hash((context, concept, shown, drawn, tuple(versions.metas[w.doc_id] for w in works[concept.id])))

        def make(concept: Concept = concept) -> dict[str, str | bytes]:
            files: dict[str, str | bytes] = {}
            for lang in LANGS:
                files.update(concept_page(concept, lang, registry, index, by_id, works[concept.id], maps))
            return files

        # the further pages of its list: made again when its mentions are, not the corpus's concepts
        def more(concept: Concept = concept) -> dict[str, str | bytes | Kept]:
            return {name: page for lang in LANGS for name, page in concept_list_pages(concept, lang, index, by_id, lists).items()}
        groups.append(Group(f"concept {concept.id}", key, make))
        groups.append(Group(f"concept {concept.id} list", hash((concept, shown)), more, memo=True))
    if drawn_before is not None:  # a concept taken out of the registry
        for gone in drawn_before.keys() - registry.by_id.keys():
            del drawn_before[gone]
    groups.append(Group("concepts", hash((structure, context)), lambda: {
        page_file("concepts", lang): render_concepts_index(registry, index, docs, lang, maps) for lang in LANGS}, whole=True))

    def listings() -> dict[str, str | bytes | Kept]:
        files: dict[str, str | bytes | Kept] = {}
        for lang in LANGS:
            files[page_file("index", lang)] = home_page(docs, lang, registry, index)
            files[page_file("timeline", lang)] = timeline_page(docs, lang)
            for facet in ("kind", "source", "year"):
                files.update(browse_pages(docs, lang, facet, lists))
        return files
    groups.append(Group(LISTINGS, hash((structure, context, tuple((doc.doc_id, versions.metas[doc.doc_id]) for doc in docs))), listings, whole=True, memo=True))
    seeds = [seed for seed in corpus.seeds if seed.documents]
    published = published or published_text
    groups.append(Group("raw", hash(tuple((seed.seed, seed.text, seed.removals) for seed in seeds)),
                        lambda: {raw_file(seed.seed): published(seed) for seed in seeds}, raw=True))
    return groups


LISTINGS = "listings"  # the group of the home page, the timeline and the browse pages


class Shared(Generic[T]):
    """A value made when first asked for and given to ``uses`` callers, then let go (made
    again if asked for once more): a document's HTML text, for its page in each interface,
    held only between the two interfaces' renders.
    """

    __slots__ = ("make", "uses", "value", "left")

    def __init__(self, make: Callable[[], T], uses: int) -> None:
        self.make, self.uses = make, uses
        self.value: T | None = None
        self.left = 0

    def __call__(self) -> T:
        if self.value is None or self.left <= 0:
            self.value, self.left = self.make(), self.uses
        value = self.value
        self.left -= 1
        if self.left <= 0:
            self.value = None
        return value


def _document_html(doc: Document, lang: Lang, extras: DocExtras, linking: Linking, site_url: str, text: Callable[[], HtmlText]) -> str:
    return render_document_html(doc, lang, extras, linking, site_url, text())


# A corpus of this many documents or more has its concept and listing pages made beside the
# document pages, in a forked process (a smaller one is done before a fork would pay off),
# when at least this many groups of them are to be made again, or one made from every document.
FORK_MIN = 200
FORK_GROUPS = 8

# Collections of the youngest generation while the records are made: one per this many new
# objects (Python's default is 700).
RECORDS_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def _long_lived_records(collect: bool = True) -> Iterator[None]:
    """The build makes millions of small records (lines, blocks, mentions, pages) that live as
    long as the build, and none of them in reference cycles.  Python's cyclic collector would
    walk them again and again while they are made; here it runs rarely, and once they are
    made they are set aside (``gc.freeze``), so the collections during MkDocs' render skip them.
    Set-aside objects are still freed as usual when nothing refers to them any more.

    What an earlier run set aside may hold garbage in cycles by now: it is given back to the
    collector first (``collect``).  The live preview's quick rebuild does not: the server
    holds every page of the site, and a full collection over them all costs seconds at
    10,000 documents.  Its few cycles left are collected at the next full rebuild.
    """
    threshold = gc.get_threshold()
    if collect:
        gc.unfreeze()
    gc.set_threshold(max(threshold[0], RECORDS_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.freeze()


# What scrapers add to a text: cut from the published copy of a seed, like from its pages.
SCRAPER_ADDITIONS = frozenset({"watermark", "paywall marker", "promotion", "control character"})


def published_text(seed: SeedResult) -> str:
    """The seed's text as its publisher wrote it: the scraper's additions cut out, layout kept."""
    out, pos = [], 0
    for removal in sorted(seed.removals, key=lambda r: r.start):
        if removal.reason in SCRAPER_ADDITIONS and removal.start >= pos:
            out.append(seed.text[pos : removal.start])
            pos = removal.start + len(removal.text)
    out.append(seed.text[pos:])
    return "".join(out)


def concept_works(registry: Registry, docs: Sequence[Document]) -> dict[ConceptId, list[Document]]:
    """For each concept, the documents that are the work it names (most concepts: none)."""
    titles = work_titles(docs)
    return {concept.id: works_in_corpus(concept, titles) for concept in registry.concepts}


def _linking(matcher: Matcher | Remembering, registry: Registry, works: Mapping[ConceptId, Sequence[Document]]) -> Linking:
    """Concept links go to the concept page, or, for a work that is in the corpus, to that document."""
    targets: dict[ConceptId, str] = {}
    citations = set()
    for concept in registry.concepts:
        targets[concept.id] = page_file(concept_base(concept.id), "zh")
        if concept.kind in ("work", "instrument"):
            citations.add(concept.id)
            if len(works[concept.id]) == 1:
                targets[concept.id] = page_file(doc_base(works[concept.id][0]), "zh")

    def find(text: str) -> Spans:  # (a Remembering matcher keeps what it found: no cache here)
        return [(m.start, m.end, m.concept) for m in matcher.find(text)]

    return Linking(find, targets.__getitem__, frozenset(citations))


def _extras(
    docs: tuple[Document, ...], by_id: Mapping[DocId, Document], index: ConceptIndex, registry: Registry,
    related: Mapping[DocId, tuple[Related, ...]], memo: dict[DocId, tuple[object, object, DocExtras]] | None = None,
) -> dict[DocId, DocExtras]:
    """Each document's concepts and related documents.  ``memo`` (for one registry) keeps
    them from the last call, made again for a document whose concept counts, related
    documents or their records are not the very objects of then; it is updated."""
    out: dict[DocId, DocExtras] = {}
    kept: dict[DocId, tuple[object, object, DocExtras]] = {}
    for doc in docs:
        counts, near = index.doc_concepts.get(doc.doc_id), related.get(doc.doc_id, ())
        last = memo.get(doc.doc_id) if memo is not None else None
        if last is not None and last[0] is counts and last[1] is near and all(r.doc is by_id[r.doc.doc_id] for r in last[2].related):
            out[doc.doc_id], kept[doc.doc_id] = last[2], last
            continue
        counts = counts or {}
        chips = tuple(
            ConceptChip(c, registry.get(c).zh, registry.get(c).en, n, registry.get(c).kind)
            for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        rel = tuple(RelatedDoc(by_id[r.doc_id], r.score, r.shared) for r in near)
        out[doc.doc_id] = DocExtras(chips, rel)
        kept[doc.doc_id] = (counts, near, out[doc.doc_id])
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return out


def watched_paths(paths: Paths) -> list[Path]:
    """What `mkdocs serve` watches: the seeds' folder (their sidecars are beside them) and the
    registry (which may be elsewhere).  One watch each: MkDocs polls every watch on its own."""
    registry = paths.registry_file
    return [paths.seeds] + ([registry] if paths.seeds not in registry.parents else [])
