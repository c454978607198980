"""The benchmark at a small N: the script works, and per-page work does not grow with the corpus.

Speed and memory targets live in benchmarks/run.py, not here: this test times nothing.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate  # noqa: E402
from run import report, run  # noqa: E402


@pytest.mark.slow
def test_benchmark_runs_on_a_small_corpus(tmp_path: Path) -> None:
    result = run(20, tmp_path, search=False)
    assert result.documents >= 50 and result.html_pages > 2 * result.documents
    assert set(result.stages) == {"ingest", "concepts", "render_zh", "render_en", "render_ours", "search", "search_ours"}
    assert all(v >= 0 for v in result.stages.values())
    assert result.stages["search_ours"] <= result.stages["search"]
    assert result.baseline_pages == 22 and result.peak_rss_mb > 0  # 20 seeds, the home page, the 404 page
    table = report([result])
    assert table.count("\n") == 2 and "| 20 |" in table


def test_generated_seeds_keep_the_shapes_of_the_real_ones(tmp_path: Path) -> None:
    from corpus_site.ingest.loader import load_corpus

    corpus = load_corpus(generate(10, tmp_path / "seeds"))
    shapes = {seed.shape for seed in corpus.seeds}
    assert shapes == {"news", "essay", "paper", "whitepaper"}
    assert 25 <= len(corpus.documents) <= 35


def test_a_document_page_does_not_list_the_corpus(built_site: Path) -> None:
    """No navigation or listing on a document page grows with the number of documents."""
    for page in (built_site / "doc").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        nav = html.split('<div class="md-sidebar md-sidebar--primary"', 1)[1].split("</nav>", 1)[0]
        assert "/doc/" not in nav
        body_links = set(re.findall(r'href="\.\./([^"/#]+)/', html.split('<div class="cs-related"', 1)[-1]))
        assert len(body_links) <= 10  # the related documents: five per language at most


def test_long_lists_are_split_into_pages_that_do_not_grow(tmp_path: Path) -> None:
    """Concept pages and browse pages list a bounded number of documents, and every document
    that mentions a concept is on exactly one page of that concept's list."""
    from corpus_site.pipeline import Paths, Pipeline
    from corpus_site.site.listing import PREVIEW
    from corpus_site.site.paging import PAGE_SIZE

    seeds = generate(40, tmp_path / "seeds")
    shutil.copy2(Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml", seeds / "concepts.yml")
    docs_dir = tmp_path / "docs"
    report = Pipeline(Paths(seeds, docs_dir)).run()
    slugs = {d.doc_id: d.meta.slug for d in report.corpus.documents}
    paginated = 0
    for concept, mentions in report.index.mentions.items():
        pages = sorted((docs_dir / "concept").glob(f"{concept}.md")) + sorted((docs_dir / "concept" / concept).glob("*.md"))
        pages = [p for p in pages if not p.name.endswith(".en.md")]
        listed: list[str] = []
        for page in pages:
            text = re.sub(r'<figure class="cs-map.*?</figure>', "", page.read_text(encoding="utf-8"), flags=re.S)  # the map's own links
            found = re.findall(r'<li><a href="[^"]*doc/([^"/]+)/">', text)
            assert len(found) <= PAGE_SIZE
            listed += found
        assert sorted(listed) == sorted({slugs[m.doc_id] for m in mentions}), concept
        paginated += len(pages) > 1
    assert paginated, "the corpus is large enough for some concept to need several pages"
    overview = (docs_dir / "browse" / "kind.md").read_text(encoding="utf-8")
    for section in overview.split("<h2")[1:]:
        assert section.count('<a href="../../doc/') <= PREVIEW
    news = sorted((docs_dir / "browse" / "kind").glob("news*.md")) + sorted((docs_dir / "browse" / "kind" / "news").glob("*.md"))
    listed = [s for p in news if not p.name.endswith(".en.md") for s in re.findall(r'doc/([^"/]+)/"', p.read_text(encoding="utf-8"))]
    assert sorted(listed) == sorted(d.meta.slug for d in report.corpus.documents if d.meta.kind == "news")


def test_a_document_added_at_the_top_of_a_browse_list_changes_its_first_page_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Browse lists are newest first and cut from the oldest end: a newer document changes
    the first page of each list it is in, not every page after it (in the live preview each
    page written is a page rendered again), and every document stays listed once."""
    from corpus_site.pipeline import Paths, Pipeline
    from corpus_site.site import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    seeds = generate(30, tmp_path / "seeds")
    shutil.copy2(Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml", seeds / "concepts.yml")
    docs_dir = tmp_path / "docs"
    pipeline = Pipeline(Paths(seeds, docs_dir))
    pipeline.run()

    def pages(kind: str) -> dict[str, str]:
        folder = docs_dir / "browse" / "kind"
        return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in [folder / f"{kind}.md", *sorted((folder / kind).glob("*.md"))]
                if not p.name.endswith(".en.md")}

    def listed(found: dict[str, str]) -> list[str]:
        return [s for text in found.values() for s in re.findall(r'<li><a href="[^"]*doc/([^"/]+)/">', text)]

    before = pages("news")
    assert len(before) >= 3, "the corpus is large enough for the news list to run to several pages"
    (seeds / "zz-newest.md").write_text("---\ntitle: Newest news\nkind: news\ndate: 2031-02-03\n---\n\nA news item on nuclear safety.\n", encoding="utf-8")
    report = pipeline.run()
    after = pages("news")
    assert after.keys() == before.keys()
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["news.md"], changed
    news = [d.meta.slug for d in report.corpus.documents if d.meta.kind == "news"]
    assert sorted(listed(after)) == sorted(news) and len(set(listed(after))) == len(news)
    assert "newest-news" in listed(after)[0]  # first of the first page
