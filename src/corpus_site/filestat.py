"""A file's time of writing and size: what tells the live preview's caches that a file is as
they left it (the loader's content keys, the writer's pages, the pipeline's page groups)."""

from __future__ import annotations

import os


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(time of writing in nanoseconds, size), or (-1, -1) for a file that cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)
