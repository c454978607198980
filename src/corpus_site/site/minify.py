"""The site's own scripts, written smaller in the built site: a first search downloads
``assets/search.js`` whole, so its comments and spaces are bytes a reader waits for.

``docs/assets/`` keeps the readable source; the copy MkDocs wrote into the site is
rewritten by rJSmin, which removes comments and whitespace only (no renaming), and gives
the same output for the same input."""

from __future__ import annotations

from pathlib import Path

SCRIPTS = ("assets/search.js", "assets/corpus.js")


def minify_scripts(site: Path, names: tuple[str, ...] = SCRIPTS) -> list[Path]:
    """Minify each of ``names`` that the site holds, in place; returns the files rewritten."""
    import rjsmin

    done = []
    for name in names:
        path = site / name
        if path.is_file() and not path.is_symlink():
            source = path.read_text(encoding="utf-8")
            small = rjsmin.jsmin(source)
            if small != source:
                path.write_text(small, encoding="utf-8")
                done.append(path)
    return done
