"""The loader: seeds/ in, typed documents out.  One entry point per seed and per corpus.

decode → clean → detect → parse (news | essay | paper | English | plain) → sidecar → slug.
A seed that fails is reported by name and skipped; the other seeds still load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..forked import can_fork, cpus
from ..model import Diagnostic, DocId, Document, Removal, SeedName, SeedResult
from .blocks import block, first_sentence_title, paragraphs_by_blank_lines
from .clean import clean
from .conserve import coverage
from .decode import SeedError, decode_seed
from .detect import detect_lang, detect_shape, is_hard_wrapped, is_traditional
from .essay import parse_essays
from .news import parse_news
from .paper import parse_paper
from .parsed import ParsedDoc
from .sidecar import Sidecar, apply_sidecar, load_sidecar, sidecar_path
from .slug import doc_slug
from .text import TERMINAL_RE, Line
from .whitepaper import parse_english

SKIP_SUFFIXES = (".yml", ".yaml", ".json", ".md", ".orig", ".bak")
MAX_SEED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Corpus:
    seeds: tuple[SeedResult, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(doc for seed in self.seeds for doc in seed.documents)

    @property
    def removals(self) -> tuple[tuple[SeedName, Removal], ...]:
        return tuple((seed.seed, r) for seed in self.seeds for r in seed.removals)


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed texts in ``seeds_dir``: every regular file but sidecars, registries and hidden files."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        p for p in seeds_dir.iterdir()
        if p.is_file() and not p.is_symlink() and not p.name.startswith(".") and not p.name.endswith(SKIP_SUFFIXES)
    )


def parse_text(text: str, name: SeedName) -> tuple[str, list[ParsedDoc], list[Removal], list[Diagnostic], tuple[tuple[str, str], ...]]:
    """Parse decoded text: returns the shape, documents, removals, diagnostics and restorations."""
    cleaned = clean(text, name)
    diagnostics = list(cleaned.diagnostics)
    removals = list(cleaned.removals)
    sample = "\n".join(line.text for line in cleaned.lines[:4000])
    lang = detect_lang(sample)
    shape = detect_shape(cleaned.lines, cleaned.separators, lang)
    docs: list[ParsedDoc]
    if shape == "news":
        docs = parse_news(cleaned.lines, cleaned.separators)
    elif shape == "essay":
        docs = parse_essays(cleaned.lines)
    elif shape == "paper":
        result = parse_paper(cleaned.lines, lang)
        docs = [result.doc]
        removals.extend(result.removals)
        diagnostics.extend(Diagnostic(name, line, "footnote", message) for line, message in result.warnings)
    elif lang == "en":
        docs = parse_english(cleaned.lines, "whitepaper" if shape == "whitepaper" else "other")
    else:
        docs = _parse_plain(cleaned.lines)
    if not is_traditional(sample) or lang == "en":
        return shape, docs, removals, diagnostics, cleaned.restorations
    docs = [dataclasses.replace(d, meta=dataclasses.replace(d.meta, script="hant")) for d in docs]
    return shape, docs, removals, diagnostics, cleaned.restorations


def _parse_plain(lines: tuple[Line, ...]) -> list[ParsedDoc]:
    """A text of no known shape: paragraphs kept, title taken from the text."""
    from ..model import DocMeta

    texts = [line.text for line in lines if line]
    if not texts:
        return []
    if is_hard_wrapped(texts):
        result = parse_paper(lines, "zh")
        return [dataclasses.replace(result.doc, meta=dataclasses.replace(result.doc.meta, kind="other"))]
    groups = paragraphs_by_blank_lines(lines)
    if len(groups) == 1:
        groups = [[line] for line in groups[0]]
    first = groups[0]
    opener = first[0].text
    is_title = len(first) == 1 and len(opener) <= 40 and len(groups) > 1 and not TERMINAL_RE.search(opener)
    title_line = first[0] if is_title else None
    body = groups[1:] if title_line else groups
    blocks = tuple(block("para", g) for g in body)
    title = title_line.text if title_line else first_sentence_title(blocks[0].text if blocks else texts[0])
    meta = DocMeta(title=title, lang="zh", kind="other")
    return [ParsedDoc(meta, blocks, (), title_line.spans if title_line else (), first[0].number)]


def load_seed(path: Path, sidecar: Sidecar | None = None) -> SeedResult:
    """Load one seed file.  Unreadable input yields a result with no documents and an error."""
    name = SeedName(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(name, f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_SEED_BYTES:
        return _failed(name, f"too large: {len(data)} bytes (limit {MAX_SEED_BYTES})", digest)
    try:
        decoded = decode_seed(data)
    except SeedError as exc:
        return _failed(name, str(exc), digest)
    return load_text(decoded.text, name, decoded.encoding, digest, sidecar)


def load_text(text: str, name: SeedName, encoding: str = "utf-8", digest: str = "", sidecar: Sidecar | None = None) -> SeedResult:
    """Load decoded, newline-normalised seed text (the part of ``load_seed`` after decoding)."""
    shape, parsed, removals, diagnostics, restorations = parse_text(text, name)
    documents = tuple(_document(name, i, doc, sidecar, restorations) for i, doc in enumerate(parsed, start=1))
    if not documents:
        diagnostics.append(Diagnostic(name, None, "no-documents", "no text left after removing boilerplate", "error"))
    if encoding not in ("utf-8",):
        diagnostics.append(Diagnostic(name, None, "encoding", f"decoded as {encoding}", "info"))
    result = SeedResult(name, text, encoding, shape, documents, tuple(removals), tuple(diagnostics), digest)
    gaps = coverage(result)
    if gaps.missing or gaps.doubled:
        where = (gaps.missing or gaps.doubled)[0]
        line = text.count("\n", 0, where.start) + 1
        diagnostics.append(Diagnostic(name, line, "conservation", f"loader bug: text neither kept nor reported ({len(gaps.missing)} gaps, {len(gaps.doubled)} overlaps)", "error"))
        result = dataclasses.replace(result, diagnostics=tuple(diagnostics))
    return result


def _failed(name: SeedName, message: str, digest: str = "") -> SeedResult:
    return SeedResult(name, "", "", "unreadable", (), (), (Diagnostic(name, None, "unreadable", message, "error"),), digest)


def _document(seed: SeedName, position: int, parsed: ParsedDoc, sidecar: Sidecar | None, restorations: tuple[tuple[str, str], ...]) -> Document:
    meta = parsed.meta
    if sidecar is not None:
        meta = apply_sidecar(meta, sidecar.fields_for(position))
    meta = dataclasses.replace(meta, slug=doc_slug(meta, seed, position))
    doc_id = DocId(f"{Path(seed).stem}#{position}")
    return Document(doc_id, seed, position, meta, parsed.blocks, parsed.footnotes, parsed.meta_sources, restorations, parsed.line)


SeedCache = dict[tuple[str, str], tuple[SeedResult, tuple[Diagnostic, ...]]]
Progress = Callable[[str], None]
PROGRESS_MIN = 200  # corpora smaller than this load without progress messages
PARALLEL_MIN = 64  # this many seeds to parse or more: one process per CPU


def _load_one(path: Path) -> tuple[SeedResult, tuple[Diagnostic, ...]]:
    """A seed with its sidecar (and what is wrong with the sidecar)."""
    sidecar, problems = None, ()
    side = sidecar_path(path)
    if side.is_file():
        sidecar, found = load_sidecar(side)
        problems = tuple(found)
    return load_seed(path, sidecar), problems


def _load_all(paths: list[Path], progress: Progress | None) -> list[tuple[SeedResult, tuple[Diagnostic, ...]]]:
    """Load seeds, in parallel processes when there are many (each seed is independent)."""
    parallel = len(paths) >= PARALLEL_MIN and can_fork()
    step = max(1, len(paths) // 10)
    out = []
    with contextlib.ExitStack() as stack:
        if parallel:
            pool = stack.enter_context(ProcessPoolExecutor(cpus(), mp_context=multiprocessing.get_context("fork")))
            loaded = pool.map(_load_one, paths, chunksize=8)
        else:
            loaded = map(_load_one, paths)
        for n, item in enumerate(loaded, start=1):
            out.append(item)
            if progress and len(paths) > PROGRESS_MIN and n % step == 0:
                progress(f"loading seeds: {n}/{len(paths)}")
    return out


def load_corpus(
    seeds_dir: Path, files: Iterable[Path] | None = None, cache: SeedCache | None = None, progress: Progress | None = None
) -> Corpus:
    """Load every seed in ``seeds_dir``.  Failures become diagnostics; the rest still loads.

    ``cache`` maps (seed name, hash of seed and sidecar bytes) to an earlier result, so an
    unchanged seed is not parsed again.
    """
    results: list[SeedResult] = []
    diagnostics: list[Diagnostic] = []
    fresh: SeedCache = {}
    paths = list(files if files is not None else seed_files(seeds_dir))
    keys = [(path.name, _content_key(path)) for path in paths]
    todo = [path for path, key in zip(paths, keys) if cache is None or key not in cache]
    loaded = dict(zip(todo, _load_all(todo, progress)))
    for path, key in zip(paths, keys):
        result, problems = loaded[path] if path in loaded else cache[key]  # type: ignore[index]
        fresh[key] = (result, problems)
        diagnostics.extend(problems)
        results.append(result)
        diagnostics.extend(result.diagnostics)
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    results = _dedupe_slugs(results, diagnostics)
    diagnostics.extend(_duplicates(results))
    return Corpus(tuple(results), tuple(diagnostics))


def _duplicates(results: list[SeedResult]) -> list[Diagnostic]:
    """The same document in two seeds: both are kept (nothing is lost), and the build says so."""
    first: dict[str, Document] = {}
    found = []
    for result in results:
        for doc in result.documents:
            text = "".join(block.text for block in doc.blocks)
            key = hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()
            if key in first and text.strip():
                other = first[key]
                found.append(Diagnostic(doc.seed, doc.line, "duplicate", f"document {doc.position} repeats document {other.position} of {other.seed}", "warning"))
            else:
                first.setdefault(key, doc)
    return found


def _content_key(path: Path) -> str:
    digest = hashlib.sha256()
    for part in (path, sidecar_path(path)):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def _dedupe_slugs(results: list[SeedResult], diagnostics: list[Diagnostic]) -> list[SeedResult]:
    """Curated slugs may collide; the later document gets a numbered suffix and a warning."""
    seen: set[str] = set()
    out: list[SeedResult] = []
    for result in results:
        docs = []
        for doc in result.documents:
            slug = doc.meta.slug or ""
            if slug in seen:
                n = 2
                while f"{slug}-{n}" in seen:
                    n += 1
                diagnostics.append(Diagnostic(result.seed, doc.line, "slug-collision", f"slug {slug!r} already used; using {slug}-{n}", "warning"))
                slug = f"{slug}-{n}"
                doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, slug=slug))
            seen.add(slug)
            docs.append(doc)
        out.append(dataclasses.replace(result, documents=tuple(docs)))
    return out
