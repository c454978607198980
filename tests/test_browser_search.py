"""Search and languages in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import re

import pytest

from browser import SEARCH_JS, PageWatch, body_texts

pytestmark = pytest.mark.browser


def search(page, base: str, query: str, interface: str = "", filters: dict | None = None) -> list[str]:
    page.goto(f"{base}/{interface + '/' if interface else ''}")
    bundle = f"/{interface + '/' if interface else ''}pagefind/"
    urls = page.evaluate(SEARCH_JS, [bundle, query, filters])
    return [u.split("#")[0] for u in urls]


@pytest.mark.parametrize("query", ["铀", "核安全文化", "命运共同", "一带一路", "高浓铀微堆", "加纳模式", "放射源"])
@pytest.mark.parametrize("interface", ["", "en"])
def test_chinese_phrases_find_every_document_that_contains_them(page, site_url, built_site, query, interface) -> None:
    expected = {url for url, text in body_texts(built_site, interface).items() if query in text}
    assert expected, f"no document contains {query!r}: pick another query"
    found = set(search(page, site_url, query, interface))
    assert expected <= found, expected - found


@pytest.mark.parametrize("query", ["emergency preparedness", "Belt and Road", "peer reviews", "Zangger Committee"])
def test_english_phrases_are_found(page, site_url, built_site, query) -> None:
    expected = {url for url, text in body_texts(built_site).items() if query.lower() in text.lower()}
    assert expected
    assert expected <= set(search(page, site_url, query))


@pytest.mark.parametrize(
    "query, interface, concept",
    [
        ("Ghana model", "", "加纳模式"),  # English concept name → Chinese documents
        ("community of shared future for nuclear safety", "", "核安全命运共同体"),
        ("核安全命运共同体", "en", "community of shared future"),  # and the reverse
        ("理性、协调、并进", "en", "rational, coordinated and balanced"),
    ],
)
def test_concept_names_find_documents_across_languages(page, site_url, built_site, query, interface, concept) -> None:
    """A document that mentions a concept in one language is found by its name in the other."""
    texts = body_texts(built_site, interface)
    other_language = {url for url, text in texts.items() if concept.lower() in text.lower() and query.lower() not in text.lower()}
    assert other_language, "the query should reach documents that do not contain it"
    assert other_language <= set(search(page, site_url, query, interface))


def test_filters_by_kind_language_source_year_and_concept(page, site_url) -> None:
    page.goto(site_url + "/")
    filters = page.evaluate('async () => { const p = await import("/pagefind/pagefind.js"); return await p.filters(); }')
    assert {"类型", "语言", "来源", "年份", "概念"} <= set(filters)
    assert {"新闻", "学术论文", "白皮书", "评论文章", "概念"} <= set(filters["类型"])
    assert {"2016", "2019", "2023"} <= set(filters["年份"])
    whitepapers = search(page, site_url, "核安全", filters={"类型": "白皮书"})
    assert whitepapers and all("/doc/" in u for u in whitepapers)
    english = search(page, site_url, "nuclear", filters={"语言": "英文"})
    assert english and all(u.startswith("/doc/20") for u in english)


def test_search_box_in_the_header_shows_results(page, site_url) -> None:
    watch = PageWatch(page, site_url)
    page.goto(site_url + "/")
    box = page.locator(".cs-search input")
    box.fill("加纳模式")
    page.wait_for_selector(".cs-search__result")
    assert "个结果" in page.locator(".cs-search__status").inner_text()
    links = page.locator(".cs-search__result").all()
    assert any("加纳模式" in link.inner_text() for link in links)
    assert page.locator(".cs-search__result mark").count() > 0  # the words found are highlighted
    assert "q=" in page.url  # the query is kept in the address
    links[0].click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert watch.clean(), watch.report()


def test_search_downloads_nothing_until_the_box_is_used(page, site_url) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + "/concepts/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/pagefind/" in u or u.endswith("search.js")]
    page.locator(".cs-search input").fill("铀")
    page.wait_for_selector(".cs-search__result")
    fetched = [u.split("/pagefind/")[-1] for u in requested if "/pagefind/" in u]
    assert "pagefind.js" in fetched
    # Pagefind's own UI, its web worker and the filter lists are not needed for a query.
    assert not [u for u in fetched if u.startswith(("pagefind-ui", "pagefind-worker", "filter/"))], fetched


def test_keyboard_moves_through_results_and_escape_closes(page, site_url) -> None:
    page.goto(site_url + "/en/")
    box = page.locator(".cs-search input")
    box.fill("Belt and Road")
    page.wait_for_selector(".cs-search__result")
    assert "results" in page.locator(".cs-search__status").inner_text()
    box.press("ArrowDown")
    first = page.locator(".cs-search__results a").first
    assert first.evaluate("a => a === document.activeElement")
    page.keyboard.press("Escape")
    assert page.locator(".cs-search__panel").is_hidden()


def test_filters_in_the_search_panel_narrow_the_results(page, site_url, built_site) -> None:
    """The reader opens the filters, picks a kind, and only documents of that kind remain."""
    page.goto(site_url + "/")
    page.locator(".cs-search input").fill("核安全")
    page.wait_for_selector(".cs-search__result")
    before = page.locator(".cs-search__status").inner_text()
    page.locator(".cs-search__toggle").click()
    kind = page.locator(".cs-search__filter select[name='类型']")
    kind.wait_for()
    assert page.locator(".cs-search__filter select").count() == 5  # kind, language, source, year, concept
    kind.select_option("白皮书")
    page.wait_for_function(f"document.querySelector('.cs-search__status').textContent !== {before!r}")
    page.wait_for_selector(".cs-search__result")
    hrefs = [a.get_attribute("href") for a in page.locator(".cs-search__result").all()]
    documents = set(body_texts(built_site))
    assert hrefs and all(h.split("#")[0] in documents for h in hrefs)
    for href in hrefs:
        page_html = (built_site / href.split("#")[0].strip("/") / "index.html").read_text(encoding="utf-8")
        assert 'data-pagefind-filter="类型:白皮书"' in page_html


def test_a_search_link_opens_with_its_results(page, site_url) -> None:
    page.goto(site_url + "/en/?q=Zangger%20Committee")
    page.wait_for_selector(".cs-search__result")
    assert page.locator(".cs-search input").input_value() == "Zangger Committee"
    assert "Zangger" in page.locator(".cs-search__results").inner_text()


def test_search_index_holds_content_not_navigation(page, site_url) -> None:
    results = search(page, site_url, "核安全")
    assert len(results) > 20
    assert all(re.match(r"^/(doc|concept)/[^/]+/$", url) for url in results), results
    # a navigation label, on every page: no page holds it whole (its bigrams may each occur)
    assert search(page, site_url, '"按来源浏览"') == []


def test_one_result_is_said_in_the_singular(page, site_url) -> None:
    page.goto(site_url + "/en/")
    page.locator(".cs-search input").fill("pragmatic")  # one chapter of the white paper only
    page.wait_for_selector(".cs-search__result")
    assert page.locator("a.cs-search__result").count() == 1
    assert page.locator(".cs-search__status").inner_text() == "1 result"
