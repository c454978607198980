"""Search: a Pagefind index per interface language, written next to each language's pages.

The Chinese interface lives at the site root and the English one under ``en/``; each gets
its own bundle (``pagefind/`` and ``en/pagefind/``).  Pagefind is given Chinese text as our
own bigram tokens (``corpus_site.search``), in both bundles: the English interface holds
Chinese documents too; English words are indexed as words (a query matches word prefixes,
so "regulation" finds "regulations").  Only marked content is indexed
(``data-pagefind-body``): document texts, concept names in both languages and concept
cards — not navigation or boilerplate.

Pagefind runs as its own binary (from the ``pagefind_bin_extended`` wheel).  Its indexer
holds every page in memory (about 0.8 MB per page of our tokenized Chinese text), so a large corpus is
indexed in parts of at most ``PART_PAGES`` pages, one Pagefind run each, into bundles
``pagefind/``, ``pagefind-2/``, …; the search merges them in the browser (Pagefind's
``mergeIndex``, which shares one engine: the parts cost no extra download but their own
metadata, which together is the size of one index's).  The work around a run is done while
Pagefind runs, as it keeps only about one and a half of two cores busy: the next run's tree
of pages as the index sees them (``search.pages.index_form``) is made beside it, and as a
run ends its tree is removed and its bundle finished while another run still goes.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Sequence

from ..forked import Beside, can_fork, cpus
from ..search.pages import index_form
from ..search.tokens import folding_shards
from .bundle import POSITIONS, THINNED, BundleError, finish

BUNDLE = "pagefind"
EXCLUDE = (".headerlink", ".cs-permalink")
MARK = b"data-pagefind-body"
FORK_PAGES = 400  # a tree of this many pages or more is written by two processes
PART_PAGES = 3500  # pages per Pagefind run: its memory grows with them (2.4 GB at 3,040 pages of the benchmark's)


class SearchError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class SearchStats:
    folder: str
    pages: int
    bundles: tuple[Path, ...]
    # seconds during which this interface's Pagefind runs ran (a wave of runs of two
    # interfaces at once counts half to each): the search stage's time not spent in our code
    pagefind: float = 0.0


def parts_for(pages: int, part_pages: int = PART_PAGES) -> int:
    """How many bundles an interface with ``pages`` searchable pages is indexed into."""
    return max(1, -(-pages // max(1, part_pages)))


def bundle_name(part: int) -> str:
    return BUNDLE if part == 0 else f"{BUNDLE}-{part + 1}"


def _interface_pages(root: Path, skip: Sequence[str]) -> list[Path]:
    """The interface's pages: not another interface's folder, not a search bundle (neither is walked)."""
    found = []
    for folder, subfolders, names in os.walk(root):
        if folder == str(root):
            subfolders[:] = [d for d in subfolders if d not in skip and not d.startswith(BUNDLE)]
        found.extend(Path(folder, name) for name in names if name.endswith(".html"))
    return sorted(found)


def searchable_pages(root: Path, skip: Sequence[str]) -> list[Path]:
    """The interface's pages that mark content for the index (``data-pagefind-body``)."""
    return [p for p in _interface_pages(root, skip) if p.name != "404.html" and MARK in p.read_bytes()]


FOLDING = "assets/search-t2s"  # beside assets/search.js, which fetches from it


