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
from corpus_site.site.bundle import BundleError, bounds, cut, finish, thin
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


words = st.lists(st.text(alphabet="ab安全核c1", min_size=1, max_size=6), min_size=1, max_size=40, unique=True).map(sorted)


@given(words, st.integers(1, 12))
def test_each_word_is_looked_up_in_its_own_chunk(found: list[str], size: int) -> None:
    """The browser loads, for a word, the first chunk whose range holds it."""
    entries = [[w, [[0, [-25, 1, 2]]]] for w in found]
    groups = cut(entries, size)
    assert [w[0] for g in groups for w in g] == found  # in order, none lost or split
    ranges = bounds([[g[0][0], g[-1][0]] for g in groups])
    for number, group in enumerate(groups):
        for word, _ in group:
            assert next(i for i, (first, last) in enumerate(ranges) if first <= word <= last) == number
    for (_, last), (first, _) in zip(ranges, ranges[1:]):
        assert last < first


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
