"""A second engine for the same config (issue #21): ProperDocs, the maintained continuation
of MkDocs 1.x, builds the site from the same mkdocs.yml and plugins, and gives the same
pages with the same text as MkDocs does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project


def article_text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    found = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1) if found else html).split())


@pytest.mark.slow
def test_properdocs_builds_the_same_pages_with_the_same_text(built_site: Path, tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs") or str(Path(sys.executable).with_name("properdocs"))
    assert Path(properdocs).exists(), "properdocs is a test dependency: bash scripts/test.sh installs it"
    project = copy_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    result = subprocess.run([properdocs, "build", "--strict", "-f", str(project / "mkdocs.yml")],
                            cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "corpus-site summary" in result.stderr + result.stdout
    ours, theirs = built_site, project / "site"
    pages = lambda root: {p.relative_to(root).as_posix() for p in root.rglob("*.html")}  # noqa: E731
    assert pages(ours) == pages(theirs) and len(pages(ours)) > 100
    different = [name for name in sorted(pages(ours)) if article_text(ours / name) != article_text(theirs / name)]
    assert different == []
    assert (theirs / "pagefind" / "pagefind-entry.json").is_file() and (theirs / "en" / "pagefind" / "pagefind-entry.json").is_file()
