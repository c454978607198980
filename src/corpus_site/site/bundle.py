"""Pagefind bundles, finished after their runs: an interface's parts merged into one
bundle, its word index cut anew into small chunks and the commonest words thinned, so that
a first search downloads little; every file byte-identical from build to build.

Pagefind's data files are gzip-compressed CBOR behind a signature.  The metadata file
(``pagefind.<lang>_<hash>.pf_meta``) lists the pages, the word-index chunks (each with the
range of words it holds) and the filter files; the browser loads the metadata, then for
each word of a query the chunk whose range holds it.  In a chunk, a word lists its pages,
each page's number as the difference from the one before (the first from 0) and its
positions likewise.

:func:`finish`

* **merges the parts** an interface was indexed in (one Pagefind run each, for memory):
  one page list, each word's pages of every part in one list (only the first page of each
  part's list is written anew: the rest keeps Pagefind's bytes), one file per filter.
  With parts kept apart the browser loaded each part's metadata and, for each word of a
  query, a chunk in every part: at 10,000 documents in three parts, 455 KB for a query of
  the corpus's commonest characters;
* **cuts the word index into chunks of about** ``CHUNK_BYTES`` (:class:`Chunker`): a query
  word loads its own chunk, not the 20,000 positions of neighbours Pagefind puts with it;
  the words a character starts stay together, so that a one-character query (found by
  prefix) finds all of them;
* **thins** each word larger than ``OVERSIZED`` chunks: for each of its pages, the first
  ``positions`` positions, **weighted up** so that together they weigh what all did
  (Pagefind ranks a page by the sum of its positions' weights, so the same pages are found
  and ranked alike).  A quoted phrase is looked for among the kept positions only, so a
  phrase of such words can miss a page where it occurs further on: so a thinned Chinese
  word is also kept whole under a name of its own (:func:`whole_name`), which only a
  phrase search that placed too few pages asks for (``assets/search.js``); the thinned
  words are listed (``THINNED_LIST``; for the browser a Bloom filter, ``THINNED_FILE``);
* names the pages' fragments and the chunks by number (:func:`_number`): the metadata
  lists every page by its fragment's name and every chunk by its own, and Pagefind's
  hashes made most of its size.

Every file it writes is named after its content, so names change only when content does.
"""

from __future__ import annotations

import collections
import contextlib
import gzip
import hashlib
import heapq
import io
import itertools
import json
import os
import re
import struct
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..forked import Beside, can_fork
from ..search.pages import ORIGINAL_META
from ..search.tokens import ASTRAL, HEX, MARK, WHOLE, decode

SIGNATURE = b"pagefind_dcd"
PAGEFIND_VERSION = "1.5.2"  # the version pinned in pyproject.toml: the one whose file layout is checked here
POSITIONS = 4  # positions kept per word and page of the words thinned (0: keep all)
OVERSIZED = 0.5  # a word whose bytes are more than this many chunks is thinned
MAX_WEIGHT = 255  # the largest weight Pagefind reads
SCALE_MAX = 10  # kept positions weigh at most 10 times their own (Pagefind's default 24 → 240)
FORK_FRAGMENTS = 400  # a bundle with this many fragments or more writes them back in two processes
THINNED = "corpus_site_thinned"  # (an older layout's list of the words thinned, in the entry file)
THINNED_LIST = "corpus-thinned.txt"  # the words thinned, one a line, in the bundle's folder
THINNED_FILE = "corpus-thinned.bin"  # the same as the search asks for it: a Bloom filter (:func:`bloom`)
CHUNK_BYTES = 40_000  # bytes of a word-index chunk before compression (Pagefind's hold about 20,000 positions)
WHOLE_CHUNK_BYTES = 160_000  # the same for the thinned words' whole copies: fewer chunks for every search's metadata to list
DECODE_BYTES = 8_000_000  # of the parts' word index (on disk) read ahead of their merge at most (:func:`decode_parts`)
PARTS = "corpus_site_parts"  # the entry file's list of other parts (none once merged)


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

    return _write_raw(folder, prefix, suffix, cbor2.dumps(value), digits)


CHUNK_LEVEL = 6  # gzip level of the word-index chunks


