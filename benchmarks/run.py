"""Benchmark: build synthetic corpora of N seeds and a naive baseline, stage by stage.

    python benchmarks/run.py                      # N = 100, 1000, 3300 (about 10,000 documents)
    python benchmarks/run.py --sizes 100 --json out.json

For each N it reports, per stage (ingest; concept linking and pages; MkDocs render of each
language; search indexing), wall time, pages per second and peak RSS, then the site size
and the bytes a first search downloads, and checks the concept maps as Chromium draws them
(labels drawn, overlapping labels, bytes: benchmarks/maps.py), and the live preview: the
time from writing a change to seeing it served under `mkdocs serve` (benchmarks/preview.py).  The naive baseline dumps each seed as one
Markdown page into a plain mkdocs-material site with its default (lunr) search; the report
compares the time per HTML page.  "Own share" is the time of our code: ingest, concepts,
and our parts of the render (page HTML) and of the search stage (its time while no
Pagefind run is going: finding the pages to index, the first run's tree of links, the
last run's finishing — the rest of that work is done while Pagefind runs, on the core
it leaves idle, and adds no time).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
import maps  # noqa: E402
import preview  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# First queries: the corpus's most common words, a rare concept, English words.
QUERIES = ("核安全文化", "加纳模式", "放射源", "nuclear security", "Ghana model")


@dataclass
class Run:
    seeds: int
    documents: int = 0
    html_pages: int = 0
    wall: float = 0.0
    peak_rss_mb: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    site_mb: float = 0.0
    first_search_kb: dict[str, float] | None = None
    # the same, as a host that compresses its responses (GitHub Pages, Netlify…) sends them
    first_search_gzip_kb: dict[str, float] | None = None
    baseline_pages: int = 0
    baseline_wall: float = 0.0
    baseline_rss_mb: float = 0.0
    maps: dict[str, dict[str, object]] | None = None  # the concept maps as drawn (benchmarks/maps.py)
    preview: dict[str, dict[str, float | str]] | None = None  # `mkdocs serve` and changes under it (benchmarks/preview.py)

    @property
    def per_page_ms(self) -> float:
        return 1000 * self.wall / max(1, self.html_pages)

    @property
    def baseline_per_page_ms(self) -> float:
        return 1000 * self.baseline_wall / max(1, self.baseline_pages)

    @property
    def own_share(self) -> float:
        ours = sum(self.stages.get(k, 0) for k in ("ingest", "concepts", "render_ours", "search_ours"))
        return ours / max(1e-9, self.wall)


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run a command; returns (seconds, peak RSS in MB of it and the children it waited for)."""
    with tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{err.read()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def _project(dest: Path, n: int) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "docs").mkdir()
    for item in ("about.md", "about.en.md", "assets"):
        source = ROOT / "docs" / item
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / "docs" / item)
    generate(n, dest / "seeds")
    return dest


def _baseline(dest: Path, seeds: Path) -> Path:
    """Each seed as one Markdown page in a plain mkdocs-material site with default search."""
    (dest / "docs").mkdir(parents=True)
    (dest / "mkdocs.yml").write_text("site_name: baseline\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# Baseline\n", encoding="utf-8")
    for seed in sorted(seeds.glob("*.txt")):
        (dest / "docs" / f"{seed.stem}.md").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    return dest


def _for_search(url: str) -> bool:
    path = url.split("?")[0]
    return "/pagefind" in path or path.endswith("/search.js") or "/search-t2s/" in path


def _first_search_kb(site: Path, queries: Sequence[str] = QUERIES, interface: str = "") -> tuple[dict[str, float], dict[str, float]] | None:
    """KB the browser downloads for the search, per query: from the first focus of the box
    to the results of a first query, each query in a fresh browser (nothing cached).

    Counted: what the search fetches once the page has loaded (our search script, Pagefind's
    engine, the index metadata and chunks, the fragments of the results shown), as served
    by a plain static server without compression, and as gzip would send each file (hosts
    compress JavaScript and JSON; Pagefind's index files are compressed already, so for
    them this is their size)."""
    try:
        from playwright.sync_api import sync_playwright

        sys.path.insert(0, str(ROOT / "tests"))
        from browser import ARGS, CHROMIUM, serve
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    out, compressed = {}, {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}/{interface + '/' if interface else ''}")
            page.wait_for_load_state("networkidle")
            bodies: list[bytes] = []
            page.on("response", lambda r: bodies.append(r.body()) if r.ok and _for_search(r.url) else None)
            page.locator(".cs-search input").fill(query)
            page.wait_for_selector(".cs-search__result", timeout=60_000)
            page.wait_for_load_state("networkidle")
            out[query] = sum(len(body) for body in bodies) / 1024
            compressed[query] = sum(min(len(body), len(gzip.compress(body))) for body in bodies) / 1024
            context.close()
        browser.close()
    return out, compressed


