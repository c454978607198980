"""The seeds' folder watched through the operating system's file events under `mkdocs serve`.

MkDocs watches with watchdog's ``PollingObserver``: every file of a watch is looked at twice
a second, in the server's interpreter.  It polls on purpose, for the mounts where file
events do not arrive (Docker on macOS, network shares: mkdocs/mkdocs#2477).  At 3,300 seeds
(6,600 files with their sidecars) that walk took about 40 % of the interpreter's samples
during a rebuild.

Here the seeds' folder is watched by watchdog's native ``Observer`` (inotify on Linux,
FSEvents on macOS, ReadDirectoryChangesW on Windows), which costs nothing between changes.
A change it reports asks the server for a rebuild, as MkDocs' own watch does.  Where file
events may not arrive, a walk of the folder every ``CHECK_SECONDS`` (a tenth of MkDocs'
polling) still sees a change that no event announced, and asks for the rebuild then.

The server's request for a rebuild is not public API (``LiveReloadServer._rebuild_cond`` in
MkDocs 1.6, pinned below 2); without it the folder is left to MkDocs' own watch.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .preview import tree

log = logging.getLogger("mkdocs.plugins.corpus_site")

CHECK_SECONDS = 5.0
# Events that say a file changed (not that it was opened or read: the loader reads seeds).
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


def rebuild_request(server: Any) -> Callable[[], None] | None:
    """A function that asks ``server`` (MkDocs' LiveReloadServer) for a rebuild, as its own
    watch does; None when this MkDocs has no such hook."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def request() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()
    return request


class FolderWatch:
    """``folder`` watched by file events, with a walk every ``check`` seconds for a change
    that no event announced; ``request`` is called for each change."""

    def __init__(self, folder: Path, request: Callable[[], None], check: float = CHECK_SECONDS) -> None:
        self.folder, self.request, self.check = folder, request, check
        self._heard = threading.Event()  # an event arrived since the last walk
        self._stop = threading.Event()
        self._observer: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start watching; False when this platform has no file events (watchdog would poll)."""
        observer = Observer()
        if isinstance(observer, PollingObserver):
            return False
        handler = FileSystemEventHandler()
        handler.on_any_event = self._event  # type: ignore[method-assign]
        try:
            observer.schedule(handler, str(self.folder), recursive=True)
            observer.start()
        except OSError as exc:  # e.g. inotify's limit of watches reached
            log.info(f"corpus_site: the seeds' folder is polled: its file events are not available ({exc})")
            return False
        self._observer = observer
        self._thread = threading.Thread(target=self._walks, name="corpus-site seeds check", daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def _event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self._heard.set()
            log.debug(str(event))
            self.request()

    def _walks(self) -> None:
        last = tree(self.folder)
        while not self._stop.wait(self.check):
            heard = self._heard.is_set()
            self._heard.clear()
            now = tree(self.folder)
            if now != last and not heard:
                log.debug(f"corpus_site: a change in {self.folder} that no file event announced")
                self.request()
            last = now


def watch_natively(server: Any, folder: Path) -> FolderWatch | None:
    """Watch ``folder`` by file events for ``server``; None (watch it the MkDocs way) when
    the server cannot be asked for a rebuild or the platform has no file events."""
    request = rebuild_request(server)
    if request is None or not folder.is_dir():
        return None
    watch = FolderWatch(folder, request)
    return watch if watch.start() else None
