"""Rebuilds: live preview under `mkdocs serve`, reproducible and atomic builds, the CI workflow."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from corpus_site.forked import can_fork
from corpus_site.site import ahead
from corpus_site.site.plugin import TIMINGS_ENV

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(check, timeout: float = 120.0, every: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError("timed out waiting for the preview to change")


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """End a server process: politely, then not."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_project(tmp_path: Path):
    project = copy_project(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200, timeout=180)
        yield project, base
    finally:
        stop(process)


def test_serve_rebuilds_when_seeds_sidecars_and_registry_change(served_project) -> None:
    project, base = served_project
    seeds = project / "seeds"
    chapter = next(p for p in (project / "docs" / "doc").glob("*.md") if p.name.startswith("2019-09-03-vi-") and not p.name.endswith(".en.md"))
    url = f"{base}/doc/{chapter.stem}/"
    assert "Zangger Committee" in fetch(url)[1]
    # 1. editing a seed rebuilds its page
    seed = seeds / "003_d81c67042e7b0ee9.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Zangger Committee", "Zangger Committee (edited in preview)"), encoding="utf-8")
    wait_for(lambda: "edited in preview" in fetch(url)[1])
    # 2. editing a sidecar changes the metadata
    sidecar = seeds / "003_d81c67042e7b0ee9.meta.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("date: 2019-09-03", "date: 2019-09-03\n    editor: Preview Editor"), encoding="utf-8")
    wait_for(lambda: "Preview Editor" in fetch(url)[1])
    # 3. editing the registry adds a concept page
    registry = seeds / "concepts.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + (
        "  - id: peer-review\n    kind: initiative\n    zh: 同行评审\n    en: international peer reviews\n"
        "    definition: {zh: 国际同行评审。, en: International peer reviews of nuclear safety.}\n"), encoding="utf-8")
    wait_for(lambda: fetch(f"{base}/concept/peer-review/")[0] == 200)
    assert "peer-review" in fetch(url)[1]  # the chapter mentions "international peer reviews"
    # 4. a new seed adds pages, and deleting it removes them: no stale page is left
    (seeds / "new-speech.txt").write_text("Remarks on Preview Rebuilds\n\nA short speech about nuclear safety culture.\n", encoding="utf-8")
    new_url = wait_for(lambda: next((f"{base}/doc/{p.stem}/" for p in (project / "docs" / "doc").glob("remarks-on-preview-rebuilds-*.md") if not p.name.endswith(".en.md")), None))
    wait_for(lambda: fetch(new_url)[0] == 200)
    (seeds / "new-speech.txt").unlink()
    wait_for(lambda: fetch(new_url)[0] == 404)
    assert not list((project / "docs" / "doc").glob("remarks-on-preview-rebuilds-*"))
    # 5. the pages and files of docs/ that are not generated are watched: a hand-written page,
    # a style sheet (the generated folders are not, as the pipeline writes them)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence the curator added by hand.\n", encoding="utf-8")
    wait_for(lambda: "added by hand" in fetch(f"{base}/about/")[1])
    css = project / "docs" / "assets" / "corpus.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited in the preview */\n", encoding="utf-8")
    wait_for(lambda: "edited in the preview" in fetch(f"{base}/assets/corpus.css")[1])
    # 6. search works in the preview (its index is made in the background, tests/test_preview.py)
    wait_for(lambda: fetch(f"{base}/pagefind/pagefind-entry.json")[0] == 200)
    wait_for(lambda: fetch(f"{base}/en/pagefind/pagefind-entry.json")[0] == 200)


def test_unchanged_seeds_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_site.ingest import loader
    from corpus_site.pipeline import Paths, Pipeline

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    calls: list[str] = []
    real = loader.load_seed
    monkeypatch.setattr(loader, "load_seed", lambda path, sidecar=None: calls.append(path.name) or real(path, sidecar))
    pipeline = Pipeline(Paths(seeds, tmp_path / "docs"))
    first = pipeline.run()
    assert len(calls) == 5 and first.stats.written > 100
    calls.clear()
    (seeds / "003_d81c67042e7b0ee9.txt").write_text("VI. A shorter chapter\n\nOne paragraph only.\n", encoding="utf-8")
    second = pipeline.run()
    assert calls == ["003_d81c67042e7b0ee9.txt"]
    assert 0 < second.stats.written < first.stats.written


