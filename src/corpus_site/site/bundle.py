"""Pagefind bundle files, finished after a run: made byte-identical from build to build,
and the heaviest parts of their word index thinned so that a first search downloads less.

Pagefind's data files are gzip-compressed CBOR behind a signature.  The metadata file
(``pagefind.<lang>_<hash>.pf_meta``) lists the pages, the word-index chunks (each with the
range of words it holds) and the filter files; the browser loads the metadata, then for
each word of a query the one chunk whose range holds it.

Pagefind keeps every position of a word on a page, so a word common on every page of a
one-field corpus ("安全", "核" in nuclear safety) makes a chunk of its own size: at 10,000
documents two such chunks were 104 and 99 KB, and a query of common words fetched 581 KB.
:func:`finish` takes each chunk more than ``OVERSIZED`` times the bundle's median size and

* keeps, for each of its words on each page, the first ``positions`` positions (at least a
  tenth of them), **weighted up** so that together they weigh what all did: Pagefind ranks
  a page by the sum of its positions' weights, so the same pages are found for a query and
  ranked as before; only an excerpt and a quoted phrase are looked for among the kept
  positions (a quoted phrase of the commonest words can miss a page where it occurs only
  further on);
* cuts those words into chunks of at most ``CHUNK_POSITIONS`` positions, a word never split.

It also names the pages' fragments and the word-index chunks by number (see :func:`_number`):
the metadata lists every page by its fragment's name and every chunk by its own, and
Pagefind's hashes made most of its size.

Every file it writes is named after its content, so names change only when content does.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
import statistics
from functools import partial
from pathlib import Path
from typing import Any, Sequence

from ..forked import Beside, can_fork
from ..search.pages import ORIGINAL_META
from ..search.tokens import decode

SIGNATURE = b"pagefind_dcd"
PAGEFIND_VERSION = "1.5.2"  # the version pinned in pyproject.toml: the one whose file layout is checked here
POSITIONS = 12  # positions kept per word and page in an oversized chunk (0: keep all)
OVERSIZED = 2.0  # a chunk this many times the bundle's median size is thinned
MAX_WEIGHT = 255  # the largest weight Pagefind reads
SCALE_MAX = 10  # kept positions weigh at most 10 times their own (Pagefind's default 24 → 240)
FORK_FRAGMENTS = 400  # a bundle with this many fragments or more writes them back in two processes
THINNED = "corpus_site_thinned"  # the entry file's list of the words thinned
CHUNK_POSITIONS = 6000  # positions (and pages) per chunk of thinned words; Pagefind cuts at 20,000


class BundleError(RuntimeError):
    pass


def read(path: Path) -> Any:
    import cbor2

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleError(f"{path}: not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE):])


def write(folder: Path, prefix: str, suffix: str, value: object, digits: int) -> str:
    """Write a Pagefind data file named after its content; returns its hash ("zh_1a2b3c4").
    A name already taken by other content gets more digits."""
    import cbor2

    data = gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)
    full = hashlib.sha256(data).hexdigest()
    for size in range(digits, len(full) + 1):
        digest = f"{prefix}_{full[:size]}"
        path = folder / f"{'pagefind.' if suffix == '.pf_meta' else ''}{digest}{suffix}"
        if not path.exists() or path.read_bytes() == data:
            path.write_bytes(data)
            return digest
    raise BundleError(f"{folder}: no free name for {full}")


def finish(bundle: Path, positions: int = POSITIONS, oversized: float = OVERSIZED) -> None:
    """Canonicalize a bundle's filters and thin its oversized word-index chunks (see the
    module's note); ``positions`` 0 keeps every position."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION or not isinstance(entry.get("languages"), dict):
        raise BundleError(f"{entry_path}: written by Pagefind {entry.get('version')!r}, not {PAGEFIND_VERSION}, "
                          "whose data files this code knows (README: Upgrading Pagefind)")
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 6 and isinstance(meta[2], list) and isinstance(meta[3], list)):
            raise BundleError(f"{meta_path}: not the metadata layout this version knows (Pagefind 1.x)")
        if positions:
            meta[2], cut_short = _thin_chunks(bundle / "index", language, meta[2], positions, oversized)
            # a page may hold a phrase of these words where their kept positions no longer show it
            entry[THINNED] = sorted(set(entry.get(THINNED, [])) | cut_short)
        _readable_fragments(bundle / "fragment", [name for name, *_ in meta[1]])
        meta[1] = _name_fragments(bundle / "fragment", language, meta[1])
        meta[2] = _name_chunks(bundle / "index", language, meta[2])
        meta[3] = _sort_filters(bundle / "filter", language, meta[3])
        meta[5] = sorted(meta[5])
        meta_path.unlink()
        info["hash"] = write(bundle, language, ".pf_meta", meta, 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _readable_fragments(folder: Path, names: Sequence[str]) -> None:
    """Each page's fragment (what the browser shows of a result: its text, title and
    headings) written back in the page's own characters: Pagefind was given the pages as
    our search tokens (:mod:`corpus_site.search.pages`), three times the size of the text,
    and the fragment holds what it was given.  The words found are still the index's: the
    browser makes its excerpts itself, from this text."""
    names = list(dict.fromkeys(names))
    if len(names) >= FORK_FRAGMENTS and can_fork():  # (the last run's bundle is on the critical path)
        half = len(names) // 2
        with Beside(partial(_readable, folder, names[half:])) as other:
            _readable(folder, names[:half])
            other.result()
    else:
        _readable(folder, names)


def _readable(folder: Path, names: Sequence[str]) -> int:
    for name in names:
        path = folder / f"{name}.pf_fragment"
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(SIGNATURE):
            raise BundleError(f"{path}: not a Pagefind fragment")
        page = json.loads(raw[len(SIGNATURE):])
        if not (isinstance(page, dict) and isinstance(page.get("content"), str) and isinstance(page.get("meta"), dict)):
            raise BundleError(f"{path}: not the fragment layout this version knows (Pagefind 1.x)")
        own = page["meta"].get(ORIGINAL_META, "")
        back = str.maketrans(dict(zip(own[0::2], own[1::2])))
        readable = lambda text: decode(text).replace("\u200b", "").translate(back)  # noqa: E731
        page["content"] = readable(page["content"])
        if isinstance(page["meta"].get("title"), str):
            page["meta"]["title"] = readable(page["meta"]["title"])
        # Pagefind keeps every element with an id (each paragraph's permalink, with its
        # text again); its sections (sub-results) are made of the headings only
        anchors = [a for a in page.get("anchors") or [] if isinstance(a, dict) and re.fullmatch(r"h\d", str(a.get("element")))]
        for anchor in anchors:
            if isinstance(anchor.get("text"), str):
                anchor["text"] = readable(anchor["text"])
        page["anchors"] = anchors
        text = json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.write_bytes(gzip.compress(SIGNATURE + text, mtime=0))
    return len(names)


def _name_fragments(folder: Path, language: str, pages: list[list[Any]]) -> list[list[Any]]:
    """The metadata's page list, each page's fragment renamed by number (:func:`_number`).

    The metadata lists every page by its fragment's name, and a first search loads the
    metadata of every part: Pagefind's names (a hash each, which does not compress) made
    two thirds of it."""
    renamed = _number(folder, language, [name for name, *_ in pages], ".pf_fragment")
    return [[renamed[name], *rest] for name, *rest in pages]


def _name_chunks(folder: Path, language: str, chunks: list[list[str]]) -> list[list[str]]:
    """The metadata's chunk list, each word-index chunk renamed by number (:func:`_number`)."""
    renamed = _number(folder, language, [digest for _, _, digest in chunks], ".pf_index")
    return [[first, last, renamed[digest]] for first, last, digest in chunks]


def _number(folder: Path, language: str, names: Sequence[str], suffix: str) -> dict[str, str]:
    """Files of ``folder`` renamed ``<language>_<token>/<n>``: their number in base 36, in
    order, in a folder named after all their content; returns each old name's new one.

    Numbers in order compress to a third of the hashes they replace in the metadata; the
    folder's token still changes whenever a file does, so a browser never takes an old
    file from its cache for a new one.  A name listed twice (pages sharing a fragment)
    keeps one file; numbering files numbered before changes nothing."""
    unique = list(dict.fromkeys(names))
    if not unique:
        return {}
    digest = hashlib.sha256()
    for name in unique:
        digest.update((folder / f"{name}{suffix}").read_bytes())
    token = f"{language}_{digest.hexdigest()[:7]}"
    (folder / token).mkdir(exist_ok=True)
    renamed = {name: f"{token}/{_base36(number)}" for number, name in enumerate(unique)}
    for name, new in renamed.items():
        (folder / f"{name}{suffix}").replace(folder / f"{new}{suffix}")
    for left in {(folder / name).parent for name in unique} - {folder, folder / token}:
        with contextlib.suppress(OSError):  # a bundle finished before: its old folder, if emptied
            left.rmdir()
    return renamed


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def _sort_filters(folder: Path, language: str, filters: list[list[str]]) -> list[list[str]]:
    """Pagefind writes the values inside its filter files, and the filters in its metadata,
    in an order that changes from run to run (and so do those files' names): sort both."""
    renamed = {}
    for name, digest in filters:
        path = folder / f"{digest}.pf_filter"
        filter_name, values = read(path)
        path.unlink()
        renamed[name] = write(folder, language, ".pf_filter", [filter_name, sorted(values)], 7)
    return sorted([name, renamed[name]] for name in renamed)


def _thin_chunks(
    folder: Path, language: str, chunks: list[list[str]], positions: int, oversized: float
) -> tuple[list[list[str]], set[str]]:
    """The metadata's chunk list, each oversized chunk replaced by its words thinned and cut
    into chunks of at most ``CHUNK_POSITIONS`` positions; and the words that lost positions."""
    sizes = [(folder / f"{digest}.pf_index").stat().st_size for _, _, digest in chunks]
    limit = oversized * statistics.median(sizes) if sizes else 0
    out: list[list[str]] = []
    cut_short: set[str] = set()
    for (first, last, digest), size in zip(chunks, sizes):
        if size <= limit:
            out.append([first, last, digest])
            continue
        path = folder / f"{digest}.pf_index"
        words = read(path)[0]
        path.unlink()
        thinned = [[word[0], [_page(page, positions) for page in word[1]], *word[2:]] for word in words]
        cut_short.update(new[0] for new, old in zip(thinned, words) if new[1] != old[1])
        groups = cut(thinned, CHUNK_POSITIONS)
        ranges = bounds([[group[0][0], group[-1][0]] for group in groups])
        ranges[0], ranges[-1] = (first, ranges[0][1]), (ranges[-1][0], last)  # its place among the others
        for (start, end), group in zip(ranges, groups):
            out.append([start, end, write(folder, language, ".pf_index", [group], 7)])
    return out, cut_short


def _page(page: list[Any], positions: int) -> list[Any]:
    """A page of a word (its number, its positions, and what else Pagefind keeps), thinned:
    its first ``positions`` positions, or a tenth of them if that is more."""
    locations = page[1]
    if len(locations) <= positions or locations[0] >= 0:  # (no weight written: nothing to keep the ranking by)
        return page
    if min(locations[1:]) >= 0:  # one weight for all (the usual case, checked at C speed)
        count = len(locations) - 1
    else:
        count = sum(1 for value in locations if value >= 0)
    return [page[0], thin(locations, max(positions, -(-count // SCALE_MAX))), *page[2:]]


def thin(locations: Sequence[int], keep: int) -> list[int]:
    """The first ``keep`` positions of a word on a page, weighted up so that together they
    weigh what all the positions did (the ranking counts a word on a page as the sum of its
    positions' weights).  Pagefind writes a weight as a negative number, -(weight + 1),
    before the positions it applies to."""
    if locations and locations[0] < 0 and min(locations[1:], default=0) >= 0:  # one weight for all
        count = len(locations) - 1
        if count <= keep:
            return list(locations)
        weight = -locations[0] - 1
        return [-min(MAX_WEIGHT, round(weight * count / keep)) - 1, *locations[1 : keep + 1]]
    total = kept = 0
    weight = count = 0
    for value in locations:
        if value < 0:
            weight = -value - 1
        else:
            total += weight
            if count < keep:
                kept += weight
                count += 1
    scale = total / kept if kept else 1.0
    out: list[int] = []
    count = 0
    for value in locations:
        if value < 0:
            out.append(-min(MAX_WEIGHT, round((-value - 1) * scale)) - 1)
        elif count == keep:
            break
        else:
            out.append(value)
            count += 1
    return out


def cut(words: list[list[Any]], chunk_positions: int) -> list[list[list[Any]]]:
    """Words, in order, cut into chunks of about ``chunk_positions`` positions (a page counts
    one more, as in Pagefind); a word larger than that is a chunk of its own."""
    groups: list[list[list[Any]]] = []
    group: list[list[Any]] = []
    size = 0
    for word in words:
        weight = sum(len(page[1]) + 1 for page in word[1])
        if group and size + weight > chunk_positions:
            groups.append(group)
            group, size = [], 0
        group.append(word)
        size += weight
    if group:
        groups.append(group)
    return groups


def bounds(ranges: list[list[str]]) -> list[tuple[str, str]]:
    """Each chunk's range for the browser, which loads for a query word the chunk whose
    range holds it: a chunk starts at the shortest prefix of its first word that still
    sorts after the previous chunk's last word (so that a prefix being typed finds the
    chunk of the words it starts), and ends at its own last word.  (Pagefind shortens the
    end too, which puts a chunk's last word outside its range.)"""
    out = [list(r) for r in ranges]
    for left, right in zip(out, out[1:]):
        common = 0
        for a, b in zip(left[1], right[0]):
            if a != b:
                break
            common += 1
        right[0] = right[0][: common + 1]
    return [(first, last) for first, last in out]
