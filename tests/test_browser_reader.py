"""The reader's experience, page type by page type, in both interface languages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import PageWatch

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
INTERFACES = ["", "/en"]


def paper(site: Path) -> str:
    return "/doc/" + next(p.name for p in (site / "doc").iterdir() if p.name.startswith("2023-")) + "/"


@pytest.mark.parametrize("interface", INTERFACES)
def test_document_page_has_metadata_footnotes_citation_and_paragraph_permalinks(page, site_url, built_site, interface) -> None:
    watch = PageWatch(page, site_url)
    page.goto(site_url + interface + paper(built_site))
    meta = page.locator(".cs-meta").inner_text()
    for label in (["类型", "日期", "来源", "作者", "文献语言", "原始文本"] if not interface else ["Kind", "Date", "Source", "Authors", "Language", "Raw text"]):
        assert label in meta
    assert "高望来" in meta and "2023" in meta
    # the raw text as published
    raw = page.locator(".cs-meta a", has_text="002_9f70e0c233707f76.txt")
    response = page.request.get(raw.evaluate("a => a.href"))
    assert response.ok and "核安全命运共同体" in response.text()
    # footnotes, attached where cited
    assert page.locator("sup a.footnote-ref").count() >= 45
    assert page.locator(".footnote li").count() >= 45
    # every paragraph has a permalink to itself
    paragraphs = page.locator(".cs-body p[id^=p]")
    assert paragraphs.count() >= 25
    first = paragraphs.first
    assert first.locator("a.cs-permalink").get_attribute("href") == "#" + first.get_attribute("id")
    # a citation line that can be copied
    button = page.locator(".cs-copy")
    cite = page.locator(".cs-cite-text").inner_text()
    assert "高望来" in cite and "《国际问题研究》" in cite and site_url in cite
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    button.click()
    page.wait_for_function("() => ['已复制', 'Copied'].includes(document.querySelector('.cs-copy').textContent)")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == " ".join(cite.split())
    # sharing metadata
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith(("核安全命运共同体", "A Community"))
    assert page.locator('meta[name="description"]').get_attribute("content")
    assert watch.clean(), watch.report()


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize("facet, expected", [("kind", ["news", "essay", "paper", "whitepaper"]), ("year", ["2016", "2019", "2023", "undated"])])
def test_browse_pages_group_every_document(page, site_url, built_site, interface, facet, expected) -> None:
    page.goto(f"{site_url}{interface}/browse/{facet}/")
    for anchor in expected:
        assert page.locator(f'h2[id="{anchor}"]').count() == 1
    links = page.locator(".md-content a[href*='doc/']")
    assert links.count() == len(list((built_site / "doc").iterdir()))


@pytest.mark.parametrize("interface", INTERFACES)
def test_browse_by_source_lists_outlets(page, site_url, interface) -> None:
    page.goto(f"{site_url}{interface}/browse/source/")
    headings = page.locator(".md-content h2").all_inner_texts()
    assert any(("红网" if not interface else "Rednet") in h for h in headings)
    assert any(("人民网" if not interface else "People's Daily Online") in h for h in headings)


@pytest.mark.parametrize("interface", INTERFACES)
def test_timeline_places_each_dated_document_and_links_it(page, site_url, built_site, interface) -> None:
    page.goto(f"{site_url}{interface}/timeline/")
    dots = page.locator(".cs-timeline a.cs-dot")
    assert dots.count() == 8  # the dated documents
    years = page.locator(".cs-timeline .cs-tick").all_text_contents()
    assert {"2016", "2023"} <= set(years)
    dots.first.click()
    page.wait_for_load_state()
    assert "/doc/" in page.url and page.locator(".cs-body").count() == 1


@pytest.mark.parametrize("interface", INTERFACES)
def test_home_page_explains_the_corpus_at_a_glance(page, site_url, interface) -> None:
    page.goto(f"{site_url}{interface}/")
    stats = page.locator(".cs-stats").inner_text()
    assert re.search(r"(新闻|News) 5", stats) and re.search(r"(中文|Chinese) 12", stats) and re.search(r"(英文|English) 2", stats)
    bars = page.locator(".cs-bars a")
    assert bars.count() == 12
    bars.first.click()
    page.wait_for_load_state()
    assert "/concept/" in page.url
    page.go_back()
    assert page.locator("#latest + ul li").count() == 8


@pytest.mark.parametrize("interface", INTERFACES)
def test_side_by_side_view_compares_renderings_and_flags_unregistered_ones(page, site_url, interface) -> None:
    page.goto(f"{site_url}{interface}/concept/nuclear-security-view/")
    table = page.locator(".cs-side-by-side table")
    assert table.count() == 1
    english = table.locator('td[lang="en"] mark').all_inner_texts()
    chinese = table.locator('td[lang="zh"] mark').all_inner_texts()
    assert "rational, coordinated and balanced nuclear safety strategy" in english
    assert any("理性、协调、并进" in c for c in chinese)
    # 四个“并重” is matched as 四个并重, a form the registry does not list: it is flagged
    page.goto(f"{site_url}{interface}/concept/four-equal-emphases/")
    flagged = page.locator("mark + sup.cs-flag")
    assert flagged.count() >= 1


def test_printing_hides_navigation(page, site_url, built_site) -> None:
    page.goto(site_url + paper(built_site))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".cs-search", ".md-footer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    assert page.locator(".cs-body").evaluate("e => getComputedStyle(e).display") != "none"


def test_the_sidebar_does_not_list_documents(page, site_url, built_site) -> None:
    page.goto(site_url + paper(built_site))
    nav_links = page.locator(".md-sidebar--primary a").all()
    assert not any("/doc/" in (link.get_attribute("href") or "") for link in nav_links)


@pytest.mark.parametrize(
    "name, path",
    [("home", "/"), ("document", "paper"), ("concept", "/concept/nuclear-security-view/"), ("concept-map", "/concepts/"),
     ("timeline", "/timeline/"), ("search", "/?q=加纳模式"), ("document-en", "/en/paper"),
     ("local-map-concept", "/concept/community-of-shared-future-for-nuclear-safety/"), ("local-map-document", "/en/paper")],
)
def test_screenshots_of_the_main_pages(page, site_url, built_site, tmp_path, name, path) -> None:
    """Made by the tests' browser. With CORPUS_SITE_SCREENSHOTS=1 they go to screenshots/ for the README."""
    path = path.replace("/paper", paper(built_site)) if path.endswith("/paper") else paper(built_site) if path == "paper" else path
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if name == "search":
        page.wait_for_selector(".cs-search__result")
    out = ROOT / "screenshots" if os.environ.get("CORPUS_SITE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.png"
    if "map" in name:  # the map itself, as the page shows it (the sticky header not over it)
        page.add_style_tag(content=".md-header, .md-tabs { position: static !important; }")
        page.locator(".cs-map").first.screenshot(path=str(target))
    else:
        page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
