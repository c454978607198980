"""The concept registry: a curated, bilingual YAML file, read and validated.

Validation reports every problem with file and line: duplicate ids, an alias claimed by
two entries, missing names or definitions, links to unknown entries, unknown keys, and
aliases too short or too generic to link safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ConceptId, Diagnostic, Lang
from ..yamlio import Located, read_located
from .normalize import normalize

CONCEPT_KINDS = ("principle", "initiative", "institution", "instrument", "work", "event")
ENTRY_KEYS = frozenset({"id", "kind", "zh", "en", "aliases", "definition", "broader", "narrower", "related"})
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_ZH_ALIAS = 3


@dataclass(frozen=True, slots=True)
class Concept:
    id: ConceptId
    kind: str
    zh: str
    en: str
    aliases_zh: tuple[str, ...]  # every rendering, the name first
    aliases_en: tuple[str, ...]
    definition_zh: str
    definition_en: str
    broader: tuple[ConceptId, ...] = ()
    narrower: tuple[ConceptId, ...] = ()
    related: tuple[ConceptId, ...] = ()
    line: int = 0

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def definition(self, lang: Lang) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en

    def aliases(self, lang: Lang) -> tuple[str, ...]:
        return self.aliases_zh if lang == "zh" else self.aliases_en


@dataclass(frozen=True, slots=True)
class Registry:
    concepts: tuple[Concept, ...]
    file: str = ""
    by_id: dict[ConceptId, Concept] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {c.id: c for c in self.concepts})

    def get(self, concept: ConceptId) -> Concept:
        return self.by_id[concept]

    def __contains__(self, concept: object) -> bool:
        return concept in self.by_id

    def __len__(self) -> int:
        return len(self.concepts)


EMPTY = Registry(())


def load_registry(path: Path) -> tuple[Registry, list[Diagnostic]]:
    """Read the registry. Problems are reported; an invalid registry yields an empty one."""
    if not path.is_file():
        return EMPTY, []
    located, problems = read_located(path, "registry")
    if located is None:
        return EMPTY, problems
    return parse_registry(located, path.name)


def parse_registry(located: Located, name: str) -> tuple[Registry, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    data = located.value
    entries = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return EMPTY, [Diagnostic(name, located.line(), "registry-schema", "the registry must have a 'concepts' list", "error")]
    concepts: list[Concept] = []
    for index, raw in enumerate(entries):
        concept = _entry(raw, ("concepts", index), located, name, problems)
        if concept is not None:
            concepts.append(concept)
    concepts = _check_ids_and_aliases(concepts, name, problems)
    concepts = _link_hierarchy(concepts, name, problems)
    if any(p.severity == "error" for p in problems):
        return EMPTY, problems
    return Registry(tuple(concepts), name), problems


def _entry(raw: Any, path: tuple[Any, ...], located: Located, name: str, problems: list[Diagnostic]) -> Concept | None:
    line = located.line(*path)

    def problem(message: str, *key: Any) -> None:
        problems.append(Diagnostic(name, located.line(*path, *key) if key else line, "registry-schema", message, "error"))

    if not isinstance(raw, dict):
        problem("each concept must be a mapping")
        return None
    cid = raw.get("id")
    label = f"concept {cid!r}" if cid else f"concept #{path[-1] + 1}"
    for key in raw:
        if key not in ENTRY_KEYS:
            problem(f"{label}: unknown key {key!r}", key)
    if not isinstance(cid, str) or not ID_RE.match(cid):
        problem(f"{label}: 'id' must be lowercase ASCII words joined by '-'", "id")
        return None
    if raw.get("kind") not in CONCEPT_KINDS:
        problem(f"{label}: 'kind' must be one of {', '.join(CONCEPT_KINDS)}", "kind")
    names = {}
    for lang in ("zh", "en"):
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            problem(f"{label}: missing {lang} name", lang if lang in raw else "id")
        names[lang] = str(value or "").strip()
    aliases = raw.get("aliases") or {}
    definition = raw.get("definition") or {}
    if not isinstance(aliases, dict) or not all(isinstance(v, list) and all(isinstance(a, str) for a in v) for v in aliases.values()):
        problem(f"{label}: 'aliases' must map zh/en to lists of strings", "aliases")
        aliases = {}
    if not isinstance(definition, dict) or not all(isinstance(definition.get(l), str) and definition.get(l).strip() for l in ("zh", "en")):
        problem(f"{label}: 'definition' needs a zh and an en text", "definition")
        definition = {}
    links = {}
    for key in ("broader", "narrower", "related"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(f"{label}: '{key}' must be a list of ids", key)
            value = []
        links[key] = tuple(ConceptId(v) for v in value)
    zh_aliases = _unique([names["zh"], *aliases.get("zh", [])])
    en_aliases = _unique([names["en"], *aliases.get("en", [])])
    return Concept(
        ConceptId(cid), str(raw.get("kind")), names["zh"], names["en"], zh_aliases, en_aliases,
        str(definition.get("zh", "")).strip(), str(definition.get("en", "")).strip(),
        links["broader"], links["narrower"], links["related"], line or 0,
    )


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.strip() for a in items if a and a.strip()))


def alias_problem(alias: str) -> str | None:
    """Why an alias would make false links, or None when it is safe."""
    key = normalize(alias).text
    if re.search(r"[\u3400-\u9fff]", alias):
        if len(key) < MIN_ZH_ALIAS:
            return f"Chinese alias {alias!r} is shorter than {MIN_ZH_ALIAS} characters"
        return None
    words = key.split()
    if len(words) == 1 and not (alias.isupper() or any(ch.isupper() for ch in alias[1:]) or any(ch.isdigit() for ch in alias) or "-" in alias):
        return f"English alias {alias!r} is a single common word"
    return None


def _check_ids_and_aliases(concepts: list[Concept], name: str, problems: list[Diagnostic]) -> list[Concept]:
    seen: dict[str, Concept] = {}
    owners: dict[str, Concept] = {}
    out: list[Concept] = []
    for concept in concepts:
        if concept.id in seen:
            problems.append(Diagnostic(name, concept.line, "registry-duplicate", f"duplicate id {concept.id!r} (first at line {seen[concept.id].line})", "error"))
            continue
        seen[concept.id] = concept
        for alias in (*concept.aliases_zh, *concept.aliases_en):
            why = alias_problem(alias)
            if why:
                problems.append(Diagnostic(name, concept.line, "registry-alias", f"concept {concept.id!r}: {why}", "error"))
            key = normalize(alias).text.lower()
            owner = owners.get(key)
            if owner is not None and owner.id != concept.id:
                problems.append(Diagnostic(name, concept.line, "registry-collision", f"alias {alias!r} of {concept.id!r} is already claimed by {owner.id!r} (line {owner.line})", "error"))
            owners.setdefault(key, concept)
        out.append(concept)
    return out


def _link_hierarchy(concepts: list[Concept], name: str, problems: list[Diagnostic]) -> list[Concept]:
    """Check links and make broader/narrower symmetric and related mutual."""
    ids = {c.id for c in concepts}
    broader = {c.id: list(c.broader) for c in concepts}
    narrower = {c.id: list(c.narrower) for c in concepts}
    related = {c.id: list(c.related) for c in concepts}
    for c in concepts:
        for key, targets in (("broader", c.broader), ("narrower", c.narrower), ("related", c.related)):
            for target in targets:
                if target not in ids:
                    problems.append(Diagnostic(name, c.line, "registry-link", f"concept {c.id!r}: {key} link to unknown concept {target!r}", "error"))
                elif target == c.id:
                    problems.append(Diagnostic(name, c.line, "registry-link", f"concept {c.id!r} links to itself", "error"))
        for target in c.broader:
            if target in narrower and c.id not in narrower[target]:
                narrower[target].append(c.id)
        for target in c.narrower:
            if target in broader and c.id not in broader[target]:
                broader[target].append(c.id)
        for target in c.related:
            if target in related and c.id not in related[target]:
                related[target].append(c.id)
    return [
        Concept(c.id, c.kind, c.zh, c.en, c.aliases_zh, c.aliases_en, c.definition_zh, c.definition_en,
                tuple(broader[c.id]), tuple(narrower[c.id]), tuple(related[c.id]), c.line)
        for c in concepts
    ]
