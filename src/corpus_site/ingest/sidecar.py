"""Curated metadata: ``seeds/<seed stem>.meta.yml`` sets or corrects fields of a seed's documents.

Format::

    defaults:            # applies to every document of the seed
      source: 人民网
    documents:
      1:                 # 1-based position of the document in the seed
        title: …
        title_en: …
        date: 2016-04-02

Every problem in the file is reported (file, line, message), not only the first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..model import KINDS, LANGS, Diagnostic, DocMeta
from ..yamlio import Located, read_located

STR_FIELDS = (
    "title", "title_en", "source", "source_en", "issuer", "issuer_en", "whitepaper", "whitepaper_en",
    "editor", "abstract", "funding", "place", "slug", "url",
)
LIST_FIELDS = ("authors", "keywords")
FIELDS = frozenset(STR_FIELDS + LIST_FIELDS + ("date", "kind", "lang"))
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Sidecar:
    file: str
    defaults: Mapping[str, Any]
    documents: Mapping[int, Mapping[str, Any]]

    def fields_for(self, position: int) -> dict[str, Any]:
        return {**self.defaults, **self.documents.get(position, {})}


def sidecar_path(seed: Path) -> Path:
    return seed.with_name(seed.stem + ".meta.yml")


def load_sidecar(path: Path) -> tuple[Sidecar | None, list[Diagnostic]]:
    """Read and validate a sidecar; on any error the whole sidecar is ignored (and reported)."""
    name = path.name
    located, problems = read_located(path, "sidecar")
    if located is None:
        return None, problems
    data = located.value
    if data is None:
        return Sidecar(name, {}, {}), []
    if not isinstance(data, dict):
        return None, [Diagnostic(name, located.line(), "sidecar-schema", "sidecar must be a mapping with 'defaults' and/or 'documents'", "error")]
    for key in data:
        if key not in ("defaults", "documents"):
            problems.append(Diagnostic(name, located.line(key), "sidecar-schema", f"unknown top-level key {key!r} (expected 'defaults' or 'documents')", "error"))
    defaults = _fields(data.get("defaults") or {}, ("defaults",), located, name, problems)
    documents: dict[int, dict[str, Any]] = {}
    raw_docs = data.get("documents") or {}
    if not isinstance(raw_docs, dict):
        problems.append(Diagnostic(name, located.line("documents"), "sidecar-schema", "'documents' must map positions (1, 2, …) to fields", "error"))
        raw_docs = {}
    for position, fields in raw_docs.items():
        if not isinstance(position, int) or isinstance(position, bool) or position < 1:
            problems.append(Diagnostic(name, located.line("documents", position), "sidecar-schema", f"document key {position!r} is not a position (1, 2, …)", "error"))
            continue
        documents[position] = _fields(fields or {}, ("documents", position), located, name, problems)
    if problems:
        return None, problems
    return Sidecar(name, defaults, documents), []


def _fields(raw: Any, path: tuple[Any, ...], located: Located, name: str, problems: list[Diagnostic]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        problems.append(Diagnostic(name, located.line(*path), "sidecar-schema", f"{'.'.join(map(str, path))} must be a mapping of fields", "error"))
        return {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        line = located.line(*path, key)
        if key not in FIELDS:
            problems.append(Diagnostic(name, line, "sidecar-schema", f"unknown field {key!r}; known fields: {', '.join(sorted(FIELDS))}", "error"))
            continue
        error, clean = _check(key, value)
        if error:
            problems.append(Diagnostic(name, line, "sidecar-schema", f"field {key!r}: {error}", "error"))
        else:
            out[key] = clean
    return out


def _check(key: str, value: Any) -> tuple[str | None, Any]:
    if value is None:
        return None, None
    if key == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            return None, value.strftime("%Y-%m-%d")
        text = str(value)
        return (None, text) if DATE_RE.match(text) else ("expected YYYY, YYYY-MM or YYYY-MM-DD", None)
    if key == "kind":
        return (None, value) if value in KINDS else (f"expected one of {', '.join(KINDS)}", None)
    if key == "lang":
        return (None, value) if value in LANGS else ("expected zh or en", None)
    if key == "slug":
        return (None, value) if isinstance(value, str) and SLUG_RE.match(value) else ("expected lowercase ASCII words joined by '-'", None)
    if key in LIST_FIELDS:
        if isinstance(value, str):
            return None, (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None, tuple(value)
        return "expected a list of strings", None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return None, str(value)
    return "expected a string", None


def apply_sidecar(meta: DocMeta, fields: Mapping[str, Any]) -> DocMeta:
    known = {f.name for f in dataclasses.fields(DocMeta)}
    return dataclasses.replace(meta, **{k: v for k, v in fields.items() if k in known})
