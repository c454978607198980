"""The seeds' folder under `mkdocs serve`: watched by file events, with a walk for a change
that no event announced (site/watch.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from corpus_site.site.watch import FolderWatch, rebuild_request


class Requests:
    def __init__(self) -> None:
        self.count = 0
        self.heard = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.heard.set()


def started(folder: Path, requests: Requests, check: float = 60.0) -> FolderWatch:
    watch = FolderWatch(folder, requests, check)
    if not watch.start():
        pytest.skip("no file events on this platform: watchdog would poll")
    return watch


def test_a_seed_written_added_or_deleted_asks_for_a_rebuild_and_reading_one_does_not(tmp_path: Path) -> None:
    seed = tmp_path / "a.txt"
    seed.write_text("第一稿。", encoding="utf-8")
    requests = Requests()
    watch = started(tmp_path, requests)
    try:
        seed.read_text(encoding="utf-8")  # the loader reads seeds: that is no change
        (tmp_path / "nested").mkdir()
        time.sleep(0.5)
        before = requests.count
        requests.heard.clear()
        seed.write_text("第二稿。", encoding="utf-8")
        assert requests.heard.wait(5)
        for change in (lambda: (tmp_path / "nested" / "b.md").write_text("x", encoding="utf-8"), seed.unlink):
            requests.heard.clear()
            change()
            assert requests.heard.wait(5)
        time.sleep(0.3)
        count = requests.count
        (tmp_path / "nested" / "b.md").read_text(encoding="utf-8")
        time.sleep(0.5)
        assert requests.count == count > before
    finally:
        watch.stop()


def test_a_change_that_no_event_announced_is_seen_by_the_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where file events do not arrive (some mounts), the walk sees the change."""
    monkeypatch.setattr(FolderWatch, "_event", lambda self, event: None)  # events lost
    requests = Requests()
    watch = started(tmp_path, requests, check=0.2)
    try:
        time.sleep(0.3)
        assert requests.count == 0  # nothing changed, nothing asked
        (tmp_path / "a.txt").write_text("新的。", encoding="utf-8")
        assert requests.heard.wait(5)
        time.sleep(0.6)
        assert requests.count == 1  # once, not at every walk
    finally:
        watch.stop()


def test_a_change_heard_as_an_event_is_not_asked_for_again_by_the_walk(tmp_path: Path) -> None:
    requests = Requests()
    watch = started(tmp_path, requests, check=0.5)
    try:
        (tmp_path / "a.txt").write_text("新的。", encoding="utf-8")
        assert requests.heard.wait(5)
        time.sleep(0.3)
        count = requests.count
        time.sleep(1.2)  # two walks
        assert requests.count == count
    finally:
        watch.stop()


def test_the_rebuild_is_asked_of_mkdocs_server_as_its_own_watch_asks() -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        request = rebuild_request(server)
        assert request is not None
        assert server._want_rebuild is False
        request()
        assert server._want_rebuild is True
    finally:
        server.server_close()
    assert rebuild_request(object()) is None
