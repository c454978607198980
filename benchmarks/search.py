"""Search measured as readers meet it: strings taken at random from the documents' own text.

For a built site, per interface: strings of 1–7 Han characters are sampled with a fixed
seed from the visible text of the document pages (a paragraph, then a place in one of its
runs of Han characters), typed into the site's own search (``assets/search.js``, in
Chromium), and the ranked results are checked against the pages' indexed text:

* **recall**: the page the string was taken from is among the results;
* **zero**: queries with no result at all;
* **precision@10**: of the first ten results, the share whose text holds the string
  (folded: traditional and simplified characters are one), averaged over queries of three
  or more characters; **full@10**: queries whose first ten all hold it, where at least ten
  pages do;
* **first search KB**: what a first search downloads, in a fresh browser, for the five
  commonest of the sampled strings of four or more characters (the heaviest queries).

    python benchmarks/search.py                       # the seeds, and the seeds in traditional characters
    python benchmarks/search.py --synthetic 3300      # the benchmark's synthetic corpus (about 10,000 documents)
    python benchmarks/search.py --site path/to/site   # a site built already
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import generate  # noqa: E402
from run import ROOT, _first_search_kb, _project  # noqa: E402

from corpus_site.concepts.normalize import simplified  # noqa: E402
from corpus_site.search.tokens import HAN_RUN, decode  # noqa: E402

INTERFACES = ("", "en")
RANKED_JS = """
async queries => {
  const box = document.querySelector(".cs-search");
  box.querySelector("input").dispatchEvent(new Event("focus"));
  for (let i = 0; i < 400 && !(window.csSearch && box.csSearch); i++) await new Promise(r => setTimeout(r, 25));
  const search = window.csSearch(box), out = [];
  for (const q of queries) out.push(((await search.ranked(q)) || []).map(r => r.id));
  return out;
}
"""


@dataclass
class Measure:
    corpus: str
    interface: str
    queries: int
    recall: float
    zero: int
    precision: float
    full: str
    first_kb: str

    def row(self) -> str:
        return (f"| {self.corpus} | {self.interface or 'zh'} | {self.queries} | {self.recall:.1%} | {self.zero} | "
                f"{self.precision:.1%} | {self.full} | {self.first_kb} |")


HEADER = ("| corpus | interface | queries | recall | zero results | precision@10 (3+ chars) | all top 10 hold it | first search KB (median / max) |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|")


def indexed_pages(site: Path, interface: str) -> dict[str, tuple[str, str]]:
    """Pagefind's pages of one interface (every part): result id → (URL, indexed text, folded)."""
    root = site / interface if interface else site
    out = {}
    for bundle in sorted(root.glob("pagefind*")):
        for path in (bundle / "fragment").rglob("*.pf_fragment"):
            data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            key = str(path.relative_to(bundle / "fragment"))[: -len(".pf_fragment")]
            text = decode(data["content"]).replace("\u200b", "")
            # (a fragment's URL is the interface's: the browser puts the interface's folder before it)
            out[key] = (f"/{interface}{data['url']}" if interface else data["url"], re.sub(r"\s+", "", simplified(text)))
    return out


def paragraphs(site: Path, interface: str) -> dict[str, list[str]]:
    """Each document page's paragraphs as a reader sees them: URL → texts."""
    root = site / interface if interface else site
    out = {}
    for path in sorted((root / "doc").glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        body = page.split('class="cs-body"', 1)[-1].split('<div class="cs-cite"', 1)[0]
        texts = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p id=\"p\d+\"[^>]*>(.*?)</p>", body, re.S)]
        out[f"/{interface + '/' if interface else ''}doc/{path.parent.name}/"] = [t.replace("¶", "") for t in texts]
    return out


