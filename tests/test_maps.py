"""The concept maps' engine: co-occurrence weights, label placement and the size and
determinism of the maps, on the seeds and on a large made-up corpus."""

from __future__ import annotations

import random
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_site.concepts import cooccurrence
from corpus_site.concepts.index import ConceptIndex
from corpus_site.concepts.registry import CONCEPT_KINDS, Concept, Registry
from corpus_site.site.conceptmap import MAX_CONCEPTS, ConceptMaps
from corpus_site.site.layout import Box, Spot, label_boxes, place_labels, text_width


def index_of(docs: list[set[str]]) -> ConceptIndex:
    return ConceptIndex({}, {f"d{i}": Counter(c) for i, c in enumerate(docs)}, {f"d{i}": "zh" for i in range(len(docs))})


def test_npmi_is_one_for_inseparable_concepts_zero_for_chance_and_negative_for_avoidance() -> None:
    assert cooccurrence.npmi(10, 10, 10, 100) == 1.0 or abs(cooccurrence.npmi(10, 10, 10, 100) - 1.0) < 1e-9
    assert abs(cooccurrence.npmi(25, 50, 50, 100)) < 1e-9  # half and half, a quarter together: chance
    assert cooccurrence.npmi(5, 50, 50, 100) < 0


def test_pairs_favour_concepts_that_go_together_over_the_commonest() -> None:
    # "common" is in every document; "a" and "b" are rare and always together
    docs = [{"common"} for _ in range(80)] + [{"common", "a", "b"} for _ in range(10)] + [{"common", "c"} for _ in range(10)]
    found = cooccurrence.pairs(index_of(docs))
    assert (found[0].a, found[0].b) == ("a", "b") and found[0].together == 10
    assert all("common" not in (p.a, p.b) for p in found)  # meeting everything says nothing


def test_a_pair_seen_once_in_a_large_corpus_is_not_a_tie() -> None:
    docs = [{"x"} for _ in range(60)] + [{"a", "b"}] + [{"a"}, {"b"}]
    assert cooccurrence.pairs(index_of(docs)) == []
    assert [(p.a, p.b) for p in cooccurrence.pairs(index_of(docs[58:]))] == [("a", "b")]


def test_strongest_keeps_each_concepts_best_ties_only() -> None:
    rng = random.Random(3)
    docs = [set(rng.sample([f"k{i}" for i in range(30)], 4)) for _ in range(400)]
    found = cooccurrence.pairs(index_of(docs))
    kept = cooccurrence.strongest(found, 3, 1000)
    per = Counter(c for p in kept for c in (p.a, p.b))
    assert kept and len(kept) < len(found)
    best = cooccurrence.by_concept(found)
    for concept, ties in best.items():  # its three strongest ties are drawn
        assert all(p in kept for _, p in ties[:3]), concept
    assert max(per.values()) <= 3 * 3 * 2  # sparse: no concept drowns in lines


SPOTS = st.lists(
    st.tuples(st.floats(0, 600), st.floats(0, 400), st.floats(3, 16), st.text("核安全命运共同体abc Nuclear", min_size=1, max_size=14)),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(SPOTS)
def test_placed_labels_never_overlap_each_other_nor_any_node_and_stay_on_the_canvas(raw) -> None:  # type: ignore[no-untyped-def]
    spots = [Spot(f"n{i}", x, y, r, text) for i, (x, y, r, text) in enumerate(raw)]
    boxes = place_labels(spots, 600, 400, 12)
    placed = list(boxes.items())
    for i, (key, box) in enumerate(placed):
        assert box.inside(600, 400)
        assert abs((box.x1 - box.x0) - text_width(next(s.text for s in spots if s.key == key), 12)) < 1e-6
        for other, box2 in placed[i + 1:]:
            assert not box.overlaps(box2), (key, other)
        for s in spots:
            if s.key != key:
                assert not box.overlaps(Box(s.x - s.r, s.y - s.r, s.x + s.r, s.y + s.r)), (key, s.key)


def test_a_label_sits_beside_its_own_node() -> None:
    spot = Spot("a", 300, 200, 10, "核安全")
    for box in label_boxes(spot, 12, 600, (1.0, 0.0)):
        near_x = box.x0 - 40 <= spot.x <= box.x1 + 40
        near_y = box.y0 - 40 <= spot.y <= box.y1 + 40
        assert near_x and near_y
        assert not box.overlaps(Box(spot.x - spot.r, spot.y - spot.r, spot.x + spot.r, spot.y + spot.r))


def made_up(concepts: int, documents: int, seed: int = 7) -> tuple[Registry, ConceptIndex]:
    """A registry and an index shaped like a real one: a few common concepts, many rare ones,
    and clusters of concepts that go together."""
    rng = random.Random(seed)
    ids = [f"concept-{i:03d}" for i in range(concepts)]
    registry = Registry(tuple(
        Concept(c, CONCEPT_KINDS[i % len(CONCEPT_KINDS)], f"概念{i}号核安全", f"Concept number {i} of nuclear safety",
                (f"概念{i}号核安全",), (f"Concept number {i} of nuclear safety",), "", "")
        for i, c in enumerate(ids)
    ))
    weights = [1 / (1 + i) for i in range(concepts)]
    docs = []
    for _ in range(documents):
        picked = set(rng.choices(ids, weights, k=rng.randint(1, 6)))
        cluster = ids.index(min(picked)) // 10 * 10
        picked |= set(rng.sample(ids[cluster : cluster + 10], 2))
        docs.append(picked)
    return registry, index_of(docs)


def test_the_global_map_stays_under_its_size_bound_at_ten_thousand_documents() -> None:
    registry, index = made_up(400, 10_000)
    svg = ConceptMaps(registry, index).global_svg("zh", "concepts")
    nodes = re.findall(r'<a class="cs-node ', svg)
    assert len(nodes) == MAX_CONCEPTS  # the most mentioned; the rest are listed on the page
    assert len(svg.encode()) <= 150_000
    labels = svg.count("<text ")
    assert labels >= 0.8 * len(nodes), labels


def test_the_maps_are_the_same_bytes_every_time() -> None:
    registry, index = made_up(80, 2_000, seed=11)
    first, second = ConceptMaps(registry, index), ConceptMaps(registry, index)
    assert first.global_svg("en", "concepts") == second.global_svg("en", "concepts")
    concept = registry.concepts[5]
    assert first.concept_svg(concept, "zh", {}, "concept/x") == second.concept_svg(concept, "zh", {}, "concept/x")