class _ChunkWriter:
    """Word-index chunks compressed and written as they are made, by a forked child: the
    merge decodes the parts' words here meanwhile (a thread would not help: a chunk's
    decoding holds the GIL).  If the child fails, every chunk is written again here."""

    def __init__(self) -> None:
        self.written: list[tuple[Path, bytes]] = []
        self.pid = 0
        self.failed = False
        self.pipe: Any = None
        if not can_fork():
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: paths and bytes from the pipe, until it closes
            os.close(write)
            status = 1
            try:
                with os.fdopen(read, "rb") as stream:
                    while head := stream.read(8):
                        size, length = struct.unpack("<II", head)
                        path = stream.read(size).decode("utf-8")
                        _write_gzip(Path(path), stream.read(length), CHUNK_LEVEL)
                status = 0
            finally:
                os._exit(status)
        os.close(read)
        self.pid, self.pipe = pid, os.fdopen(write, "wb")

    def write(self, path: Path, raw: bytes) -> None:
        self.written.append((path, raw))
        if self.pipe is not None:
            name = str(path).encode("utf-8")
            try:
                self.pipe.write(struct.pack("<II", len(name), len(raw)) + name + raw)
                return
            except OSError:  # the child is gone: the rest here
                self.stop()
        _write_gzip(path, raw, CHUNK_LEVEL)

    def close(self) -> None:
        """Wait for the child; if it failed, write everything again here."""
        self.stop()
        if self.failed:
            for path, raw in self.written:
                _write_gzip(path, raw, CHUNK_LEVEL)
        self.written = []

    def stop(self) -> None:
        """The child told there is no more, and waited for."""
        if not self.pid:
            return
        with contextlib.suppress(OSError):
            self.pipe.close()
        _, status = os.waitpid(self.pid, 0)
        self.failed = self.failed or status != 0
        self.pid, self.pipe = 0, None


def _write_gzip(path: Path, raw: bytes, level: int) -> None:
    path.write_bytes(gzip.compress(raw, compresslevel=level, mtime=0))


def _write_raw(folder: Path, prefix: str, suffix: str, raw: bytes, digits: int, level: int = 9) -> str:
    data = gzip.compress(SIGNATURE + raw, compresslevel=level, mtime=0)
    full = hashlib.sha256(data).hexdigest()
    for size in range(digits, len(full) + 1):
        digest = f"{prefix}_{full[:size]}"
        path = folder / f"{'pagefind.' if suffix == '.pf_meta' else ''}{digest}{suffix}"
        if not path.exists() or path.read_bytes() == data:
            path.write_bytes(data)
            return digest
    raise BundleError(f"{folder}: no free name for {full}")