def test_what_a_build_parsed_is_kept_for_the_next_build(tmp_path: Path) -> None:
    """`mkdocs build` writes the loader's cache beside the search stage, not while it waits
    for the loader: it is complete when the build ends, and the next build reads every seed
    from it."""
    project = copy_project(tmp_path)
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    seeds = sorted(p.name for p in (project / "seeds").glob("*.txt"))
    entries = [json.loads(p.read_text(encoding="utf-8").split("\n", 1)[1]) for p in (project / ".cache" / "corpus-site").glob("*.json")]
    assert sorted(entry["name"] for entry in entries) == seeds
    again = mkdocs_build(project)
    assert again.returncode == 0 and f"loader cache: {len(seeds)} seed(s) read from" in again.stderr


def test_building_twice_gives_a_byte_identical_site(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    first = copy_project(tmp_path / "a")
    assert mkdocs_build(first).returncode == 0
    digest = tree_digest(first / "site")
    assert mkdocs_build(first).returncode == 0
    again = tree_digest(first / "site")
    assert digest == again
    (tmp_path / "b").mkdir()
    second = copy_project(tmp_path / "b")  # another checkout, another folder
    assert mkdocs_build(second).returncode == 0
    assert tree_digest(second / "site") == digest


def test_work_done_beside_the_render_leaves_the_site_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages' HTML made ahead of MkDocs' render, and the default interface's search work
    done while the other interface renders (each in a forked child, from a number of pages
    that the real seeds are given here): the same site as one process builds."""
    sites = {}
    for name, least in (("here", str(10**9)), ("beside", "1")):
        (tmp_path / name).mkdir()
        project = copy_project(tmp_path / name)
        config = project / "mkdocs.yml"  # each interface indexed in parts, merged
        config.write_text(config.read_text(encoding="utf-8").replace("      seeds: seeds\n", "      seeds: seeds\n      search_part_pages: 40\n", 1), encoding="utf-8")
        monkeypatch.setenv(ahead.MIN_ENV, least)
        monkeypatch.setenv(TIMINGS_ENV, str(tmp_path / f"{name}.json"))
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        sites[name] = tree_digest(project / "site")
        counts = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))["counts"]
        assert counts["search_runs"] >= 4
        if name == "beside" and can_fork():
            assert counts["made_ahead"] > 0 and counts["search_early"] == 1
        else:
            assert counts["made_ahead"] == 0 and counts["search_early"] == 0
    assert sites["here"] == sites["beside"]
    assert not list(tmp_path.glob("*/.corpus-search-*"))


def test_a_failed_build_leaves_the_last_good_site_in_place(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    good = tree_digest(project / "site")
    (project / "seeds" / "broken.txt").write_bytes(b"\x00\x01\x02" * 400)
    failed = mkdocs_build(project)  # --strict: the unreadable seed fails the build
    assert failed.returncode != 0 and "broken.txt: error" in failed.stderr
    assert tree_digest(project / "site") == good


def test_build_ends_with_a_one_screen_summary(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = mkdocs_build(project)
    summary = result.stderr.split("corpus-site summary", 1)[1].splitlines()[1:10]
    text = "\n".join(summary)
    for field in ("seeds read: 5", "documents: 14", "pages: zh", "concepts: 60", "mentions", "boilerplate removed", "warnings", "search:"):
        assert field in text
    assert len(summary) <= 12


def test_the_workflow_passes_actionlint() -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    result = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = WORKFLOW.read_text(encoding="utf-8")
    for needed in ("pull_request", "seeds/**", "src/**", "docs/**", "mkdocs.yml", "bash scripts/test.sh", "--strict",
                   "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert needed in text


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.os }}", 1), encoding="utf-8")
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    result = subprocess.run([actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "matrix" in result.stdout
