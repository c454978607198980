from pathlib import Path

import pytest

from corpus_site.ingest.loader import load_corpus
from corpus_site.ingest.sidecar import load_sidecar

TEXT = "标题一行\n\n新华社北京4月2日电 这是一条新闻的正文，内容足够长，可以成为一个段落。这是第二句话。\n"


def write(tmp_path: Path, sidecar: str) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.yml").write_text(sidecar, encoding="utf-8")
    return tmp_path / "a.meta.yml"


def test_sidecar_sets_and_corrects_fields(tmp_path: Path) -> None:
    write(tmp_path, "defaults:\n  source: 新华社\ndocuments:\n  1:\n    title: 新标题\n    title_en: New title\n    date: 2016-04-02\n    authors: [张三]\n")
    doc = load_corpus(tmp_path).documents[0]
    assert (doc.meta.title, doc.meta.title_en, doc.meta.date, doc.meta.source, doc.meta.authors) == (
        "新标题", "New title", "2016-04-02", "新华社", ("张三",))
    assert doc.meta.slug.startswith("2016-04-02-new-title-")


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("documents:\n  1:\n    title: [unclosed\n", 4, "invalid YAML"),
        ("documents:\n  1:\n    title: a: b\n", 3, "invalid YAML"),
        ("documents:\n  1:\n    titel: typo\n", 3, "unknown field 'titel'"),
        ("documents:\n  1:\n    date: April\n", 3, "YYYY"),
        ("documents:\n  one:\n    title: x\n", 2, "not a position"),
        ("document:\n  1: {}\n", 1, "unknown top-level key"),
        ("documents:\n  1:\n    kind: blog\n", 3, "expected one of"),
    ],
)
def test_sidecar_errors_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    sidecar, problems = load_sidecar(write(tmp_path, text))
    assert sidecar is None
    assert problems[0].file == "a.meta.yml" and problems[0].line == line
    assert fragment in problems[0].message
    assert str(problems[0]).startswith(f"a.meta.yml:{line}: error:")


def test_every_error_in_a_sidecar_is_reported(tmp_path: Path) -> None:
    _, problems = load_sidecar(write(tmp_path, "documents:\n  1:\n    titel: x\n    date: soon\n  2:\n    colour: red\n"))
    assert [p.line for p in problems] == [3, 4, 6]


def test_a_broken_sidecar_does_not_stop_the_seed(tmp_path: Path) -> None:
    write(tmp_path, "documents: [\n")
    corpus = load_corpus(tmp_path)
    assert len(corpus.documents) == 1
    assert any(d.code == "sidecar-yaml" and d.severity == "error" for d in corpus.diagnostics)
