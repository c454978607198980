"""A browse list that runs to several pages, read in Chromium as a reader reads it: newest
first, from its first page through the pager's "next" links, every document once."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from browser import PageWatch, serve
from conftest import ROOT, mkdocs_build

sys.path.insert(0, str(ROOT / "benchmarks"))
from run import _project  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus with more than two pages of news (no search index: not needed here)."""
    project = _project(tmp_path_factory.mktemp("lists") / "project", 100)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      seeds: seeds\n", "      seeds: seeds\n      search: false\n", 1), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.mark.parametrize("interface", ["", "/en"])
def test_a_long_browse_list_is_read_newest_first_through_its_pager(browser, long_lists: Path, interface: str) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    with serve(long_lists) as url:
        watch = PageWatch(page, url)
        page.goto(f"{url}{interface}/browse/kind/news/")
        total = int(re.search(r"\d+", page.locator(".md-content p").first.inner_text()).group())
        seen: list[str] = []
        dates: list[str] = []
        addresses = [page.url]
        while True:
            items = page.locator(".md-content ul li")
            seen += [href.rstrip("/").rsplit("/", 1)[-1] for href in items.locator("a").evaluate_all("as => as.map(a => a.href)")]
            dates += [m.group() for m in (re.search(r"\d{4}-\d{2}-\d{2}", t) for t in items.locator("small").all_inner_texts()) if m]
            current = page.locator(".cs-pager-current").inner_text()
            assert current == str(len(addresses)), (current, page.url)
            following = page.locator("a.cs-pager-next")
            if not following.count():
                break
            following.click()
            page.wait_for_load_state()
            addresses.append(page.url)
        assert len(addresses) >= 2, "the list runs to several pages"
        assert len(seen) == total and len(set(seen)) == total  # every news document, once
        sources = (long_lists.parent / "docs" / "doc").glob("*.md")
        news = [s for s in sources if not s.name.endswith(".en.md") and "\nkind: news\n" in s.read_text(encoding="utf-8")]
        assert len(news) == total and sorted(seen) == sorted(n.stem for n in news)
        assert dates == sorted(dates, reverse=True)  # newest first, across the pages
        # the first page is the list's own address; the last page read is the oldest, at /1/
        assert addresses[0].endswith("/browse/kind/news/") and addresses[-1].endswith("/browse/kind/news/1/")
        page.locator("a.cs-pager-prev").click()
        page.wait_for_load_state()
        assert page.url == addresses[-2]
        assert watch.clean(), watch.report()
        page.context.close()