def sample(texts: dict[str, list[str]], n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (string, source URL) pairs: a document, a paragraph, a run of Han characters in
    it, a place and a length (1–7; one character in ten queries)."""
    rng = random.Random(seed)
    pool = [(url, run) for url, ps in texts.items() for p in ps for run in HAN_RUN.findall(p)]
    out: list[tuple[str, str]] = []
    while pool and len(out) < n:
        url, run = rng.choice(pool)
        size = 1 if rng.random() < 0.1 else rng.randint(2, 7)
        if len(run) < size:
            continue
        start = rng.randrange(len(run) - size + 1)
        out.append((run[start : start + size], url))
    return out


def measure(site: Path, interface: str, queries: list[tuple[str, str]], corpus: str, misses: bool = False) -> Measure:
    from playwright.sync_api import sync_playwright

    from browser import ARGS, CHROMIUM, serve

    pages = indexed_pages(site, interface)
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/{interface + '/' if interface else ''}")
        ranked = page.evaluate(RANKED_JS, [q for q, _ in queries])
        browser.close()
    found = zero = 0
    precisions: list[float] = []
    full = full_of = 0
    for (query, source), ids in zip(queries, ranked):
        urls = [pages[i][0] if i in pages else i for i in ids]
        found += source in urls
        zero += not ids
        if len(query) >= 3:
            want = simplified(query)
            top = [want in pages[i][1] for i in ids[:10] if i in pages]
            precisions.append(sum(top) / len(top) if top else 0.0)
            holding = sum(want in text for _, text in pages.values())
            if holding >= 10:
                full_of += 1
                full += len(top) == 10 and all(top)
                if misses and not (len(top) == 10 and all(top)):
                    places = [k for k, i in enumerate(ids) if i in pages and want in pages[i][1]]
                    print(f"  {interface or 'zh'} {query}: {holding} pages hold it; of {len(ids)} results, "
                          f"those holding it at {places[:20]}", file=sys.stderr)
    # the commonest strings are the heaviest queries (their words' chunks are the largest)
    common = sorted({q for q, _ in queries if len(q) >= 4}, key=lambda q: (-sum(simplified(q) in t for _, t in pages.values()), q))[:5]
    kb = _first_search_kb(site, common, interface) if common else None
    first = "–"
    if kb:
        values = sorted(kb[0].values())
        first = f"{statistics.median(values):.0f} / {values[-1]:.0f}"
    return Measure(corpus, interface, len(queries), found / max(1, len(queries)), zero,
                   statistics.mean(precisions) if precisions else 1.0, f"{full} of {full_of}", first)


def build(seeds: Path, work: Path) -> Path:
    """A copy of the project with ``seeds``, built; returns its site/."""
    project = _project(work, 0)
    shutil.rmtree(project / "seeds")
    shutil.copytree(seeds, project / "seeds")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"  # (Material's notice on every build, as in run.py)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")], cwd=project, env=env, check=True)
    return project / "site"


def traditional(seeds: Path, dest: Path) -> Path:
    """The seeds written in traditional characters (OpenCC's s2t): a corpus to search in
    simplified and traditional queries alike."""
    from opencc import OpenCC

    convert = OpenCC("s2t").convert
    dest.mkdir(parents=True)
    for path in seeds.iterdir():
        if path.suffix == ".txt":
            (dest / path.name).write_text(convert(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.name == "concepts.yml":
            shutil.copy2(path, dest / path.name)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="measure a site built already")
    parser.add_argument("--synthetic", type=int, metavar="N", help="build and measure the synthetic corpus of N seeds")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--misses", action="store_true", help="name each query whose first ten do not all hold it")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="corpus-search-") as tmp:
        work = Path(tmp)
        if args.site:
            sites = [("site", args.site)]
        elif args.synthetic:
            sites = [(f"synthetic {args.synthetic}", build(generate(args.synthetic, work / "seeds"), work / "synthetic"))]
        else:
            sites = [("seeds", build(ROOT / "seeds", work / "seeds-site")),
                     ("seeds in traditional", build(traditional(ROOT / "seeds", work / "hant"), work / "hant-site"))]
        for name, site in sites:
            for interface in INTERFACES:
                queries = sample(paragraphs(site, interface), args.queries, args.seed)
                if name == "seeds in traditional":  # half of them typed in simplified characters
                    queries = [(simplified(q) if i % 2 else q, url) for i, (q, url) in enumerate(queries)]
                rows.append(measure(site, interface, queries, name, args.misses))
                print(rows[-1].row(), flush=True)
    print(HEADER)
    print("\n".join(r.row() for r in rows))


if __name__ == "__main__":
    main()
