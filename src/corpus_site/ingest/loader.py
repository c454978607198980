"""The loader: seeds/ in, typed documents out.  One entry point per seed and per corpus.

decode → clean → detect → parse (news | essay | paper | English | plain) → sidecar → slug.
A seed that fails is reported by name and skipped; the other seeds still load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import multiprocessing
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..filestat import file_stat
from ..forked import can_fork, cpus
from ..model import Diagnostic, DocId, Document, Removal, SeedName, SeedResult
from .cache import DiskCache
from .blocks import block, bullets_as_lists, first_sentence_title, paragraphs_by_blank_lines
from .clean import clean
from .conserve import coverage
from .decode import SeedError, decode_seed
from ..model import DocMeta
from .detect import OFFICIAL_RE, PAPER_PART_RE, detect_lang, detect_shape, is_hard_wrapped, is_salutation, is_traditional
from .form import detect_form
from .readers.htmlpage import read_html
from .readers.markdown import front_matter, read_markdown
from .readers.records import json_records, read_doc_records, read_json
from .readers.infolines import take_info_lines
from .readers.paper import as_paper
from .readers.statute import as_statute, is_statute
from .essay import parse_essays
from .news import parse_news
from .paper import parse_paper
from .parsed import ParsedDoc
from .sidecar import Sidecar, apply_sidecar, load_sidecar, sidecar_path
from .slug import doc_slug
from .text import TERMINAL_RE, Line
from .whitepaper import fallback_title, parse_english

SKIP_SUFFIXES = (".yml", ".yaml", ".orig", ".bak")  # (Markdown and JSON files are seeds: posts, records)
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
    """The seed texts in ``seeds_dir`` (see :func:`seed_listing`)."""
    return seed_listing(seeds_dir)[0]


def seed_listing(seeds_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The seed texts in ``seeds_dir``: every regular file but sidecars, registries and
    hidden files; and a warning for each entry that is left out for what it is.

    A symbolic link is followed when it stays inside ``seeds_dir`` (a curator's alias of a
    seed); one that leads outside it, or nowhere, is left out: nothing outside ``seeds/`` is
    ever published.  FIFOs, devices, sockets, folders and unreadable files are left out."""
    if not seeds_dir.is_dir():
        return [], []
    root = seeds_dir.resolve()
    found: list[Path] = []
    skipped: list[Diagnostic] = []
    for path in sorted(seeds_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith(SKIP_SUFFIXES):
            continue
        why = _not_a_seed(path, root)
        if why:
            skipped.append(Diagnostic(name, None, "not-a-seed", f"skipped: {why}", "warning"))
        else:
            found.append(path)
    return found, skipped


def _not_a_seed(path: Path, root: Path) -> str | None:
    """Why ``path`` is not read as a seed (None: it is one)."""
    import os
    import stat

    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a symbolic link that leads nowhere"
        if not target.is_relative_to(root):
            return "a symbolic link to a file outside seeds/ (never published)"
        if not target.is_file():
            return "a symbolic link to something that is not a regular file"
        return None
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "a folder (seeds are files; its contents are not read)"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device file"
        return f"{kind}, not a regular file"
    if not os.access(path, os.R_OK):
        return "not readable (permissions)"
    return None


def parse_text(text: str, name: SeedName) -> tuple[str, list[ParsedDoc], list[Removal], list[Diagnostic], tuple[tuple[str, str], ...]]:
    """Parse decoded text: returns the shape, documents, removals, diagnostics and restorations."""
    form = detect_form(text)
    sample = text[:200_000]
    lang = detect_lang(sample)
    base = DocMeta(title="", lang=lang, kind="other")
    removals: list[Removal] = []
    restorations: tuple[tuple[str, str], ...] = ()
    if form == "html":
        shape, (docs, diagnostics) = "html", read_html(text, name, base)
    elif form == "doc-records":
        shape, (docs, diagnostics) = "records", read_doc_records(text, name, base)
    elif form == "json-records":
        shape, (docs, diagnostics) = "records", read_json(json_records(text) or [], name, base)
    elif form == "markdown":
        front, diagnostics = front_matter(text, name)
        masked = text if front is None else _blanked(text, front.end)
        cleaned = clean(masked, name)
        docs, cut, notes = read_markdown(cleaned.lines, name, front, base)
        removals = [*cleaned.removals, *cut]
        diagnostics = [*diagnostics, *cleaned.diagnostics, *notes]
        restorations, shape = cleaned.restorations, "markdown"
    else:
        shape, docs, removals, diagnostics, restorations = _parse_plain_text(text, name)
    if shape == "records":  # a collection's records each have a language of their own
        docs = [_own_language(doc) for doc in docs]
    elif is_traditional(sample) and lang == "zh":
        docs = [dataclasses.replace(d, meta=dataclasses.replace(d.meta, script="hant")) for d in docs]
    docs = [_titled(_kind(doc, shape), name) for doc in docs]
    return shape, docs, removals, list(diagnostics), restorations


# What a title never is: a front-matter delimiter or markup, a heading number, a byline, a
# date line (these are what a reader falls back on when a text has no title line).
_NOT_A_TITLE = re.compile(
    r"^\s*(?:---|\+\+\+|#|>|\||\*\*|!\[|<[a-zA-Z!/]|\[\^|\d+(?:\.\d+)+\.?(?:\s|$)|[一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[章节条]|"
    r"(?:记者|記者|通讯员|文／|文/|作者[:：])|by\s+[A-Z]|(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$)",
    re.I,
)


def usable_title(title: str) -> bool:
    return bool(title.strip(" \t\u3000")) and not _NOT_A_TITLE.match(title) and not is_salutation(title)


def _titled(doc: ParsedDoc, name: SeedName) -> ParsedDoc:
    """A document whose title is not one gets its first heading that is, else a title that
    says what it is (from its file name, place and date) — never its first words."""
    if usable_title(doc.meta.title):
        return doc
    heading = next((b.text for b in doc.blocks if b.kind == "heading" and usable_title(b.text)), None)
    title = heading or fallback_title(name, doc.meta.kind, doc.meta.place, doc.meta.date, doc.meta.lang)
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title=title))


