"""The `corpus-site` command line.

    corpus-site ingest [--strict]        seeds/ → generated pages in docs/
    corpus-site build  [--strict]        ingest + mkdocs build (+ search index)
    corpus-site concepts suggest         frequent terms the registry lacks (jieba)
    corpus-site concepts check           renderings that never occur, documents with no concept

Diagnostics go to stderr, one line each, naming file and line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from .pipeline import Paths, Pipeline


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-site", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="load seeds/ and write the generated pages into docs/")
    ingest.add_argument("--seeds", type=Path, default=Path("seeds"))
    ingest.add_argument("--docs", type=Path, default=Path("docs"))
    ingest.add_argument("--strict", action="store_true", help="exit 1 if any seed or sidecar has an error")
    ingest.add_argument("--cache-dir", type=Path, default=Path(".cache/corpus-site"), help="the loader's cache between runs")
    ingest.add_argument("--no-cache", action="store_true", help="parse every seed, use no cache")
    concepts = sub.add_parser("concepts", help="look after the concept registry")
    concepts.add_argument("action", choices=("suggest", "check"))
    concepts.add_argument("--seeds", type=Path, default=Path("seeds"))
    concepts.add_argument("--registry", type=Path, default=None, help="default: <seeds>/concepts.yml")
    concepts.add_argument("--limit", type=int, default=30)
    build = sub.add_parser("build", help="build the whole site with MkDocs")
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--strict", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ingest":
        return _ingest(args)
    if args.command == "concepts":
        return _concepts(args)
    if args.command == "build":
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(args.config_file)]
        if args.strict:
            command.append("--strict")
        return subprocess.call(command)
    return 2


def _ingest(args: argparse.Namespace) -> int:
    if not args.seeds.is_dir():
        print(f"{args.seeds}: error: no such seeds folder", file=sys.stderr)
        return 2
    cache = None if args.no_cache else args.cache_dir.resolve()
    report = Pipeline(Paths(args.seeds.resolve(), args.docs.resolve()), cache).run()
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(report.summary())
    return 1 if args.strict and report.errors else 0


def _concepts(args: argparse.Namespace) -> int:
    from .concepts.index import build_index
    from .concepts.matcher import Matcher
    from .concepts.registry import load_registry
    from .concepts.suggest import check, suggest
    from .ingest.loader import load_corpus

    registry, problems = load_registry(args.registry or args.seeds / "concepts.yml")
    for problem in problems:
        print(problem, file=sys.stderr)
    if any(p.severity == "error" for p in problems):
        return 1
    corpus = load_corpus(args.seeds)
    if args.action == "suggest":
        for s in suggest(corpus.documents, registry, args.limit):
            print(f"{s.term}\t{s.count} times in {s.documents} documents (e.g. {s.example})")
        return 0
    unused, silent = check(build_index(corpus.documents, Matcher(registry)), registry)
    for alias, concept in unused:
        print(f"{registry.file}: unused rendering {alias!r} of {concept!r}")
    for doc in silent:
        print(f"{doc}: mentions no concept")
    print(f"{len(unused)} unused renderings, {len(silent)} documents without a concept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