def finish(
    bundle: Path, positions: int = POSITIONS, oversized: float = OVERSIZED, others: Sequence[Path] = (), readable: bool = True,
    fragments_ready: Callable[[], object] | None = None, decoded: Decoded | None = None,
) -> None:
    """Finish ``bundle``, merging into it the bundles ``others`` (the other parts of its
    interface, each one Pagefind run; they are removed): one page list, one word index cut
    anew into small chunks (words larger than ``oversized`` chunks thinned to ``positions``
    positions a page; 0 keeps every position), one set of filters, everything named after
    its content.  ``readable``: write the fragments back in characters first (False when
    :func:`prepare` did, as each part's run ended).  ``fragments_ready`` waits until the
    parts' fragments may be moved (the word index is merged first: the last part's
    fragments can be prepared meanwhile, in another process).  ``decoded``: the words of
    some parts read already (:func:`decode_parts`)."""
    bundles = [bundle, *others]
    entries = [_entry(b) for b in bundles]
    entry = entries[0]
    if any(set(e["languages"]) != set(entry["languages"]) for e in entries):
        raise BundleError(f"{bundle}: the parts to merge hold different languages")
    thinned: set[str] = set()
    for language, info in entry["languages"].items():
        metas = [_meta(b, e["languages"][language]["hash"]) for b, e in zip(bundles, entries)]
        if readable:
            for b, meta in zip(bundles, metas):
                _readable_fragments(b / "fragment", [name for name, *_ in meta[1]])
        for b, meta in zip(bundles[1:], metas[1:]):
            if meta[4]:
                raise BundleError(f"{b}: sorted pages (data-pagefind-sort) cannot be merged")
        offsets = _offsets([len(meta[1]) for meta in metas])
        read = (decoded or {}).get(language, {})
        chunks, cut_short = _rechunk(bundle, language, bundles, metas, offsets, positions, oversized, read)
        thinned |= cut_short
        filters = _merge_filters(bundle / "filter", language, bundles, metas, offsets)
        if fragments_ready is not None:
            fragments_ready()
        for b, meta in zip(bundles[1:], metas[1:]):
            _move_fragments(b / "fragment", bundle / "fragment", [name for name, *_ in meta[1]])
        pages = [page for meta in metas for page in meta[1]]
        merged = [metas[0][0], _name_fragments(bundle / "fragment", language, pages),
                  _name_chunks(bundle / "index", language, chunks), filters, metas[0][4],
                  sorted({field for meta in metas for field in meta[5]}), *metas[0][6:]]
        for b, e in zip(bundles, entries):
            (b / f"pagefind.{e['languages'][language]['hash']}.pf_meta").unlink(missing_ok=True)
        info["hash"] = write(bundle, language, ".pf_meta", merged, 10)
        info["page_count"] = len(pages)
    for other in others:
        shutil.rmtree(other)
    entry.pop(PARTS, None)
    entry.pop(THINNED, None)
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    # the words whose pages lost positions, one a line: the search asks for it only when a
    # phrase of them might be missed (assets/search.js)
    listed = bundle / THINNED_LIST
    thinned |= set(listed.read_text(encoding="utf-8").split()) if listed.is_file() else set()
    listed.write_text("".join(f"{word}\n" for word in sorted(thinned)), encoding="utf-8")
    (bundle / THINNED_FILE).write_bytes(bloom(thinned))


def _fnv(data: bytes, basis: int) -> int:
    """FNV-1a, 32 bits (``assets/search.js`` holds the same)."""
    value = basis
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


BLOOM_HASHES = 7  # a filter of 10 bits a word: about 1 % of other words taken for its own