def _own_language(doc: ParsedDoc) -> ParsedDoc:
    text = doc.meta.title + "\n" + "\n".join(b.text for b in doc.blocks[:50])
    lang = detect_lang(text)
    script = "latn" if lang == "en" else "hant" if is_traditional(text) else "hans"
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, lang=lang, script=script))


def _blanked(text: str, end: int) -> str:
    """``text`` with its first ``end`` characters blanked, its lines kept (offsets stay)."""
    return "".join(ch if ch == "\n" else " " for ch in text[:end]) + text[end:]


def _kind(doc: ParsedDoc, shape: str) -> ParsedDoc:
    """A document's kind, where the reader could not tell it: a statute, a speech, an
    official document, a paper — by what its text is."""
    if shape != "markdown":  # (Markdown writes its lists itself)
        doc = dataclasses.replace(doc, blocks=tuple(bullets_as_lists(doc.blocks)))
    if shape in ("markdown", "html", "records", "plain", "essay"):  # (a news digest's parser reads its own bylines)
        doc = take_info_lines(doc)
    texts = [b.text for b in doc.blocks]
    if is_statute(texts):
        return as_statute(doc)
    if doc.meta.kind != "other" or shape in ("news", "essay", "paper", "whitepaper"):
        return doc
    opening = [t for t in texts[:4] if t.strip()]
    if doc.meta.symbol or any(OFFICIAL_RE.search(t) for t in [doc.meta.title, *texts[:6]]):
        kind = "official"
    elif any(is_salutation(t) for t in opening):
        kind = "speech"
    elif sum(1 for t in texts if PAPER_PART_RE.match(t)) >= 2:
        return as_paper(doc)
    elif shape in ("markdown", "records", "html") and doc.meta.date and (doc.meta.url or doc.meta.source):
        kind = "news"
    else:
        return doc
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, kind=kind))


