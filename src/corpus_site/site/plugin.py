"""The MkDocs plugin: a thin shell that turns MkDocs events into pipeline calls.

* ``on_pre_build``: run the pipeline (seeds → pages in docs/), log its diagnostics;
* ``on_serve``: watch the seeds, sidecars and registry so that `mkdocs serve` rebuilds;
* ``on_post_build``: index the finished site with Pagefind (once, after every language),
  then, for `mkdocs build`, swap the finished site into place and print a summary.

`mkdocs build` writes into a staging folder next to ``site_dir`` and swaps it in only when
the whole build (both languages and the search index) succeeded, so a failed build never
leaves a half-written site in place of the last good one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import resource
import shutil
import time
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Hashable, Iterator, Mapping, Sequence

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from ..filestat import file_stat, relative
from ..forked import Beside, can_fork
from ..model import LANGS, Diagnostic
from ..pipeline import Paths, Pipeline, Report, watched_paths
from .ahead import Ahead, least_pages, made
from .ahead import Page as AheadPage
from .bundle import POSITIONS
from .preview import IDLE_ENV, IDLE_SECONDS, Indexer, Language, NavigationChanged, Preview, tree
from .minify import minify_scripts
from .paths import GENERATED_DIRS, GENERATED_FILES
from .sitemap import SITEMAP_TEMPLATE, Sitemap
from .writer import MANIFEST
from .watch import CHECK_SECONDS, FolderWatch, watch_natively
from .search import BUNDLE, FOLDING, PART_BYTES, PART_PAGES, Early, SearchError, index_early, index_in_background, index_site

log = get_plugin_logger(__name__)
# What of docs/ the pipeline writes (its folders, its pages at the top, its manifest): the rest
# is the curator's, and a change to it takes a full rebuild.
HAND_SKIP = frozenset((*GENERATED_DIRS, *GENERATED_FILES, MANIFEST))

# `mkdocs serve` loads a fresh config (and fresh plugins) for every rebuild: the pipelines,
# with their per-seed caches, live here so that unchanged seeds are not parsed again.
_PIPELINES: dict[Paths, Pipeline] = {}
_STARTUP: dict[str, str] = {}
# The live preview: per served folder, what each page was rendered from (site/preview.py).
_PREVIEWS: dict[str, Preview] = {}
# Benchmarks: with CORPUS_SITE_TIMINGS=<file>, the build writes its stage timings there.
TIMINGS_ENV = "CORPUS_SITE_TIMINGS"


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


class CorpusSiteConfig(Config):
    seeds = c.Type(str, default="seeds")
    registry = c.Optional(c.Type(str))  # default: <seeds>/concepts.yml
    search = c.Type(bool, default=True)  # build the Pagefind indexes after the site
    search_part_pages = c.Type(int, default=PART_PAGES)  # pages per Pagefind run at most
    search_part_mb = c.Type(int, default=PART_BYTES // 1_000_000)  # MB of content per Pagefind run (its memory grows with it)
    search_positions = c.Type(int, default=POSITIONS)  # positions kept per page of the commonest words (0: all)
    atomic = c.Type(bool, default=True)  # `mkdocs build`: stage the site, swap it in at the end
    cache_dir = c.Type(str, default=".cache/corpus-site")  # the loader's cache between builds ("": none)
    fail_on_seed_errors = c.Type(bool, default=False)
    # `mkdocs serve`: the seeds' folder watched by file events, or polled as MkDocs does (for
    # mounts where file events do not arrive; "events" also walks it every 5 s)
    watch = c.Choice(("events", "polling"), default="events")


class CorpusSitePlugin(BasePlugin[CorpusSiteConfig]):
    def __init__(self) -> None:
        self.pipeline: Pipeline | None = None
        self.report: Report | None = None
        self.final_site: Path | None = None  # where a staged build goes when it succeeds
        self.search_pages = 0
        self.search_bundles = 0
        self.pagefind_time = 0.0  # seconds of the search stage during which Pagefind ran
        self.rendered: dict[str, Callable[[], str]] = {}  # pages between on_page_markdown and on_page_content
        self.own_render = 0.0  # seconds spent rendering our pages inside MkDocs' render
        self.ahead: Ahead | None = None  # `mkdocs build`: this interface's pages made ahead of its render
        self.ahead_taken = 0  # pages whose HTML the child made (for the benchmarks)
        self.early_search: Beside[Early] | None = None  # the default interface's search work, beside the others' render
        self.searched_early = False  # (for the benchmarks)
        self.caching: Beside[int] | None = None  # `mkdocs build`: the loader's cache written beside the search stage
        self.marks: dict[str, float] = {}  # stage boundaries, for the summary and benchmarks
        self.site_root: Path | None = None  # the build's site folder (the i18n plugin moves site_dir)
        self.default_404: bytes | None = None  # the default interface's 404 page, kept from being overwritten
        self.preview: Preview | None = None  # under `mkdocs serve`: the pages kept from the last rebuild
        self.context: Hashable = None  # what every page depends on (configuration, templates)
        self.all_files: Files | None = None  # under `mkdocs serve`: this language's files, before unchanged pages are taken out
        self.nav = None  # this language's navigation
        self.nav_sources: set[str] = set()  # the pages mkdocs.yml's navigation names
        self.docs_folders: dict[str, None] = {}  # under `mkdocs serve`: docs/ and its folders watched (not the generated ones)
        self.theme_watched = False  # `mkdocs serve --watch-theme`
        self.sitemap = Sitemap()  # each page's entry, kept for the preview's next sitemap
        self.seeds_watch: FolderWatch | None = None  # under `mkdocs serve`: the seeds' folder, by file events
        self.languages: dict[str | None, Language] = {}  # what each language was rendered with, for quick rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _STARTUP["command"] = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("corpus-site: mkdocs.yml sets use_directory_urls: false; generated pages link with directory URLs")
        if self.config.search_part_pages < 1 or self.config.search_part_mb < 1:
            raise PluginError("corpus-site: search_part_pages and search_part_mb must be 1 or more")
        if self.config.search_positions < 0:
            raise PluginError(f"corpus-site: search_positions is {self.config.search_positions}; it must be 0 (keep all) or more")
        root = Path(config.config_file_path or ".").resolve().parent
        registry = (root / self.config.registry).resolve() if self.config.registry else None
        paths = Paths((root / self.config.seeds).resolve(), Path(config.docs_dir).resolve(), registry, config.site_url or "")
        cache = (root / self.config.cache_dir).resolve() if self.config.cache_dir else None
        self.pipeline = _PIPELINES.setdefault(paths, Pipeline(paths, cache))
        if self.config.atomic and _STARTUP.get("command") == "build" and self.final_site is None:
            self.final_site = Path(config.site_dir).resolve()
            staging = self.final_site.with_name(self.final_site.name + ".building")
            shutil.rmtree(staging, ignore_errors=True)  # what a failed build left behind
            config.site_dir = str(staging)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.pipeline is None:
            raise PluginError("corpus-site: on_config did not run")
        if getattr(config.plugins.get("i18n"), "building", False):
            self.marks["second_language"] = time.perf_counter()
            self._index_early(config)
            # Each language's build writes the one root 404.html, the last one wins: keep the
            # default interface's (the site root's language), to put it back at the end.
            page = self.site_root / "404.html" if self.site_root else None
            if self.default_404 is None and page is not None and page.is_file():
                self.default_404 = page.read_bytes()
            return  # the i18n plugin's build of another language: the pages are written already
        self.marks = {"start": time.perf_counter()}
        self.site_root, self.default_404 = Path(config.site_dir), None
        self.own_render, self.ahead_taken = 0.0, 0
        self.pipeline.keep_pages = _STARTUP.get("command") == "serve"
        self.pipeline.defer_cache = _STARTUP.get("command") == "build"
        inputs = _inputs(self.pipeline.paths) if self.pipeline.keep_pages else None  # before the run reads them
        report = self._run_pipeline()
        _set_epoch(report)
        self.report = report
        if _STARTUP.get("command") == "serve":
            self.context = _config_key(config)
            self.preview = _PREVIEWS.setdefault(str(Path(config.site_dir).resolve()), Preview(Path(config.site_dir).resolve()))
            self.preview.languages, self.languages = {}, {}  # no quick rebuild until this render is complete
            self.preview.docs, self.preview.inputs = tree(self.pipeline.paths.docs), inputs
            self.preview.hand = tree(self.pipeline.paths.docs, HAND_SKIP)
            self.preview.hold()  # before MkDocs empties the served folder
        else:
            self._stop_ahead()  # (the last build's, had it failed before it stopped it)
            self.ahead = Ahead.start(*_own_pages(report.html, config.docs_dir))
        self.marks["pages_written"] = time.perf_counter()

    def _run_pipeline(self, told: Sequence[Diagnostic] = (), quick: bool = False) -> Report:
        """Run the pipeline and log its diagnostics (but those in ``told``: a quick rebuild
        of the preview tells only what is new since the last rebuild, and leaves the cyclic
        collector off what the server holds)."""
        assert self.pipeline is not None
        try:
            report = self.pipeline.run(progress=lambda message: log.info(message), collect=not quick)
        except OSError as exc:
            raise PluginError(f"corpus-site: cannot write generated pages: {exc}") from exc
        known = set(told)
        for diagnostic in report.diagnostics:
            if diagnostic in known:
                continue
            # Input errors are warnings to MkDocs, so `--strict` fails on them;
            # the loader's own doubts are information.
            level = logging.WARNING if diagnostic.severity == "error" else logging.INFO
            log.log(level, str(diagnostic))
        if self.config.fail_on_seed_errors and report.errors:
            raise PluginError(f"corpus-site: {len(report.errors)} seed error(s); first: {report.errors[0]}")
        return report

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has chosen each language's pages
    def on_files(self, files, *, config: MkDocsConfig):  # type: ignore[no-untyped-def]
        if self.preview is not None:
            self.all_files = Files(list(files))  # for a quick rebuild: the pages kept unchanged too
            navigation = self.nav_sources = set(_nav_sources(config.nav))
            self.preview.reuse(files, self._signature, config, lambda file: _LANG_SUFFIX.sub(".md", file.src_uri) in navigation)
        return files

    @event_priority(-200)
    def on_nav(self, nav, *, config: MkDocsConfig, files):  # type: ignore[no-untyped-def]
        self.nav = nav
        return nav

    @event_priority(-200)
    def on_env(self, env, *, config: MkDocsConfig, files):  # type: ignore[no-untyped-def]
        # the sitemap is ours (site/sitemap.py): its template prints what on_template_context makes
        first = env.loader.loaders[0] if isinstance(env.loader, jinja2.ChoiceLoader) and env.loader.loaders else None
        if not (isinstance(first, jinja2.DictLoader) and "sitemap.xml" in first.mapping):  # (an environment seen before)
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"sitemap.xml": SITEMAP_TEMPLATE}), env.loader])
        if self.preview is not None and self.all_files is not None:
            language = Language.of(config, self.all_files, self.nav, env)
            self.languages[language.locale] = language
        return env

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):  # type: ignore[no-untyped-def]
        if template_name == "sitemap.xml":
            # every interface's pages, as mkdocs-static-i18n gathers them (this interface's without it)
            pages = context.get("i18n_alternates") or context["pages"]
            context["corpus_sitemap"] = self.sitemap.xml(pages, config.site_url)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.preview is not None:
            self.preview.rendered(page.file, self._signature)
        return output

    def _signature(self, file) -> Hashable:  # type: ignore[no-untyped-def]
        """What the page at ``file`` is made from: the configuration and templates, its source
        (the writer leaves an unchanged page untouched, so its size and time of writing tell),
        and for a document page the records behind it."""
        try:
            stat = os.stat(file.abs_src_path)
        except (OSError, TypeError):
            return None
        key = self.report.page_keys.get(file.src_uri) if self.report else None
        return (self.context, file.src_uri, stat.st_mtime_ns, stat.st_size, key)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:  # type: ignore[no-untyped-def]
        if self.report is None or page.file.src_uri not in self.report.html:
            return markdown
        # Rendered by corpus-site, not by Python-Markdown: the HTML comes in on_page_content.
        render = self.report.html[page.file.src_uri]
        self.rendered[page.file.src_uri] = render if render is not None else (lambda: markdown)
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files) -> str:  # type: ignore[no-untyped-def]
        render = self.rendered.pop(page.file.src_uri, None)
        if render is None:
            return html
        started = time.perf_counter()
        page_made = self.ahead.take(page.file.src_uri) if self.ahead is not None else None
        if page_made is None:
            page_made = made(render)
        else:
            self.ahead_taken += 1
        body = render() if page_made.body is None else page_made.body  # (None: the page's source)
        page.toc = get_toc(page_made.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = page_made.ids
        self.own_render += time.perf_counter() - started
        return body

    def _index_early(self, config: MkDocsConfig) -> None:
        """The default interface is written: its part of the search stage that needs no other
        interface (``search.index_early``) is done beside the other interfaces' render."""
        if self.early_search is not None or not self.config.search or self.preview is not None or self.site_root is None:
            return
        if self.report is None or self.report.pages.get(LANGS[0], 0) < least_pages() or not can_fork():
            return  # a small site: nothing worth a fork
        others = [folder for folder in _search_folders(config) if folder]
        self.early_search = Beside(partial(index_early, self.site_root, "", others, self.config.search_part_pages,
                                           self.config.search_part_mb * 1_000_000))

    def _early_done(self) -> Early | None:
        """What ``_index_early`` did (done here if its child failed), or None."""
        early, self.early_search = self.early_search, None
        self.searched_early = early is not None
        return early.result() if early is not None else None

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_ahead()
        with contextlib.suppress(Exception):  # what the loader parsed is kept for the next build all the same
            if self.caching is None and self.pipeline is not None and self.pipeline.defer_cache:
                self.pipeline.save_cache()
            self._cache_saved()
        with contextlib.suppress(Exception):
            early = self._early_done()
            if early is not None and early.first is not None:
                shutil.rmtree(early.first[1], ignore_errors=True)

    def _cache_saved(self) -> None:
        """Wait for the loader's cache to be written (``Pipeline.save_cache``)."""
        caching, self.caching = self.caching, None
        if caching is not None:
            caching.result()

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        if self.pipeline is not None:
            for path in watched_paths(self.pipeline.paths):
                if path == self.pipeline.paths.seeds and self.config.watch == "events" and self.seeds_watch is None:
                    self.seeds_watch = watch_natively(server, path)  # site/watch.py: not polled
                    if self.seeds_watch is not None:
                        log.info(f"watching '{relative(str(path), os.getcwd())}' by file events (and a walk every {CHECK_SECONDS:g} s)")
                        continue
                if path.exists():
                    server.watch(str(path))
        # with --watch-theme, a change to the installed theme rebuilds everything, as MkDocs would
        watched = getattr(server, "_watched_paths", {})
        self.theme_watched = any(os.path.abspath(folder) in watched for folder in config.theme.dirs if folder != config.theme.custom_dir)
        docs = os.path.abspath(config.docs_dir)
        if docs in watched:
            # MkDocs polls docs/ every half second, every file of it: at 10,000 documents that
            # walk over the generated pages holds the interpreter for most of each rebuild.
            # The generated folders are the pipeline's to write, not the curator's: docs/ is
            # watched without them (its own files, and each of its other folders).
            server.unwatch(docs)
            server.watch(docs, recursive=False)
            self._watch_docs_folders(server, docs)
        full = server.builder

        def rebuild() -> None:
            if docs in self.docs_folders:
                self._watch_docs_folders(server, docs)  # a folder made since the last rebuild
            if not self._quick_rebuild():
                full()
        server.builder = rebuild
        return server

    def on_shutdown(self) -> None:
        if self.seeds_watch is not None:
            self.seeds_watch.stop()
            self.seeds_watch = None

    def _watch_docs_folders(self, server, docs: str) -> None:  # type: ignore[no-untyped-def]
        """Watch each folder of docs/ but the generated ones (those that came and went too)."""
        with contextlib.suppress(OSError), os.scandir(docs) as entries:
            folders = {entry.path for entry in entries if entry.is_dir() and entry.name not in GENERATED_DIRS}
            for folder in sorted(folders - self.docs_folders.keys()):
                server.watch(folder)
            for folder in sorted(self.docs_folders.keys() - folders - {docs}):
                server.unwatch(folder)
            self.docs_folders = dict.fromkeys([docs, *sorted(folders)])

    def _quick_rebuild(self) -> bool:
        """Under `mkdocs serve`: when a change touched only generated pages, render those again
        without a MkDocs build (site/preview.py); False when a full rebuild is needed."""
        preview, report = self.preview, self.report
        if preview is None or not preview.languages or report is None or self.pipeline is None or self.theme_watched:
            return False
        started = time.perf_counter()
        default = next(iter(preview.languages.values())).config
        docs = self.pipeline.paths.docs
        # (the generated pages are the pipeline's: its writer puts back any it did not write)
        if _config_key(default) != self.context or tree(docs, HAND_SKIP) != preview.hand:
            return False  # the configuration, the templates or a page of docs/ changed
        inputs = _inputs(self.pipeline.paths)
        if inputs == preview.inputs:
            return True  # nothing changed (the watch saw the last rebuild's own writes to docs/)
        preview.inputs = inputs
        checked = time.perf_counter()
        try:
            new = self._run_pipeline(report.diagnostics, quick=True)
        except PluginError as exc:
            log.error(str(exc))
            return False
        ran = time.perf_counter()
        written = tree(docs, known=new.file_stats)
        added, removed = _changed_files(docs, preview.docs, written, self.nav_sources)
        if added is None or removed is None:
            return False  # a page of the navigation, or one interface's page of a pair, came or went
        before, preview.docs, self.report, preview.changed = preview.docs, written, new, []
        _set_epoch(new)
        try:
            if added or removed or new.latest_date != report.latest_date:
                preview.change_files(added, removed)  # and the sitemap, whose dates are the corpus's latest
            changed = {relative(path, str(docs)) for path, stat in written.items() if before.get(path) != stat}
            changed |= {name for name, key in new.page_keys.items() if report.page_keys.get(name) != key}
            rendered = preview.render_again(self._signature, changed)
            preview.settle()
        except NavigationChanged as exc:
            log.info(f"preview: the navigation's title of {exc} changed; rebuilding the whole site")
            return False
        except Exception as exc:  # noqa: BLE001 - the full rebuild that follows reports it properly
            log.info(f"preview: a quick rebuild failed ({exc}); rebuilding the whole site")
            return False
        if self.preview.indexer is not None:
            self.preview.indexer.request(preview.changed)
        ended = time.perf_counter()
        log.info(f"preview: {rendered} page(s) rendered, {preview.reused} unchanged kept (quick rebuild in {ended - started:.2f} s: "
                 f"checks {checked - started:.2f} s, pipeline {ran - checked:.2f} s, pages {ended - ran:.2f} s)")
        return True

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False):
            self.marks["second_language_done"] = time.perf_counter()
            return  # inside the i18n plugin's build of another language: finish once, at the end
        self.marks["search_start"] = time.perf_counter()
        self._stop_ahead()
        if self.pipeline is not None and self.pipeline.defer_cache:  # (on the core Pagefind leaves idle)
            self.caching = Beside(self.pipeline.save_cache, fork=can_fork())
        site = Path(config.site_dir)
        if self.default_404 is not None:
            (site / "404.html").write_bytes(self.default_404)
        minify_scripts(site)
        folders = _search_folders(config)
        if self.config.search and self.preview is not None:
            # the preview: the index follows in the background, the page does not wait for it
            self.preview.search = [f"{folder}/{BUNDLE}*" if folder else f"{BUNDLE}*" for folder in folders] + [FOLDING]
            if self.preview.indexer is None:
                bounds = {"part_pages": self.config.search_part_pages, "part_bytes": self.config.search_part_mb * 1_000_000,
                          "positions": self.config.search_positions}
                idle = float(os.environ.get(IDLE_ENV) or IDLE_SECONDS)
                self.preview.indexer = Indexer(self.preview, folders, lambda snapshot, stop: index_in_background(snapshot, folders, stop=stop, **bounds), idle)
            self.preview.indexer.request()
        elif self.config.search:
            try:
                indexed = index_site(site, folders, part_pages=self.config.search_part_pages,
                                     part_bytes=self.config.search_part_mb * 1_000_000, positions=self.config.search_positions,
                                     early=self._early_done())
                self.search_pages = sum(stats.pages for stats in indexed)
                self.search_bundles = sum(stats.runs for stats in indexed)
                self.pagefind_time = sum(stats.pagefind for stats in indexed)
            except (SearchError, OSError) as exc:
                raise PluginError(f"corpus-site: search indexing failed: {exc}") from exc
        self._cache_saved()
        self.marks["search_done"] = time.perf_counter()
        if self.preview is not None:
            self.preview.release()
            self.preview.languages = self.languages  # every language rendered: quick rebuilds may use them
            gc.freeze()  # what the server holds now lives on: no collection walks it at each quick rebuild
            log.info(f"preview: {self.preview.rendered_count} page(s) rendered, {self.preview.reused} unchanged kept")
        if self.final_site is not None:
            _swap(site, self.final_site)
            config.site_dir = str(self.final_site)
        self._write_timings()
        if self.report is not None:
            cached = f"\nloader cache: {self.pipeline.disk_hits} seed(s) read from {self.pipeline.cache_dir}" if self.pipeline and self.pipeline.cache_dir else ""
            log.info("corpus-site summary\n" + self.report.summary() + cached + f"\nsearch: {self.search_pages} pages indexed in {self.search_bundles} Pagefind run(s)")


    def _write_timings(self) -> None:
        target = os.environ.get(TIMINGS_ENV)
        if not target or self.report is None:
            return
        m = self.marks
        first_done = m.get("second_language", m.get("search_start", 0.0))
        search = m.get("search_done", 0.0) - m.get("search_start", 0.0)
        stages = {
            **self.report.timings,
            "render_zh": first_done - m.get("pages_written", first_done),
            "render_en": m.get("second_language_done", first_done) - first_done,
            "search": search,
            # part of render_zh and render_en: our HTML for generated pages, made inside MkDocs' render
            "render_ours": self.own_render,
            # part of search: its time while no Pagefind run was going (finding the pages, the first
            # tree of links, the last run's tree removed and bundle finished); what is done while Pagefind runs is not in it
            "search_ours": max(0.0, search - self.pagefind_time),
        }
        counts = {
            "seeds": len(self.report.corpus.seeds),
            "documents": len(self.report.corpus.documents),
            "pages": sum(self.report.pages.values()),
            "search_pages": self.search_pages,
            "search_runs": self.search_bundles,
            "made_ahead": self.ahead_taken,
            "search_early": int(self.searched_early),
        }
        Path(target).write_text(json.dumps({"stages": stages, "counts": counts, "peak_rss_mb": _peak_rss_mb()}, indent=1), encoding="utf-8")


