"""Make a synthetic corpus of N seeds shaped like the real ones.

Each synthetic seed copies the layout of one of the five real seeds (news digest, essay
collection, PDF paper, English chapter) and reuses its paragraphs, shuffled: news items and
essays are re-ordered and their paragraphs shuffled, the paper's sections are re-ordered,
the chapter's paragraphs shuffled.  Sidecars and the concept registry are copied as they
are (a sidecar only applies to the seed it names).

    python benchmarks/generate.py 1000 /tmp/corpus-1000/seeds
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _news(text: str, rng: random.Random) -> str:
    items = text.strip("\n").split("\n&nbsp;\n")
    rng.shuffle(items)
    out = []
    for item in items:
        lines = item.split("\n")
        head, rest = lines[:1], lines[1:]
        rng.shuffle(rest)
        out.append("\n".join(head + rest))
    return "\n&nbsp;\n".join(out) + "\n"


def _essays(text: str, rng: random.Random) -> str:
    parts = re.split(r"\n(?=\n[^\n]{4,36}\n\n)", text.strip("\n"))
    body = [p for p in parts if "哒哒" not in p]
    tail = [p for p in parts if "哒哒" in p]
    rng.shuffle(body)
    out = []
    for part in body:
        lines = part.strip("\n").split("\n")
        title, rest = lines[:2], lines[2:]
        rng.shuffle(rest)
        out.append("\n".join(title + rest))
    return "\n\n".join(out + tail) + "\n"


def _paper(text: str, rng: random.Random) -> str:
    sections = re.split(r"\n(?=[一二三四五六七八九十]、)", text)
    head, middle = sections[0], sections[1:-1]
    rng.shuffle(middle)
    return "\n".join([head, *middle, sections[-1]]) if len(sections) > 2 else text


def _chapter(text: str, rng: random.Random) -> str:
    lines = text.strip("\n").split("\n")
    head, rest = lines[:1], [line for line in lines[1:] if line.strip()]
    rng.shuffle(rest)
    return "\n".join(head + [""] + rest) + "\n"


SHAPES = [
    ("000_3b3b6b14cc6e4274.txt", _news),
    ("001_0e6bd6cdd338e71c.txt", _essays),
    ("002_9f70e0c233707f76.txt", _paper),
    ("003_d81c67042e7b0ee9.txt", _chapter),
    ("004_b272e8982b785cee.txt", _chapter),
]


def generate(n: int, dest: Path, seed: int = 1) -> Path:
    """Write ``n`` synthetic seeds (and the registry) into ``dest``; returns ``dest``."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(SEEDS / "concepts.yml", dest / "concepts.yml")
    originals = [(name, (SEEDS / name).read_text(encoding="utf-8"), shape) for name, shape in SHAPES]
    for i in range(n):
        name, text, shape = originals[i % len(originals)]
        (dest / f"{i:05d}_{name}").write_text(shape(text, rng), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.dest, args.seed)
    print(f"{args.n} seeds in {args.dest}")


if __name__ == "__main__":
    main()