def _parse_plain_text(text: str, name: SeedName) -> tuple[str, list[ParsedDoc], list[Removal], list[Diagnostic], tuple[tuple[str, str], ...]]:
    """The plain-text shapes: news digest, essays, PDF text, English chapters, statutes, other."""
    cleaned = clean(text, name)
    diagnostics = list(cleaned.diagnostics)
    removals = list(cleaned.removals)
    sample = "\n".join(line.text for line in cleaned.lines[:4000])
    lang = detect_lang(sample)
    shape = detect_shape(cleaned.lines, cleaned.separators, lang)
    docs: list[ParsedDoc]
    if lang == "zh" and is_statute(line.text for line in cleaned.lines):
        shape, docs = "statute", _parse_plain(cleaned.lines, by_line=True)
    elif shape == "news":
        docs = parse_news(cleaned.lines, cleaned.separators)
    elif shape == "essay":
        docs = parse_essays(cleaned.lines)
    elif shape == "paper":
        result = parse_paper(cleaned.lines, lang)
        docs = [result.doc]
        removals.extend(result.removals)
        diagnostics.extend(Diagnostic(name, line, "footnote", message) for line, message in result.warnings)
    elif lang == "en":
        docs = parse_english(cleaned.lines, "whitepaper" if shape == "whitepaper" else "other", name)
    else:
        docs = _parse_plain(cleaned.lines)
    return shape, docs, removals, diagnostics, cleaned.restorations


def _parse_plain(lines: tuple[Line, ...], by_line: bool = False) -> list[ParsedDoc]:
    """A text of no known shape: paragraphs kept (``by_line``: a paragraph a line, as a
    statute writes its articles), title taken from the text."""
    texts = [line.text for line in lines if line]
    if not texts:
        return []
    if is_hard_wrapped(texts) and not by_line:
        result = parse_paper(lines, "zh")
        return [dataclasses.replace(result.doc, meta=dataclasses.replace(result.doc.meta, kind="other"))]
    groups = paragraphs_by_blank_lines(lines)
    if len(groups) == 1 or by_line:
        groups = [[line] for group in groups for line in group]
    first = groups[0]
    opener = first[0].text
    is_title = len(first) == 1 and len(opener) <= 40 and len(groups) > 1 and not TERMINAL_RE.search(opener) and not is_salutation(opener)
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
Unsaved = list[tuple[str, str, tuple[SeedResult, tuple[Diagnostic, ...]]]]  # seeds parsed, not yet in the disk cache: (name, key, result)
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


def _load_and_keep(item: tuple[Path, str], folder: Path | None) -> tuple[SeedResult, tuple[Diagnostic, ...]]:
    """A seed loaded, and kept in the disk cache (in the worker that parsed it)."""
    path, key = item
    loaded = _load_one(path)
    if folder is not None:
        DiskCache(folder).put(path.name, key, loaded)
    return loaded


