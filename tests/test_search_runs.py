"""Pagefind runs: a small site's interfaces indexed side by side give the bundles that one
run after the other gives; a failing run is reported by folder, and its tree of links removed."""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from pathlib import Path

import pytest

from corpus_site.forked import cpus
from corpus_site.site import search
from corpus_site.site.search import SearchError, index_site


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(cpus() < 2, reason="one CPU: runs go one after the other")
def test_interfaces_indexed_side_by_side_give_the_same_bundles(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    together, apart = tmp_path / "together", tmp_path / "apart"
    shutil.copytree(built_site, together)
    shutil.copytree(built_site, apart)
    events: list[str] = []
    start, finish = search._start_part, search._Run.finish
    monkeypatch.setattr(search, "_start_part", lambda *args: events.append("start") or start(*args))
    monkeypatch.setattr(search._Run, "finish", lambda run: events.append("finish") or finish(run))
    stats = index_site(together, ["", "en"])
    assert events == ["start", "start", "finish", "finish"]  # both interfaces at once
    events.clear()
    pages = max(s.pages for s in stats)
    index_site(apart, ["", "en"], part_pages=pages)  # two runs of that many pages do not fit one part
    assert events == ["start", "finish", "start", "finish"]
    assert tree(together) == tree(apart)
    assert (together / "pagefind" / "pagefind-entry.json").is_file() and (together / "en" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_failing_run_is_reported_by_folder(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    monkeypatch.setattr(sys, "executable", shutil.which("false"))
    with pytest.raises(SearchError, match=r"pagefind failed on .*site"):
        index_site(site, ["", "en"])
    assert not list(tmp_path.glob(".corpus-search-*"))  # the runs' trees of links are gone


def test_links_are_made_and_bundles_finished_while_pagefind_runs(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two parts an interface, one run at a time: each part's fragments are written back
    while the next run goes, and an interface's parts are merged while the other's run."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    monkeypatch.setattr(search, "can_fork", lambda: False)  # the merge here, where its time is seen
    popen = search.subprocess.Popen
    # each run lasts a second at least, so that what is done beside it is seen beside it on a fast machine too
    monkeypatch.setattr(search.subprocess, "Popen", lambda command, **kw: popen(["sh", "-c", 'sleep 1; exec "$0" "$@"', *command], **kw))
    pages = len(search.searchable_pages(site, ["en"]))
    runs: list[search._Run] = []
    mirrored: list[float] = []
    done: dict[Path, float] = {}
    start, mirrors, prepare, finish = search._start_part, search._mirrors, search.prepare, search.finish
    monkeypatch.setattr(search, "_start_part", lambda *args: runs.append(start(*args)) or runs[-1])
    monkeypatch.setattr(search, "_mirrors", lambda *args: mirrored.append(time.perf_counter()) or mirrors(*args))
    monkeypatch.setattr(search, "prepare", lambda bundle, *args: prepare(bundle, *args) or done.setdefault(bundle, time.perf_counter()))
    # (when the merge begins)
    monkeypatch.setattr(search, "finish", lambda bundle, *args, **kw: done.setdefault(("merged", bundle), time.perf_counter()) and finish(bundle, *args, **kw))
    began = time.perf_counter()
    stats = index_site(site, ["", "en"], part_pages=pages // 2 + 1)  # two parts an interface, one run at a time
    took = time.perf_counter() - began
    assert len(runs) == len(mirrored) == 4
    for number, (run, following) in enumerate(zip(runs, runs[1:])):
        assert mirrored[number + 1] < run.ended  # the next run's links, made while this one ran
        assert run.ended <= done[run.bundle] < following.ended  # its fragments written back while the next ran
    assert runs[1].ended <= done[("merged", site / "pagefind")] < runs[2].ended  # merged while the English ran (the first part's)
    assert [s.bundles for s in stats] == [(site / "pagefind",), (site / "en" / "pagefind",)]
    assert not (site / "pagefind-2").exists() and not (site / "en" / "pagefind-2").exists()
    assert 0 < sum(s.pagefind for s in stats) <= took
    assert not list(tmp_path.glob(".corpus-search-*"))


@pytest.mark.skipif(cpus() < 2, reason="one CPU: runs go one after the other")
def test_a_bundle_is_finished_while_the_other_run_of_its_wave_goes(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    runs: list[search._Run] = []
    finished: dict[Path, float] = {}
    start, finish, popen = search._start_part, search.finish, search.subprocess.Popen

    def slow_english(command: list[str], **kwargs: object) -> object:  # the English run ends two seconds later
        if str(site / "en") in command[command.index("--output-path") + 1]:
            command = ["sh", "-c", 'sleep 2; exec "$0" "$@"', *command]
        return popen(command, **kwargs)

    monkeypatch.setattr(search.subprocess, "Popen", slow_english)
    monkeypatch.setattr(search, "_start_part", lambda *args: runs.append(start(*args)) or runs[-1])
    monkeypatch.setattr(search, "finish", lambda bundle, *args, **kw: finish(bundle, *args, **kw) or finished.setdefault(bundle, time.perf_counter()))
    index_site(site, ["", "en"])
    chinese, english = runs
    assert chinese.ended <= finished[site / "pagefind"] < english.ended  # finished while the English run went
    assert not chinese.mirror.exists() and not english.mirror.exists()
    assert (site / "en" / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.skipif(not search.can_fork(), reason="no fork: the merge is done here, after the fragments")
def test_the_last_parts_fragments_are_written_back_while_the_merge_child_merges_the_word_index(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An interface's merge begins in a forked child while its last run goes (the parts in
    are read then); once that run ends, the word index is merged there while the last
    part's fragments are written back here, and the child moves the fragments only after."""
    from corpus_site.site import bundle

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    log = tmp_path / "log"
    pages = len(search.searchable_pages(site, ["en"]))

    def note(what: str, bundle_path: Path) -> None:  # (from the child too: a file, not a list)
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{what} {bundle_path} {time.perf_counter()}\n")

    rechunk, move, prepare, decode = bundle._rechunk, bundle._move_fragments, search.prepare, search.decode_parts
    monkeypatch.setattr(search, "decode_parts", lambda parts: [note("decoded", b) for b in parts] and decode(parts))
    monkeypatch.setattr(bundle, "_rechunk", lambda b, *args: note("rechunk", b) or rechunk(b, *args))
    monkeypatch.setattr(bundle, "_move_fragments", lambda source, target, names: note("move", target.parent) or move(source, target, names))

    def slow_prepare(b: Path, *args: object) -> None:
        note("prepare", b)
        if b.name == "pagefind-2":
            time.sleep(1.5)  # the merge's word index is under way meanwhile
        prepare(b, *args)
        note("prepared", b)

    popen = search.subprocess.Popen

    def slow_last_run(command: list[str], **kwargs: object) -> object:  # the last part's run ends two seconds later
        if command[command.index("--output-path") + 1].endswith("pagefind-2"):
            command = ["sh", "-c", 'sleep 2; exec "$0" "$@"', *command]
        return popen(command, **kwargs)

    monkeypatch.setattr(search, "prepare", slow_prepare)
    monkeypatch.setattr(search.subprocess, "Popen", slow_last_run)
    index_site(site, ["", "en"], part_pages=pages // 2 + 1)
    events = [line.split(" ") for line in log.read_text(encoding="utf-8").splitlines()]
    at = {(what, Path(where)): float(t) for what, where, t in events}
    for root in (site, site / "en"):
        first, last = root / "pagefind", root / "pagefind-2"
        assert at["prepared", first] < at["prepare", last]  # the first part's fragments while the last part ran
        assert at["decoded", first] < at["prepare", last] and ("decoded", last) not in at  # its words read then too
        # the word index merged while the last part's fragments were written back, which
        # are moved only once written
        assert at["rechunk", first] < at["prepared", last] < at["move", first]
    assert (site / "en" / "pagefind" / "pagefind-entry.json").is_file() and not (site / "en" / "pagefind-2").exists()


def test_pages_and_fragments_shared_with_a_forked_child_give_the_same_bundles(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    """The trees Pagefind reads, the fragments written back after it and the merge of the
    parts are done in other processes for a large site: the same bundles as one process makes."""
    from corpus_site.site import bundle

    alone, shared = tmp_path / "alone", tmp_path / "shared"
    for site in (alone, shared):
        shutil.copytree(built_site, site)
    pages = len(search.searchable_pages(alone, ["en"]))
    with monkeypatch.context() as here:
        here.setattr(search, "can_fork", lambda: False)
        index_site(alone, ["", "en"], part_pages=pages // 2 + 1)
    monkeypatch.setattr(search, "FORK_PAGES", 2)
    monkeypatch.setattr(bundle, "FORK_FRAGMENTS", 2)
    index_site(shared, ["", "en"], part_pages=pages // 2 + 1)  # in two parts, merged in a child
    for folder in ("pagefind", "en/pagefind"):
        assert tree(alone / folder) == tree(shared / folder) and len(tree(alone / folder)) > 20


def test_an_interface_weighed_and_its_first_tree_made_early_gives_the_same_bundles(built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default interface's part done while MkDocs renders the other (``index_early``):
    its first run starts on the tree made then, and the bundles are those made without it."""
    later, early = tmp_path / "later", tmp_path / "early"
    for site in (later, early):
        shutil.copytree(built_site, site)
    pages = len(search.searchable_pages(later, ["en"]))
    index_site(later, ["", "en"], part_pages=pages // 2 + 1)
    done = search.index_early(early, "", ["en"], part_pages=pages // 2 + 1)
    assert done.first is not None and done.first[1].is_dir()  # two parts: the first one's tree made
    assert [page for page, _ in done.weighed] == search.searchable_pages(early, ["en"])
    made: list[object] = []
    mirrors, weighed = search._mirrors, search.weighed_pages
    monkeypatch.setattr(search, "_mirrors", lambda site, wave, **kw: made.append([part[1] for part in wave]) or mirrors(site, wave, **kw))
    monkeypatch.setattr(search, "weighed_pages", lambda root, skip: made.append(root) or weighed(root, skip))
    start, folding = search._start_part, search.write_folding
    monkeypatch.setattr(search, "_start_part", lambda *args: made.append("run") or start(*args))
    monkeypatch.setattr(search, "write_folding", lambda folder: made.append("folding") or folding(folder))
    index_site(early, ["", "en"], part_pages=pages // 2 + 1, early=done)
    assert early not in made and [early / "pagefind"] not in made  # neither weighed nor its tree made again
    # its first run started at once: the folding table written and the other interface weighed while it runs
    assert made.index("run") < made.index("folding") < made.index(early / "en")
    assert not done.first[1].exists() and not list(tmp_path.glob(".corpus-search-*"))
    for folder in ("pagefind", "en/pagefind"):
        assert tree(later / folder) == tree(early / folder) and len(tree(later / folder)) > 20
    # one part only: nothing to make early but the weights; a tree made for another plan is not used (and is removed)
    small = search.index_early(early, "en", [])
    assert small.first is None and small.weighed
    stray = search.index_early(early, "", ["en"], part_pages=pages // 3 + 1)
    index_site(early, ["", "en"], part_pages=pages // 2 + 1, early=stray)
    assert not stray.first[1].exists()
    for folder in ("pagefind", "en/pagefind"):
        assert tree(later / folder) == tree(early / folder)
