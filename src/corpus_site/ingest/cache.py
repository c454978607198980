"""The loader's cache on disk: what a seed gave, kept between builds (``.cache/corpus-site/``
by default), so that a second build, or the first ``mkdocs serve`` after a build, parses no
unchanged seed again.  CI can keep the folder between runs.

An entry is keyed by the seed's name, the hash of its bytes and its sidecar's, and the
project's version and cache format; it is written as JSON of the typed records (never a
pickle: a cache file can be edited, and must not run anything), behind a header with the
hash of its body.  An entry that does not read back — corrupt, cut short, of another
version, not the records it should be — is ignored and removed, never trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
import types
from typing import Any, Callable, Literal, Union, get_args, get_origin, get_type_hints

from .. import model
from ..model import Diagnostic, SeedResult

FORMAT = 1  # bump when a record changes shape


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The project's version, the cache format, and a hash of the loader's own code (an
    editable install keeps its version number while its code changes)."""
    try:
        number = metadata.version("corpus-site")
    except metadata.PackageNotFoundError:
        number = "unknown"
    package = Path(__file__).resolve().parent.parent
    code = hashlib.sha256()
    for path in sorted([*package.joinpath("ingest").rglob("*.py"), package / "model.py", package / "yamlio.py", *package.joinpath("concepts").glob("normalize.py")]):
        code.update(path.read_bytes())
    return f"{number}/{FORMAT}/{code.hexdigest()[:12]}"


Entry = tuple[SeedResult, tuple[Diagnostic, ...]]


class DiskCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.version = version()
        self.hits = self.misses = self.refused = 0

    def _path(self, name: str, key: str) -> Path:
        digest = hashlib.sha256(f"{self.version}\0{name}\0{key}".encode()).hexdigest()
        return self.folder / f"{digest[:40]}.json"

    def get(self, name: str, key: str) -> Entry | None:
        path = self._path(name, key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        entry = _read(raw, self.version, name, key)
        if entry is None:
            self.refused += 1
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        self.hits += 1
        return entry

    def put(self, name: str, key: str, entry: Entry) -> None:
        body = json.dumps({"name": name, "key": key, "entry": _plain(list(entry))}, ensure_ascii=False, separators=(",", ":")).encode()
        data = f"corpus-site-cache {self.version} {hashlib.sha256(body).hexdigest()}\n".encode() + body
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self._path(name, key))
        except OSError:
            pass  # a cache that cannot be written is no cache: the build goes on

    def keep_only(self, wanted: set[tuple[str, str]]) -> None:
        """Remove the entries of seeds that are gone or changed."""
        keep = {self._path(name, key).name for name, key in wanted}
        try:
            for path in self.folder.glob("*.json"):
                if path.name not in keep:
                    with contextlib.suppress(OSError):
                        path.unlink()
        except OSError:
            pass


def _read(raw: bytes, version: str, name: str, key: str) -> Entry | None:
    head, _, body = raw.partition(b"\n")
    parts = head.decode("ascii", "replace").split(" ")
    if len(parts) != 3 or parts[0] != "corpus-site-cache" or parts[1] != version or hashlib.sha256(body).hexdigest() != parts[2]:
        return None
    try:
        data = json.loads(body)
        if data.get("name") != name or data.get("key") != key:
            return None
        result, problems = data["entry"]
        seed = _typed(SeedResult, result)
        diagnostics = tuple(_typed(Diagnostic, d) for d in problems)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return seed, diagnostics


def _plain(value: Any) -> Any:
    """A record as JSON: each dataclass as a mapping with its class's name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _typed(cls: type, data: Any) -> Any:
    """A record back from JSON, its every field checked against its declared type."""
    return _reader(cls)(data)


Reader = Callable[[Any], Any]


@functools.lru_cache(maxsize=None)
def _reader(hint: Any) -> Reader:
    """A function that reads a value of type ``hint`` from JSON, or raises TypeError
    (made once per type: reading is then plain calls)."""
    origin, args = get_origin(hint), get_args(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = get_type_hints(hint, vars(model))
        fields = [(f.name, _reader(hints[f.name])) for f in dataclasses.fields(hint) if f.init]
        name = hint.__name__

        def record(data: Any) -> Any:
            if type(data) is not dict or data.get("@") != name:
                raise TypeError(f"not a {name}")
            return hint(**{key: read(data[key]) for key, read in fields})

        return record
    if origin is Union or isinstance(hint, types.UnionType):
        options = [_reader(option) for option in args]

        def either(data: Any) -> Any:
            for read in options:
                try:
                    return read(data)
                except (TypeError, KeyError):
                    continue
            raise TypeError(f"{data!r} is none of {hint}")

        return either
    if hint is type(None):
        return _exactly(None)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return lambda data: tuple(map(item, _list(data)))
        items = [_reader(a) for a in args]
        return lambda data: tuple(read(v) for read, v in zip(items, _list(data, len(items))))
    if origin is Literal:
        allowed = frozenset(args)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise TypeError(f"{data!r} not in {sorted(allowed)}")
            return data

        return literal
    base = getattr(hint, "__supertype__", hint)  # a NewType reads as its type
    if base in (str, int, bool):
        def plain(data: Any) -> Any:
            if type(data) is not base:
                raise TypeError(f"{data!r} is not {base.__name__}")
            return data

        return plain
    raise TypeError(f"cannot read {hint}")


def _exactly(value: Any) -> Reader:
    def read(data: Any) -> Any:
        if data is not value:
            raise TypeError(f"{data!r} is not {value!r}")
        return data

    return read


def _list(data: Any, length: int | None = None) -> list[Any]:
    if type(data) is not list or (length is not None and len(data) != length):
        raise TypeError("not a list of its length")
    return data
