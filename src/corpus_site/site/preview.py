"""The live preview (`mkdocs serve`): a rebuild renders only the pages whose inputs changed.

MkDocs has no incremental build: every rebuild empties the served folder and renders every
page of both interfaces again.  Under `mkdocs serve` the plugin keeps, for each page it
served, a signature of what the page was made from (``Preview.written``).  Before MkDocs
empties the folder, the folder is set aside whole (one rename, ``hold``); then every page
whose signature is unchanged is moved back (one rename each) and taken out of MkDocs'
list of pages to render (``reuse``), keeping its page record so that the sitemap still
lists it.  What is left to render is what the change touched.

The search index follows in the background (``Indexer``): the page and the browser's live
reload do not wait for Pagefind.  Until the new index is in place, the last one keeps
answering, and ``search-status.json`` in each interface's folder says that it is being
updated (the search panel shows it, and asks again).

A page's signature is made by the plugin: the project's configuration and templates, the
page's source in docs/ (its size and time of writing: the writer never rewrites an
unchanged page), and for a document page the records it is rendered from.  `mkdocs build`
never takes this path: it stays a full, clean build.

**A quick rebuild** skips MkDocs' build altogether when a change touched only the seeds'
pages.  Even with every unchanged page kept, a MkDocs rebuild costs time that grows with the
corpus: it lists and wraps every file of both interfaces again (mkdocs-static-i18n sorts
them per language), makes the navigation and compiles the templates.  So each full render
leaves, per interface, what it rendered with (``Language``: a copy of the configuration in
that interface's state, the files, the navigation, the template environment), and when
nothing but generated pages changed (the same files in docs/, the same configuration,
templates, registry and navigation titles) only the pages whose signature changed are
rendered again with those, through MkDocs' own page rendering (``render_again``).  Anything
else is a full rebuild.
"""

from __future__ import annotations

import contextlib
import copy
import gzip
import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Collection, Hashable, Iterable, Mapping, Sequence

from mkdocs.commands.build import _build_page, _build_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date, get_build_timestamp, write_file

from ..filestat import relative
from .search import BUNDLE, PAGE_IDS, Cancelled

Signature = Callable[[File], Hashable]
log = logging.getLogger("mkdocs.plugins.corpus_site")
STATUS = "search-status.json"


class NavigationChanged(Exception):
    """A page of the navigation got another title: every page's navigation must be made again."""


