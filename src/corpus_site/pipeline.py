"""The orchestrator: seeds/ → typed documents → concept index → generated pages in docs/.

Used by the MkDocs plugin (before every build) and by the command line.  It is the one
place that holds mutable state (the per-seed cache).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .ingest.loader import Corpus, SeedCache, load_corpus, seed_files
from .ingest.sidecar import sidecar_path
from .model import LANGS, Diagnostic
from .site.docpage import render_document
from .site.listing import browse_page, home_page
from .site.paths import doc_base, page_file, raw_file
from .site.writer import WriteStats, write_tree


@dataclass(frozen=True, slots=True)
class Paths:
    seeds: Path
    docs: Path


@dataclass(frozen=True, slots=True)
class Report:
    corpus: Corpus
    pages: dict[str, int]  # pages per interface language
    stats: WriteStats
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    def summary(self) -> str:
        docs = self.corpus.documents
        removed = self.corpus.removals
        reasons = Counter(r.reason for _, r in removed)
        kinds = Counter(d.meta.kind for d in docs)
        lines = [
            f"seeds read: {len(self.corpus.seeds)} ({sum(1 for s in self.corpus.seeds if not s.documents)} unreadable)",
            f"documents: {len(docs)} (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")",
            "pages: " + ", ".join(f"{lang} {n}" for lang, n in self.pages.items()),
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
    _cache: SeedCache = field(default_factory=dict)

    def load(self) -> Corpus:
        return load_corpus(self.paths.seeds, seed_files(self.paths.seeds), self._cache)

    def run(self) -> Report:
        corpus = self.load()
        files: dict[str, str | bytes] = {}
        pages = {lang: 0 for lang in LANGS}
        docs = corpus.documents
        for doc in docs:
            for lang in LANGS:
                files[page_file(doc_base(doc), lang)] = render_document(doc, lang)
                pages[lang] += 1
        for lang in LANGS:
            files[page_file("index", lang)] = home_page(docs, lang)
            pages[lang] += 1
            for facet in ("kind", "source", "year"):
                files[page_file(f"browse/{facet}", lang)] = browse_page(docs, lang, facet)
                pages[lang] += 1
        for seed in corpus.seeds:
            if seed.documents:
                files[raw_file(seed.seed)] = seed.text
        stats = write_tree(self.paths.docs, files)
        return Report(corpus, pages, stats, corpus.diagnostics)


def watched_paths(seeds: Path) -> list[Path]:
    return [seeds] + [sidecar_path(p) for p in seed_files(seeds)]
