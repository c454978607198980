"""Browser-test helpers: serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import html
import http.server
import re
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


# The site's own search (assets/search.js: our tokens, the whole query first), as the box
# uses it: every result URL, best first.  (The bundle argument is the page's own.)
SEARCH_JS = """
async ([bundle, query, filters]) => {
  const box = document.querySelector(".cs-search");
  box.querySelector("input").dispatchEvent(new Event("focus"));
  for (let i = 0; i < 400 && !(window.csSearch && box.csSearch); i++) await new Promise(r => setTimeout(r, 25));
  const search = window.csSearch(box);
  search.filters = filters || {};
  const results = await search.ranked(query);
  const data = await Promise.all(results.map(r => r.data()));
  return data.map(d => d.url);
}
"""


def body_texts(site: Path, interface: str = "") -> dict[str, str]:
    """URL → the text of each document page's body, read from the built HTML."""
    root = site / interface if interface else site
    out = {}
    for path in sorted((root / "doc").glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        body = page.split('class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        out[f"/{interface + '/' if interface else ''}doc/{path.parent.name}/"] = text
    return out


def search_in_the_box(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type ``query`` in the header's search box; every result URL, through "more results"."""
    page.locator(".cs-search input").fill(query)
    page.wait_for_selector(".cs-search__result")
    more = page.locator(".cs-search__more")
    while more.is_visible():
        count = page.locator(".cs-search__result").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.cs-search__result').length > {count}")
    return [a.get_attribute("href") for a in page.locator(".cs-search__result").all()]


# Every label of a concept map as Chromium draws it, and every node's circle, in page pixels.
MAP_BOXES = """(root) => {
  const map = document.querySelector(root);
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    svg: box(map.querySelector(".cs-map-canvas svg")),
    labels: [...map.querySelectorAll(".cs-node text")].map((t) => [t.closest("a").id, t.textContent, ...box(t)]),
    circles: [...map.querySelectorAll(".cs-node circle")].map((c) => [c.closest("a").id, ...box(c)]),
    nodes: map.querySelectorAll(".cs-node").length,
    bytes: new Blob([map.outerHTML]).size,
  };
}"""


def _overlapping(a: list[float], b: list[float], tolerance: float) -> bool:
    return not (a[2] <= b[0] + tolerance or b[2] <= a[0] + tolerance or a[3] <= b[1] + tolerance or b[3] <= a[1] + tolerance)


def map_problems(found: dict) -> list[str]:  # type: ignore[type-arg]
    """What is wrong with a map's labels as drawn (``MAP_BOXES``): a label over another label,
    over another node's circle, or off the picture."""
    labels, circles, svg = found["labels"], found["circles"], found["svg"]
    problems = []
    for i, (key, text, *box) in enumerate(labels):
        if not (svg[0] - 0.5 <= box[0] and box[2] <= svg[2] + 0.5 and svg[1] - 0.5 <= box[1] and box[3] <= svg[3] + 0.5):
            problems.append(f"{text!r} off the map")
        problems += [f"{text!r} over {text2!r}" for _, text2, *box2 in labels[i + 1:] if _overlapping(box, box2, 0.5)]
        problems += [f"{text!r} over node {node}" for node, *circle in circles if node != key and _overlapping(box, circle, 1.0)]
    return problems
