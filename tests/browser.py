"""Browser-test helpers: serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker only goes faster than 10 requests a second to servers that allow it.
        self.send_header("LinkChecker", "allowed")
        super().end_headers()


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_available() -> bool:
    return shutil.which("chromium") is not None or Path(CHROMIUM).exists()


class PageWatch:
    """Records console errors, failed responses and requests to other hosts for one page."""

    def __init__(self, page, origin: str) -> None:  # type: ignore[no-untyped-def]
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.foreign.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None)
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def clean(self) -> bool:
        return not (self.errors or self.foreign or self.failed)

    def report(self) -> str:
        return f"errors={self.errors} foreign={self.foreign} failed={self.failed}"


SEARCH_JS = """
async ([bundle, query, filters]) => {
  const pagefind = await import(bundle + "pagefind.js");
  const found = await pagefind.search(query, filters ? {filters} : {});
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => d.url);
}
"""
