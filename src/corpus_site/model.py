"""Typed records shared by every pipeline stage.

Stages pass these frozen records to each other; nothing here imports MkDocs.
Easily confused strings get their own names (a seed path is not a slug).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Literal, NewType, TypeVar, Union

Lang = Literal["zh", "en"]
Kind = Literal["news", "essay", "paper", "whitepaper", "law", "speech", "official", "other"]
Severity = Literal["error", "warning", "info"]

KINDS: tuple[Kind, ...] = ("news", "essay", "paper", "whitepaper", "law", "speech", "official", "other")
LANGS: tuple[Lang, ...] = ("zh", "en")

SeedName = NewType("SeedName", str)  # file name inside seeds/, e.g. "000_3b3b.txt"
DocId = NewType("DocId", str)  # "<seed stem>#<position>", stable per seed
Slug = NewType("Slug", str)  # ASCII URL segment, e.g. "2016-04-02-xi-attends-a1b2c3"
ConceptId = NewType("ConceptId", str)  # registry id, e.g. "nuclear-security-view"

R = TypeVar("R", bound=type)


def _pickled_by_fields(cls: R) -> R:
    """Records cross process boundaries (seeds are parsed in parallel processes): pickle one
    as a call of its class with its fields, which takes about a third less time than the
    slot-by-slot state of a frozen dataclass."""
    names = [f.name for f in fields(cls)]
    get = operator.attrgetter(*names)
    fields_of = get if len(names) > 1 else (lambda self: (get(self),))  # (one name: attrgetter gives the value alone)

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, fields_of(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about an input file, always naming the file (and line when known)."""

    file: str
    line: int | None
    code: str
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets in a decoded seed text."""

    start: int
    end: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Removal:
    """Text the loader removed on purpose, with the reason (reported by the build)."""

    start: int
    text: str
    reason: str
    line: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker inside a paragraph; ``label`` is unique within its document."""

    label: str
    source: Span


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Markup:
    """A piece of markup that a seed's own Markdown or HTML put in a block (``<strong>``,
    ``</a>``, ``<li>``…): already written as safe HTML by the reader, from an allowlist;
    the page sanitizes the whole block once more (nh3).  Its text is not the block's text."""

    html: str


Inline = Union[str, FootnoteRef, Markup]


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph, photo caption or byline of a document body."""

    kind: Literal["heading", "para", "caption", "byline", "list", "table", "quote", "code"]
    inlines: tuple[Inline, ...]
    sources: tuple[Span, ...]
    level: int = 0  # heading level (2 or 3) for headings
    line: int = 0  # 1-based line of the seed where the block starts
    anchor: str | None = None  # its own id on the page (an article of a statute: "art-12"), else p<n> / s<n>

    @property
    def text(self) -> str:
        return "".join(part for part in self.inlines if isinstance(part, str))


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Footnote:
    label: str
    text: str
    sources: tuple[Span, ...]  # the note's text, without its number
    line: int = 0
    marker: Span | None = None  # the note's number ("[1]", "①") in the seed


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class DocMeta:
    """Metadata of one document, as the loader found it before sidecars apply."""

    title: str
    lang: Lang
    kind: Kind
    title_en: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    source: str | None = None
    source_en: str | None = None
    issuer: str | None = None
    issuer_en: str | None = None
    whitepaper: str | None = None
    whitepaper_en: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    funding: str | None = None
    place: str | None = None
    script: Literal["hans", "hant", "latn"] = "hans"
    slug: str | None = None
    url: str | None = None  # where the text was originally published
    symbol: str | None = None  # an official document's symbol (A/RES/78/1, GOV/2024/12)
    affiliations: tuple[str, ...] = ()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Document:
    """One document cut from a seed: metadata, body blocks and footnotes."""

    doc_id: DocId
    seed: SeedName
    position: int  # 1-based position of the document inside its seed
    meta: DocMeta
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()
    meta_sources: tuple[Span, ...] = ()  # seed text consumed into metadata (title line, abstract…)
    restorations: tuple[tuple[str, str], ...] = ()  # (masked, restored) character pairs applied
    line: int = 1


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class SeedResult:
    """Everything the loader made of one seed file."""

    seed: SeedName
    text: str  # decoded, newline-normalised text; conservation is checked against it
    encoding: str
    shape: str
    documents: tuple[Document, ...]
    removals: tuple[Removal, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    digest: str = ""  # content hash of the raw bytes (cache key)
