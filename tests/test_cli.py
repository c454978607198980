from pathlib import Path

import pytest

from corpus_site.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_ingest_writes_pages_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--seeds", str(SEEDS), "--docs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "documents: 14" in out and "boilerplate removed" in out
    assert len(list((tmp_path / "doc").glob("*.md"))) == 28
    assert len(list((tmp_path / "concept").glob("*.en.md"))) >= 30


def test_ingest_strict_fails_on_an_unreadable_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ok.txt").write_text("一段文字。\n\n另一段文字。", encoding="utf-8")
    (seeds / "bad.txt").write_bytes(b"\x00" * 100)
    assert main(["ingest", "--seeds", str(seeds), "--docs", str(tmp_path / "docs")]) == 0
    assert main(["ingest", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "bad.txt: error: binary file" in err and err.count("\n") >= 2


def test_concepts_suggest_proposes_terms_the_registry_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concepts", "suggest", "--seeds", str(SEEDS), "--limit", "10"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10
    terms = [line.split("\t")[0] for line in lines]
    assert "核安全命运共同体" not in terms and "核安全观" not in terms  # already in the registry


def test_concepts_check_reports_unused_renderings_and_silent_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concepts", "check", "--seeds", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "unused rendering" in out and "mentions no concept" in out
    assert "000_3b3b6b14cc6e4274#2: mentions no concept" in out  # the railway-station news item
