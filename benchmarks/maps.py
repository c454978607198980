"""The concept maps of a built site, checked in Chromium as a reader sees them.

    python benchmarks/maps.py SITE [--screenshots DIR]

For the global map (/concepts/), the most mentioned concept's page and the document page with
the most concepts, in both interfaces: the nodes, the labels drawn, the problems with labels
(one over another, over a node or off the picture: there should be none) and the map's bytes.
Screenshots of each map go to DIR when given (the README's pictures are made this way).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pages(site: Path) -> dict[str, str]:
    """The pages to look at: the global map, the concept with the longest list, the document
    with the most concepts on its map."""
    concepts = sorted(site.glob("concept/*/index.html"), key=lambda p: (-p.stat().st_size, p.parent.name))
    docs = sorted(site.glob("doc/*/index.html"), key=lambda p: (-p.read_text(encoding="utf-8").count("cs-node-concept"), p.parent.name))
    return {"global": "concepts/", "concept": f"concept/{concepts[0].parent.name}/", "document": f"doc/{docs[0].parent.name}/"}


def measure(site: Path, screenshots: Path | None = None, prefix: str = "") -> dict[str, dict[str, object]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import ARGS, CHROMIUM, MAP_BOXES, map_problems, serve

    out: dict[str, dict[str, object]] = {}
    pages = _pages(site)
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for interface in ("zh", "en"):
            for name, path in pages.items():
                page.goto(f"{base}/{'en/' if interface == 'en' else ''}{path}")
                found = page.evaluate(MAP_BOXES, ".cs-map")
                problems = map_problems(found)
                out[f"{name} {interface}"] = {
                    "nodes": found["nodes"], "labels": len(found["labels"]), "problems": len(problems),
                    "first problems": problems[:3], "kb": round(found["bytes"] / 1024, 1),
                }
                if screenshots:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    page.locator(".cs-map").first.screenshot(path=str(screenshots / f"{prefix}{name}-{interface}.png"))
        browser.close()
    return out


def summary(found: dict[str, dict[str, object]]) -> str:
    return "; ".join(f"{key}: {v['labels']}/{v['nodes']} labelled, {v['problems']} overlaps, {v['kb']} KB" for key, v in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--screenshots", type=Path)
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    found = measure(args.site, args.screenshots, args.prefix)
    print(json.dumps(found, ensure_ascii=False, indent=1))
    print(re.sub(r"; ", "\n", summary(found)))


if __name__ == "__main__":
    main()
