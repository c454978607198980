"""List pages kept from the last run of the live preview: a browse list's or a concept's list
of documents runs to many pages, and a document added or edited changes one or two of them.

Each page is known by its docs/ path with a hash of what it shows (``page``): the documents
on it by the numbers that ``pipeline.Versions`` gives their records, which change when the
records do.  A page that shows the same as in the last run, whose file is as that run left
it, is neither made again nor read to be compared: it is ``KEPT``.  Only the hashes and the
files' times and sizes are held, not the pages (at 10,000 documents the concepts' lists
alone are 150 MB).

The pages are made in a forked process when the corpus is large: the hashes of the pages
made there come back in ``fresh``, and ``merge`` keeps them with each file's time and size.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Hashable, Iterable, Mapping

from ..filestat import file_stat
from ..model import DocId
from .writer import KEPT, Kept

Stat = tuple[int, int]


class PageMemo:
    def __init__(self) -> None:
        self.docs_dir = ""
        self.metas: Mapping[DocId, int] = {}  # what other pages show of each document's metadata
        self.mentions: Mapping[DocId, int] = {}  # and of its mentions
        self.keys: dict[str, int] = {}
        self.stats: dict[str, Stat] = {}
        self.fresh: dict[str, int] = {}  # the pages made in this run

    def run(self, docs_dir: Path, metas: Mapping[DocId, int], mentions: Mapping[DocId, int]) -> PageMemo:
        """Ready for a new run, with the documents' versions of then."""
        self.docs_dir, self.metas, self.mentions, self.fresh = str(docs_dir), metas, mentions, {}
        return self

    def page(self, name: str, shown: Hashable, make: Callable[[], str]) -> str | Kept:
        """The page at ``name``, which shows ``shown`` (every record it is made from); ``KEPT``
        when its file is the one the last run wrote from the same."""
        key = hash(shown)
        if self.keys.get(name) == key and name in self.stats and file_stat(os.path.join(self.docs_dir, name)) == self.stats[name]:
            return KEPT
        self.keys[name] = self.fresh[name] = key
        return make()

    def merge(self, fresh: Mapping[str, int], written: Iterable[tuple[Iterable[str], Iterable[Stat]]]) -> None:
        """Take the pages made in another process, and keep the run's pages only: ``written``
        has the names of each group of them and their files' stats, in the same order."""
        self.keys.update(fresh)
        stats = {name: stat for names, stats in written for name, stat in zip(names, stats)}
        self.keys = {name: key for name, key in self.keys.items() if name in stats}
        self.stats = {name: stats[name] for name in self.keys}