def write_folding(folder: Path) -> None:
    """The browser's traditional → simplified table, in the files a query fetches from."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, pairs in folding_shards().items():
        (folder / f"{n}.txt").write_text(pairs, encoding="utf-8")


Part = tuple[Path, Path, list[Path]]  # a Pagefind run: its interface's root, the bundle it writes, its pages


def index_site(
    site: Path, folders: Sequence[str], segmentation: str = "zh", part_pages: int = PART_PAGES, positions: int = POSITIONS
) -> list[SearchStats]:
    """Index each interface of ``site``: ``folders`` are their sub-folders ("" for the root);
    each in as many parts as it takes to keep a part within ``part_pages`` pages; each
    bundle then finished (:func:`.bundle.finish`, keeping ``positions`` positions of the
    commonest words per page).

    Runs whose pages together stay within ``part_pages`` run at the same time (one per CPU
    at most): a small site's interfaces are indexed side by side, in the memory of one part.
    """
    write_folding(site / FOLDING)
    planned: list[tuple[str, list[Path], list[Part]]] = []
    for folder in folders:
        root = site / folder if folder else site
        skip = [f for f in folders if f and not folder]
        for old in root.glob(BUNDLE + "*"):
            shutil.rmtree(old)
        # a site that marks no content: every page is searchable, as Pagefind would have it
        pages = searchable_pages(root, skip) or _interface_pages(root, skip)
        parts = parts_for(len(pages), part_pages)
        size = -(-len(pages) // parts) if pages else 0
        runs = [(root, root / bundle_name(part), pages[part * size : (part + 1) * size]) for part in range(parts)]
        planned.append((folder, pages, runs))
    waves: list[list[Part]] = []
    for run in (run for _, _, runs in planned for run in runs):
        if waves and len(waves[-1]) < cpus() and sum(len(r[2]) for r in waves[-1]) + len(run[2]) <= part_pages:
            waves[-1].append(run)
        else:
            waves.append([run])
    ran = _run_waves(site, waves, segmentation, positions)
    stats = []
    for folder, pages, runs in planned:
        bundles = [bundle for _, bundle, _ in runs]
        _list_parts(bundles)
        stats.append(SearchStats(folder, len(pages), tuple(bundles), ran.get(runs[0][0], 0.0)))
    return stats


def _run_waves(site: Path, waves: Sequence[Sequence[Part]], segmentation: str, positions: int) -> dict[Path, float]:
    """Run each wave's Pagefind runs at once, the waves one after the other, and finish
    every bundle; returns the seconds Pagefind ran, per interface root.

    Pagefind keeps about one and a half of two cores busy: the rest of the work is done
    while it runs — the next wave's tree of index copies made (beside, in a thread, and
    shared with a forked child for a large site), and as each run ends, its tree removed (beside) and its bundle finished (here),
    but for the last run of a wave that another wave follows: its bundle is finished while
    that wave runs."""
    ran: dict[Path, float] = {}
    made: list[Path] = []
    with ThreadPoolExecutor(1, thread_name_prefix="corpus-search") as beside:
        try:
            upcoming = beside.submit(_mirrors, site, waves[0]) if waves else None
            unfinished: list[Path] = []
            for number, wave in enumerate(waves):
                assert upcoming is not None
                mirrors = upcoming.result()
                made.extend(mirrors)
                last_wave = number + 1 == len(waves)
                with contextlib.ExitStack() as stack:
                    ended: queue.SimpleQueue[_Run] = queue.SimpleQueue()
                    started = [_start_part(stack, ended, mirror, part, segmentation) for mirror, part in zip(mirrors, wave)]
                    if not last_wave:
                        upcoming = beside.submit(_mirrors, site, waves[number + 1])
                    for bundle in unfinished:
                        _finish(bundle, positions)
                    unfinished = []
                    for going in reversed(range(len(started))):  # the runs as they end
                        run = ended.get()
                        run.finish()
                        beside.submit(_remove, [run.mirror])
                        if going or last_wave:
                            _finish(run.bundle, positions)
                        else:
                            unfinished.append(run.bundle)
                    span = max(run.ended for run in started) - min(run.began for run in started)
                    for run in started:
                        ran[run.root] = ran.get(run.root, 0.0) + span / len(started)
        finally:  # whatever a failure left behind: the trees made, the one being made
            if upcoming is not None:
                with contextlib.suppress(Exception):
                    made.extend(mirror for mirror in upcoming.result() if mirror not in made)
            beside.submit(_remove, made)
    return ran


def _finish(bundle: Path, positions: int) -> None:
    try:
        finish(bundle, positions)
    except BundleError as exc:
        raise SearchError(str(exc)) from exc


def _mirrors(site: Path, wave: Sequence[Part]) -> list[Path]:
    """For each run of a wave, a tree that mirrors its interface's root (so that the URLs are
    the pages' own) and holds only its pages, each as the index sees it (:func:`index_form`:
    its Chinese text as our own tokens).  Many pages are shared with a forked child: the
    first wave's tree is on the build's critical path, with the other core idle."""
    out: list[Path] = []
    try:
        for root, _, pages in wave:
            out.append(Path(tempfile.mkdtemp(prefix=".corpus-search-", dir=site.parent)))
            base, target = len(str(root)) + 1, str(out[-1])
            for folder in sorted({os.path.dirname(os.path.join(target, str(page)[base:])) for page in pages}):
                os.makedirs(folder, exist_ok=True)
            names = [str(page) for page in pages]
            if len(names) >= FORK_PAGES and can_fork():
                half = len(names) // 2
                with Beside(partial(_index_forms, names[half:], base, target)) as other:
                    _index_forms(names[:half], base, target)
                    other.result()
            else:
                _index_forms(names, base, target)
    except BaseException:
        _remove(out)
        raise
    return out


def _index_forms(pages: Sequence[str], base: int, target: str) -> int:
    """Write each page as the index sees it into the tree at ``target``; returns how many."""
    for page in pages:
        with open(page, encoding="utf-8") as source, open(os.path.join(target, page[base:]), "w", encoding="utf-8") as copy:
            copy.write(index_form(source.read()))
    return len(pages)


def _remove(mirrors: Sequence[Path]) -> None:
    for mirror in mirrors:
        shutil.rmtree(mirror, ignore_errors=True)


def _list_parts(bundles: Sequence[Path]) -> None:
    """Name the other parts in the first bundle's entry file, where the search finds them."""
    entry_path = bundles[0] / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["corpus_site_parts"] = [f"{b.name}/" for b in bundles[1:]]
    thinned = set(entry.get(THINNED, []))
    for other in bundles[1:]:
        thinned.update(json.loads((other / "pagefind-entry.json").read_text(encoding="utf-8")).get(THINNED, []))
    entry[THINNED] = sorted(thinned)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _start_part(stack: contextlib.ExitStack, ended: queue.SimpleQueue[_Run], mirror: Path, part: Part, segmentation: str) -> _Run:
    """Start one Pagefind run over the pages linked in ``mirror``, put in ``ended`` as it
    ends; a run still going when ``stack`` closes (another run failed) is stopped."""
    root, bundle, _ = part
    command = [sys.executable, "-m", "pagefind", "--site", str(mirror), "--output-path", str(bundle),
               "--force-language", segmentation, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    # (output to files, not pipes: two runs at once must not block on a full pipe)
    out = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace"))
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True)
    run = _Run(root, bundle, mirror, process, out, ended)
    stack.callback(run.stop)
    return run


class _Run:
    """A Pagefind run going on.  When it ends is noted as it ends, by a thread that waits
    for it — not when the build gets round to asking, having done other work meanwhile."""

    def __init__(self, root: Path, bundle: Path, mirror: Path, process: subprocess.Popen[str], output: IO[str], ended: queue.SimpleQueue[_Run]) -> None:
        self.root, self.bundle, self.mirror, self.process, self.output = root, bundle, mirror, process, output
        self.began = self.ended = time.perf_counter()
        self._watch = threading.Thread(target=self._wait, args=(ended,), name="corpus-search-run", daemon=True)
        self._watch.start()

    def _wait(self, ended: queue.SimpleQueue[_Run]) -> None:
        try:
            self.process.wait()
        finally:
            self.ended = time.perf_counter()
            ended.put(self)

    def finish(self) -> None:
        self._watch.join()
        if self.process.returncode != 0:
            self.output.seek(0)
            message = self.output.read().strip().splitlines()
            raise SearchError(f"pagefind failed on {self.root}: {message[-1] if message else self.process.returncode}")

    def stop(self) -> None:
        """A run still going when its wave is given up (another run failed): end it."""
        if self.process.poll() is None:
            self.process.kill()
        self._watch.join()
