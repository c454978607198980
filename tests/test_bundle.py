"""Finishing Pagefind bundles: thinning the commonest words' positions keeps the ranking's
weights, chunk ranges send every word to its own chunk, and in a real browser a thinned
index finds the same pages in the same order as Pagefind's own."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_site.search.tokens import query_tokens
from corpus_site.site import bundle
from corpus_site.site.bundle import BundleError, finish, thin
from corpus_site.site.search import index_site


def weights(locations: list[int]) -> list[tuple[int, int]]:
    """(weight, position) for each position, as Pagefind reads them."""
    out, weight = [], 0
    for value in locations:
        if value < 0:
            weight = -value - 1
        else:
            out.append((weight, value))
    return out


locations = st.lists(
    st.one_of(st.integers(0, 300), st.sampled_from([-25, -121])), min_size=1, max_size=80
).map(lambda values: [-25, *values])


@given(locations, st.integers(1, 20))
def test_thinning_keeps_the_first_positions_and_their_total_weight(found: list[int], keep: int) -> None:
    kept = thin(found, keep)
    before, after = weights(found), weights(kept)
    assert [p for _, p in after] == [p for _, p in before][:keep]
    total = sum(w for w, _ in before)
    if all(w * total <= bundle.MAX_WEIGHT * sum(w for w, _ in before[:keep]) for w, _ in before[:keep]):
        # nothing clamped: the kept positions weigh what all did, to rounding
        assert abs(sum(w for w, _ in after) - total) <= len(after) / 2


def test_a_page_keeps_at_least_a_tenth_of_its_positions() -> None:
    page = [3, [-25, *range(1, 201)]]
    thinned = bundle._page(page, 16)
    assert thinned[0] == 3 and len(weights(thinned[1])) == 20
    assert sum(w for w, _ in weights(thinned[1])) == 24 * 200
    assert bundle._page([3, [-25, 1, 2]], 16) == [3, [-25, 1, 2]]  # few positions: as it was


def chunks_for(term: str, chunks: list[tuple[str, str]]) -> set[int]:
    """The chunks Pagefind's browser engine loads for a query word: those whose range holds
    it; when none does, those whose range holds it as a prefix (its "loose" match)."""
    strict = {i for i, (first, last) in enumerate(chunks) if first <= term <= last}
    if strict:
        return strict
    return {i for i, (first, last) in enumerate(chunks) if term[: len(first)] >= first[: len(term)] and term[: len(last)] <= last[: len(term)]}


codes = st.sampled_from(["bcdf", "bcdg", "bcdh", "gfhk"])  # a few characters' codes, so that many words share one
tokens = st.one_of(
    st.tuples(codes, codes).map(lambda ab: "q" + ab[0] + ab[1]),  # a bigram
    codes.map(lambda a: "q" + a + "z"),  # a lone character
    st.tuples(codes, codes).map(lambda ab: "qy" + ab[0] + ab[1]),  # a thinned bigram's whole copy
    st.text(alphabet="abcs", min_size=1, max_size=5),  # an English word
)


@given(st.lists(st.tuples(tokens, st.integers(1, 30)), min_size=1, max_size=60, unique_by=lambda t: t[0]).map(sorted), st.integers(5, 60))
def test_each_word_and_each_character_is_looked_up_where_it_is(found: list[tuple[str, int]], budget: int) -> None:
    """Every word is in exactly the chunk its lookup loads; a one-character query (its code,
    found by prefix) loads every chunk holding a word it starts, however many."""
    names: list[list[str]] = []
    chunker = bundle.Chunker(budget, lambda words: names.append([w.decode().strip() for w in words]) or str(len(names) - 1), wide=("qy", 3 * budget))
    for word, size in found:
        chunker.add(word, (word + " " * size).encode())  # a word's bytes: their number is what counts
    chunks = chunker.close()
    held = [set(names[int(name)]) for _, _, name in chunks]
    assert [w for group in names for w in group] == [w for w, _ in found]  # in order, none lost or split
    assert all(len({w.startswith("qy") for w in group}) == 1 for group in names)  # the copies' wider chunks hold copies only
    ranges = [(first, last) for first, last, _ in chunks]
    for word, _ in found:
        assert chunks_for(word, ranges) == {i for i, words in enumerate(held) if word in words}, word
    for code in {w[:5] for w, _ in found if w.startswith("q") and not w.startswith("qy")}:  # (no query asks for a copy by prefix)
        holding = {i for i, words in enumerate(held) if any(w.startswith(code) for w in words)}
        assert holding <= chunks_for(code, ranges), code


def test_an_unknown_metadata_layout_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    folder.mkdir()
    digest = bundle.write(folder, "zh", ".pf_meta", ["1.5.2", []], 10)
    (folder / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {"zh": {"hash": "%s"}}}' % digest, encoding="utf-8")
    with pytest.raises(BundleError, match=r"pagefind\.zh_\w+\.pf_meta"):
        finish(folder)


RANKED = """
async ([bundle, query]) => {
  const pagefind = await import(bundle + "pagefind.js");
  const found = await pagefind.search(query);
  return found.results.map(r => r.id);
}
"""


@pytest.mark.browser
def test_a_thinned_index_finds_the_same_pages_in_the_same_order(browser, built_site: Path, tmp_path: Path) -> None:
    """Pagefind's index as it wrote it, against every chunk thinned to two positions."""
    from browser import serve

    whole, thinned = tmp_path / "whole", tmp_path / "thinned"
    shutil.copytree(built_site, whole)
    index_site(whole, ["", "en"], positions=0)
    shutil.copytree(whole, thinned)
    for folder in (thinned / "pagefind", thinned / "en" / "pagefind"):
        finish(folder, positions=2, oversized=0)
    names = lambda site: {p.name for p in (site / "pagefind" / "index").iterdir()}  # noqa: E731
    assert names(thinned) != names(whole)
    queries = ["核安全", "核安全文化", "安全", "国际合作", "nuclear security", "safety", "加纳模式", "Ghana model"]
    results = {}
    for name, site in (("whole", whole), ("thinned", thinned)):
        with serve(site) as base:
            page = browser.new_page()
            page.goto(base + "/")
            # Pagefind's own ranking of the query as our tokens (the site's search puts
            # the pages that hold the whole query first, then these)
            results[name] = {q: page.evaluate(RANKED, ["/pagefind/", " ".join(query_tokens(q))]) for q in queries}
            page.close()
    for query in queries:
        assert results["whole"][query], query
        assert set(results["thinned"][query]) == set(results["whole"][query]), query
        assert results["thinned"][query][:5] == results["whole"][query][:5], query


