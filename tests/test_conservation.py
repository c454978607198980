"""Nothing lost: every character of a seed is in a page or in the reported list of removals."""

from __future__ import annotations

import html
import pickle
import re
from pathlib import Path

import markdown
import pytest

from corpus_site.ingest.conserve import coverage, kept_spans
from corpus_site.ingest.loader import load_seed, seed_files
from corpus_site.model import FootnoteRef
from corpus_site.site.docpage import render_document, render_document_html

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXTENSIONS = ["footnotes", "attr_list", "md_in_html", "admonition", "toc"]


def letters(text: str) -> str:
    """Letters, digits and CJK only; 党 and its scraped mask D count as one."""
    return "".join(ch for ch in text if ch.isalnum()).replace("D", "党")


def page_text(doc, lang: str = "zh") -> str:
    """The letters of the document's page as the site shows it."""
    rendered = render_document_html(doc, lang)  # type: ignore[arg-type]
    return letters(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


def source_text(doc, lang: str = "zh") -> str:
    """The letters of the document's Markdown source in docs/, once Python-Markdown reads it."""
    source = render_document(doc, lang)  # type: ignore[arg-type]
    rendered = markdown.markdown(source.split("\n---\n", 1)[1], extensions=EXTENSIONS)
    return letters(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


@pytest.mark.parametrize("seed", seed_files(SEEDS), ids=lambda p: p.name)
def test_every_character_is_kept_or_reported(seed: Path) -> None:
    result = load_seed(seed)
    gaps = coverage(result)
    assert gaps.missing == () and gaps.doubled == ()
    assert result.documents


@pytest.mark.parametrize("seed", seed_files(SEEDS), ids=lambda p: p.name)
def test_kept_text_reaches_the_rendered_page(seed: Path) -> None:
    result = load_seed(seed)
    refs = {p.source for d in result.documents for b in d.blocks for p in b.inlines if isinstance(p, FootnoteRef)}
    refs |= {n.marker for d in result.documents for n in d.footnotes}
    for doc in result.documents:
        page = page_text(doc)
        source = source_text(doc)
        for span in kept_spans(doc):
            if span in refs:
                continue  # footnote numbers are numbered afresh by the footnote renderer
            piece = letters(result.text[span.start : span.end])
            assert piece in page, (doc.doc_id, result.text[span.start : span.end])
            if span not in doc.meta_sources:  # metadata (author, abstract's label…) is in the front matter
                assert piece in source, (doc.doc_id, result.text[span.start : span.end])


def test_removed_text_is_only_boilerplate() -> None:
    result = load_seed(SEEDS / "001_0e6bd6cdd338e71c.txt")
    reasons = {r.reason for r in result.removals}
    assert reasons == {"watermark", "paywall marker", "promotion"}
    removed = "".join(r.text for r in result.removals)
    assert "一是" not in removed and "核安全" not in removed


@pytest.mark.parametrize("seed", seed_files(SEEDS) + seed_files(SEEDS.parent / "tests" / "hostile" / "seeds"), ids=lambda p: p.name)
def test_a_loaded_seed_crosses_processes_whole(seed: Path) -> None:
    """Large corpora are parsed in worker processes: what comes back is what was made."""
    result = load_seed(seed)
    assert pickle.loads(pickle.dumps(result)) == result
