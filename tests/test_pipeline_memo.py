"""The live preview's pipeline keeps what its last run made (mentions, related documents,
concept and listing pages, document pages) and makes again only what an edit changed.
After any series of edits it must write exactly the docs/ a fresh run writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from corpus_site.site import conceptpage, listing
from corpus_site.filestat import file_stat
from corpus_site.pipeline import Paths, Pipeline
from corpus_site.site.writer import MANIFEST


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh(seeds: Path, docs: Path) -> dict[str, bytes]:
    shutil.rmtree(docs, ignore_errors=True)
    Pipeline(Paths(seeds, docs)).run()
    return tree(docs)


@pytest.mark.parametrize("page_size", [None, 2], ids=["one page per list", "lists of many pages"])
def test_a_kept_pipeline_writes_what_a_fresh_one_writes_after_each_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page_size: int | None) -> None:
    if page_size:  # concepts' and browse lists of documents then run to further pages, kept on their own
        monkeypatch.setattr(conceptpage, "PAGE_SIZE", page_size)
        monkeypatch.setattr(listing, "PAGE_SIZE", page_size)
        monkeypatch.setattr(listing, "PREVIEW", 1)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    docs = tmp_path / "docs"
    kept = Pipeline(Paths(seeds, docs))
    kept.keep_pages = True
    chapter = seeds / "003_d81c67042e7b0ee9.txt"
    sidecar = seeds / "003_d81c67042e7b0ee9.meta.yml"
    news = seeds / "000_3b3b6b14cc6e4274.txt"
    registry = seeds / "concepts.yml"
    marker = "    zh: 桑戈委员会\n    en: Zangger Committee\n"
    edits = [
        ("nothing", lambda: None),
        ("a paragraph without a concept", lambda: chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA plain sentence added.\n", encoding="utf-8")),
        ("a paragraph with a concept the document had", lambda: chapter.write_text(
            chapter.read_text(encoding="utf-8") + "\nThe Zangger Committee is named once more.\n", encoding="utf-8")),
        ("a concept new to a document", lambda: news.write_text(news.read_text(encoding="utf-8") + "\n桑戈委员会在此被提及。\n", encoding="utf-8")),
        ("a sidecar's metadata", lambda: sidecar.write_text(
            sidecar.read_text(encoding="utf-8").replace("date: 2019-09-03", "date: 2019-09-03\n    editor: Memo Editor"), encoding="utf-8")),
        ("a title in a sidecar", lambda: sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("editor: Memo Editor", "editor: Memo Editor\n    title: 改过的标题"), encoding="utf-8")),
        ("a seed added", lambda: (seeds / "memo-post.md").write_text(
            "---\ntitle: 新增文章\ndate: 2030-01-02\n---\n\n构建核安全命运共同体，桑戈委员会。\n", encoding="utf-8")),
        ("a seed deleted", lambda: (seeds / "004_b272e8982b785cee.txt").unlink()),
        ("the registry", lambda: registry.write_text(
            registry.read_text(encoding="utf-8").replace(marker, marker + "    aliases:\n      en: [Memo group]\n", 1), encoding="utf-8")),
        ("an edit after the registry's", lambda: chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMemo group, again.\n", encoding="utf-8")),
    ]
    for name, edit in edits:
        edit()
        report = kept.run()
        assert tree(docs) == fresh(seeds, tmp_path / "fresh"), name
        # what it says of each page's file (the preview takes it for the file system's word)
        on_disk = {p.relative_to(docs).as_posix(): file_stat(p) for p in docs.rglob("*") if p.is_file() and p.name != MANIFEST}
        assert dict(report.file_stats) == on_disk, name
    if page_size:
        assert any(name.startswith("concept/") and name.count("/") == 2 for name in tree(docs))
    # and the memos did their work: an edit left the other pages untouched
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more plain sentence.\n", encoding="utf-8")
    report = kept.run()
    assert report.stats.written <= 4, report.stats


def test_a_seed_rewritten_at_once_with_the_same_size_gets_a_new_content_key(tmp_path: Path) -> None:
    """The loader does not hash an unchanged seed again (its time of writing and size say so),
    but a file changed within its clock's tick is hashed again, like Git's "racy" files."""
    import os

    from corpus_site.ingest.loader import _content_key

    seed = tmp_path / "a.txt"
    seed.write_text("第一稿。", encoding="utf-8")
    first = _content_key(seed)
    seed.write_text("第二稿。", encoding="utf-8")  # same size, at once
    second = _content_key(seed)
    assert second != first
    os.utime(seed, ns=(10**18, 10**18))  # an old file (2001): its key is made once, then trusted
    old = _content_key(seed)
    assert old == second
    seed.write_text("第三稿。", encoding="utf-8")  # the same size, and the old time put back:
    os.utime(seed, ns=(10**18, 10**18))
    assert _content_key(seed) == old  # not read again (the trade Git's index makes too)
    seed.write_text("第四稿。", encoding="utf-8")  # a new time of writing: hashed again
    assert _content_key(seed) not in (first, second)


def test_a_seed_added_makes_again_only_the_concept_pages_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A concept page is keyed on what it shows (its mentions, its map and its co-occurring
    concepts as drawn), not on every document's concepts: a seed added makes again the pages
    of the concepts whose page it changes, and no other."""
    import corpus_site.pipeline as pipeline

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    docs = tmp_path / "docs"
    kept = Pipeline(Paths(seeds, docs))
    kept.keep_pages = True
    kept.run()
    before = tree(docs)
    made: list[str] = []
    real = pipeline.concept_page

    def counted(concept, lang, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(f"concept/{concept.id}" + (".en" if lang == "en" else "") + ".md")
        return real(concept, lang, *args, **kwargs)

    monkeypatch.setattr(pipeline, "concept_page", counted)
    monkeypatch.setattr(pipeline, "FORK_MIN", 10**9)  # made here, where they are counted
    (seeds / "memo-post.md").write_text("---\ntitle: 新增文章\ndate: 2030-01-02\n---\n\n桑戈委员会。\n", encoding="utf-8")
    kept.run()
    after = tree(docs)
    changed = {name for name in after if name.startswith("concept/") and name.count("/") == 1 and before.get(name) != after[name]}
    concept_pages = {name for name in after if name.startswith("concept/") and name.count("/") == 1}
    assert changed, "the concept that the seed mentions has one more document"
    assert set(made) == changed
    assert len(changed) < len(concept_pages)
    assert after == fresh(seeds, tmp_path / "fresh")
