"""The concept engine, tested without MkDocs: registry, matcher, index."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from corpus_site.concepts.index import build_index, sentence_around, text_units
from corpus_site.concepts.matcher import Matcher
from corpus_site.concepts.normalize import normalize
from corpus_site.concepts.registry import load_registry, parse_registry
from corpus_site.yamlio import load_located

REGISTRY = Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml"


@pytest.fixture(scope="module")
def registry():
    reg, problems = load_registry(REGISTRY)
    assert problems == []
    return reg


@pytest.fixture(scope="module")
def matcher(registry):
    return Matcher(registry)


def entry(cid: str, zh: str, en: str, **extra: str) -> str:
    lines = [f"  - id: {cid}", "    kind: principle", f"    zh: {zh}", f"    en: {en}",
             "    definition: {zh: 定义, en: definition}"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines)


def parse(*entries: str):
    text = "concepts:\n" + "\n".join(entries) + "\n"
    return parse_registry(load_located(text), "concepts.yml")


# -- registry -------------------------------------------------------------------------------


def test_the_real_registry_is_large_bilingual_and_symmetric(registry) -> None:
    assert len(registry) >= 30
    for concept in registry.concepts:
        assert concept.zh and concept.en and concept.definition_zh and concept.definition_en
        for narrower in concept.narrower:
            assert concept.id in registry.get(narrower).broader
        for related in concept.related:
            assert concept.id in registry.get(related).related
    for required in ("four-reinforcements", "community-of-shared-future-for-nuclear-safety", "nuclear-security-view", "iaea", "nsg"):
        assert required in registry


@pytest.mark.parametrize(
    "entries, code, fragment, line",
    [
        ((entry("a", "核安全观", "x y"), entry("a", "核安全文化", "z w")), "registry-duplicate", "duplicate id 'a'", 7),
        ((entry("a", "核安全观", "x y"), entry("b", "中国核安全观", "x y")), "registry-collision", "already claimed by 'a'", 7),
        ((entry("a", "核安全观", "x y", broader="[missing]"),), "registry-link", "unknown concept 'missing'", 2),
        ((entry("a", "协调", "coordination work"),), "registry-alias", "shorter than 3 characters", 2),
        ((entry("a", "核安全文化", "culture"),), "registry-alias", "single common word", 2),
        (("  - id: a\n    kind: principle\n    en: x y\n    definition: {zh: 定义, en: d}",), "registry-schema", "missing zh name", 2),
        ((entry("a", "核安全观", "x y", colour="red"),), "registry-schema", "unknown key 'colour'", 7),
    ],
)
def test_registry_errors_are_clear_and_located(entries, code, fragment, line) -> None:
    reg, problems = parse(*entries)
    assert len(reg) == 0
    found = [p for p in problems if p.code == code]
    assert found and fragment in found[0].message and found[0].line == line
    assert str(found[0]).startswith(f"concepts.yml:{line}: error:")


# -- matcher ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("坚持理性、协调、并进的核安全观", [("理性、协调、并进的核安全观", "nuclear-security-view")]),
        ("在世界各国中第一个提出“核安全观”", [("核安全观", "nuclear-security-view")]),
        ("提出“理性、协调、并进”的观点", [("理性、协调、并进", "nuclear-security-view")]),
        ("其核心是做到四个“并重”。", [("四个“并重”", "four-equal-emphases")]),
        ("强化核安全文化，营造共建共享氛围", [("强化核安全文化，营造共建共享氛围", "strengthen-nuclear-security-culture")]),
        ("努力打造核安全命运共同体", [("核安全命运共同体", "community-of-shared-future-for-nuclear-safety")]),
        ("a community of shared future for nuclear safety", [("community of shared future for nuclear safety", "community-of-shared-future-for-nuclear-safety")]),
        ("the nuclear safety concept of rational, coordinated and tandem development",
         [("nuclear safety concept of rational, coordinated and tandem development", "nuclear-security-view")]),
        ("the IAEA Nuclear Security Fund", [("IAEA Nuclear Security Fund", "nuclear-security-fund")]),
        ("安理会第 1540 号决议", [("安理会第 1540 号决议", "resolution-1540")]),
        ("核安全命運共同體", [("核安全命運共同體", "community-of-shared-future-for-nuclear-safety")]),
        ("ＩＡＥＡ", [("ＩＡＥＡ", "iaea")]),
    ],
)
def test_longest_whole_rendering_wins(matcher, text, expected) -> None:
    assert [(text[m.start:m.end], m.concept) for m in matcher.find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "协调、整合全球核安全资源",  # 协调 alone is a common word
        "culture and agriculture",  # "culture" alone never links
        "the iaea's lowercase name",  # an acronym keeps its capitals
        "IAEAS and XIAEA",  # no match inside a longer word
        "UNESCO and UNICEF",
        "nuclear safety cultures",
    ],
)
def test_no_false_links(matcher, text) -> None:
    assert matcher.find(text) == []


def test_normalize_maps_back_to_the_original() -> None:
    text = "第 1540 号决议，四个“并重”"
    norm = normalize(text)
    assert norm.text == "第1540号决议、四个并重"
    start, end = norm.span(0, len(norm.text))
    assert text[start:end] == text.rstrip("”")


def test_sentence_around_cuts_at_sentence_ends(matcher) -> None:
    text = "第一句。这是第二句，提到核安全命运共同体的理念。第三句。"
    match = matcher.find(text)[0]
    context, offset = sentence_around(text, match)
    assert context == "这是第二句，提到核安全命运共同体的理念。"
    assert context[offset : offset + 8] == "核安全命运共同体"


# -- index, checked against the text itself ----------------------------------------------------


@pytest.fixture(scope="module")
def index(corpus, matcher):
    return build_index(corpus.documents, matcher)


def naive_occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    """Where ``alias`` occurs in ``text`` (normalized), found without the matcher."""
    norm, key = normalize(text), normalize(alias).text
    out, pos = [], 0
    latin = key[:1].isascii() and key[:1].isalnum()
    while (i := norm.text.find(key, pos)) >= 0:
        pos = i + 1
        before = norm.text[i - 1 : i]
        after = norm.text[i + len(key) : i + len(key) + 1]
        if latin and (before.isalnum() or after.isalnum()):
            continue
        if any(ch.isupper() for ch in alias):
            found = unicodedata.normalize("NFKC", text[norm.span(i, i + len(key))[0] : norm.span(i, i + len(key))[1]])
            if [c for c in found if c.isalpha()] != [c for c in alias if c.isalpha()]:
                continue
        out.append(norm.span(i, i + len(key)))
    return out


def test_every_occurrence_of_a_rendering_is_a_mention(corpus, registry, matcher, index) -> None:
    checked = 0
    for doc in corpus.documents:
        for anchor, text in text_units(doc):
            matches = matcher.find(text)
            for concept in registry.concepts:
                for alias in (*concept.aliases_zh, *concept.aliases_en):
                    for start, end in naive_occurrences(text, alias):
                        checked += 1
                        covering = [m for m in matches if m.start <= start and end <= m.end]
                        assert covering, (doc.doc_id, alias, text[start:end])
                        if (covering[0].start, covering[0].end) == (start, end):
                            assert covering[0].concept == concept.id
                        # the index lists the document under the concept that won the match
                        assert any(m.doc_id == doc.doc_id for m in index.mentions[covering[0].concept])
    assert checked > 300


def test_related_documents_cross_languages(corpus, index) -> None:
    related = index.related()
    news = next(d for d in corpus.documents if d.meta.title == "习主席为什么那么重视核安全")
    langs = {index.doc_lang[r.doc_id] for r in related[news.doc_id]}
    assert langs == {"zh", "en"}
    english = [r for r in related[news.doc_id] if index.doc_lang[r.doc_id] == "en"]
    chapter = next(d for d in corpus.documents if d.seed.startswith("003"))
    assert english[0].doc_id == chapter.doc_id
    assert "nuclear-security-view" in english[0].shared or "community-of-shared-future-for-nuclear-safety" in english[0].shared


def test_related_documents_equal_a_pairwise_ranking() -> None:
    """The ranking shared by documents with the same concepts gives each document what scoring
    every pair would: itself left out, ties to the first id, at most five per language."""
    from corpus_site.concepts.index import MAX_POSTING, ConceptIndex

    rng = random.Random(7)
    concepts = [f"c{i}" for i in range(9)]
    doc_concepts = {f"d{i:03}": Counter({c: rng.randint(1, 3) for c in rng.sample(concepts, rng.randint(1, 3))}) for i in range(120)}
    doc_lang = {d: rng.choice(("zh", "en")) for d in doc_concepts}
    index = ConceptIndex({}, doc_concepts, doc_lang)
    df = index.doc_freq
    related = index.related()
    for doc, counts in doc_concepts.items():
        usable = {c for c in counts if df[c] <= MAX_POSTING}
        expected = []
        for lang in ("zh", "en"):
            scored = [(-sum(index.idf(c) for c in sorted(usable & set(doc_concepts[o]))), o)
                      for o in doc_concepts if o != doc and doc_lang[o] == lang and usable & set(doc_concepts[o])]
            expected += [o for _, o in sorted(scored)[:5]]
        assert [r.doc_id for r in related[doc]] == expected
    # documents with the very same concepts are related to each other, never to themselves
    assert all(doc not in {r.doc_id for r in related[doc]} for doc in doc_concepts)


def test_co_occurrence_carried_from_the_last_index_equals_one_counted_again() -> None:
    """The live preview's index takes the co-occurrence counts of the last one, less the
    documents gone or changed, plus the new: after any series of edits they are the counts a
    fresh index makes (zeros left out, concepts no document mentions any more gone)."""
    import random

    from corpus_site.concepts.index import ConceptIndex

    rnd = random.Random(7)
    concepts = [f"c{i}" for i in range(12)]

    def counts() -> Counter:
        return Counter({c: rnd.randint(1, 3) for c in rnd.sample(concepts, rnd.randint(0, 6))})

    docs = {f"d{i}": counts() for i in range(100)}
    last = ConceptIndex({}, dict(docs), {d: "zh" for d in docs})
    assert last.together
    carried = 0
    for step in range(150):
        docs = dict(docs)
        for _ in range(rnd.randint(1, 4)):
            roll = rnd.random()
            if roll < 0.3 and docs:
                del docs[rnd.choice(sorted(docs))]
            elif roll < 0.6:
                docs[f"new{step}-{rnd.random()}"] = counts()
            else:
                docs[rnd.choice(sorted(docs))] = counts()
        index = ConceptIndex({}, dict(docs), {d: "zh" for d in docs}).carry(last)
        carried += "together" in index.__dict__
        fresh = ConceptIndex({}, dict(docs), {d: "zh" for d in docs})
        assert {c: dict(o) for c, o in index.together.items()} == {c: dict(o) for c, o in fresh.together.items()}, step
        last = index
    assert carried == 150
