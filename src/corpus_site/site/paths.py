"""Where generated pages live inside docs/ (one place, so links and writers agree)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from ..model import ConceptId, Document, Lang, SeedName

GENERATED_DIRS = ("doc", "concept", "browse", "raw")
GENERATED_FILES = ("index.md", "index.en.md", "concepts.md", "concepts.en.md", "timeline.md", "timeline.en.md")


def page_file(base: str, lang: Lang) -> str:
    """``doc/x`` → ``doc/x.md`` (Chinese interface) or ``doc/x.en.md`` (English interface)."""
    return f"{base}.md" if lang == "zh" else f"{base}.{lang}.md"


def doc_base(doc: Document) -> str:
    return f"doc/{doc.meta.slug}"


def concept_base(concept: ConceptId) -> str:
    return f"concept/{concept}"


def raw_file(seed: SeedName) -> str:
    """An ASCII file name for the published copy of a seed's text."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", PurePosixPath(seed).stem).strip("-").lower()[:40] or "seed"
    digest = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:6]
    return f"raw/{stem}-{digest}.txt"


def rel(from_base: str, to_path: str) -> str:
    """A relative Markdown link from the page ``from_base`` (no suffix) to ``to_path`` in docs/."""
    depth = from_base.count("/")
    return "../" * depth + to_path


def url_between(from_base: str, to: str) -> str:
    """The shortest relative URL (directory URLs) from the page made of ``from_base`` to the
    site path ``to`` (``doc/x/``, ``browse/kind/#news``, ``raw/a.txt``).

    ``index`` is the site root itself; every other page is a folder of its own.
    """
    if from_base != "index" and to and to[0] != "#" and not to.startswith(from_base.partition("/")[0] + "/"):
        return "../" * (from_base.count("/") + 1) + to  # nothing in common (most links)
    here = [] if from_base == "index" else from_base.split("/")
    path, hash_, fragment = to.partition("#")
    parts = path.split("/")  # the last part is a file name, or "" for a folder
    common = 0
    while common < len(here) and common < len(parts) - 1 and here[common] == parts[common]:
        common += 1
    url = "../" * (len(here) - common) + "/".join(parts[common:])
    if not url:
        return "#" + fragment if hash_ else "./"
    return url + hash_ + fragment


def page_url(path: str) -> str:
    """The site path of a page in docs/, with directory URLs: ``doc/x.md`` → ``doc/x/``."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"