def test_fragments_are_named_by_number_in_a_folder_named_after_their_content(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    folder = site / "pagefind"

    def pages() -> list[str]:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return [name for name, _ in bundle.read(folder / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")[1]]

    names = pages()
    token = names[0].split("/")[0]
    assert re.fullmatch(r"zh_[0-9a-f]{7}", token)
    assert names == [f"{token}/{bundle._base36(n)}" for n in range(len(names))]
    assert sorted(p.relative_to(folder / "fragment").as_posix() for p in (folder / "fragment").rglob("*.pf_fragment")) == sorted(
        f"{name}.pf_fragment" for name in names
    )
    finish(folder, positions=0)
    assert pages() == names  # finishing again changes nothing
    changed = folder / "fragment" / f"{names[1]}.pf_fragment"
    changed.write_bytes(gzip.compress(bundle.SIGNATURE + b'{"url": "/changed/", "content": "", "meta": {}, "anchors": []}'))
    finish(folder, positions=0)
    renamed = pages()
    assert renamed[0].split("/")[0] != token and [n.split("/")[1] for n in renamed] == [n.split("/")[1] for n in names]
    assert [p.name for p in (folder / "fragment").iterdir()] == [renamed[0].split("/")[0]]  # the old folder is gone


def test_fragments_are_written_back_in_the_pages_own_characters(built_site: Path) -> None:
    folder = built_site / "pagefind" / "fragment"
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(bundle.SIGNATURE):]) for p in folder.rglob("*.pf_fragment")]
    texts = [f["content"] for f in fragments] + [f["meta"]["title"] for f in fragments]
    assert any("核安全" in text for text in texts)
    assert not any(re.search(r"\bq[bcdfghjklmnprtvw]{4}\b", text) for text in texts)  # no token left
    assert all(re.fullmatch(r"h\d", a["element"]) for f in fragments for a in f["anchors"])  # headings only


def test_a_fragment_of_another_layout_is_refused_with_its_name(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site / "pagefind", site)
    victim = next((site / "fragment").rglob("*.pf_fragment"))
    victim.write_bytes(gzip.compress(bundle.SIGNATURE + b'{"url": "/x/", "text": "moved"}'))
    with pytest.raises(BundleError, match=re.escape(victim.name)):
        finish(site)


