"""Search and languages in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from browser import SEARCH_JS, PageWatch

pytestmark = pytest.mark.browser


def body_texts(site: Path, interface: str = "") -> dict[str, str]:
    """URL → the text of each document page's body, read from the built HTML."""
    root = site / interface if interface else site
    out = {}
    for path in sorted((root / "doc").glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        body = page.split('class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        out[f"/{interface + '/' if interface else ''}doc/{path.parent.name}/"] = text
    return out


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
    page.wait_for_selector(".pagefind-ui__result-link")
    links = page.locator(".pagefind-ui__result-link").all()
    assert any("加纳模式" in link.inner_text() for link in links)
    links[0].click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert watch.clean(), watch.report()


def test_search_index_holds_content_not_navigation(page, site_url) -> None:
    results = search(page, site_url, "核安全")
    assert len(results) > 20
    assert all(re.match(r"^/(doc|concept)/[^/]+/$", url) for url in results), results
    assert search(page, site_url, "按来源浏览") == []  # a navigation label, on every page