@dataclass
class Language:
    """What one interface's last full render was made with."""

    locale: str | None  # mkdocs-static-i18n's language (None without it)
    config: MkDocsConfig  # a copy, as it was for this interface (the i18n plugin changes it per language)
    files: Files  # every file of the interface, those kept unchanged too
    nav: Navigation
    env: Any  # the jinja2 environment of the templates
    i18n: Any = None  # the i18n plugin of that build (it renders per its current language)
    _by_source: dict[str, list[File]] | None = None

    def pages_of(self, sources: Iterable[str]) -> list[File]:
        """The interface's pages made from these paths in docs/."""
        if self._by_source is None:
            self._by_source = {}
            for file in self.files.documentation_pages():
                self._by_source.setdefault(_source_of(file, self.config), []).append(file)
        return [file for source in sorted(sources) for file in self._by_source.get(source, ())]

    @classmethod
    def of(cls, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> Language:
        i18n = config.plugins.get("i18n")
        frozen = copy.copy(config)
        frozen.data = dict(config.data)
        for key in ("theme", "extra"):  # changed in place from one interface to the next
            if key in frozen.data:
                frozen.data[key] = copy.deepcopy(config.data[key])
        return cls(getattr(i18n, "current_language", None), frozen, files, nav, env, i18n)


@dataclass
class Preview:
    site: Path  # the folder `mkdocs serve` serves
    written: dict[str, Hashable] = field(default_factory=dict)  # page (path in site) → its signature when rendered
    reused: int = 0  # pages moved back in the last rebuild
    rendered_count: int = 0  # pages rendered in the last rebuild
    lock: threading.Lock = field(default_factory=threading.Lock)  # the served folder: set aside, or given a new index
    search: Sequence[str] = ()  # what the search index is made of, in site: patterns of its bundles and files
    indexer: Indexer | None = None  # makes that index in the background
    languages: dict[str | None, Language] = field(default_factory=dict)  # of the last full render, per interface
    docs: dict[str, tuple[int, int]] = field(default_factory=dict)  # docs/ as the last rebuild left it
    hand: dict[str, tuple[int, int]] = field(default_factory=dict)  # and its files that the pipeline does not write
    inputs: Hashable = None  # the seeds and the registry as the last rebuild read them
    changed: list[str] = field(default_factory=list)  # pages (paths in site) the last quick rebuild wrote or deleted
    _sort_keys: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # MkDocs' sort key of each file, by its path in docs/
    _compressing: tuple[threading.Thread, list[BaseException]] | None = None  # the sitemap's gzipped copy, being written

    @property
    def held(self) -> Path:
        return self.site.with_name(self.site.name + ".held")

    def hold(self) -> None:
        """Set the served folder aside before MkDocs empties it (the first build: nothing to keep)."""
        self.reused = self.rendered_count = 0
        with self.lock:
            shutil.rmtree(self.held, ignore_errors=True)
            if self.written and self.site.is_dir():
                os.rename(self.site, self.held)
                self.site.mkdir()
                for pattern in self.search:  # the last index answers until the new one is in place
                    for path in self.held.glob(pattern):
                        _move(path, self.site / path.relative_to(self.held))

    def reuse(self, files: Files, signature: Signature, config, in_nav: Callable[[File], bool]) -> int:  # type: ignore[no-untyped-def]
        """Move back every page whose signature is unchanged, and take it out of ``files``.
        Pages of the navigation stay (MkDocs makes the navigation from ``files``)."""
        if not self.held.is_dir():
            return 0
        count = 0
        for file in list(files.documentation_pages()):
            if in_nav(file):
                continue
            rel = self._rel(file)
            if rel is None or rel not in self.written or self.written[rel] != signature(file):
                continue
            kept = self.held / rel
            if not kept.is_file():
                continue
            target = Path(file.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(kept, target)
            files.remove(file)
            if file.page is None:
                Page(None, file, config)  # still a page of the site: the sitemap lists it
            count += 1
        self.reused += count
        return count

    def rendered(self, file: File, signature: Signature) -> None:
        rel = self._rel(file)
        if rel is not None:
            self.written[rel] = signature(file)
            self.rendered_count += 1

    def change_files(self, added: Sequence[str], removed: Sequence[str]) -> None:
        """Files added to docs/ and removed from it (paths in docs/, generated pages and texts
        outside the navigation): each interface's files are changed as its last full build
        would have made them (mkdocs-static-i18n picks each file's language and its
        alternates), removed pages are deleted from the served folder, new texts copied in,
        and the sitemap is made again.  The pages themselves are rendered by ``render_again``."""
        gone = set(removed)
        for language in self.languages.values():
            config, i18n = language.config, language.i18n
            if i18n is not None:
                i18n.current_language = language.locale
            kept = list(language.files)
            if gone:
                kept = []
                for file in language.files:
                    if _source_of(file, config) in gone:
                        self._delete(file)
                    else:
                        kept.append(file)
            fresh = Files([File(uri, config.docs_dir, config.site_dir, config.use_directory_urls) for uri in added])
            made = list(i18n.reconfigure_files(fresh, config) if i18n is not None else fresh)
            set_exclusions(made, config)
            for file in made:
                if not file.is_documentation_page():
                    file.copy_file()
            language.files, language._by_source = Files(sorted([*kept, *made], key=self._sort_key)), None
            if i18n is not None:
                i18n.i18n_files_per_language[language.locale] = language.files.documentation_pages()
        built = get_build_date()  # the corpus's latest date (SOURCE_DATE_EPOCH), which the change may have moved
        for language in self.languages.values():
            for file in language.files:
                if file.page is not None:
                    file.page.update_date = built  # a page made by the full build has that build's date
        # A full build writes each interface's sitemap to the same file, and the last one stays:
        # only that one is made.
        last = list(self.languages.values())[-1]
        if last.i18n is not None:
            last.i18n.current_language = last.locale
        self._sitemap(last, built)

    def _sitemap(self, language: Language, built: str) -> None:
        """The sitemap and its gzipped copy, the bytes that MkDocs' ``_build_theme_template``
        writes; the copy is compressed in a thread while the pages are rendered (zlib lets go
        of the interpreter as it works), and ``settle`` waits for it.  Every page has the
        build's date (``change_files``), so the copy's time is that date, as MkDocs takes the
        latest of its pages'."""
        self.settle()
        config = language.config
        output = _build_template("sitemap.xml", language.env.get_template("sitemap.xml"), language.files, config, language.nav)
        if not output.strip():
            return
        path = os.path.join(config.site_dir, "sitemap.xml")
        data = output.encode("utf-8")
        write_file(data, path)
        # (MkDocs' test, stopping at the first page: documentation_pages() lists all 25,000 first)
        dated = any(f.page is not None and f.is_documentation_page() and InclusionLevel.is_included(f.inclusion) for f in language.files)
        mtime = int(datetime.fromisoformat(built).replace(tzinfo=timezone.utc).timestamp()) if dated else get_build_timestamp()
        failed: list[BaseException] = []

        def compress() -> None:
            try:
                with open(f"{path}.gz", "wb") as out, gzip.GzipFile(fileobj=out, filename=f"{path}.gz", mode="wb", mtime=mtime) as gz:
                    gz.write(data)
            except BaseException as exc:  # noqa: BLE001 - raised again by settle()
                failed.append(exc)

        thread = threading.Thread(target=compress, name="corpus-site sitemap", daemon=True)
        thread.start()
        self._compressing = (thread, failed)

    def settle(self) -> None:
        """Wait for the sitemap's copy being compressed (raises what went wrong there)."""
        pending, self._compressing = self._compressing, None
        if pending is not None:
            pending[0].join()
            if pending[1]:
                raise pending[1][0]

    def _sort_key(self, file: File) -> tuple[str, ...]:
        """MkDocs' order of files, each file's key made once (it parses the path)."""
        key = self._sort_keys.get(file.src_uri)
        if key is None:
            key = self._sort_keys[file.src_uri] = file_sort_key(file)
        return key

    def _delete(self, file: File) -> None:
        target = Path(file.abs_dest_path)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        if file.is_documentation_page():
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # the page's folder, when nothing else is in it
        rel = self._rel(file)
        if rel is not None:
            self.written.pop(rel, None)
            if file.is_documentation_page():
                self.changed.append(rel)

    def render_again(self, signature: Signature, sources: Iterable[str] | None = None) -> int:
        """Render again, with what each interface's last full render used, every page whose
        signature changed (of the pages made from ``sources``, paths in docs/, when given);
        returns how many.  Raises ``NavigationChanged`` when a page of the navigation got
        another title (a full rebuild must follow)."""
        count = 0
        wanted = None if sources is None else set(sources)
        for language in self.languages.values():
            if language.i18n is not None:
                language.i18n.current_language = language.locale
            in_nav = {id(page) for page in language.nav.pages}
            pages = language.files.documentation_pages()
            for file in pages if wanted is None else language.pages_of(wanted):
                rel = self._rel(file)
                if rel is None or self.written.get(rel) == signature(file):
                    continue
                page = file.page if file.page is not None else Page(None, file, language.config)
                title = page.title
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(file.abs_dest_path)  # a snapshot being indexed keeps the old page
                _populate_page(page, language.config, language.files)
                _build_page(page, language.config, pages, language.nav, language.env)
                self.changed.append(rel)
                count += 1
                if id(page) in in_nav and page.title != title:
                    raise NavigationChanged(file.src_uri)
        self.rendered_count, self.reused = count, len(self.written) - count
        return count

    def release(self) -> None:
        """Delete what was set aside and not moved back (in the background: the page is served already)."""
        held = self.held
        if held.is_dir():
            trash = held.with_name(held.name + f".{os.getpid()}.{id(self)}.old")
            os.rename(held, trash)
            threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True).start()

    def _rel(self, file: File) -> str | None:
        root = str(self.site) + os.sep
        path = file.abs_dest_path
        return path[len(root):] if path.startswith(root) else None


def _source_of(file: File, config: MkDocsConfig) -> str:
    """A file's path in docs/ (for mkdocs-static-i18n's files: the file it was made from)."""
    return relative(file.abs_src_path, config.docs_dir) if file.abs_src_path else file.src_uri


def _move(source: Path, target: Path) -> None:
    if source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        os.rename(source, target)


# A quick rebuild's pages are indexed on their own first ("a delta"), when at most this
# many pages changed since the whole index was made: the search finds an edit in seconds,
# and the whole index is made again afterwards, while the preview is idle.
DELTA_PAGES = 400
DELTA = "pagefind-delta"  # the delta's bundle, beside each interface's own
IDLE_SECONDS = 10.0  # the whole index is made again once the preview was idle this long after a delta
IDLE_ENV = "CORPUS_SITE_PREVIEW_IDLE"  # (seconds; for a curator who edits in longer bursts, and for tests)


class Indexer:
    """The preview's search index, made in the background from a snapshot of the served
    site (hard links: the next rebuild may empty the folder meanwhile), then moved in.  One
    run at a time; a rebuild during a run asks for one more run after it.

    After a full rebuild the whole site is indexed.  After a quick rebuild, only the pages
    it rendered again or deleted are, into a small second bundle (``DELTA``) that the search
    panel merges with the whole index (Pagefind's ``mergeIndex``), leaving out the whole
    index's copies of those pages (``search-status.json`` lists their ids).  Once the
    preview has been idle for ``idle`` seconds, the whole index is made again and the delta
    goes; a rebuild meanwhile stops that run (it starts again later)."""

    def __init__(self, preview: Preview, folders: Sequence[str], index: Callable[[Path, threading.Event | None], object],
                 idle: float = IDLE_SECONDS) -> None:
        self.preview, self.folders, self.index, self.idle = preview, list(folders), index, idle
        self.version = 0  # of the pages: one more each rebuild
        self.indexed = 0  # the version the search in place answers for
        self.whole = 0  # the version the whole index in place was made from (0: none yet)
        self.full = 0  # the last version made by a full rebuild (its pages are not known one by one)
        self.touched: dict[str, int] = {}  # pages (paths in site) a quick rebuild changed → its version
        self.delta: dict[str, list[str]] = {}  # per interface folder: the whole index's ids the delta replaces
        self.serial = 0  # of the index in place, for the search panel: one more each time it changes
        self.running = False
        self.guard = threading.Lock()
        self.stop: threading.Event | None = None  # set to stop a whole run made while idle

    def request(self, touched: Sequence[str] | None = None) -> None:
        """The site was rebuilt (``touched``: the pages a quick rebuild changed; None: any
        page may have): index it (now, or after the run going on)."""
        with self.guard:
            self.version += 1
            if touched is None:
                self.full = self.version
            else:
                self.touched.update((rel, self.version) for rel in touched)
            if self.stop is not None:
                self.stop.set()
            self._status()
            if not self.running:
                self.running = True
                threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
        while True:
            with self.guard:
                version, self.stop = self.version, None
                pending = sorted(rel for rel, seen in self.touched.items() if seen > self.whole)
                if version == self.indexed and not pending:
                    self.running = False
                    self._status()
                    return
                whole = self.full > self.whole or not self.whole or len(pending) > DELTA_PAGES or version == self.indexed
                if whole and version == self.indexed:
                    self.stop = threading.Event()  # idle: the delta is folded into the whole index
                stop = self.stop
            if stop is not None and stop.wait(self.idle):
                continue  # a rebuild came first: the delta grows instead
            try:
                if whole:
                    self._whole(version, stop)
                else:
                    self._delta(version, pending)
            except Cancelled:
                continue
            except Exception as exc:  # noqa: BLE001 - the preview goes on; the next rebuild tries again
                log.warning(f"corpus_site: the preview's search index was not updated: {exc}")
                with self.guard:
                    if whole:  # given up until the next rebuild
                        self.indexed, self.whole, self.touched = version, version, {}
                    else:  # the whole index, then
                        self.full = version

    def _whole(self, version: int, stop: threading.Event | None) -> None:
        site = self.preview.site
        snapshot = site.with_name(site.name + ".search")
        shutil.rmtree(snapshot, ignore_errors=True)
        _link_pages(site, snapshot)  # (not under the lock: a rebuild goes on meanwhile; see _link_pages)
        try:
            self.index(snapshot, stop)
            with self.guard:
                with self.preview.lock:
                    for pattern in self.preview.search:
                        made = {path.relative_to(snapshot) for path in snapshot.glob(pattern)}
                        for old in site.glob(pattern):  # (the delta too)
                            if old.relative_to(site) not in made:
                                shutil.rmtree(old, ignore_errors=True)
                        for rel in sorted(made):
                            _move(snapshot / rel, site / rel)
                self.whole, self.delta, self.serial = version, {}, self.serial + 1
                self.indexed = max(self.indexed, version)
                self._status()
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)

    def _delta(self, version: int, pending: Sequence[str]) -> None:
        site = self.preview.site
        snapshot = site.with_name(site.name + ".delta")
        shutil.rmtree(snapshot, ignore_errors=True)
        _link_pages(site, snapshot, set(pending))
        try:
            if any(snapshot.rglob("*.html")):  # (none when the rebuild only deleted pages)
                self.index(snapshot, None)
            stale: dict[str, list[str]] = {}
            with self.guard:
                with self.preview.lock:
                    for folder in self.folders:
                        root, into = (snapshot / folder, site / folder) if folder else (snapshot, site)
                        whole = _page_ids(into / BUNDLE)
                        ids = set(_page_ids(root / BUNDLE).values())
                        mine = [rel[len(folder) + 1:] if folder else rel for rel in pending if _folder_of(rel, self.folders) == folder]
                        stale[folder] = sorted({whole[url] for url in map(_url_of, mine) if url in whole} - ids)
                        shutil.rmtree(into / DELTA, ignore_errors=True)
                        _move(root / BUNDLE, into / DELTA)  # (nothing to move: no delta bundle)
                self.delta, self.serial = stale, self.serial + 1
                self.indexed = max(self.indexed, version)
                self._status()
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)

    def _status(self) -> None:
        """Each interface's search-status.json: whether the index is being updated, which index
        is in place, and whether a delta goes with it and which of the whole index's pages it
        replaces."""
        updating = self.version != self.indexed
        with self.preview.lock:
            for folder in self.folders:
                root = self.preview.site / folder if folder else self.preview.site
                status: dict[str, object] = {"updating": updating, "version": self.serial}
                if self.delta:
                    status["stale"] = self.delta.get(folder, [])
                    if (root / DELTA).is_dir():
                        status["delta"] = DELTA + "/"
                target = root / STATUS
                if target.parent.is_dir():
                    tmp = target.with_name(target.name + ".tmp")
                    tmp.write_text(json.dumps(status), encoding="utf-8")
                    os.replace(tmp, target)


