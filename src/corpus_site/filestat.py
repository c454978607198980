"""A file's time of writing and size: what tells the live preview's caches that a file is as
they left it (the loader's content keys, the writer's pages, the pipeline's page groups).
And a file's path in a folder, made quickly: the preview looks it up for every page."""

from __future__ import annotations

import os


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(time of writing in nanoseconds, size), or (-1, -1) for a file that cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def relative(path: str, folder: str) -> str:
    """``path`` inside ``folder``, with forward slashes; a string cut, not ``os.path.relpath``
    (which normalizes both paths: 50 µs a call, seconds over a large site's files)."""
    prefix = folder.rstrip(os.sep) + os.sep
    inside = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, folder)
    return inside.replace(os.sep, "/") if os.sep != "/" else inside
