"""The `corpus-site` command line.

    corpus-site ingest [--strict]        seeds/ → generated pages in docs/
    corpus-site build  [--strict]        ingest + mkdocs build (+ search index)

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
    build = sub.add_parser("build", help="build the whole site with MkDocs")
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--strict", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ingest":
        return _ingest(args)
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
    report = Pipeline(Paths(args.seeds.resolve(), args.docs.resolve())).run()
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(report.summary())
    return 1 if args.strict and report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
