"""Our pages' HTML made ahead of MkDocs' render, by a forked child on the machine's other core.

MkDocs renders an interface's pages one after the other, on one core.  The HTML of the
pages corpus-site renders itself (documents, concepts, listings: ``Report.html``) is made
inside that render, when MkDocs asks for each page.  ``Ahead`` makes it beforehand instead:
a child process, forked when the interface's pages are known, goes through them in the
order MkDocs will render them and leaves each page's HTML, table of contents and ids in a
file of its own; MkDocs' turn at the page then only reads that file (and deletes it).

Nothing depends on the child: a page it has not made yet (or that it failed to make) is
made in the build process as before, from the same functions, so the output is the same.
The child stays at most ``LEAD`` pages ahead of the build (the files waiting are bounded),
and leaves when the build process is gone.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import pickle
import shutil
import signal
import struct
import tempfile
import time
from typing import Callable, NamedTuple, Sequence

from ..forked import can_fork
from .html import anchor_ids, toc_tokens

LEAD_BYTES = 256 * 2**20  # what the child may have made that the build has not taken yet
MIN_PAGES = 200  # a site of fewer pages does all in the build process (a fork would not pay)
MIN_ENV = "CORPUS_SITE_BESIDE_MIN"  # another such minimum (tests: 1, every build; a huge one, none)


def least_pages() -> int:
    """The pages from which a build forks work beside MkDocs' render (this module's, and the
    search stage's work done early, ``search.index_early``)."""
    return int(os.environ.get(MIN_ENV) or MIN_PAGES)
_WAIT = 0.005  # seconds the child sleeps while it is LEAD_BYTES ahead


class Made(NamedTuple):
    """A page's HTML and what MkDocs needs of it (``body`` None: the page's source is its HTML)."""

    body: str | None
    toc: list[dict]
    ids: set[str]


class Page(NamedTuple):
    """A page to make: its docs/ path, the function making its HTML, and whether that HTML is
    wanted (not when it is the page's source, which the build has read already)."""

    name: str
    render: Callable[[], str]
    body: bool = True


def made(render: Callable[[], str], body: bool = True) -> Made:
    html = render()
    return Made(html if body else None, toc_tokens(html), anchor_ids(html))


class Ahead:
    """The ``pages`` made by a child process; ``take(name)`` gives what the child made of a
    page, or None; ``close()`` stops the child and removes its files.

    ``first`` pages of ``pages`` are those MkDocs renders next, in its order: the build goes
    through them from the front, the child from the back, and they meet (neither makes a
    page twice but for the one they meet at).  The rest (the next interface's) the child
    makes in order while MkDocs writes out this interface, so that they are ready when
    MkDocs reads them."""

    def __init__(self, pages: Sequence[Page], first: int) -> None:
        self._numbers = {page.name: number for number, page in enumerate(pages)}
        # shared with the child: the number after the furthest page the build asked for, and
        # the bytes it has taken
        self._shared = mmap.mmap(-1, 16)
        self._asked = 0
        self._took = 0
        self._folder = tempfile.mkdtemp(prefix="corpus-site-ahead-")
        self._pid = 0
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            return  # every page is made here
        if pid == 0:  # the child
            code = 1
            try:
                gc.disable()  # a collection would touch (and so copy) every page of the parent's objects
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _Maker(pages, self._folder, self._shared, parent).run(first)
                code = 0
            finally:
                os._exit(code)  # no exit handlers, no flushing of the parent's streams
        self._pid = pid

    @classmethod
    def start(cls, pages: Sequence[Page], first: int) -> Ahead | None:
        """An ``Ahead`` for ``pages`` when there are enough of them and another core; else None."""
        return cls(pages, first) if len(pages) >= least_pages() and can_fork() else None

    def take(self, name: str) -> Made | None:
        number = self._numbers.get(name)
        if number is None or not self._pid:
            return None
        if number >= self._asked:
            self._asked = number + 1
            self._shared[:8] = struct.pack("q", self._asked)
        path = os.path.join(self._folder, str(number))
        try:
            with open(path, "rb") as file:
                data = file.read()
            os.unlink(path)
            page = Made(*pickle.loads(data))
        except (OSError, pickle.PickleError, EOFError, TypeError, ValueError):
            return None  # not made yet (or not whole): made here
        self._took += len(data)
        self._shared[8:16] = struct.pack("q", self._took)
        return page

    def close(self) -> None:
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)
            self._pid = 0
        shutil.rmtree(self._folder, ignore_errors=True)
        with contextlib.suppress(ValueError, BufferError):
            self._shared.close()

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Maker:
    """The child's side: the pages made, each written to a file named by its number."""

    def __init__(self, pages: Sequence[Page], folder: str, shared: mmap.mmap, parent: int) -> None:
        self.pages, self.folder, self.shared, self.parent = pages, folder, shared, parent
        self.wrote = 0

    def asked(self) -> int:
        return struct.unpack("q", self.shared[:8])[0]

    def run(self, first: int) -> None:
        for number in range(first - 1, -1, -1):  # from the back, until the build has come so far
            if number < self.asked() or not self.make(number):
                break
        for number in range(first, len(self.pages)):
            if number >= self.asked() and not self.make(number):
                return

    def make(self, number: int) -> bool:
        """Make page ``number``; False when the build is gone."""
        while self.wrote - struct.unpack("q", self.shared[8:16])[0] > LEAD_BYTES:
            if os.getppid() != self.parent:
                return False
            time.sleep(_WAIT)
        page = self.pages[number]
        try:
            data = pickle.dumps(tuple(made(page.render, page.body)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - the build makes it again and reports what went wrong
            return True
        path = os.path.join(self.folder, str(number))
        with open(path + ".part", "wb") as file:
            file.write(data)
        os.rename(path + ".part", path)  # whole, or not there
        self.wrote += len(data)
        return True
