"""The live preview: after a series of edits, additions and deletions under a running
`mkdocs serve`, every page it serves is the page a clean `mkdocs build` of the same inputs
makes (both interfaces, the sitemap), and only what a change touched was rendered again."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser import SEARCH_JS
from conftest import copy_project, mkdocs_build
from test_rebuild import free_port, stop, wait_for

LIVERELOAD = re.compile(rb"<script>(?:(?!</script>).)*livereload(?:(?!</script>).)*</script>", re.S)
PREVIEW_LINE = re.compile(r"preview: (\d+) page\(s\) rendered, (\d+) unchanged kept")


@dataclass
class Served:
    project: Path
    base: str
    log: list[str] = field(default_factory=list)

    def builds(self) -> list[tuple[int, int]]:
        return [(int(m[1]), int(m[2])) for line in list(self.log) if (m := PREVIEW_LINE.search(line))]

    def quick(self) -> list[bool]:
        """For each rebuild: whether it was a quick one (no MkDocs build)."""
        return ["(quick rebuild" in line for line in list(self.log) if PREVIEW_LINE.search(line)]

    def settle(self, after: int, quiet: float = 3.0, timeout: float = 240.0) -> list[tuple[int, int]]:
        """Wait for a build after the ``after``-th, then for the server to stay idle ``quiet`` s."""
        deadline = time.monotonic() + timeout
        while len(self.builds()) <= after:
            assert time.monotonic() < deadline, "no rebuild:\n" + "".join(self.log[-30:])
            time.sleep(0.2)
        count, since = len(self.builds()), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.2)
            if len(self.builds()) != count:
                count, since = len(self.builds()), time.monotonic()
            assert time.monotonic() < deadline
        return self.builds()[after:]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.fixture
def served(tmp_path: Path):
    yield from serve(tmp_path)


def serve(tmp_path: Path, **extra: str):  # type: ignore[no-untyped-def]
    """`mkdocs serve` on a copy of the project, with ``extra`` in its environment."""
    (tmp_path / "served").mkdir()
    project = copy_project(tmp_path / "served")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    run = Served(project, f"http://127.0.0.1:{port}")
    reader = threading.Thread(target=lambda: run.log.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        run.settle(0)
        yield run
    finally:
        stop(process)


def _opened(browser, page_url: str):  # type: ignore[no-untyped-def]
    """A page of the served site, its live reload held off: a rebuild ending (the index's
    own, or one that changed nothing) would reload it under the query."""
    page = browser.new_page()
    page.route("**/livereload/**", lambda route: route.abort())
    page.goto(page_url)
    return page


def ranked_urls(browser, page_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every result of ``query``, best first, from the site's own search (the panel's, with
    the preview's delta), not only those the panel shows first."""
    page = _opened(browser, page_url)
    try:
        # as the panel does before each search: the status read, the delta merged
        return page.evaluate(SEARCH_JS.replace("search.filters = ", "await search.fresh();\n  search.filters = "), [None, query, None])  # type: ignore[no-any-return]
    finally:
        page.close()