def _folder_of(rel: str, folders: Sequence[str]) -> str:
    """The interface folder a page of the site is in ("" for the root's)."""
    first = rel.split("/", 1)[0]
    return first if first and first in folders and "/" in rel else ""


def _url_of(rel: str) -> str:
    """A page's URL in its interface, as Pagefind records it: doc/x/index.html → /doc/x/."""
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def _page_ids(bundle: Path) -> dict[str, str]:
    try:
        return json.loads((bundle / PAGE_IDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _link_pages(site: Path, snapshot: Path, only: set[str] | None = None) -> None:
    """The site's HTML pages (or those of ``only``, paths in the site), hard-linked into
    ``snapshot``.  A rebuild may go on meanwhile: a page it writes is written anew (the
    snapshot keeps the old one, or gets the new one), one it deletes is left out; a snapshot
    that missed pages is followed by another, since every rebuild asks for one."""
    if only is not None:  # a delta: its few pages, not a walk over the whole site
        for rel in sorted(only):
            if rel.endswith(".html"):
                _link(site / rel, snapshot / rel)
        return
    for root, dirs, names in os.walk(site):
        dirs[:] = [d for d in dirs if not d.startswith("pagefind")]
        rel = relative(root, str(site)) if root != str(site) else "."
        target = snapshot / rel if rel != "." else snapshot
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name.endswith(".html"):
                _link(Path(root, name), target / name, folder_made=True)


def _link(source: Path, target: Path, folder_made: bool = False) -> None:
    """``source`` hard-linked at ``target`` (copied where links cannot be made; nothing when
    it is gone meanwhile)."""
    if not folder_made:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileNotFoundError:
        return
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(source, target)


def tree(folder: Path, skip: Collection[str] = (), known: Mapping[str, tuple[int, int]] | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: its path → (time of writing, size); without the files
    and folders of ``folder`` itself named in ``skip``.  ``known``: the time and size of
    files (by their path in ``folder``, with "/") that the caller has just written or
    checked, not asked of the file system again (the pipeline's pages: 28,000 files at
    10,000 documents)."""
    found: dict[str, tuple[int, int]] = {}
    top = str(folder)
    cut = len(os.path.join(top, ""))
    stack = [top]
    while stack:
        here = stack.pop()
        with contextlib.suppress(OSError), os.scandir(here) as entries:
            for entry in entries:
                if skip and here == top and entry.name in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                last = known.get(entry.path[cut:]) if known else None
                if last is not None:
                    found[entry.path] = last
                    continue
                with contextlib.suppress(OSError):
                    stat = entry.stat(follow_symlinks=False)
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return found
