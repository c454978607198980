"""Hardening (issue #21): YAML alias bombs are refused at once, special files in seeds/ are
named and skipped, a text ending on a bare title loses nothing, Pagefind's files are read
only in the layout of the version pinned."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_site.ingest.conserve import coverage
from corpus_site.ingest.loader import load_corpus, load_text, seed_listing
from corpus_site.ingest.sidecar import load_sidecar
from corpus_site.site.bundle import BundleError, finish

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOMB_LEVELS = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'] + [
    f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
]


def bomb(key: str) -> str:
    """Eight levels of nine aliases each: 43 million references in 700 bytes."""
    return "\n".join(BOMB_LEVELS) + f"\n{key}: *a8\n"


def test_a_sidecar_alias_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    side = tmp_path / "x.meta.yml"
    side.write_text(bomb("title"), encoding="utf-8")
    started = time.perf_counter()
    sidecar, problems = load_sidecar(side)
    assert time.perf_counter() - started < 1.0
    assert sidecar is None and len(problems) == 1
    assert re.match(r"x\.meta\.yml:\d+: error: refused: ", str(problems[0])) and "alias" in str(problems[0])


def test_a_registry_alias_bomb_is_refused_and_the_seeds_still_load(tmp_path: Path) -> None:
    from corpus_site.concepts.registry import load_registry

    registry = tmp_path / "concepts.yml"
    registry.write_text(bomb("concepts"), encoding="utf-8")
    started = time.perf_counter()
    _, problems = load_registry(registry)
    assert time.perf_counter() - started < 1.0
    assert any("alias" in str(p) and "concepts.yml:" in str(p) for p in problems)


def test_small_anchors_and_aliases_still_work(tmp_path: Path) -> None:
    side = tmp_path / "y.meta.yml"
    side.write_text("defaults: &d\n  source: 红网\n  source_en: Rednet\ndocuments:\n  1: *d\n", encoding="utf-8")
    sidecar, problems = load_sidecar(side)
    assert not problems and sidecar is not None and sidecar.fields_for(1)["source_en"] == "Rednet"


def test_special_files_in_seeds_are_named_and_skipped(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    good = seeds / "good.txt"
    good.write_text("一篇正常的文本标题\n\n" + "这是正文，写得足够长以成为一个段落。" * 4 + "\n", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to("/etc/passwd")
    (seeds / "alias.txt").symlink_to(good)  # stays inside seeds/: followed
    (seeds / "dangling.txt").symlink_to(seeds / "nowhere.txt")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "folder.txt").mkdir()
    started = time.perf_counter()
    files, skipped = seed_listing(seeds)
    assert time.perf_counter() - started < 1.0  # a FIFO is never opened
    assert [p.name for p in files] == ["alias.txt", "good.txt"]
    lines = {d.file: str(d) for d in skipped}
    assert set(lines) == {"passwd.txt", "dangling.txt", "pipe.txt", "folder.txt"}
    assert "outside seeds/" in lines["passwd.txt"] and "FIFO" in lines["pipe.txt"] and "folder" in lines["folder.txt"]
    assert all(line.count("\n") == 0 and ": warning: skipped: " in line for line in lines.values())
    corpus = load_corpus(seeds)
    assert len(corpus.documents) == 2 and {"passwd.txt", "pipe.txt"} <= {d.file for d in corpus.diagnostics}
    assert not any("root:" in b.text for d in corpus.documents for b in d.blocks)


PARAGRAPHS = [p for p in (SEEDS / "001_0e6bd6cdd338e71c.txt").read_text(encoding="utf-8").split("\n") if len(p.strip()) > 60][:40]


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 6))
def test_essays_in_shuffled_order_ending_on_a_bare_title_lose_nothing(rng: random.Random, essays: int) -> None:
    """The essay shape with its paragraphs shuffled, and a scrape cut short after a title."""
    parts = []
    for n in range(essays):
        body = rng.sample(PARAGRAPHS, k=min(len(PARAGRAPHS), rng.randint(1, 4)))
        parts.append(f"第{n + 1}篇评论的标题行\n\n" + "\n".join(body))
    text = "\n\n".join(parts) + "\n\n最后一篇只剩标题\n"
    result = load_text(text, "shuffled.txt")
    gaps = coverage(result)
    assert not gaps.missing and not gaps.doubled
    assert not [d for d in result.diagnostics if d.code == "conservation"]
    assert "最后一篇只剩标题" in " ".join(b.text for d in result.documents for b in d.blocks)


def test_a_bundle_of_another_pagefind_version_is_refused_with_its_file(built_site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(built_site / "pagefind", bundle)
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["version"] = "1.6.0"
    entry.write_text(json.dumps(data), encoding="utf-8")
    before = sorted(p.name for p in bundle.rglob("*"))
    with pytest.raises(BundleError, match=r"pagefind-entry\.json: written by Pagefind '1\.6\.0'"):
        finish(bundle)
    assert sorted(p.name for p in bundle.rglob("*")) == before  # nothing written


def test_a_metadata_file_of_another_layout_is_refused(built_site: Path, tmp_path: Path) -> None:
    import gzip

    import cbor2

    bundle = tmp_path / "pagefind"
    shutil.copytree(built_site / "pagefind", bundle)
    (meta,) = bundle.glob("*.pf_meta")
    meta.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps({"pages": []})))
    with pytest.raises(BundleError, match=meta.name):
        finish(bundle)


def test_the_loader_cache_persists_between_builds_and_a_bad_entry_is_never_trusted(tmp_path: Path) -> None:
    """Issue #20: a second build parses no unchanged seed; a corrupt or edited entry is
    ignored (and the seed parsed again), never read."""
    from corpus_site.ingest.cache import DiskCache
    from corpus_site.ingest import loader

    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "forms", seeds)
    first_disk = DiskCache(tmp_path / "cache")
    first = load_corpus(seeds, disk=first_disk)
    assert first_disk.hits == 0 and len(list((tmp_path / "cache").glob("*.json"))) == len(first.seeds)

    parsed: list[str] = []
    real = loader._load_one
    loader._load_one = lambda path: (parsed.append(path.name), real(path))[1]  # type: ignore[assignment]
    try:
        again_disk = DiskCache(tmp_path / "cache")
        again = load_corpus(seeds, disk=again_disk)
        assert parsed == [] and again_disk.hits == len(first.seeds)
        assert again.seeds == first.seeds and again.diagnostics == first.diagnostics
        entries = sorted((tmp_path / "cache").glob("*.json"))
        entries[0].write_bytes(entries[0].read_bytes()[:-40])  # cut short
        body = entries[1].read_bytes().replace(b'"title":"', b'"title":"EDITED ', 1)
        entries[1].write_bytes(body)  # edited: its hash no longer holds
        third_disk = DiskCache(tmp_path / "cache")
        third = load_corpus(seeds, disk=third_disk)
        assert len(parsed) == 2 and third_disk.refused == 2
        assert third.seeds == first.seeds
        (seeds / "news.jsonl").write_text('{"title": "新的一条", "content": "新的内容。"}\n', encoding="utf-8")
        load_corpus(seeds, disk=DiskCache(tmp_path / "cache"))
        assert parsed[-1] == "news.jsonl"  # changed bytes: parsed again
    finally:
        loader._load_one = real  # type: ignore[assignment]
