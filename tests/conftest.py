"""Shared fixtures: the real seeds, and one full site build reused by the end-to-end tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PROJECT_FILES = ("mkdocs.yml",)
PROJECT_DIRS = ("overrides",)


def copy_project(dest: Path, seeds: Path | None = None) -> Path:
    """A copy of the project (config, hand-written docs, overrides, seeds) to build in isolation."""
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    for name in PROJECT_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    docs = dest / "docs"
    docs.mkdir()
    for item in (ROOT / "docs").iterdir():
        # only hand-written pages and assets: generated pages are made by the build
        if item.name in ("about.md", "about.en.md", "assets"):
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, docs / item.name)
    shutil.copytree(seeds or SEEDS, dest / "seeds")
    return dest


def mkdocs_build(project: Path, *args: str, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *args],
        cwd=project, capture_output=True, text=True, timeout=900, env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds built once into a temporary project; returns its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def corpus():
    from corpus_site.ingest.loader import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def browser():
    from browser import ARGS, CHROMIUM, chromium_available

    if not chromium_available():
        pytest.fail("Debian's chromium is not installed: run `bash scripts/test.sh`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