def found_in_browser(browser, page_url: str, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    """``query`` typed into the search box shows a result at ``expected``."""
    page = _opened(browser, page_url)
    try:
        page.locator(".cs-search input").fill(query)
        page.wait_for_selector(".cs-search__result", timeout=30_000)
        hrefs = [a.get_attribute("href") or "" for a in page.locator("a.cs-search__result").all()]
    finally:
        page.close()
    assert any(expected in href for href in hrefs), (query, hrefs)


@pytest.mark.browser
def test_while_the_preview_index_is_updated_the_panel_says_so(browser, served: Served) -> None:
    page = browser.new_page()
    try:
        page.route("**/search-status.json", lambda route: route.fulfill(status=200, content_type="application/json",
                                                                        body='{"updating": true, "version": 99}'))
        page.goto(served.base + "/")
        page.locator(".cs-search input").fill("核安全")
        page.wait_for_selector(".cs-search__result")
        assert "搜索索引正在更新" in page.locator(".cs-search__status").inner_text()
        page.unroute("**/search-status.json")  # the real status: in place once the index is made
        wait_for(lambda: "搜索索引正在更新" not in page.locator(".cs-search__status").inner_text()
                 and page.locator(".cs-search__result").count() > 0, timeout=120)
    finally:
        page.close()


def status(served: Served, folder: str = "") -> dict:  # type: ignore[type-arg]
    return json.loads(get(f"{served.base}/{folder}search-status.json")[1] or b"{}")


@pytest.fixture
def served_with_delta(tmp_path: Path):
    """A preview whose search keeps a quick rebuild's delta index for long (no whole index
    is made again while the test looks)."""
    yield from serve(tmp_path, CORPUS_SITE_PREVIEW_IDLE="600")


@pytest.mark.browser
def test_an_edit_is_found_through_the_delta_index_and_its_old_copy_is_left_out(browser, served_with_delta: Served) -> None:
    served = served_with_delta
    wait_for(lambda: status(served).get("updating") is False and status(served, "en/").get("updating") is False, timeout=120)
    assert "delta" not in status(served)
    chapter = doc_url(served, "2019-09-03-vi-")
    seed = served.project / "seeds" / "003_d81c67042e7b0ee9.txt"
    text = seed.read_text(encoding="utf-8")
    assert any(chapter in url for url in ranked_urls(browser, served.base + "/en/", "pragmatic"))  # in this chapter only
    seed.write_text(text.replace("pragmatic", "practical") + "\nDeltamark: a sentence that only the delta index holds.\n", encoding="utf-8")
    wait_for(lambda: all(status(served, f).get("delta") and status(served, f).get("updating") is False for f in ("", "en/")), timeout=60)
    assert status(served)["stale"] and status(served, "en/")["stale"]  # the whole index's copies of the edited pages
    for folder in ("", "en/"):
        found_in_browser(browser, f"{served.base}/{folder}", "Deltamark", chapter)
    # a word the edit took out of the page no longer finds it (the whole index's copy is left out)
    urls = ranked_urls(browser, served.base + "/en/", "pragmatic")
    assert not any(chapter in url for url in urls), urls
    # a seed added, then deleted: found through the delta, then no more (its page's copy is
    # left out, though no page is left to index)
    post = served.project / "seeds" / "delta-post.md"
    post.write_text("---\ntitle: Delta post\ndate: 2002-03-04\n---\n\nZebraword appears in this post only.\n", encoding="utf-8")
    serial = status(served)["version"]
    wait_for(lambda: status(served)["version"] != serial and status(served, "en/").get("updating") is False, timeout=60)
    found_in_browser(browser, served.base + "/en/", "Zebraword", doc_url(served, "2002-03-04-"))
    post.unlink()
    serial = status(served)["version"]
    wait_for(lambda: status(served)["version"] != serial and status(served, "en/").get("updating") is False, timeout=60)
    assert ranked_urls(browser, served.base + "/en/", "Zebraword") == []


def doc_url(served: Served, prefix: str) -> str:
    page = next(p for p in (served.project / "docs" / "doc").glob(f"{prefix}*.md") if not p.name.endswith(".en.md"))
    return f"/doc/{page.stem}/"


@pytest.mark.browser
def test_the_served_site_equals_a_clean_build_after_edits_additions_and_deletions(browser, served: Served, tmp_path: Path) -> None:
    seeds = served.project / "seeds"
    total = sum(rendered + kept for rendered, kept in served.builds()[:1])
    done = len(served.builds())
    # 1. a rendering added to a concept in the registry
    registry = seeds / "concepts.yml"
    text = registry.read_text(encoding="utf-8")
    marker = "    zh: 桑戈委员会\n    en: Zangger Committee\n"
    assert marker in text
    registry.write_text(text.replace(marker, marker + "    aliases:\n      en: [Zangger group]\n", 1), encoding="utf-8")
    steps = [served.settle(done)]
    registry_edit = done  # the first rebuild after the change
    done = len(served.builds())
    # 2. a paragraph added to one seed
    seed_edit = done
    seed = seeds / "003_d81c67042e7b0ee9.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nThe preview checks this sentence about the Zangger Committee.\n", encoding="utf-8")
    steps.append(served.settle(done))
    done = len(served.builds())
    chapter = doc_url(served, "2019-09-03-vi-")
    assert b"The preview checks this sentence" in get(served.base + chapter)[1]
    # 3. a sidecar edit
    sidecar_edit = done
    sidecar = seeds / "003_d81c67042e7b0ee9.meta.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("date: 2019-09-03", "date: 2019-09-03\n    editor: Preview Editor"), encoding="utf-8")
    steps.append(served.settle(done))
    done = len(served.builds())
    assert b"Preview Editor" in get(served.base + chapter)[1]
    # 4. a seed added (a Markdown post with front matter), 5. a seed deleted
    seed_added = done
    (seeds / "preview-post.md").write_text(
        "---\ntitle: 预览新增文章\ndate: 2024-05-06\n---\n\n构建核安全命运共同体，是预览测试的新增段落。\n", encoding="utf-8")
    steps.append(served.settle(done))
    done = len(served.builds())
    added = doc_url(served, "2024-05-06-")
    assert get(served.base + added)[0] == 200
    # a seed added and deleted again (not the newest, and naming no concept)
    brief = seeds / "preview-brief.md"
    brief.write_text("---\ntitle: A short brief\ndate: 2001-02-03\n---\n\nA brief added and deleted in the preview.\n", encoding="utf-8")
    steps.append(served.settle(done))
    brief_added = done
    done = len(served.builds())
    short = doc_url(served, "2001-02-03-")
    assert get(served.base + short)[0] == 200
    brief.unlink()
    steps.append(served.settle(done))
    brief_deleted = done
    done = len(served.builds())
    assert get(served.base + short)[0] == 404
    gone = doc_url(served, "2016-01-27-")
    (seeds / "004_b272e8982b785cee.txt").unlink()
    (seeds / "004_b272e8982b785cee.meta.yml").unlink()
    steps.append(served.settle(done))
    done = len(served.builds())
    assert get(served.base + gone)[0] == 404
    # 6. a second rendering added in the registry, found in the text the seed's edit added
    registry_again = done
    concept_page = served.base + "/en/concept/zangger-committee/"
    before = LIVERELOAD.sub(b"", get(concept_page)[1])
    registry.write_text(registry.read_text(encoding="utf-8").replace("en: [Zangger group]", "en: [Zangger group, preview checks]", 1), encoding="utf-8")
    steps.append(served.settle(done))
    done = len(served.builds())
    assert LIVERELOAD.sub(b"", get(concept_page)[1]) != before  # one mention more

    # the search index follows: updating right after the rebuild, then in place, and a word
    # the edits added is found (in a real browser, through the site's own search)
    status = json.loads(get(served.base + "/search-status.json")[1] or b"{}")
    assert status.get("updating") in (True, False)
    wait_for(lambda: json.loads(get(served.base + "/search-status.json")[1] or b"{}").get("updating") is False, timeout=120)
    wait_for(lambda: json.loads(get(served.base + "/en/search-status.json")[1] or b"{}").get("updating") is False, timeout=120)
    found_in_browser(browser, served.base + "/", "预览测试", added)
    found_in_browser(browser, served.base + "/en/", "preview checks this sentence", chapter)

    # every page of a clean build of the same inputs is served, byte for byte (but the live-reload script)
    clean = tmp_path / "clean"
    clean.mkdir()
    copy_project(clean, seeds=seeds)
    result = mkdocs_build(clean, site_url=served.base + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    site = clean / "site"
    pages = sorted(site.rglob("*.html")) + [site / "sitemap.xml", site / "sitemap.xml.gz"]
    different, first = [], ""
    for page in pages:
        rel = page.relative_to(site).as_posix()
        status, body = get(f"{served.base}/{rel}")
        if status != 200 or LIVERELOAD.sub(b"", body) != page.read_bytes():
            different.append(rel)
            if not first:  # the first lines that differ, to say how
                first = "\n".join(difflib.unified_diff(page.read_text(encoding="utf-8").splitlines(),
                                                        LIVERELOAD.sub(b"", body).decode("utf-8", "replace").splitlines(), "clean", "served", n=1, lineterm=""))[:3000]
    print("rebuilds (pages rendered, pages kept) per step:", steps)
    assert len(pages) > 100 and different == [], first
    # and only what the changes touched was rendered again: an edit renders a few pages, not the site
    edit = steps[1][0]  # the first build after the seed edit
    assert edit[0] < total / 4, steps
    # every change took the quick way (no MkDocs build)
    quick = served.quick()
    assert quick[registry_edit] and quick[seed_edit] and quick[sidecar_edit] and quick[seed_added], quick
    assert quick[brief_added] and quick[brief_deleted] and quick[registry_again], quick

