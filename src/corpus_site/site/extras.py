"""What the concept engine adds to a document's page: its concepts, its related documents
and the pages its citations link to (typed records, made by the pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import ConceptId, Document


@dataclass(frozen=True, slots=True)
class ConceptChip:
    concept: ConceptId
    name_zh: str
    name_en: str
    count: int
    kind: str = "principle"  # the registry's kind of concept (CONCEPT_KINDS)


@dataclass(frozen=True, slots=True)
class RelatedDoc:
    doc: Document
    score: float
    shared: tuple[ConceptId, ...]


@dataclass(frozen=True, slots=True)
class DocExtras:
    """What the concept engine adds to a document page."""

    concepts: tuple[ConceptChip, ...] = ()
    related: tuple[RelatedDoc, ...] = ()
    citations: dict[str, str] = field(default_factory=dict)  # 《title》 → docs/ path of the cited page