def test_index_chunks_are_named_by_number_in_a_folder_named_after_their_content(built_site: Path, tmp_path: Path) -> None:
    folder = built_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    chunks = bundle.read(folder / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")[2]
    names = [name for _, _, name in chunks]
    token = names[0].split("/")[0]
    assert re.fullmatch(r"zh_[0-9a-f]{7}", token)
    assert names == [f"{token}/{bundle._base36(n)}" for n in range(len(names))]
    on_disk = sorted(p.relative_to(folder / "index").as_posix() for p in (folder / "index").rglob("*.pf_index"))
    assert on_disk == sorted(f"{name}.pf_index" for name in names)  # nothing else left in the index folder
    assert [first for first, _, _ in chunks] == sorted(first for first, _, _ in chunks)  # the ranges keep their order


@given(st.sets(st.text(min_size=1, max_size=12), max_size=300), st.lists(st.text(min_size=1, max_size=12), max_size=50))
def test_the_thinned_words_filter_holds_each_of_them(words: set[str], others: list[str]) -> None:
    made = bundle.bloom(words)
    assert all(bundle.in_bloom(made, word) for word in words)
    assert len(made) <= 2 + len(words) * 10 // 8 + 8  # about ten bits a word


@pytest.mark.browser
def test_the_browser_reads_the_thinned_words_filter_as_python_writes_it(page, site_url, built_site: Path) -> None:
    """The search's Bloom filter of the thinned words, read in the browser: every word
    listed is in it, and other words are not, but for about one in a hundred."""
    folder = built_site / "pagefind"
    listed = (folder / bundle.THINNED_LIST).read_text(encoding="utf-8").split()
    made = (folder / bundle.THINNED_FILE).read_bytes()
    others = [f"q{n:08d}" for n in range(400)] + ["核", "safety1", "ünïcode"]
    page.goto(site_url + "/")
    page.locator(".cs-search input").dispatch_event("focus")
    page.wait_for_function("window.csSearch !== undefined")
    found = page.evaluate("""async words => {
      const search = window.csSearch(document.querySelector('.cs-search'));
      const has = await search.thinnedWords();
      return words.map(w => has(w));
    }""", listed + others)
    assert found == [bundle.in_bloom(made, w) for w in listed + others]
    assert all(found[: len(listed)]) and sum(found[len(listed):]) <= 0.05 * len(others)


def index_words(folder: Path) -> dict[str, list]:  # type: ignore[type-arg]
    """Every word of a finished bundle's index, as Pagefind reads it: name → [name, pages, …]."""
    import cbor2

    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = bundle.read(folder / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    out = {}
    for _, _, name in meta[2]:
        raw = gzip.decompress((folder / "index" / f"{name}.pf_index").read_bytes())
        out.update((word[0], word) for word in cbor2.loads(raw[len(bundle.SIGNATURE) :])[0])
    return out


def test_a_thinned_chinese_word_is_kept_whole_under_a_name_of_its_own(built_site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    shutil.copytree(built_site / "pagefind", folder)
    whole = index_words(folder)
    assert not any(word.startswith(bundle.WHOLE_MARK) for word in whole)  # (the seeds' index: nothing thinned)
    finish(folder, positions=1, oversized=0)
    thinned = index_words(folder)
    copies = {word for word in thinned if word.startswith(bundle.WHOLE_MARK)}
    chinese = {word for word in whole if bundle._FIRST.match(word) and thinned[word][1] != whole[word][1]}
    assert chinese and copies == {bundle.whole_name(word) for word in chinese}  # each Chinese word thinned, and only those
    for word in chinese:
        assert thinned[bundle.whole_name(word)][1:] == whole[word][1:]  # every place, every page
    assert set(thinned) - copies == set(whole)
    finish(folder, positions=1, oversized=0)  # finished again: the copies keep every place
    again = index_words(folder)
    assert {word: again[word] for word in copies} == {word: thinned[word] for word in copies}


@pytest.mark.parametrize("child_dies", [False, True])
def test_chunks_written_beside_are_the_chunks_written_here(tmp_path: Path, child_dies: bool) -> None:
    """The word-index chunks a forked child compresses and writes while the merge goes on;
    if the child dies, every chunk is written here instead."""
    import os
    import signal
    import time

    writer = bundle._ChunkWriter()
    if child_dies:
        assert writer.pid
        os.kill(writer.pid, signal.SIGKILL)
        time.sleep(0.2)
    raws = [bundle.SIGNATURE + bytes([n]) * (1000 + 70_000 * n) for n in range(6)]
    for n, raw in enumerate(raws):
        writer.write(tmp_path / f"zh_{n:07d}.pf_index", raw)
    writer.close()
    assert writer.failed == child_dies and not writer.pid
    assert [gzip.decompress((tmp_path / f"zh_{n:07d}.pf_index").read_bytes()) for n in range(6)] == raws
    assert (tmp_path / "zh_0000001.pf_index").read_bytes() == gzip.compress(raws[1], compresslevel=bundle.CHUNK_LEVEL, mtime=0)