def run(n: int, work: Path, search: bool = True, screenshots: Path | None = None, serve: bool = False) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    project = _project(work / f"ours-{n}", n)
    timings = work / f"timings-{n}.json"
    env["CORPUS_SITE_TIMINGS"] = str(timings)
    result = Run(n)
    result.wall, result.peak_rss_mb = _timed([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")], project, env)
    data = json.loads(timings.read_text(encoding="utf-8"))
    result.stages = data["stages"]
    result.documents = data["counts"]["documents"]
    result.peak_rss_mb = max(result.peak_rss_mb, data["peak_rss_mb"])
    site = project / "site"
    result.html_pages = sum(1 for _ in site.rglob("*.html"))
    result.site_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
    if search and (measured := _first_search_kb(site)):
        result.first_search_kb, result.first_search_gzip_kb = measured
    if search:
        result.maps = maps.measure(site, screenshots, prefix=f"{n}-")
    if serve:  # after the build: the loader's cache on disk is warm, as for a curator who built once
        result.preview = preview.measure(project)
    baseline = _baseline(work / f"baseline-{n}", project / "seeds")
    env.pop("CORPUS_SITE_TIMINGS")
    result.baseline_wall, result.baseline_rss_mb = _timed([sys.executable, "-m", "mkdocs", "build", "-f", str(baseline / "mkdocs.yml")], baseline, env)
    result.baseline_pages = sum(1 for _ in (baseline / "site").rglob("*.html"))
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(baseline, ignore_errors=True)
    return result


def _median_max(kb: dict[str, float] | None) -> str:
    values = sorted((kb or {}).values())
    return f"{values[len(values) // 2]:.0f} / {values[-1]:.0f}" if values else "–"


def report(runs: list[Run]) -> str:
    lines = [
        "| seeds | documents | HTML pages | total s | ms/page | baseline ms/page | ratio | ingest s | concepts s | render zh s | render en s | (ours in render s) | search s | (ours in search s) | own share | pages/s | peak RSS MB | site MB | first search KB (median / max) | gzip |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        s = r.stages
        first, gz = _median_max(r.first_search_kb), _median_max(r.first_search_gzip_kb)
        lines.append(
            f"| {r.seeds} | {r.documents} | {r.html_pages} | {r.wall:.1f} | {r.per_page_ms:.2f} | {r.baseline_per_page_ms:.2f} | "
            f"{r.per_page_ms / r.baseline_per_page_ms:.2f}× | {s.get('ingest', 0):.1f} | {s.get('concepts', 0):.1f} | "
            f"{s.get('render_zh', 0):.1f} | {s.get('render_en', 0):.1f} | {s.get('render_ours', 0):.1f} | {s.get('search', 0):.1f} | {s.get('search_ours', 0):.1f} | {100 * r.own_share:.1f}% | "
            f"{r.html_pages / r.wall:.0f} | {r.peak_rss_mb:.0f} | {r.site_mb:.0f} | {first} | {gz} |"
        )
    for r in runs:
        if r.first_search_kb:
            gzipped = r.first_search_gzip_kb or {}
            queries = ", ".join(f"{q} {kb:.0f} ({gzipped.get(q, kb):.0f})" for q, kb in r.first_search_kb.items())
            lines.append(f"first search KB at {r.seeds} seeds (gzip): {queries}")
    for r in runs:
        if r.preview:
            lines.append(f"preview at {r.seeds} seeds: {preview.summary(r.preview)}")
    for r in runs:
        if r.maps:
            lines.append(f"concept maps at {r.seeds} seeds: {maps.summary(r.maps)}")
    if len(runs) >= 2:
        small, large = runs[-2], runs[-1]
        lines.append("")
        lines.append(f"time per page at {large.seeds} seeds / at {small.seeds} seeds: {large.per_page_ms / small.per_page_ms:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3300")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-search-download", action="store_true", help="skip the browser measures (first search, concept maps)")
    parser.add_argument("--screenshots", type=Path, help="save a picture of each concept map here")
    parser.add_argument("--no-preview", action="store_true", help="skip the measure of `mkdocs serve` and changes under it")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="corpus-bench-") as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            runs.append(run(n, Path(tmp), search=not args.no_search_download, screenshots=args.screenshots, serve=not args.no_preview))
            print(report(runs[-1:]).splitlines()[2], flush=True)  # the table row of this size
    print()
    print(report(runs))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"per_page_ms": r.per_page_ms, "baseline_per_page_ms": r.baseline_per_page_ms,
                                                      "own_share": r.own_share} for r in runs], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
