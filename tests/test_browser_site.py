"""The built site in a real browser: clean loads, language switching, concept and related links, sub-path."""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from browser import SEARCH_JS, PageWatch, body_texts, search_in_the_box, serve
from conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.browser


def heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("h1").inner_text().rstrip("¶").strip()


def doc_page(site: Path, prefix: str) -> str:
    return "/doc/" + next(p.name for p in (site / "doc").iterdir() if p.name.startswith(prefix)) + "/"


@pytest.mark.parametrize("interface", ["", "/en"])
@pytest.mark.parametrize("path", ["/", "/doc/*2023-a-community", "/concept/nuclear-security-view/", "/concepts/", "/browse/kind/", "/about/"])
def test_pages_load_without_errors_or_foreign_requests(page, site_url, built_site, interface, path) -> None:
    if path.startswith("/doc/*"):
        path = doc_page(built_site, path[6:])
    watch = PageWatch(page, site_url)
    page.goto(site_url + interface + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert watch.clean(), watch.report()


def test_language_switcher_keeps_the_reader_on_the_same_page(page, site_url, built_site) -> None:
    path = doc_page(built_site, "2016-04-02-why-president-xi")
    page.goto(site_url + path)
    assert page.locator("html").get_attribute("lang") == "zh"
    page.locator(".cs-lang-switch button").hover()
    page.locator('.cs-lang-link[data-lang="en"]').click()
    page.wait_for_load_state()
    assert page.url == site_url + "/en" + path
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == "Why President Xi attaches such importance to nuclear security"
    assert "Kind" in page.locator(".cs-meta").inner_text()  # labels follow the interface
    assert "习主席出席华盛顿核安全峰会" in page.locator(".cs-body").inner_text()  # the text stays Chinese
    page.locator(".cs-lang-switch button").hover()
    page.locator('.cs-lang-link[data-lang="zh"]').click()
    page.wait_for_load_state()
    assert page.url == site_url + path


def test_concept_links_and_related_document_links_work(page, site_url, built_site) -> None:
    page.goto(site_url + doc_page(built_site, "2016-04-02-why-president-xi"))
    link = page.locator(".cs-body a.cs-concept").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/concept/" in page.url
    renderings = page.locator(".cs-concept-card").inner_text()
    assert name.strip("“”") in renderings
    # from the concept page to a mention, at its paragraph
    page.locator(".md-content ul ul a", has_text="¶").first.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f'[id="{anchor}"]').count() == 1
    # related documents: the English white-paper chapter is listed on the Chinese news item
    page.goto(site_url + doc_page(built_site, "2016-04-02-why-president-xi"))
    related = page.locator(".cs-related a")
    titles = related.all_inner_texts()
    assert any(t.startswith("VI. Building a Community") for t in titles)
    related.filter(has_text="VI. Building a Community").first.click()
    page.wait_for_load_state()
    assert heading(page).startswith("VI. Building a Community")


def test_the_site_works_under_a_sub_path_with_its_search_in_parts(browser, tmp_path: Path) -> None:
    """Published under /corpus/, with the index cut into parts of 20 pages (as a large corpus is)."""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      seeds: seeds\n", "      seeds: seeds\n      search_part_pages: 20\n"), encoding="utf-8")
    result = mkdocs_build(project, site_url="http://127.0.0.1/corpus/")
    assert result.returncode == 0, result.stderr
    published = tmp_path / "www"
    published.mkdir()
    (project / "site").rename(published / "corpus")
    with serve(published) as base:
        page = browser.new_page()
        watch = PageWatch(page, base)
        page.goto(base + "/corpus/")
        page.wait_for_load_state("networkidle")
        assert watch.clean(), watch.report()
        site = published / "corpus"
        assert re.search(r"pages indexed in ([4-9]|\d\d+) Pagefind run", result.stderr), result.stderr[-2000:]
        assert not (site / "pagefind-2").exists() and not (site / "en" / "pagefind-2").exists()  # the parts merged into one
        expected = {"/corpus" + url for url, text in body_texts(site).items() if "加纳模式" in text}
        found = search_in_the_box(page, "加纳模式")
        assert all(href.startswith("/corpus/") for href in found)
        assert expected and expected <= {href.split("#")[0] for href in found}  # across the parts
        href = found[0]
        page.goto(base + href)
        assert page.locator("h1").count() == 1
        page.goto(base + "/corpus/en/")
        urls = page.evaluate(SEARCH_JS, ["/corpus/en/pagefind/", "Ghana model", None])
        assert urls and all(u.startswith("/corpus/en/") for u in urls)
        page.locator(".cs-lang-switch button").hover()
        page.locator('.cs-lang-link[data-lang="zh"]').click()
        page.wait_for_load_state()
        assert page.url == base + "/corpus/"
        assert watch.clean(), watch.report()
        page.close()
    _check_sitemap(published / "corpus", "http://127.0.0.1/corpus/")


def _check_sitemap(site: Path, site_url: str) -> None:
    """Every page once, at its absolute URL, with its pages in both interfaces as alternates;
    the gzipped copy the same."""
    import gzip
    import xml.etree.ElementTree as ET

    text = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == text
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring(text).findall("s:url", ns)
    pages = {"/".join(p.relative_to(site).parts[:-1]) for p in site.rglob("index.html")}
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    assert all(loc.startswith(site_url) for loc in locs)
    assert sorted(loc[len(site_url):].rstrip("/") for loc in locs) == sorted(pages)
    for url in urls:
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert set(alternates) == {"zh", "en"} and url.findtext("s:loc", namespaces=ns) in alternates.values()
        assert all((site / href[len(site_url):] / "index.html").is_file() for href in alternates.values())
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", url.findtext("s:lastmod", namespaces=ns) or "")
