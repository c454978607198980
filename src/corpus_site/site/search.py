"""Search: a Pagefind index per interface language, written next to each language's pages.

The Chinese interface lives at the site root and the English one under ``en/``; each gets
its own bundle (``pagefind/`` and ``en/pagefind/``).  Pagefind is given Chinese text as our
own bigram tokens (``corpus_site.search``), in both bundles: the English interface holds
Chinese documents too; English words are indexed as words (a query matches word prefixes,
so "regulation" finds "regulations").  Only marked content is indexed
(``data-pagefind-body``): document texts, concept names in both languages and concept
cards — not navigation or boilerplate.

Pagefind runs as its own binary (from the ``pagefind_bin_extended`` wheel).  Its indexer
holds every page in memory (about 30 MB per MB of our tokenized text), so a large corpus is
indexed in parts of at most ``PART_BYTES`` of it (and ``PART_PAGES`` pages), one Pagefind
run each, into bundles ``pagefind/``, ``pagefind-2/``, …, which are then merged into one
(:func:`.bundle.finish`): a first search loads one metadata file and, for each word of the
query, one chunk, however many parts there were.  The work around a run is done while
Pagefind runs, as it keeps only about one and a half of two cores busy: the next run's tree
of pages as the index sees them (``search.pages.index_form``) is made beside it, and as a
run ends its tree is removed and its fragments written back while another run still goes.
An interface's merge begins in a forked child while its last run goes (the parts in are
read then), and its word index is merged while the last part's fragments are written back.
When the default interface's first part was made ready during the render
(:func:`index_early`), its run starts at once and the rest is planned while it goes.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import multiprocessing
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
from typing import IO, Any, Callable, Sequence

from ..forked import Beside, can_fork, cpus
from ..search.pages import index_form
from ..search.tokens import folding_shards
from .bundle import POSITIONS, BundleError, Decoded, decode_parts, finish, prepare

BUNDLE = "pagefind"
EXCLUDE = (".headerlink", ".cs-permalink")
MARK = b"data-pagefind-body"
FORK_PAGES = 400  # a tree of this many pages or more is written by two processes
PART_PAGES = 5000  # pages per Pagefind run at most
# what a Pagefind run is given at most, in bytes of its pages' content (each Chinese
# character counted as its token's 10 bytes): its memory grows with it (measured at 10,000
# documents: 1.2 GB for 35 MB of it, 2.6 GB for 76 MB, 3.9 GB for 135 MB)
PART_BYTES = 80_000_000
_HAN_LEAD = bytes(b for b in range(256) if not 0xE3 <= b <= 0xE9)  # deleted: what is left counts Chinese characters


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
    runs: int = 1  # Pagefind runs (parts) merged into its bundle


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
    return [page for page, _ in weighed_pages(root, skip)]


def weighed_pages(root: Path, skip: Sequence[str]) -> list[tuple[Path, int]]:
    """The interface's searchable pages, each with the bytes Pagefind will be given of it
    (its content, each Chinese character as its token's ten bytes)."""
    out = []
    for page in _interface_pages(root, skip):
        data = page.read_bytes()
        if page.name == "404.html" or MARK not in data:
            continue
        start, end = data.find(b"<article"), data.rfind(b"</article>")
        content = data[start:end] if 0 <= start < end else data
        out.append((page, len(content) + 7 * len(content.translate(None, _HAN_LEAD))))
    return out


def split(pages: Sequence[tuple[Path, int]], part_pages: int = PART_PAGES, part_bytes: int = PART_BYTES) -> list[list[Path]]:
    """The pages in parts, in order, as few as keep each within ``part_pages`` pages and
    about ``part_bytes`` bytes (:func:`weighed_pages`), about equal in bytes."""
    total = sum(weight for _, weight in pages)
    count = max(1, -(-len(pages) // max(1, part_pages)), -(-total // max(1, part_bytes)))
    parts: list[list[Path]] = [[]]
    share, seen = total / count, 0
    for page, weight in pages:
        if parts[-1] and (seen + weight / 2 > share * len(parts) or len(parts[-1]) >= part_pages):
            parts.append([])
        parts[-1].append(page)
        seen += weight
    return parts


FOLDING = "assets/search-t2s"  # beside assets/search.js, which fetches from it


def write_folding(folder: Path) -> None:
    """The browser's traditional → simplified table, in the files a query fetches from."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, pairs in folding_shards().items():
        (folder / f"{n}.txt").write_text(pairs, encoding="utf-8")


Part = tuple[Path, Path, list[Path]]  # a Pagefind run: its interface's root, the bundle it writes, its pages


@dataclass(frozen=True, slots=True)
class Early:
    """An interface's part of the search stage done before it, while MkDocs renders another
    interface (on the core it leaves idle): its pages weighed and, when it is indexed in
    parts of its own, its first part's tree of pages as the index sees them."""

    root: Path
    weighed: list[tuple[Path, int]]
    first: tuple[list[Path], Path] | None = None  # the first part's pages and their tree


def index_early(site: Path, folder: str, skip: Sequence[str], part_pages: int = PART_PAGES, part_bytes: int = PART_BYTES) -> Early:
    """The interface at ``folder`` of ``site`` (finished: no other interface's build writes
    to it), weighed and its first part's tree made, for :func:`index_site`.  Its first part
    is the first run whenever the interface has two parts or more (two parts together are
    over the bounds that :func:`split` keeps)."""
    root = site / folder if folder else site
    weighed = weighed_pages(root, skip)
    parts = split(weighed, part_pages, part_bytes) if weighed else []
    if len(parts) < 2:
        return Early(root, weighed)
    tree = _mirrors(site, [(root, root / bundle_name(0), parts[0])], fork=False)[0]
    return Early(root, weighed, (parts[0], tree))


def index_site(
    site: Path, folders: Sequence[str], segmentation: str = "zh", part_pages: int = PART_PAGES, positions: int = POSITIONS,
    part_bytes: int = PART_BYTES, early: Early | None = None,
) -> list[SearchStats]:
    """Index each interface of ``site``: ``folders`` are their sub-folders ("" for the root);
    each in as many Pagefind runs as it takes to keep a run within ``part_pages`` pages and
    ``part_bytes`` bytes (:func:`split`), the parts then merged into one bundle and finished
    (:func:`.bundle.finish`, keeping ``positions`` positions of the commonest words per page).

    Runs that together stay within those bounds run at the same time (one per CPU at most):
    a small site's interfaces are indexed side by side, in the memory of one part.
    ``early`` is what :func:`index_early` did of one interface; its tree is removed here.
    """
    try:
        return _index_site(site, folders, segmentation, part_pages, positions, part_bytes, early)
    finally:
        if early is not None and early.first is not None:
            _remove([early.first[1]])  # (used or not)


def _index_site(
    site: Path, folders: Sequence[str], segmentation: str, part_pages: int, positions: int, part_bytes: int, early: Early | None,
) -> list[SearchStats]:
    roots = [(site / folder if folder else site, [f for f in folders if f and not folder]) for folder in folders]
    for root, _ in roots:
        for old in root.glob(BUNDLE + "*"):
            shutil.rmtree(old)
    planned: list[tuple[str, list[Path], list[Part]]] = []

    def plan() -> tuple[list[list[Part]], dict[Path, list[Path]]]:
        waves, families = _plan(site, folders, roots, part_pages, part_bytes, early)
        planned.extend(families)
        return waves, {runs[0][1]: [bundle for _, bundle, _ in runs] for _, _, runs in families}

    parts = split(early.weighed, part_pages, part_bytes) if early is not None and early.first is not None else []
    if early is not None and early.first is not None and roots and roots[0][0] == early.root and len(parts) > 1 and parts[0] == early.first[0]:
        # the first run is the early interface's first part (its two parts together are over
        # the bounds): it starts on the tree made already, and the rest is planned while it runs
        head: Part = (early.root, early.root / bundle_name(0), early.first[0])
        ran = _run_waves(site, [[head]], segmentation, positions, {}, [early.first[1]], rest=plan)
    else:
        waves, families = plan()
        ran = _run_waves(site, waves, segmentation, positions, families)
    return [SearchStats(folder, len(pages), (runs[0][1],), ran.get(runs[0][0], 0.0), len(runs)) for folder, pages, runs in planned]


def _plan(
    site: Path, folders: Sequence[str], roots: Sequence[tuple[Path, list[str]]], part_pages: int, part_bytes: int, early: Early | None,
) -> tuple[list[list[Part]], list[tuple[str, list[Path], list[Part]]]]:
    """The folding table written and every interface weighed and cut into parts; returns the
    waves of Pagefind runs and, per interface, its pages and its runs."""
    write_folding(site / FOLDING)
    planned: list[tuple[str, list[Path], list[Part]]] = []
    weights: dict[Path, int] = {}
    known = {early.root: early.weighed} if early is not None else {}
    todo = [(root, skip) for root, skip in roots if root not in known]
    with contextlib.ExitStack() as stack:  # (the other interfaces' pages weighed beside: every page is read)
        beside = {root: stack.enter_context(Beside(partial(weighed_pages, root, skip), fork=can_fork())) for root, skip in todo[1:]}
        if todo:
            known[todo[0][0]] = weighed_pages(*todo[0])
        known.update((root, other.result()) for root, other in beside.items())
    for folder, (root, skip) in zip(folders, roots):
        weighed = known[root]
        # a site that marks no content: every page is searchable, as Pagefind would have it
        if not weighed:
            weighed = [(page, page.stat().st_size) for page in _interface_pages(root, skip)]
        weights.update(weighed)
        parts = split(weighed, part_pages, part_bytes) if weighed else [[]]
        runs = [(root, root / bundle_name(number), part) for number, part in enumerate(parts)]
        planned.append((folder, [page for page, _ in weighed], runs))
    waves: list[list[Part]] = []
    for run in (run for _, _, runs in planned for run in runs):
        together = [*waves[-1], run] if waves else []
        if (waves and len(waves[-1]) < cpus() and sum(len(r[2]) for r in together) <= part_pages
                and sum(weights[page] for r in together for page in r[2]) <= part_bytes):
            waves[-1].append(run)
        else:
            waves.append([run])
    return waves, planned


def _run_waves(
    site: Path, waves: Sequence[Sequence[Part]], segmentation: str, positions: int, families: dict[Path, list[Path]],
    ready: list[Path] | None = None, rest: Callable[[], tuple[list[list[Part]], dict[Path, list[Path]]]] | None = None,
) -> dict[Path, float]:
    """Run each wave's Pagefind runs at once, the waves one after the other, and finish
    every interface's bundle; returns the seconds Pagefind ran, per interface root.

    Pagefind keeps about one and a half of two cores busy: the rest of the work is done
    while it runs — the next wave's tree of index copies made (beside, in a thread, and
    shared with a forked child for a large site), and as each run ends, its tree removed
    (beside) and its bundle's fragments written back (here), and once an interface's last
    part is in, its parts merged into one bundle — but for the last run of a wave that
    another wave follows: that is done while that wave runs.  ``ready``: the first wave's
    trees, when they are made already.  ``rest``: when given, ``waves`` is the first wave
    alone, and ``rest()`` plans them all (and their families) while it runs."""
    ran: dict[Path, float] = {}
    made: list[Path] = []
    waves = [list(wave) for wave in waves]
    families = dict(families)
    first_of = {bundle: first for first, bundles in families.items() for bundle in bundles}
    done: dict[Path, set[Path]] = {first: set() for first in families}

    def planned() -> None:
        assert rest is not None
        every, more = rest()
        if not every or every[0] != waves[0]:
            raise SearchError(f"{site}: the search index's first run is not the one planned (a bug: please report it)")
        waves.extend(every[1:])
        families.update(more)
        first_of.update((bundle, first) for first, bundles in more.items() for bundle in bundles)
        done.update((first, set()) for first in more)

    merging = contextlib.ExitStack()

    def ended(bundle: Path) -> None:
        first = first_of.get(bundle, bundle)
        family = families.get(first, [bundle])
        if len(family) == 1:
            _finish(bundle, positions)
            return
        done.setdefault(first, set()).add(bundle)
        left = [b for b in family if b not in done[first]]
        if not can_fork():
            _prepare(bundle)
            if not left:
                _finish(first, positions, family[1:])
            return
        if left:
            _prepare(bundle)
            if len(left) == 1:
                # the merge (a minute at 10,000 documents) begins beside the last part's run:
                # the parts in are read meanwhile, the last once its run ends, while its
                # fragments are written back here
                gates = waiting[first] = (context.Event(), context.Event())
                ready = [b for b in family if b in done[first]]
                merges.append(merging.enter_context(Beside(partial(_merge_beside, os.getpid(), first, positions, family[1:], ready, *gates))))
            return
        ran, prepared = waiting.pop(first)
        ran.set()
        _prepare(bundle, fork=False)  # (one process: the merge has the other core)
        prepared.set()

    context = multiprocessing.get_context("fork")
    waiting: dict[Path, tuple[Any, Any]] = {}  # a family's merge under way: its gates (its last run ended, its fragments prepared)
    merges: list[Beside[str]] = []
    with merging, ThreadPoolExecutor(1, thread_name_prefix="corpus-search") as beside:
        try:
            upcoming = beside.submit(lambda: ready) if ready is not None else beside.submit(_mirrors, site, waves[0]) if waves else None
            unfinished: list[Path] = []
            for number, wave in enumerate(waves):
                assert upcoming is not None
                mirrors = upcoming.result()
                made.extend(mirrors)
                last_wave = number + 1 == len(waves)
                with contextlib.ExitStack() as stack:
                    queue_ended: queue.SimpleQueue[_Run] = queue.SimpleQueue()
                    started = [_start_part(stack, queue_ended, mirror, part, segmentation) for mirror, part in zip(mirrors, wave)]
                    if rest is not None and number == 0:
                        planned()
                        last_wave = number + 1 == len(waves)
                    if not last_wave:
                        upcoming = beside.submit(_mirrors, site, waves[number + 1])
                    for bundle in unfinished:
                        ended(bundle)
                    unfinished = []
                    for going in reversed(range(len(started))):  # the runs as they end
                        run = queue_ended.get()
                        run.finish()
                        beside.submit(_remove, [run.mirror])
                        if going or last_wave:
                            ended(run.bundle)
                        else:
                            unfinished.append(run.bundle)
                    span = max(run.ended for run in started) - min(run.began for run in started)
                    for run in started:
                        ran[run.root] = ran.get(run.root, 0.0) + span / len(started)
            for merge in merges:
                if failed := merge.result():
                    raise SearchError(failed)
        finally:  # whatever a failure left behind: the trees made, the one being made
            if upcoming is not None:
                with contextlib.suppress(Exception):
                    made.extend(mirror for mirror in upcoming.result() if mirror not in made)
            beside.submit(_remove, made)
    return ran


def _finish(
    bundle: Path, positions: int, others: Sequence[Path] = (), prepared: Callable[[], object] | None = None, decoded: Decoded | None = None,
) -> None:
    try:
        finish(bundle, positions, others=others, readable=not others, fragments_ready=prepared, decoded=decoded)
    except BundleError as exc:
        raise SearchError(str(exc)) from exc


def _merge_beside(
    parent: int, bundle: Path, positions: int, others: Sequence[Path], ready: Sequence[Path], ran: Any, prepared: Any,
) -> str:
    """:func:`_finish` in a forked child, begun while the last part's run goes: the parts
    ``ready`` are read (:func:`.bundle.decode_parts`), the rest once ``ran`` is set, the
    parts' fragments moved once ``prepared`` is.  Returns "" or what went wrong.  If the
    child failed, it is not done again here (the parts it read are gone): the build stops
    with the reason."""
    if os.getpid() == parent:
        return f"merging the search index parts of {bundle} stopped in its child process (out of memory?)"
    try:
        decoded = decode_parts(ready)
        ran.wait()
        _finish(bundle, positions, others, prepared.wait, decoded)
    except (SearchError, BundleError) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 (reported by the parent, which stops the build)
        return f"merging the search index parts of {bundle}: {exc!r}"
    return ""


def _prepare(bundle: Path, fork: bool = True) -> None:
    try:
        prepare(bundle, fork)
    except BundleError as exc:
        raise SearchError(str(exc)) from exc


def _mirrors(site: Path, wave: Sequence[Part], fork: bool = True) -> list[Path]:
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
            if fork and len(names) >= FORK_PAGES and can_fork():
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


# The live preview's index runs at this lower priority than the server (os.nice), so that a
# rebuild after an edit is not slowed down by the index of the one before.
BACKGROUND_NICE = 10


class Cancelled(SearchError):
    """A background index stopped before its end (the live preview wants another)."""


def index_in_background(site: Path, folders: Sequence[str], part_pages: int = PART_PAGES, positions: int = POSITIONS,
                        part_bytes: int = PART_BYTES, stop: threading.Event | None = None) -> None:
    """:func:`index_site` in a child process of low priority (``main``): the live preview's
    server keeps its core and its interpreter for the rebuilds meanwhile.  Each bundle gets
    its pages' ids (``PAGE_IDS``), for the preview's delta index.  ``stop``, when set, ends
    the run (``Cancelled``)."""
    command = [sys.executable, "-m", "corpus_site.site.search", str(site), *folders, "--part-pages", str(part_pages),
               "--part-bytes", str(part_bytes), "--positions", str(positions), "--page-ids"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        while process.poll() is None:
            if stop is not None and stop.wait(0.2):
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, 9)  # the indexer and its Pagefind runs
                process.wait()
                raise Cancelled("stopped")
            if stop is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(0.2)
        if process.returncode != 0:
            output.seek(0)
            lines = output.read().strip().splitlines()
            raise SearchError(lines[-1] if lines else f"the search indexer ended with {process.returncode}")


PAGE_IDS = "corpus-pages.json"  # in a preview's bundle: each page's URL → its id in the bundle


def write_page_ids(bundle: Path) -> None:
    """Each page of a finished bundle: its URL → its id (its fragment's name, which a search
    result carries as its ``id``)."""
    from .bundle import SIGNATURE, read

    meta = next(bundle.glob("pagefind.*.pf_meta"), None)
    if meta is None:
        return
    ids = {}
    for name, *_ in read(meta)[1]:
        raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        ids[json.loads(raw[len(SIGNATURE):])["url"]] = name
    (bundle / PAGE_IDS).write_text(json.dumps(ids, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m corpus_site.site.search SITE FOLDER…``: index a built site's interfaces at low priority."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m corpus_site.site.search", description=main.__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("folders", nargs="+", help='each interface\'s folder in the site ("" for the root)')
    parser.add_argument("--part-pages", type=int, default=PART_PAGES)
    parser.add_argument("--part-bytes", type=int, default=PART_BYTES)
    parser.add_argument("--positions", type=int, default=POSITIONS)
    parser.add_argument("--page-ids", action="store_true", help=f"write each bundle's {PAGE_IDS}")
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICE)
    try:
        index_site(args.site, args.folders, part_pages=args.part_pages, positions=args.positions, part_bytes=args.part_bytes)
        for folder in args.folders if args.page_ids else []:
            write_page_ids((args.site / folder if folder else args.site) / BUNDLE)
    except (SearchError, OSError) as exc:
        print(f"corpus-site: search indexing failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
