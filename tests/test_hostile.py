"""Hostile and broken input: every seed builds into a safe page or fails with a one-line error."""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from safety import elements, unsafe

HOSTILE = Path(__file__).resolve().parent / "hostile" / "seeds"
ERROR_LINE = re.compile(r"^WARNING\s+-\s+corpus_site: (?P<file>[^:\n]+?)(?::(?P<line>\d+))?: error: [^\n]+ \[[\w-]+\]$", re.M)


def snapshot(folder: Path, skip: tuple[str, ...]) -> dict[str, str]:
    """Every file below ``folder`` but those under the ``skip`` paths, with its content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and not str(p.relative_to(folder)).startswith(skip)
    }


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "project").mkdir()
    project = copy_project(base / "project", HOSTILE)
    written_here = ("project/docs/", "project/site/", "project/.cache/corpus-site/")  # (the loader's cache: README)
    before = snapshot(base, written_here)
    relaxed = mkdocs_build(project, "--no-strict")
    after = snapshot(base, written_here)
    strict = mkdocs_build(project)
    return project, relaxed, strict, before, after


def test_the_build_goes_on_and_every_error_is_one_line_naming_the_file(hostile_build) -> None:
    project, relaxed, strict, _, _ = hostile_build
    assert relaxed.returncode == 0, relaxed.stderr
    assert "Traceback" not in relaxed.stderr + relaxed.stdout
    errors = {(m.group("file"), m.group("line")) for m in ERROR_LINE.finditer(relaxed.stderr)}
    expected = {
        ("binary.bin", None), ("empty.txt", None), ("boilerplate-only.txt", None),
        ("bad-sidecar.meta.yml", "4"), ("unknown-keys.meta.yml", "3"), ("unknown-keys.meta.yml", "4"),
        ("concepts.yml", "8"), ("concepts.yml", "13"),
    }
    assert expected <= errors, errors
    for line in relaxed.stderr.splitlines():
        if "error:" in line:
            assert ERROR_LINE.match(line), line
    # --strict fails on the same errors
    assert strict.returncode != 0 and "Traceback" not in strict.stderr


def test_every_readable_seed_becomes_a_safe_page(hostile_build) -> None:
    project = hostile_build[0]
    site = project / "site"
    titles = []
    for page in sorted((site / "doc").glob("*/index.html")) + sorted((site / "en" / "doc").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        body = html.split('<div class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
        assert unsafe('<div class="cs-body"' + body) == [], page
        for tag, attrs in elements(html):
            assert tag != "iframe"
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            for name in ("href", "src"):
                assert not (attrs.get(name) or "").lower().startswith(("javascript:", "data:")), (page, tag, attrs)
        titles.append(re.search(r"<h1[^>]*>(.*?)<", html).group(1))
    assert len(titles) == 28  # 14 documents in each interface
    # A seed with Markdown and HTML in it is read as Markdown (issue #18): rendered through
    # the allowlist, never executed; template syntax stays text.
    markup = next(t for p in (site / "doc").glob("*/index.html") if "config.site_name" in (t := p.read_text(encoding="utf-8")))
    body = markup.split('<div class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
    for literal in ("{{ config.site_name }}", "{% include"):
        assert literal in body
    assert "a line that looks like a heading</h2>" in body or "a line that looks like a heading" in body
    for never in ("<script", "<iframe", "<img", " onerror=", ' href="javascript:', ' href="data:', " src="):
        assert never not in body, never  # (as text, "[click me](javascript:…)" may stay: it is no link)


def test_encodings_are_read(hostile_build) -> None:
    site = hostile_build[0] / "site"
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (site / "doc").glob("*/index.html")}
    text = "\n".join(pages.values())
    for expected in ("用GB18030编码保存的文章", "The International Atomic Energy Agency reviewed", "Café, naïve façade", "第二段是GB18030编码", "A line with a NUL byte, a bell and a form feed", "國際原子能總署在維也納召開會議"):
        assert expected in text


@pytest.mark.browser
def test_a_text_in_traditional_characters_is_found_by_simplified_and_traditional_queries(hostile_build, browser) -> None:
    from browser import SEARCH_JS, serve

    site = hostile_build[0] / "site"
    page_of = {p.parent.name for p in (site / "doc").glob("*/index.html") if "國際原子能總署" in p.read_text(encoding="utf-8")}
    assert len(page_of) == 1
    (traditional,) = page_of
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + "/")
        for query in ("国际合作", "國際合作", "原子能总署", "实物保护"):
            urls = page.evaluate(SEARCH_JS, ["/pagefind/", query, None])
            assert f"/doc/{traditional}/" in urls, query
        page.close()
    html = (site / "doc" / traditional / "index.html").read_text(encoding="utf-8")
    assert "国际合作" not in html  # folded for the index only: the page shows its own characters
    assert '<div class="cs-body" lang="zh-Hant"' in html  # the browser picks a font for traditional characters


def test_nothing_is_written_outside_docs_and_site(hostile_build) -> None:
    project, _, _, before, after = hostile_build
    assert before == after
    cache = project / ".cache" / "corpus-site"
    assert all(p.suffix == ".json" for p in cache.iterdir())  # the loader's cache: one entry a seed, nothing else


def test_the_same_document_in_two_seeds_is_kept_and_reported(hostile_build) -> None:
    project, relaxed, *_ = hostile_build
    assert "duplicate-b.txt:1: warning: document 1 repeats document 1 of duplicate-a.txt" in relaxed.stderr
    assert len(list((project / "site" / "doc").glob("chong-fu-de-wen-zhang-*"))) == 2


def test_a_20_megabyte_seed_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    paragraphs = [line for line in (ROOT / "seeds" / "001_0e6bd6cdd338e71c.txt").read_text(encoding="utf-8").splitlines() if len(line) > 40]
    rng = random.Random(7)
    chunks, size = ["一份很大的文本"], 0
    while size < 20_000_000:
        chunk = rng.choice(paragraphs)
        chunks.append(chunk)
        size += len(chunk.encode("utf-8")) + 1
    (project / "seeds" / "huge.txt").write_text("\n".join(chunks), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    page = next((project / "site" / "doc").glob("yi-fen-hen-da-de-wen-ben-*/index.html")).read_text(encoding="utf-8")
    last = chunks[-1].replace("D", "党")  # the loader restores 党 masked as D
    assert last[-30:] in page  # nothing was cut off