def _load_all(paths: list[Path], progress: Progress | None, keys: list[str] | None = None,
              disk: DiskCache | None = None) -> list[tuple[SeedResult, tuple[Diagnostic, ...]]]:
    """Load seeds, in parallel processes when there are many (each seed is independent);
    each written to ``disk`` where it was parsed, if given."""
    parallel = len(paths) >= PARALLEL_MIN and can_fork()
    step = max(1, len(paths) // 10)
    out = []
    work = functools.partial(_load_and_keep, folder=disk.folder if disk else None)
    items = list(zip(paths, keys or [""] * len(paths)))
    with contextlib.ExitStack() as stack:
        if parallel:
            pool = stack.enter_context(ProcessPoolExecutor(cpus(), mp_context=multiprocessing.get_context("fork")))
            loaded = pool.map(work, items, chunksize=8)
        else:
            loaded = map(work, items)
        for n, item in enumerate(loaded, start=1):
            out.append(item)
            if progress and len(paths) > PROGRESS_MIN and n % step == 0:
                progress(f"loading seeds: {n}/{len(paths)}")
    return out


def load_corpus(
    seeds_dir: Path, files: Iterable[Path] | None = None, cache: SeedCache | None = None, progress: Progress | None = None,
    disk: DiskCache | None = None, unsaved: Unsaved | None = None,
) -> Corpus:
    """Load every seed in ``seeds_dir``.  Failures become diagnostics; the rest still loads.

    ``cache`` maps (seed name, hash of seed and sidecar bytes) to an earlier result, so an
    unchanged seed is not parsed again; ``disk`` keeps the same between builds.  With
    ``unsaved``, what was parsed is not written to ``disk`` here but put in that list (name,
    key, result), for :func:`save` to write later (a build does it while Pagefind runs).
    """
    results: list[SeedResult] = []
    diagnostics: list[Diagnostic] = []
    fresh: SeedCache = {}
    if files is None:
        files, skipped = seed_listing(seeds_dir)
        diagnostics.extend(skipped)
    paths = list(files)
    keys = [(path.name, _content_key(path)) for path in paths]
    todo = [path for path, key in zip(paths, keys) if cache is None or key not in cache]
    loaded: dict[Path, tuple[SeedResult, tuple[Diagnostic, ...]]] = {}
    if disk is not None:  # what an earlier build made of the same bytes
        for path, key in zip(paths, keys):
            if path in todo and (kept := disk.get(*key)) is not None:
                loaded[path] = kept
        todo = [path for path in todo if path not in loaded]
    content_keys = dict(zip(paths, (key for _, key in keys)))
    parsed = dict(zip(todo, _load_all(todo, progress, [content_keys[p] for p in todo], disk if unsaved is None else None)))
    if disk is not None and unsaved is not None:
        unsaved.extend((path.name, content_keys[path], result) for path, result in parsed.items())
    if disk is not None and parsed:
        disk.keep_only(set(keys))
    loaded.update(parsed)
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


def save(disk: DiskCache, unsaved: Unsaved) -> int:
    """Write to ``disk`` what :func:`load_corpus` left ``unsaved``; returns how many seeds."""
    for name, key, result in unsaved:
        disk.put(name, key, result)
    return len(unsaved)


# Each document's digest as the last load made it (for the live preview's loads: an unchanged
# seed's documents are the very objects of the last load): document id → (document, digest).
_DIGESTS: dict[str, tuple[Document, str, bool]] = {}


def _duplicates(results: list[SeedResult]) -> list[Diagnostic]:
    """The same document in two seeds: both are kept (nothing is lost), and the build says so."""
    global _DIGESTS
    first: dict[str, Document] = {}
    found = []
    digests: dict[str, tuple[Document, str, bool]] = {}
    for result in results:
        for doc in result.documents:
            known = _DIGESTS.get(doc.doc_id)
            if known is None or known[0] is not doc:
                text = "".join(block.text for block in doc.blocks)
                known = (doc, hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest(), bool(text.strip()))
            digests[doc.doc_id] = known
            _, key, has_text = known
            if key in first and has_text:
                other = first[key]
                found.append(Diagnostic(doc.seed, doc.line, "duplicate", f"document {doc.position} repeats document {other.position} of {other.seed}", "warning"))
            else:
                first.setdefault(key, doc)
    _DIGESTS = digests
    return found


# A seed's content key as last computed, by its path: (the seed's and sidecar's times of
# writing and sizes, when it was computed, the key).  The live preview loads the seeds again
# after every edit; an unchanged file is not read and hashed again.  As with Git's index, a
# key is trusted only when the files were older than RACY_SECONDS when it was made (a file
# changed again within its clock's tick keeps its time of writing).
_KEYS: dict[str, tuple[tuple[tuple[int, int], ...], float, str]] = {}
RACY_SECONDS = 2.0


def _content_key(path: Path) -> str:
    parts = (path, sidecar_path(path))
    stats = tuple(file_stat(part) for part in parts)
    known = _KEYS.get(str(path))
    if known is not None and known[0] == stats and all(known[1] - mtime / 1e9 > RACY_SECONDS for mtime, _ in stats if mtime >= 0):
        return known[2]
    made = time.time()
    digest = hashlib.sha256()
    for part in parts:
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    key = digest.hexdigest()
    _KEYS[str(path)] = (stats, made, key)
    return key


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
