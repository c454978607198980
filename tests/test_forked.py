"""Work done beside the build in a forked process (same pages as done in one process, and
a child that fails never loses the work), and work shared by both interfaces' pages."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT
from corpus_site import pipeline
from corpus_site.forked import Beside, can_fork
from corpus_site.pipeline import Paths, Pipeline, Shared

needs_fork = pytest.mark.skipif(not can_fork(), reason="one CPU or no fork here: the build does not fork")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_fork
def test_the_work_runs_in_another_process_and_its_result_comes_back(tmp_path: Path) -> None:
    def work() -> tuple[int, str]:
        (tmp_path / "written.txt").write_text("by the child", encoding="utf-8")
        return os.getpid(), "done"

    pid, answer = Beside(work).result()
    assert pid != os.getpid() and answer == "done"
    assert (tmp_path / "written.txt").read_text(encoding="utf-8") == "by the child"


@needs_fork
def test_work_that_fails_in_the_child_is_done_again_here_and_raises_here() -> None:
    here = os.getpid()
    runs: list[int] = []

    def flaky() -> int:
        runs.append(os.getpid())  # the child's append is not seen here
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return 7

    assert Beside(flaky).result() == 7 and runs == [here]

    def broken() -> int:
        raise ValueError("a real bug")

    with pytest.raises(ValueError, match="a real bug"):
        Beside(broken).result()


@needs_fork
def test_a_child_that_dies_without_answering_does_not_lose_the_work() -> None:
    here = os.getpid()

    def dies() -> str:
        if os.getpid() != here:
            os._exit(3)
        return "done here"

    assert Beside(dies).result() == "done here"


@needs_fork
def test_a_child_whose_result_is_not_wanted_is_stopped(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def slow() -> str:
        started.write_text("yes", encoding="utf-8")
        time.sleep(30)
        (tmp_path / "late.txt").write_text("too late", encoding="utf-8")
        return "done"

    begun = time.monotonic()
    with pytest.raises(RuntimeError, match="the build failed"):
        with Beside(slow):
            while not started.exists():
                time.sleep(0.01)
            raise RuntimeError("the build failed meanwhile")
    assert time.monotonic() - begun < 20 and not (tmp_path / "late.txt").exists()


def test_without_fork_the_work_is_done_here_when_its_result_is_asked_for() -> None:
    runs: list[int] = []
    with Beside(lambda: runs.append(os.getpid()) or "here", fork=False) as beside:
        assert runs == []
        assert beside.result() == "here" and runs == [os.getpid()]


@needs_fork
def test_pages_made_beside_are_the_pages_made_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    monkeypatch.setattr(pipeline, "FORK_MIN", 10**9)
    alone = Pipeline(Paths(seeds, tmp_path / "alone")).run()
    monkeypatch.setattr(pipeline, "FORK_MIN", 0)
    beside = Pipeline(Paths(seeds, tmp_path / "beside")).run()
    assert tree(tmp_path / "beside") == tree(tmp_path / "alone")
    assert beside.pages == alone.pages and beside.stats == alone.stats
    assert list(beside.html) == list(alone.html)
    # a stale page is still removed, and an unchanged one left alone, when the work is split
    stale = tmp_path / "beside" / "concept" / "gone.md"
    shutil.copy(tmp_path / "beside" / "concepts.md", stale)
    manifest = tmp_path / "beside" / ".corpus-site-manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('[\n', '[\n"concept/gone.md",\n', 1), encoding="utf-8")
    again = Pipeline(Paths(seeds, tmp_path / "beside")).run()
    assert not stale.exists() and again.stats.removed == 1 and again.stats.written == 0


def test_a_shared_value_is_made_once_for_its_uses_then_let_go() -> None:
    made: list[int] = []
    shared = Shared(lambda: made.append(1) or [len(made)], 2)
    first, second = shared(), shared()
    assert first is second and made == [1] and shared.value is None  # not held after its last use
    assert shared() == [2] and made == [1, 1]  # asked again (a rebuild of one interface): made again


def test_both_interface_pages_of_a_document_carry_the_same_text(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    report = Pipeline(Paths(seeds, tmp_path / "docs")).run()
    for doc in report.corpus.documents:
        zh, en = (report.html[f"doc/{doc.meta.slug}{suffix}"] for suffix in (".md", ".en.md"))
        assert zh is not None and en is not None
        zh_page, en_page = zh(), en()

        def text(page: str) -> tuple[str, str]:
            body = page.split('<div class="cs-filters" hidden>', 1)[1].split("</div>\n", 1)[1].split('<div class="cs-cite"', 1)[0]
            notes = page.partition('<div class="footnote"')[2]
            return body, notes

        assert text(zh_page) == text(en_page)
        assert zh_page != en_page  # the interface around the text differs
        if doc.footnotes:
            assert 'class="footnote-ref"' in zh_page and text(zh_page)[1]
