"""Search: a Pagefind index per interface language, written next to each language's pages.

The Chinese interface lives at the site root and the English one under ``en/``; each gets
its own bundle (``pagefind/`` and ``en/pagefind/``).  Pagefind's extended build segments
Chinese text, and both bundles are built with it: the English interface holds Chinese
documents too, and English words are still indexed as words (a query matches word
prefixes, so "regulation" finds "regulations").  Only marked content is indexed
(``data-pagefind-body``): document texts, concept names in both languages and concept
cards — not navigation or boilerplate.

Pagefind runs as its own binary (from the ``pagefind_bin_extended`` wheel).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

BUNDLE = "pagefind"
EXCLUDE = (".headerlink", ".cs-permalink")


class SearchError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class SearchStats:
    folder: str
    pages: int
    bundle: Path


def _glob(root: Path, skip: Sequence[str]) -> tuple[str, int]:
    """A glob for the HTML pages of one interface (leaving out the others' folders)."""
    parts = ["*.html"]
    count = len([p for p in root.glob("*.html") if p.name != "404.html"])
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and entry.name not in skip and entry.name != BUNDLE:
            pages = list(entry.rglob("*.html"))
            if pages:
                parts.append(f"{entry.name}/**/*.html")
                count += len(pages)
    return "{" + ",".join(parts) + "}", count


def index_site(site: Path, folders: Sequence[str], segmentation: str = "zh") -> list[SearchStats]:
    """Index each interface of ``site``: ``folders`` are their sub-folders ("" for the root)."""
    stats = []
    for folder in folders:
        root = site / folder if folder else site
        skip = [f for f in folders if f and not folder]
        glob, pages = _glob(root, skip)
        command = [sys.executable, "-m", "pagefind", "--site", str(root), "--glob", glob,
                   "--force-language", segmentation, "--output-subdir", BUNDLE, "--silent"]
        for selector in EXCLUDE:
            command += ["--exclude-selectors", selector]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            raise SearchError(f"pagefind failed on {root}: {message[-1] if message else result.returncode}")
        stats.append(SearchStats(folder, pages, root / BUNDLE))
    return stats