def _search_folders(config: MkDocsConfig) -> list[str]:
    """Each interface's folder in the site ("" for the root, the default interface's)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [""]
    return ["" if lang.default else lang.locale for lang in i18n.config.languages if lang.build]


def _own_pages(html: Mapping[str, Callable[[], str] | None], docs_dir: str) -> tuple[list[AheadPage], int]:
    """For ``Ahead``: the pages that corpus-site renders, the default interface's first, in
    the order MkDocs will render them (``_walk_key``), then the other interfaces' pages in the
    order of their counterparts; and how many are the default interface's.  A page whose
    source in docs/ is already its HTML needs only its headings and ids."""
    here = sorted((name for name in html if not _LANG_SUFFIX.search(name)), key=_walk_key)
    place = {name: number for number, name in enumerate(here)}
    others = sorted((name for name in html if _LANG_SUFFIX.search(name)), key=lambda name: (place.get(_LANG_SUFFIX.sub(".md", name), len(here)), name))
    pages = []
    for name in here + others:
        render = html[name]
        pages.append(AheadPage(name, render) if render is not None else AheadPage(name, partial(_source_markdown, os.path.join(docs_dir, name)), body=False))
    return pages, len(here)


def _walk_key(name: str) -> tuple[tuple[int, object], ...]:
    """The place of a page of docs/ in MkDocs' list of files: a folder's files (``index``
    first, then by name) before its folders (by name), as ``mkdocs.structure.files.get_files``
    walks it."""
    *folders, file = name.split("/")
    return (*((1, folder) for folder in folders), (0, (os.path.splitext(file)[0] not in ("index", "README"), file)))


def _source_markdown(path: str) -> str:
    """A page's Markdown as MkDocs reads it (``File.content_string``, less the front matter)."""
    with open(path, encoding="utf-8-sig", errors="strict") as file:
        return get_data(file.read())[0]


