"""Pages' HTML made ahead of MkDocs' render by a forked child (site/ahead.py): what the build
takes from it is what it would have made itself, and nothing is lost when the child is not
there, is behind, or dies."""

from __future__ import annotations

import os
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from corpus_site.forked import can_fork
from corpus_site.site import ahead
from corpus_site.site.ahead import Ahead, Page, made

needs_fork = pytest.mark.skipif(not can_fork(), reason="one CPU or no fork here: the build does not fork")


def html(number: int) -> str:
    return (f'<h2 id="s{number}">Section {number}<a class="headerlink" href="#s{number}">¶</a></h2>\n'
            f'<p id="p{number}">第{number}段 &amp; text</p>\n<h3 id="t{number}">Sub<a class="headerlink" href="#t{number}">¶</a></h3>\n')


def pages(count: int, source_every: int = 0) -> list[Page]:
    return [Page(f"doc/{number}.md", partial(html, number), body=not source_every or number % source_every != 0) for number in range(count)]


def wait_for(condition, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the child made nothing in time"
        time.sleep(0.01)


def files_in(made_ahead: Ahead) -> list[str]:
    return [name for name in os.listdir(made_ahead._folder) if not name.endswith(".part")]


@needs_fork
def test_what_the_build_takes_is_what_it_would_make(monkeypatch: pytest.MonkeyPatch) -> None:
    todo = pages(300, source_every=7)
    with Ahead(todo, first=120) as child:
        wait_for(lambda: len(files_in(child)) == len(todo))  # nobody takes: it makes every page
        for page in todo:
            taken = child.take(page.name)
            assert taken == made(page.render, page.body)
            assert (taken.body is None) == (not page.body)  # a page's source is not sent back
        assert files_in(child) == []  # each file taken is removed
        assert child.take("doc/unknown.md") is None


@needs_fork
def test_the_build_and_the_child_meet_in_the_middle(monkeypatch: pytest.MonkeyPatch) -> None:
    todo = pages(2000)
    taken = 0
    with Ahead(todo, first=len(todo)) as child:
        wait_for(lambda: len(files_in(child)) > 0)
        for page in todo:  # the build from the front, making what the child has not
            got = child.take(page.name)
            taken += got is not None
            assert (got or made(page.render)) == made(page.render)
        left = files_in(child)
    # the child started from the back and stopped where the build had come: at most the page
    # it was making then is made twice
    assert 0 < taken < len(todo)
    assert len(left) <= 1


@needs_fork
def test_the_next_interfaces_pages_are_made_in_order_while_this_one_is_written() -> None:
    todo = pages(400)
    with Ahead(todo, first=100) as child:
        wait_for(lambda: len(files_in(child)) == len(todo))
        for page in todo[:100]:
            assert child.take(page.name) is not None
        for page in todo[100:]:
            assert child.take(page.name) == made(page.render)


@needs_fork
def test_a_child_that_dies_loses_nothing(tmp_path: Path) -> None:
    todo = pages(500)
    child = Ahead(todo, first=len(todo))
    try:
        os.kill(child._pid, signal.SIGKILL)
        os.waitpid(child._pid, 0)
        for page in todo:
            got = child.take(page.name)
            assert (got or made(page.render)) == made(page.render)
    finally:
        child.close()
    assert not Path(child._folder).exists()


@needs_fork
def test_the_child_waits_while_what_it_made_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "LEAD_BYTES", 2_000)
    todo = pages(300)
    with Ahead(todo, first=0) as child:
        wait_for(lambda: len(files_in(child)) > 0)
        time.sleep(0.5)
        waiting = len(files_in(child))
        assert 0 < waiting < 40  # about 2 KB of pages, not all 300
        for page in todo:
            assert (child.take(page.name) or made(page.render)) == made(page.render)


def test_a_small_site_or_one_cpu_makes_its_pages_in_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ahead.MIN_ENV, raising=False)
    assert Ahead.start(pages(ahead.MIN_PAGES - 1), first=10) is None
    monkeypatch.setattr(ahead, "can_fork", lambda: False)
    assert Ahead.start(pages(ahead.MIN_PAGES), first=10) is None
