"""End to end: the real seeds built by `mkdocs build --strict`, checked in the HTML."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, copy_project, mkdocs_build

BOILERPLATE = re.compile(r"哒哒|公众号|##paid(?:begin|end)##|素材库|最新热点")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_makes_every_document_page_in_both_languages(built_site: Path) -> None:
    zh = sorted(p.name for p in (built_site / "doc").iterdir())
    en = sorted(p.name for p in (built_site / "en" / "doc").iterdir())
    assert zh == en and len(zh) >= 14
    assert (built_site / "index.html").is_file() and (built_site / "en" / "index.html").is_file()


def test_no_watermark_or_paywall_text_anywhere_in_the_site(built_site: Path) -> None:
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            assert not BOILERPLATE.search(path.read_text(encoding="utf-8", errors="replace")), path


def test_no_request_to_another_host(built_site: Path) -> None:
    pattern = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)
    for path in html_files(built_site):
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_the_one_404_page_is_the_default_interface_s_and_speaks_both_languages(built_site: Path) -> None:
    """Each language's build writes the root 404.html; the Chinese (root) interface's is kept."""
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh' in page and "找不到页面" in page
    assert '<p lang="en">There is no page at this address.' in page
    assert 'href="/">回到首页</a>' in page and 'href="/en/">home page</a>' in page
    assert not (built_site / "en" / "404.html").exists()


def test_paper_page_has_flowing_paragraphs_and_footnotes(built_site: Path) -> None:
    page = next((built_site / "doc").glob("2023-a-community-of-shared-future*/index.html")).read_text(encoding="utf-8")
    assert page.count('class="footnote-ref"') >= 45
    assert len(re.findall(r'<li id="fn:', page)) >= 45
    assert '<h2 id="s1">一、核安全命运共同体理念提出的背景' in page
    assert re.search(r'<p id="p1">在世界进入动荡变革期的背景下', page)


def test_home_page_lists_the_corpus_by_kind(built_site: Path) -> None:
    page = (built_site / "index.html").read_text(encoding="utf-8")
    for kind in ("新闻", "评论文章", "学术论文", "白皮书"):
        assert kind in page
    assert page.count('href="doc/') >= 14


def test_unreadable_seed_is_reported_by_name_and_the_rest_still_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "seeds" / "broken seed.txt").write_bytes(bytes(range(256)) * 50)
    (project / "seeds" / "empty.txt").write_bytes(b"")
    strict = mkdocs_build(project)
    assert strict.returncode != 0
    assert "broken seed.txt: error: binary file" in strict.stderr
    assert "empty.txt: error: empty seed" in strict.stderr
    relaxed = mkdocs_build(project, "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert len(list((project / "site" / "doc").iterdir())) >= 14


def test_markup_in_a_seed_is_shown_literally(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    hostile = (
        "Hostile Markup Test\n\n"
        "# not a heading\n"
        "---\n"
        "<script>alert('x')</script> and <img src=x onerror=alert(1)>\n"
        "[click me](javascript:alert(1)) and {{ config }} and [^1]: not a footnote\n"
    )
    (project / "seeds" / "hostile.txt").write_text(hostile, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = next((project / "site" / "doc").glob("hostile-markup-test-*/index.html")).read_text(encoding="utf-8")
    body = page.split('class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert" in body and "# not a heading" in body and "[click me](javascript:alert(1))" in body
    assert "{{ config }}" in body


# -- concepts on the built site --------------------------------------------------------------

CONCEPT_LINK = re.compile(r'<a class="cs-concept" href="([^"]+)">(.*?)</a>')


def test_concept_page_lists_every_document_that_mentions_it(built_site: Path, corpus) -> None:
    from corpus_site.concepts.index import build_index
    from corpus_site.concepts.matcher import Matcher
    from corpus_site.concepts.registry import load_registry

    registry, _ = load_registry(Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml")
    index = build_index(corpus.documents, Matcher(registry))
    slugs = {d.doc_id: d.meta.slug for d in corpus.documents}
    for concept, mentions in index.mentions.items():
        for lang_dir in ("", "en/"):
            page = (built_site / lang_dir / "concept" / concept / "index.html").read_text(encoding="utf-8")
            for mention in mentions:
                assert f'../../doc/{slugs[mention.doc_id]}/' in page, (concept, mention.doc_id)


def test_nuclear_security_view_links_chinese_and_english_documents(built_site: Path) -> None:
    page = (built_site / "concept" / "nuclear-security-view" / "index.html").read_text(encoding="utf-8")
    assert 'id="mentions-zh"' in page and 'id="mentions-en"' in page
    assert "rational, coordinated and balanced nuclear safety strategy" in page
    assert "理性、协调、并进" in page


def test_concept_links_are_whole_renderings_and_never_in_headings(built_site: Path) -> None:
    from corpus_site.concepts.normalize import normalize
    from corpus_site.concepts.registry import load_registry

    registry, _ = load_registry(Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml")
    aliases = {normalize(a).text for c in registry.concepts for a in (*c.aliases_zh, *c.aliases_en)}
    count = 0
    for path in (built_site / "doc").rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", page, re.S):
            assert "cs-concept" not in heading
        for _, text in CONCEPT_LINK.findall(page):
            import html as _html

            assert normalize(_html.unescape(text)).text in aliases, text
            count += 1
    assert count > 50


def test_a_citation_of_a_white_paper_links_to_it(built_site: Path) -> None:
    page = next((built_site / "doc").glob("2023-a-community-of-shared-future*/index.html")).read_text(encoding="utf-8")
    targets = {text: href for href, text in CONCEPT_LINK.findall(page)}
    assert targets["《中国的核安全》"].startswith("../2019-09-03-vi-building-a-community")
    assert targets["《中国的核应急》"].startswith("../2016-01-27-conclusion")


def test_concept_map_links_every_node(built_site: Path) -> None:
    page = (built_site / "concepts" / "index.html").read_text(encoding="utf-8")
    svg = page.split('<figure class="cs-map', 1)[1].split("</svg>", 1)[0]
    concepts = re.findall(r'class="cs-node cs-node-concept[^"]*" id="m-c-([^"]+)" href="([^"]+)"', svg)
    assert len(concepts) >= 30 and "cs-node-doc" not in svg  # concepts, not documents
    for cid, href in concepts:
        assert href == f"../concept/{cid}/" and (built_site / "concept" / cid / "index.html").is_file()
    ties = re.findall(r'<line class="cs-edge[^"]*" data-a="m-c-([^"]+)" data-b="m-c-([^"]+)"', svg)
    shown = {cid for cid, _ in concepts}
    assert ties and all(a in shown and b in shown for a, b in ties)

def test_our_scripts_are_written_smaller_in_the_site(built_site: Path) -> None:
    """A first search downloads assets/search.js whole: the site's copy has no comments and
    is a third smaller than the source (the browser tests run the site's copy)."""
    for name in ("search.js", "corpus.js"):
        source = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        built = (built_site / "assets" / name).read_text(encoding="utf-8")
        assert "// " in source and "\n  //" not in built and len(built) < 0.75 * len(source), name


def test_without_a_site_url_the_sitemap_lists_no_page(built_site: Path) -> None:
    """A sitemap holds absolute URLs only: a build without SITE_URL writes an empty one, not
    URLs that begin with "None" (test_browser_site checks one with SITE_URL)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(root) == 0


def test_the_sitemap_made_again_follows_each_page_date_and_alternate() -> None:
    """The live preview makes the sitemap again after each seed added or deleted, and a page
    whose file, page, date and alternates are those of the last time keeps its entry: one
    whose date or alternates changed, or a new page, is written anew."""
    from types import SimpleNamespace

    from corpus_site.site import sitemap

    def page_file(url: str) -> SimpleNamespace:
        return SimpleNamespace(url=url, alternates={}, page=SimpleNamespace(is_link=False, canonical_url=None, update_date="2030-01-01"))

    zh = [page_file(f"doc/{i}/") for i in range(3)]
    en = [page_file(f"en/doc/{i}/") for i in range(3)]
    for a, b in zip(zh, en):
        a.alternates = b.alternates = {"zh": a, "en": b}
    site = "https://example.org/corpus/"
    kept = sitemap.Sitemap()
    first = kept.xml({"zh": zh, "en": en}, site)
    assert first.count("<url>") == 6 and first.count('hreflang="en" href="https://example.org/corpus/en/doc/1/"') == 2
    assert kept.xml({"zh": zh, "en": en}, site) == first
    zh[1].page.update_date = "2031-02-03"
    en[2].alternates = {"zh": page_file("doc/9/"), "en": en[2]}
    added = page_file("doc/3/")
    again = kept.xml({"zh": [*zh, added], "en": en}, site)
    assert again == sitemap.sitemap_xml({"zh": [*zh, added], "en": en}, site)  # made afresh
    assert again.count("<lastmod>2031-02-03</lastmod>") == 1 and again.count("https://example.org/corpus/doc/3/") == 1
    assert again.count('hreflang="zh" href="https://example.org/corpus/doc/2/"') == 1  # (en's page 2 has another)
    assert again.count('hreflang="zh" href="https://example.org/corpus/doc/9/"') == 1
    assert "<loc>https://other.example/doc/0/</loc>" in kept.xml({"zh": zh}, "https://other.example/")  # another site: made anew