def _swap(staging: Path, final: Path) -> None:
    """Put the finished site in place of the old one with renames only."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


_LANG_SUFFIX = re.compile(r"\.[a-z]{2}(?:[-_][A-Za-z]+)?\.md$")


def _inputs(paths: Paths) -> Hashable:
    """The pipeline's inputs as they are now: every file in the seeds' folder and the registry,
    each with its time of writing and size."""
    registry = paths.registry_file
    return (tree(paths.seeds), str(registry), file_stat(registry))


def _changed_files(
    docs: Path, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], navigation: set[str],
) -> tuple[list[str] | None, list[str] | None]:
    """The pages added to docs/ and removed from it (paths in docs/), or None when a quick
    rebuild cannot follow: a page of the navigation came or went, or one interface's page
    of a pair did while the other stayed (the other interface would fall back to it)."""
    def rel(path: str) -> str:
        return relative(path, str(docs))

    added = sorted(rel(p) for p in after.keys() - before.keys())
    removed = sorted(rel(p) for p in before.keys() - after.keys())
    stays = {_LANG_SUFFIX.sub(".md", rel(p)) for p in before.keys() & after.keys()}
    for name in (*added, *removed):
        if _LANG_SUFFIX.sub(".md", name) in navigation or (name.endswith(".md") and _LANG_SUFFIX.sub(".md", name) in stays):
            return None, None
    return added, removed


def _nav_sources(nav: object) -> Iterator[str]:
    """The pages ``nav`` (mkdocs.yml's) names: "index.md", "browse/kind.md"…"""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_sources(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_sources(item)


def _config_key(config: MkDocsConfig) -> Hashable:
    """The project's configuration file and its own templates (the theme's ``custom_dir``), as
    they are now: a change to either may change every page.  The installed theme's files are
    not looked at (14,000 of them, icons mostly, for Material): they change only with a new
    version, and `mkdocs serve` watches them only when asked to (``--watch-theme``), then
    rebuilds fully."""
    parts: list[object] = []
    if config.config_file_path and os.path.isfile(config.config_file_path):
        parts.append(Path(config.config_file_path).read_bytes())
    for folder in [config.theme.custom_dir] if config.theme.custom_dir else []:
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                path = os.path.join(root, name)
                with contextlib.suppress(OSError):
                    stat = os.stat(path)
                    parts.append((path, stat.st_mtime_ns, stat.st_size))
    return hash(tuple(parts))


def _set_epoch(report: Report) -> None:
    """Reproducible output: dates MkDocs writes (sitemap) come from the corpus, not the clock
    (set again at each rebuild of `mkdocs serve`, unless the user set it)."""
    if "SOURCE_DATE_EPOCH" not in os.environ or os.environ["SOURCE_DATE_EPOCH"] == _STARTUP.get("epoch"):
        os.environ["SOURCE_DATE_EPOCH"] = _STARTUP["epoch"] = str(_epoch(report.latest_date))


def _epoch(date: str | None) -> int:
    if not date:
        return 0
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return int(datetime(parts[0], parts[1], parts[2], tzinfo=timezone.utc).timestamp())
