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

import gzip
import hashlib
import json
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
        canonicalize(root / BUNDLE)
        stats.append(SearchStats(folder, pages, root / BUNDLE))
    return stats


SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> object:
    import cbor2

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise SearchError(f"{path.name}: not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(folder: Path, prefix: str, suffix: str, value: object, digits: int) -> str:
    """Write a Pagefind data file named after its content; returns its hash ("zh_1a2b3c4")."""
    import cbor2

    data = gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)
    digest = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{'pagefind.' if suffix == '.pf_meta' else ''}{digest}{suffix}").write_bytes(data)
    return digest


def canonicalize(bundle: Path) -> None:
    """Make a Pagefind bundle byte-identical from build to build.

    Pagefind writes the values inside its filter files, and the filters in its metadata
    file, in an order that changes from run to run (and so do those files' names).  Here
    both lists are sorted and the files rewritten under names made from their content.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        assert isinstance(meta, list) and len(meta) >= 6
        renamed = {}
        for name, digest in meta[3]:
            path = bundle / "filter" / f"{digest}.pf_filter"
            filter_name, values = _read(path)  # type: ignore[misc]
            path.unlink()
            renamed[name] = _write(bundle / "filter", language, ".pf_filter", [filter_name, sorted(values)], 7)
        meta[3] = sorted([name, renamed[name]] for name in renamed)
        meta[5] = sorted(meta[5])
        meta_path.unlink()
        info["hash"] = _write(bundle, language, ".pf_meta", meta, 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
