"""The live preview as a curator meets it: `mkdocs serve` on a project, then changes, each
timed from the moment the file is written to the moment the changed page is served.

    python benchmarks/preview.py 1000          # a synthetic project of 1,000 seeds

Changes, in order: one seed edited (a paragraph appended), a sidecar written for a seed, a
seed added (a Markdown post), that seed deleted, and the registry edited (a rendering added
to a concept).  For each: **served**, the seconds until the page shows the change over HTTP;
**rebuilt**, until the rebuild has finished (the browser's live reload fires then, and the
search index has caught up); and the pages the rebuild rendered.  "First serve" is the time
from starting `mkdocs serve` to the first page served.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PREVIEW_LINE = re.compile(r"preview: (\d+) page\(s\) rendered, (\d+) unchanged kept(?: \(quick rebuild in ([^)]*)\))?")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, project: Path) -> None:
        self.port = _port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
        env["NO_MKDOCS_2_WARNING"] = "1"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.builds: list[tuple[float, int, int]] = []  # (when, pages rendered, pages kept)
        self.quick: list[str] = []  # per build: "" for a full one, the quick one's times
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):  # type: ignore[union-attr]
            self.log.append(line)
            if m := PREVIEW_LINE.search(line):
                self.quick.append(m[3] or "")
                self.builds.append((time.perf_counter(), int(m[1]), int(m[2])))

    def wait_build(self, after: int, timeout: float = 1800) -> tuple[float, int, int]:
        deadline = time.perf_counter() + timeout
        while len(self.builds) <= after:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise RuntimeError("the preview did not rebuild:\n" + "".join(self.log[-40:]))
            time.sleep(0.05)
        return self.builds[after]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _until(check, timeout: float = 1800, poll: float = 0.05) -> float:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise RuntimeError("the change was not served")
        time.sleep(poll)
    return time.perf_counter()


def _updating(server: Server) -> bool:
    """Whether an interface's search index is being made again (its search-status.json)."""
    for folder in ("", "en/"):
        status, body = _get(f"{server.base}/{folder}search-status.json")
        if status != 200 or json.loads(body or "{}").get("updating", True):
            return True
    return False


def _page_of(project: Path, seed: str) -> str:
    """The URL path of the last document page of ``seed`` (Chinese interface)."""
    found = []
    for page in (project / "docs" / "doc").glob("*.md"):
        if page.name.endswith(".en.md"):
            continue
        head = page.read_text(encoding="utf-8")[:1500]
        if f'seed: "{seed}"' in head:
            position = int(re.search(r"^position: (\d+)", head, re.M)[1])  # type: ignore[index]
            found.append((position, page.stem))
    return f"/doc/{max(found)[1]}/"


def measure(project: Path) -> dict[str, dict[str, float | str]]:
    seeds = project / "seeds"
    server = Server(project)
    out: dict[str, dict[str, float | str]] = {}
    try:
        first = server.wait_build(0)
        _until(lambda: _get(server.base + "/")[0] == 200)
        out["first serve"] = {"served": round(time.perf_counter() - server.started, 1), "rebuilt": round(first[0] - server.started, 1), "pages": first[1]}
        print(f"  preview, first serve: {out['first serve']}", file=sys.stderr, flush=True)
        chapter = sorted(p.name for p in seeds.glob("*_003_*.txt"))[len(list(seeds.glob("*_003_*.txt"))) // 2]
        url = server.base + _page_of(project, chapter)

        def step(name: str, change, served) -> None:  # type: ignore[no-untyped-def]
            before = len(server.builds)
            started = time.perf_counter()
            change()
            shown = _until(served)
            # the rebuild that served it: the first after the change (the last step's rebuilds
            # were waited for); its line may come just after the page shows
            at = before
            when, rendered, _ = server.wait_build(at)
            out[name] = {"served": round(shown - started, 2), "rebuilt": round(when - started, 2), "pages": rendered,
                         "quick": server.quick[at] or "no"}
            print(f"  preview, {name}: {out[name]}", file=sys.stderr, flush=True)
            time.sleep(1.0)  # let a rebuild that the build's own writes started finish
            while len(server.builds) > before + 1 and server.builds[-1][0] > time.perf_counter() - 1:
                time.sleep(0.5)

        seed = seeds / chapter
        _until(lambda: not _updating(server), timeout=3600, poll=1.0)  # the first serve's index in place
        step("seed edited", lambda: seed.write_text(seed.read_text(encoding="utf-8") + "\nPreviewmark one: a paragraph added in the preview.\n", encoding="utf-8"),
             lambda: "Previewmark one" in _get(url)[1])
        # the search index follows: the seconds from the edit until both interfaces' indexes
        # are made again and in place (the panel says "updating" until then)
        edited = time.perf_counter() - out["seed edited"]["served"]  # type: ignore[operator]
        _until(lambda: not _updating(server), timeout=3600, poll=0.25)
        out["seed edited"]["search"] = round(time.perf_counter() - edited, 1)
        sidecar = seed.with_name(seed.stem + ".meta.yml")
        step("sidecar edited", lambda: sidecar.write_text("documents:\n  1:\n    editor: Previewmark Editor\n", encoding="utf-8"),
             lambda: "Previewmark Editor" in _get(url)[1])
        post = seeds / "previewmark-post.md"

        def added() -> bool:
            found = [p for p in (project / "docs" / "doc").glob("2031-02-03-*.md") if not p.name.endswith(".en.md")]
            return bool(found) and _get(f"{server.base}/doc/{found[0].stem}/")[0] == 200
        step("seed added", lambda: post.write_text("---\ntitle: Previewmark post\ndate: 2031-02-03\n---\n\nA post added in the preview about nuclear safety culture.\n", encoding="utf-8"), added)
        new_page = f"{server.base}/doc/{next(p for p in (project / 'docs' / 'doc').glob('2031-02-03-*.md') if not p.name.endswith('.en.md')).stem}/"
        step("seed deleted", post.unlink, lambda: _get(new_page)[0] == 404)
        registry = seeds / "concepts.yml"
        marker = "    zh: 桑戈委员会\n    en: Zangger Committee\n"
        step("registry edited", lambda: registry.write_text(registry.read_text(encoding="utf-8").replace(marker, marker + "    aliases:\n      en: [Previewmark group]\n", 1), encoding="utf-8"),
             lambda: "Previewmark group" in _get(server.base + "/concept/zangger-committee/")[1])
    finally:
        server.stop()
    return out


def summary(found: dict[str, dict[str, float | str]]) -> str:
    return "; ".join(
        f"{name}: served {v['served']} s, rebuilt {v['rebuilt']} s, {v['pages']} pages rendered"
        + (f", quick rebuild in {v['quick']}" if v.get("quick", "no") != "no" else "")
        + (f", search caught up in {v['search']} s" if "search" in v else "")
        for name, v in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=int)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import _project

    with tempfile.TemporaryDirectory(prefix="corpus-preview-") as tmp:
        project = _project(Path(tmp) / "project", args.seeds)
        found = measure(project)
        shutil.rmtree(project, ignore_errors=True)
    print(json.dumps(found, indent=1))
    print(summary(found).replace("; ", "\n"))


if __name__ == "__main__":
    main()