def bloom(words: set[str]) -> bytes:
    """A Bloom filter of ``words``: its first byte the number of hashes, then the bits (bit
    ``i`` is bit ``i % 8`` of byte ``i // 8``); a word's places are ``(h1 + k·h2) mod m``
    for k below the number of hashes, h1 and h2 FNV-1a of its UTF-8 bytes from two bases."""
    size = max(8, -(-len(words) * 10 // 8) * 8)
    bits = bytearray(size // 8)
    for word in words:
        for place in _places(word, size):
            bits[place // 8] |= 1 << (place % 8)
    return bytes([BLOOM_HASHES]) + bytes(bits)


def _places(word: str, size: int) -> list[int]:
    data = word.encode("utf-8")
    first, second = _fnv(data, 0x811C9DC5), _fnv(data, 0x9747B28C) | 1
    return [((first + k * second) & 0xFFFFFFFF) % size for k in range(BLOOM_HASHES)]


def in_bloom(filter_bytes: bytes, word: str) -> bool:
    size = (len(filter_bytes) - 1) * 8
    return size > 0 and all(filter_bytes[1 + place // 8] >> (place % 8) & 1 for place in _places(word, size))


def prepare(bundle: Path, fork: bool = True) -> None:
    """A part's bundle as its run ends: its fragments written back in characters (the
    longest work of finishing, done while another run goes); in two processes when
    ``fork`` and there are many."""
    entry = _entry(bundle)
    for info in entry["languages"].values():
        meta = _meta(bundle, info["hash"])
        _readable_fragments(bundle / "fragment", [name for name, *_ in meta[1]], fork)


def _entry(bundle: Path) -> dict[str, Any]:
    path = bundle / "pagefind-entry.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION or not isinstance(entry.get("languages"), dict):
        raise BundleError(f"{path}: written by Pagefind {entry.get('version')!r}, not {PAGEFIND_VERSION}, "
                          "whose data files this code knows (README: Upgrading Pagefind)")
    return entry


def _meta(bundle: Path, digest: str) -> list[Any]:
    path = bundle / f"pagefind.{digest}.pf_meta"
    meta = read(path)
    if not (isinstance(meta, list) and len(meta) >= 6 and all(isinstance(meta[i], list) for i in (1, 2, 3, 4, 5))):
        raise BundleError(f"{path}: not the metadata layout this version knows (Pagefind 1.x)")
    return meta


def _offsets(counts: Sequence[int]) -> list[int]:
    out, total = [], 0
    for count in counts:
        out.append(total)
        total += count
    return out


def _move_fragments(source: Path, target: Path, names: Sequence[str]) -> None:
    """A part's fragments into the merged bundle (named after their content: a name taken
    already is the same file)."""
    for name in dict.fromkeys(names):
        path, into = source / f"{name}.pf_fragment", target / f"{name}.pf_fragment"
        into.parent.mkdir(parents=True, exist_ok=True)
        path.replace(into)


def _words(bundle: Path, meta: list[Any]) -> Iterator[tuple[str, list[Any], bytes]]:
    """A part's words in order, chunk by chunk, each with the bytes it is written in
    (each file removed once read)."""
    import cbor2

    last = ""
    for _, _, digest in meta[2]:
        path = bundle / "index" / f"{digest}.pf_index"
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(SIGNATURE + b"\x81"):
            raise BundleError(f"{path}: not the word index layout this version knows (Pagefind 1.x)")
        stream = io.BytesIO(raw)
        stream.seek(len(SIGNATURE) + 1)
        count = _read_array_head(stream, path)
        decoder = cbor2.CBORDecoder(stream)
        for _ in range(count):
            start = stream.tell()
            word = decoder.decode()
            if not (isinstance(word, list) and len(word) >= 2 and isinstance(word[0], str) and word[0] >= last
                    and isinstance(word[1], list)):
                raise BundleError(f"{path}: its words are not in the layout or order this version knows")
            last = word[0]
            yield word[0], word, raw[start : stream.tell()]
        path.unlink()


Read = tuple[str, list[Any], bytes]  # a word of a part's index: its name, its value, its bytes
Decoded = dict[str, dict[Path, list[Read]]]  # by language, by part: the words read


def decode_parts(bundles: Sequence[Path], budget: int = DECODE_BYTES) -> Decoded:
    """The words of parts of an interface read ahead of their merge (:func:`finish`), while
    another part's Pagefind run goes: the parts in order, as many as keep their word index
    within ``budget`` bytes on disk (some 80 times as many as Python objects in memory).
    A part's chunks are removed as they are read."""
    decoded: Decoded = {}
    for b in bundles:
        size = sum(path.stat().st_size for path in (b / "index").glob("*.pf_index"))
        if size > budget:
            break
        budget -= size
        for language, info in _entry(b)["languages"].items():
            decoded.setdefault(language, {})[b] = list(_words(b, _meta(b, info["hash"])))
    return decoded


def _read_array_head(stream: io.BytesIO, path: Path) -> int:
    head = stream.read(1)
    if not head or not 0x80 <= head[0] <= 0x9B:
        raise BundleError(f"{path}: not the word index layout this version knows (Pagefind 1.x)")
    if head[0] < 0x98:
        return head[0] - 0x80
    return int.from_bytes(stream.read(1 << (head[0] - 0x98)), "big")


def _shifted(pages: list[list[Any]], offset: int, last: int) -> tuple[list[list[Any]], int]:
    """A part's page list for one word, its page numbers (each the difference from the
    previous page's, the first from 0) moved ``offset`` on, to follow a list whose last page
    is ``last``; and the new last page."""
    if not pages:
        return pages, last
    first = pages[0]
    end = offset + sum(page[0] for page in pages)
    return [[first[0] + offset - last, *first[1:]], *pages[1:]], end


class _Word:
    """A word of the merged index: its name, its page lists in the parts it is in, and its
    bytes, spliced from the parts' own (only the first page of each part is written anew)."""

    __slots__ = ("key", "found", "offsets", "_value", "_firsts", "_encoded")

    def __init__(self, key: str, found: list[tuple[int, list[Any], bytes]], offsets: Sequence[int]) -> None:
        self.key, self.found, self.offsets = key, found, offsets
        self._value: list[Any] | None = None
        self._firsts: list[list[Any] | None] = []  # each part's first page, moved on
        self._encoded: bytes | None = found[0][2] if len(found) == 1 and found[0][0] == 0 else None

    def value(self) -> list[Any]:
        """The word as Pagefind writes it: [word, pages, variants]."""
        if self._value is not None:
            return self._value
        if len(self.found) == 1 and self.found[0][0] == 0:
            self._value = self.found[0][1]
            return self._value
        pages: list[list[Any]] = []
        last = 0
        variants: dict[str, tuple[list[list[Any]], int]] = {}
        for number, word, _ in self.found:
            shifted, last = _shifted(word[1], self.offsets[number], last)
            self._firsts.append(shifted[0] if shifted else None)
            pages.extend(shifted)
            for variant in word[2] if len(word) > 2 else []:
                had, at = variants.get(variant[0], ([], 0))
                more, at = _shifted(variant[1], self.offsets[number], at)
                variants[variant[0]] = (had + more, at)
        self._value = [self.key, pages, [[form, found_pages] for form, (found_pages, _) in variants.items()]]
        return self._value

    def encoded(self) -> bytes:
        if self._encoded is None:
            self._encoded = self._splice()
        return self._encoded

    def _splice(self) -> bytes:
        import cbor2

        value = self.value()
        pieces = [b"\x83", cbor2.dumps(self.key), _array_head(len(value[1]))]
        for (_, word, raw), first in zip(self.found, self._firsts):
            if first is None:
                continue
            body = _pages_bytes(word, raw)
            old = cbor2.dumps(word[1][0])
            if body is None or not body.startswith(old):
                return cbor2.dumps(value)  # (not written as this code expects: as a whole)
            pieces += [cbor2.dumps(first), body[len(old):]]
        pieces.append(cbor2.dumps(value[2]))
        return b"".join(pieces)


def _pages_bytes(word: list[Any], raw: bytes) -> bytes | None:
    """The bytes of a word's pages (the items of its page list), cut from the word's bytes."""
    import cbor2

    head = _array_head(len(word)) + cbor2.dumps(word[0]) + _array_head(len(word[1]))
    tail = b"".join(cbor2.dumps(item) for item in word[2:])
    if not (raw.startswith(head) and raw.endswith(tail)):
        return None
    return raw[len(head) : len(raw) - len(tail)]


def _merged(
    bundles: Sequence[Path], metas: Sequence[list[Any]], offsets: Sequence[int], read: Mapping[Path, list[Read]] | None = None,
) -> Iterator[_Word]:
    """Every word of the parts, in order, once, with its pages of all parts (a part's words
    taken from ``read`` when they were read already)."""
    read = read or {}
    streams = [_keyed(number, iter(read[b]) if b in read else _words(b, meta)) for number, (b, meta) in enumerate(zip(bundles, metas))]
    for key, group in itertools.groupby(heapq.merge(*streams, key=lambda item: item[0]), key=lambda item: item[0]):
        yield _Word(key, [(number, word, raw) for _, number, word, raw in group], offsets)


def _keyed(number: int, words: Iterator[tuple[str, list[Any], bytes]]) -> Iterator[tuple[str, int, list[Any], bytes]]:
    for key, word, raw in words:
        yield key, number, word, raw


def _rechunk(
    bundle: Path, language: str, bundles: Sequence[Path], metas: Sequence[list[Any]], offsets: Sequence[int],
    positions: int, oversized: float, read: Mapping[Path, list[Read]] | None = None,
) -> tuple[list[list[str]], set[str]]:
    """The parts' word index as one, cut into chunks of about ``CHUNK_BYTES`` (a word larger
    than ``oversized`` chunks thinned first, when ``positions``); returns the chunk list and
    the words that lost positions."""
    import cbor2

    fresh = Path(tempfile.mkdtemp(prefix=".index-", dir=bundle))
    writer = _ChunkWriter()

    def write_chunk(words: list[bytes]) -> str:
        # its name for now is its place; it is renamed by number with the others, after
        # their content (:func:`_name_chunks`)
        name = f"{language}_{len(writer.written):07d}"
        writer.write(fresh / f"{name}.pf_index", SIGNATURE + b"\x81" + _array_head(len(words)) + b"".join(words))
        return name

    chunker = Chunker(CHUNK_BYTES, write_chunk, wide=(WHOLE_MARK, WHOLE_CHUNK_BYTES))
    cut_short: set[str] = set()
    wholes: collections.deque[tuple[str, bytes]] = collections.deque()  # thinned Chinese words with all their places, under their own names
    try:
        for word in _merged(bundles, metas, offsets, read):
            while wholes and wholes[0][0] < word.key:
                chunker.add(*wholes.popleft())
            if wholes and wholes[0][0] == word.key:  # (a bundle finished again: its copy is the one with every place)
                wholes.popleft()
            encoded = word.encoded()
            if positions and len(encoded) > oversized * CHUNK_BYTES and not word.key.startswith(WHOLE_MARK):
                value = word.value()
                thinned = [value[0], [_page(page, positions) for page in value[1]], *value[2:]]
                if thinned[1] != value[1]:
                    cut_short.add(word.key)
                    if _FIRST.match(word.key):
                        wholes.append(_renamed(word.key, encoded, whole_name(word.key)))
                    encoded = cbor2.dumps(thinned)
            chunker.add(word.key, encoded)
        for whole in wholes:
            chunker.add(*whole)
        chunks = chunker.close()
    except BaseException:
        writer.stop()
        raise
    writer.close()
    for b in bundles:
        shutil.rmtree(b / "index", ignore_errors=True)
    fresh.replace(bundle / "index")
    return chunks, cut_short


_FIRST = re.compile(f"{MARK}(?:[{HEX}]{{4}}|{ASTRAL}[{HEX}]{{5}})")
WHOLE_MARK = MARK + WHOLE


def whole_name(word: str) -> str:
    """The name of a thinned Chinese word's copy with every place kept: a phrase of thinned
    words that the thinned index cannot place is looked for in these (assets/search.js).
    It sorts after every Chinese token, and no query word is a prefix of it."""
    return WHOLE_MARK + word[len(MARK) :]


def _renamed(key: str, encoded: bytes, name: str) -> tuple[str, bytes]:
    """A word's bytes under another name (the name is the first item of its array)."""
    import cbor2

    old, head = cbor2.dumps(key), encoded[:1]
    if not (0x80 <= head[0] < 0x98 and encoded[1 : 1 + len(old)] == old):
        value = cbor2.loads(encoded)
        return name, cbor2.dumps([name, *value[1:]])
    return name, head + cbor2.dumps(name) + encoded[1 + len(old) :]


def first_character(word: str) -> str:
    """The code of a Chinese token's first character (what a one-character query types,
    found by prefix), else the word itself."""
    found = _FIRST.match(word)
    return found.group() if found else word


class Chunker:
    """Words, in order, cut into chunks of about ``budget`` bytes, each written by ``write``
    (which returns its name), never a word split.

    Pagefind looks a query word up in the chunks whose range holds it, and only when none
    does, in every chunk whose range holds it as a prefix (its "loose" match).  So the
    words of one first character (the bigrams it starts, and it alone) stay in one chunk
    when they fit; when they do not, they take chunks of their own whose ranges start past
    the character's code: a one-character query then holds in none of them strictly, and
    is looked up in all of them."""

    def __init__(self, budget: int, write: Callable[[list[bytes]], str], wide: tuple[str, int] = ("", 0)) -> None:
        self.budget, self.write = budget, write
        self.wide = wide  # the words that start so take chunks of this budget
        self.wide_now = False
        self.chunks: list[list[str]] = []  # [first word, last word, name]
        self.least: list[int] = []  # the shortest each chunk's range may start with
        self.words: list[bytes] = []
        self.first = self.last = ""
        self.size = self.least_here = 0
        self.group: list[tuple[str, bytes]] = []
        self.key = ""

    def add(self, word: str, encoded: bytes) -> None:
        key = first_character(word)
        if self.group and key != self.key:
            self._place()
        self.key = key
        self.group.append((word, encoded))

    def close(self) -> list[list[str]]:
        """The chunk list, each with the range the browser looks it up by (:func:`bounds`)."""
        if self.group:
            self._place()
        self._flush()
        ranges = bounds([[first, last] for first, last, _ in self.chunks], self.least)
        return [[start, end, name] for (start, end), (_, _, name) in zip(ranges, self.chunks)]

    def _place(self) -> None:
        size = sum(len(encoded) for _, encoded in self.group)
        wide = bool(self.wide[0]) and self.key.startswith(self.wide[0])
        budget = self.wide[1] if wide else self.budget
        if self.size + size > budget or wide != self.wide_now:  # (a wide chunk holds wide words only)
            self._flush()
        self.wide_now = wide
        split = size > budget and self.key != self.group[0][0]
        for word, encoded in self.group:
            if self.words and self.size + len(encoded) > budget:
                self._flush()
            if not self.words:
                self.first, self.least_here = word, len(self.key) + 1 if split else 0
            self.words.append(encoded)
            self.size += len(encoded)
            self.last = word
        if split:
            self._flush()
        self.group = []

    def _flush(self) -> None:
        if self.words:
            self.chunks.append([self.first, self.last, self.write(self.words)])
            self.least.append(self.least_here)
        self.words, self.size = [], 0


def _array_head(count: int) -> bytes:
    """A CBOR array's head: the chunk's words are written one by one and joined."""
    if count < 24:
        return bytes([0x80 + count])
    for code, width in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if count < 1 << (8 * width):
            return bytes([code]) + count.to_bytes(width, "big")
    raise BundleError(f"{count} words: too many for one chunk")


def _merge_filters(
    folder: Path, language: str, bundles: Sequence[Path], metas: Sequence[list[Any]], offsets: Sequence[int]
) -> list[list[str]]:
    """One file per filter, its values sorted, each with the pages of every part (filter
    files number pages from 0 in each part); the filters sorted by name."""
    values: dict[str, dict[str, list[int]]] = {}
    for b, meta, offset in zip(bundles, metas, offsets):
        for name, digest in meta[3]:
            path = b / "filter" / f"{digest}.pf_filter"
            filter_name, found = read(path)
            path.unlink()
            into = values.setdefault(name, {})
            for value, pages in found:
                into.setdefault(value, []).extend(page + offset for page in pages)
    for b in bundles[1:]:
        shutil.rmtree(b / "filter", ignore_errors=True)
    folder.mkdir(exist_ok=True)
    return sorted([name, write(folder, language, ".pf_filter", [name, sorted([v, pages] for v, pages in found.items())], 7)]
                  for name, found in values.items())


def _readable_fragments(folder: Path, names: Sequence[str], fork: bool = True) -> None:
    """Each page's fragment (what the browser shows of a result: its text, title and
    headings) written back in the page's own characters: Pagefind was given the pages as
    our search tokens (:mod:`corpus_site.search.pages`), three times the size of the text,
    and the fragment holds what it was given.  The words found are still the index's: the
    browser makes its excerpts itself, from this text."""
    names = list(dict.fromkeys(names))
    if fork and len(names) >= FORK_FRAGMENTS and can_fork():  # (the last run's bundle is on the critical path)
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

        def readable(text: str) -> str:
            text = decode(text).replace("\u200b", "")
            return text.translate(back) if back else text  # (most pages have no character of their own to put back)

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
        _write_gzip(path, SIGNATURE + text, 9)
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


def bounds(ranges: list[list[str]], least: Sequence[int] = ()) -> list[tuple[str, str]]:
    """Each chunk's range for the browser, which loads for a query word the chunk whose
    range holds it: a chunk starts at the shortest prefix of its first word that still
    sorts after the previous chunk's last word (so that a prefix being typed finds the
    chunk of the words it starts) — but no shorter than ``least`` for it — and ends at its
    own last word.  (Pagefind shortens the end too, which puts a chunk's last word outside
    its range.)"""
    out = [list(r) for r in ranges]
    for number, (left, right) in enumerate(zip(out, out[1:]), start=1):
        common = 0
        for a, b in zip(left[1], right[0]):
            if a != b:
                break
            common += 1
        right[0] = right[0][: max(common + 1, least[number] if number < len(least) else 0)]
    return [(first, last) for first, last in out]
