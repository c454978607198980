"""A real link checker (LinkChecker) over the built site: no broken internal link or anchor."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import serve

CONFIG = """
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
checkextern=0
ignore=
  /pagefind/
[AnchorCheck]
[output]
"""


def linkchecker() -> str:
    return shutil.which("linkchecker") or str(Path(sys.executable).with_name("linkchecker"))


@pytest.mark.slow
def test_linkchecker_finds_no_broken_link_or_anchor(built_site: Path, tmp_path: Path) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    with serve(built_site) as base:
        result = subprocess.run(
            [linkchecker(), "-f", str(config), "--no-status", "-o", "csv", base + "/"],
            capture_output=True, text=True, timeout=1800,
        )
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")][1:]
    problems = [row for row in rows if ";False;" in row or "not found" in row]
    assert problems == [], "\n".join(problems[:20])
    assert "error" not in result.stderr.lower() or "0 errors" in result.stderr
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout + result.stderr)
    assert checked is None or int(checked.group(2)) > 300


def test_linkchecker_reports_a_broken_anchor(tmp_path: Path) -> None:
    """The checker is not asleep: a page with a broken link and a broken anchor fails it."""
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text('<a href="sub/">s</a><a href="missing/">m</a><h2 id="here">h</h2>', encoding="utf-8")
    (tmp_path / "site" / "sub" / "index.html").write_text('<a href="../#here">ok</a><a href="../#gone">bad</a>', encoding="utf-8")
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    with serve(tmp_path / "site") as base:
        result = subprocess.run([linkchecker(), "-f", str(config), "--no-status", "-o", "csv", base + "/"],
                                capture_output=True, text=True, timeout=300)
    assert "missing/" in result.stdout and "Anchor `gone'" in result.stdout


@pytest.mark.parametrize("interface", ["", "en"])
def test_every_in_page_anchor_exists(built_site: Path, interface: str) -> None:
    """Same-page links (#p3, #fn:1-2, #concepts…), which LinkChecker does not follow."""
    root = built_site / interface if interface else built_site
    checked = 0
    for page in root.rglob("*.html"):
        if interface == "" and page.relative_to(root).parts[0] == "en":
            continue
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target.replace("&amp;", "&") in ids or target in ids, (page, target)
            checked += 1
    assert checked > 1000
