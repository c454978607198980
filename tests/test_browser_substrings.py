"""Chinese search measured as readers meet it (issue #19), in both interfaces: strings taken
at random from the documents' text are found, the pages that hold the whole string come
first, and excerpts mark it whole.  The same measure at scale is benchmarks/search.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from browser import SEARCH_JS, serve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from search import RANKED_JS, indexed_pages, paragraphs, sample  # noqa: E402

from corpus_site.concepts.normalize import simplified  # noqa: E402
from corpus_site.site.bundle import finish  # noqa: E402

pytestmark = pytest.mark.browser
INTERFACES = ["", "en"]


def ranked_urls(page, site_url: str, interface: str, queries: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/{interface + '/' if interface else ''}")
    pages = _PAGES[interface]
    return [[pages[i][0] for i in ids] for ids in page.evaluate(RANKED_JS, queries)]


_PAGES: dict[str, dict[str, tuple[str, str]]] = {}  # interface → its indexed pages (benchmarks/search.py)


@pytest.fixture(autouse=True)
def _pages(built_site: Path) -> None:
    for interface in INTERFACES:
        _PAGES.setdefault(interface, indexed_pages(built_site, interface))


def holding(interface: str, string: str) -> set[str]:
    """URLs of the pages whose indexed text holds ``string`` (folded)."""
    want = simplified(string)
    return {url for url, text in _PAGES[interface].values() if want in text}


@pytest.mark.parametrize("interface", INTERFACES)
def test_random_substrings_are_found_and_pages_holding_them_come_first(page, site_url, built_site, interface) -> None:
    queries = sample(paragraphs(built_site, interface), 120, seed=7)
    results = ranked_urls(page, site_url, interface, [q for q, _ in queries])
    misses = [q for (q, source), urls in zip(queries, results) if source not in urls]
    assert not misses, misses
    for (query, _), urls in zip(queries, results):
        if len(query) >= 2:  # a string of two or more characters: every result holds it
            assert set(urls) <= holding(interface, query), query
        assert holding(interface, query) <= set(urls), query


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize(
    "query",
    [
        "核",  # one character, inside words (核安全, 核能, 核电)
        "全文化",  # across a word boundary: 核安全 | 文化
        "安全观是",
        "國際原子能機構",  # traditional characters: the simplified texts
        "国际原子能机构",
        "理性、协调、并进",
    ],
)
def test_a_string_finds_exactly_the_pages_that_hold_it(page, site_url, interface, query) -> None:
    expected = holding(interface, query)
    assert expected, query
    (urls,) = ranked_urls(page, site_url, interface, [query])
    if len(query) == 1:
        assert expected <= set(urls)
    else:
        assert set(urls) == expected


@pytest.mark.parametrize("query", ["nuclear security", "emergency preparedness"])
def test_english_pages_with_the_whole_phrase_come_first(page, site_url, query) -> None:
    (urls,) = ranked_urls(page, site_url, "en", [query])
    whole = {url for url, text in _PAGES["en"].values() if query.replace(" ", "") in text.lower()}
    assert whole and set(urls[: len(whole)]) == whole
    texts = {url: text.lower() for url, text in _PAGES["en"].values()}
    for url in urls[len(whole) :]:  # then pages with both words apart
        assert all(word in texts[url] for word in query.split()), url


@pytest.mark.parametrize("interface", INTERFACES)
def test_the_excerpt_marks_the_whole_string_from_the_text(page, site_url, interface) -> None:
    page.goto(f"{site_url}/{interface + '/' if interface else ''}")
    page.locator(".cs-search input").fill("理性、协调、并进")
    page.wait_for_selector(".cs-search__result mark")
    first = page.locator(".cs-search__result").first
    assert first.locator("mark").first.inner_text() == "理性、协调、并进"
    excerpt = first.locator(".cs-search__excerpt").inner_text()
    assert not any(word.isascii() and word.startswith("q") and len(word) in (5, 9) for word in excerpt.split())  # no token shown


def test_a_traditional_query_is_found_and_marked_in_the_box(page, site_url) -> None:
    page.goto(site_url + "/")
    page.locator(".cs-search input").fill("國際原子能機構")
    page.wait_for_selector(".cs-search__result mark")
    assert page.locator(".cs-search__result mark").first.inner_text() == "国际原子能机构"


def test_the_site_search_helper_is_the_box_search(page, site_url) -> None:
    """The tests' SEARCH_JS goes through the site's own search: the same URLs as RANKED_JS."""
    (urls,) = ranked_urls(page, site_url, "", ["核安全文化"])
    assert page.evaluate(SEARCH_JS, ["/pagefind/", "核安全文化", None]) == urls


@pytest.mark.parametrize("interface", INTERFACES)
def test_with_every_word_thinned_a_string_still_finds_exactly_the_pages_that_hold_it(browser, built_site, tmp_path, interface) -> None:
    """Every word's places cut to its first on each page, as the commonest words' are at
    scale: a phrase that occurs on a page only further on is no longer placed by the index,
    and is found in the thinned words' copies with every place (site/bundle.py: whole_name)."""
    site = tmp_path / "thinned"
    shutil.copytree(built_site, site)
    for folder in (site / "pagefind", site / "en" / "pagefind"):
        finish(folder, positions=1, oversized=0)
    pages = indexed_pages(site, interface)
    queries = [q for q, _ in sample(paragraphs(site, interface), 120, seed=11) if len(q) >= 2]
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(f"{base}/{interface + '/' if interface else ''}")
        ranked = tab.evaluate(RANKED_JS, queries)
        tab.close()
    want = lambda q: {url for url, text in pages.values() if simplified(q) in text}  # noqa: E731
    wrong = [q for q, ids in zip(queries, ranked) if {pages[i][0] for i in ids} != want(q)]
    assert not wrong, wrong  # (it fails without the copies' search: pages that hold only the pieces are listed)
