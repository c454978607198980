"""Write generated pages into docs/: only what changed, removing pages no longer generated.

A manifest lists what the previous run wrote, so a deleted seed's pages go away and
hand-written pages are never touched.  Nothing is written outside the generated folders.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Collection, Mapping

from ..filestat import file_stat
from .paths import GENERATED_DIRS, GENERATED_FILES

MANIFEST = ".corpus-site-manifest.json"


class UnsafePath(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def _check(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafePath(f"refusing to write outside docs/: {rel!r}")
    if path.parts[0] not in GENERATED_DIRS and rel not in GENERATED_FILES:
        raise UnsafePath(f"refusing to write a non-generated page: {rel!r}")
    return path


class Kept:
    """A page that its maker knows to be in docs/ as the last run wrote it (``KEPT``)."""

    __slots__ = ()


KEPT = Kept()

# What a run wrote, for the next (the live preview): docs/ path → (the content given, the
# file's time of writing and size once written).
Known = dict[str, tuple[object, tuple[int, int]]]


def write_pages(docs_dir: Path, files: Mapping[str, str | bytes | Kept], known: Known | None = None) -> WriteStats:
    """Write the pages whose content changed (nothing is removed: see ``remove_stale``).
    With ``known``: a page given the very content object of the last run, whose file is
    as that run left it, is unchanged without being read; ``known`` is updated.  A page
    given as ``KEPT`` is unchanged (its maker checked its file)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    folders: set[Path] = set()  # made (or found) already in this run
    for rel, content in sorted(files.items()):
        if content is KEPT:
            unchanged += 1
            continue
        last = known.get(rel) if known is not None else None
        if last is not None and last[0] is content and file_stat(os.path.join(docs_dir, rel)) == last[1]:
            unchanged += 1  # (its name was checked when it was written)
            continue
        target = docs_dir.joinpath(*_check(rel).parts)
        data = content.encode("utf-8") if isinstance(content, str) else content
        exists = target.is_file()
        if exists and target.read_bytes() == data:
            unchanged += 1
            if known is not None:
                known[rel] = (content, file_stat(target))
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if exists:  # replaced whole, so a reader (mkdocs serve) never sees half a page
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        else:  # a new page: one file creation instead of two (a fresh docs/ has thousands)
            target.write_bytes(data)
        written += 1
        if known is not None:
            known[rel] = (content, file_stat(target))
    return WriteStats(written, unchanged, 0)



def remove_stale(docs_dir: Path, names: Collection[str]) -> int:
    """Remove the pages the previous run wrote that are not in ``names`` (this run's pages),
    and record ``names`` for the next run.  Returns how many were removed.
    """
    manifest = docs_dir / MANIFEST
    previous: list[str] = []
    if manifest.is_file():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            previous = []
    removed = 0
    for rel in previous:
        if rel in names:
            continue
        try:
            target = docs_dir.joinpath(*_check(rel).parts)
        except UnsafePath:
            continue
        if target.is_file():
            target.unlink()
            removed += 1
            _prune(target.parent, docs_dir)
    new_manifest = json.dumps(sorted(names), ensure_ascii=False, indent=0)
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != new_manifest:
        manifest.write_text(new_manifest, encoding="utf-8")
    return removed


def _prune(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
