"""Where the nodes and labels of a map go: positions from networkx, then labels placed so
that no two overlap.

* ``spring``: a force-directed layout (networkx's Fruchterman–Reingold) with a fixed seed, so
  the same graph gives the same positions; ``shells``: concentric rings (networkx's shell
  layout), a node at the centre, its neighbours around it.
* ``fit`` scales positions onto the canvas; ``separate`` pushes apart circles that overlap.
* ``place_labels`` gives each node, most important first, the first free place beside it,
  preferring the side away from the centre.  A label that finds no free place is left out
  (its node keeps its name as a tooltip and in the map's list of links).  The label's width is
  fixed by the SVG (``textLength``), so the box computed here is the box the browser draws,
  whatever the font.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

import networkx as nx

Point = tuple[float, float]

SEED = 20240601  # the spring layout's random start: fixed, for the same SVG bytes every build


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (self.x1 + gap <= other.x0 or other.x1 + gap <= self.x0 or self.y1 + gap <= other.y0 or other.y1 + gap <= self.y0)

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True, slots=True)
class Spot:
    """A node as the label placer sees it."""

    key: str
    x: float
    y: float
    r: float
    text: str  # the label, already cut to length ("" for none)


def spring(nodes: Sequence[str], edges: Sequence[tuple[str, str, float]], iterations: int = 200) -> dict[str, Point]:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    # k: the natural distance between nodes, a little above networkx's 1/sqrt(n) so that
    # clusters leave room for their labels
    k = 2.4 / math.sqrt(max(1, len(nodes)))
    pos = nx.spring_layout(graph, k=k, weight="weight", iterations=iterations, seed=SEED)
    return {key: (float(x), float(y)) for key, (x, y) in pos.items()}


def shells(rings: Sequence[Sequence[str]]) -> dict[str, Point]:
    rings = [list(r) for r in rings if r]
    graph = nx.Graph()
    for ring in rings:
        graph.add_nodes_from(ring)
    pos = nx.shell_layout(graph, nlist=rings)
    return {key: (float(x), float(y)) for key, (x, y) in pos.items()}


def fit(pos: Mapping[str, Point], width: float, height: float, margin: float) -> dict[str, Point]:
    """Positions scaled (each axis on its own) to fill the canvas inside ``margin``."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]

    def scale(v: float, lo: float, hi: float, size: float) -> float:
        return size / 2 if hi - lo < 1e-9 else margin + (v - lo) / (hi - lo) * (size - 2 * margin)

    return {k: (scale(x, min(xs), max(xs), width), scale(y, min(ys), max(ys), height)) for k, (x, y) in pos.items()}


def upright(pos: Mapping[str, Point]) -> dict[str, Point]:
    """Positions turned so that their longest extent lies across (a wide canvas is filled,
    not only its diagonal): the principal axes of the points become x and y."""
    import numpy as np

    keys = sorted(pos)
    if len(keys) < 3:
        return dict(pos)
    points = np.array([pos[k] for k in keys], dtype=float)
    points -= points.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(points.T))
    turned = points @ vectors[:, ::-1]  # largest variance first
    turned *= np.where(turned[np.abs(turned).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)  # a fixed orientation
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, turned)}


def spread(pos: Mapping[str, Point], share: float = 0.9) -> dict[str, Point]:
    """Positions pulled towards their ranks along each axis: a force layout packs its clusters
    tight and leaves the space between them empty; this opens the clusters (room for labels)
    and keeps every node's order left to right and top to bottom."""
    keys = sorted(pos)
    if len(keys) < 3:
        return dict(pos)
    out = {k: [0.0, 0.0] for k in keys}
    for axis in (0, 1):
        values = [pos[k][axis] for k in keys]
        lo, hi = min(values), max(values)
        span = hi - lo or 1.0
        ranked = sorted(keys, key=lambda k: (pos[k][axis], k))
        for rank, k in enumerate(ranked):
            out[k][axis] = (1 - share) * (pos[k][axis] - lo) / span + share * rank / (len(keys) - 1)
    return {k: (x, y) for k, (x, y) in out.items()}


def separate(pos: Mapping[str, Point], radius: Mapping[str, float], gap: float, width: float, height: float, rounds: int = 60) -> dict[str, Point]:
    """Circles pushed apart (in a fixed order, so deterministically) until none overlaps, or
    ``rounds`` passes; they stay on the canvas."""
    keys = sorted(pos)
    at = {k: list(pos[k]) for k in keys}
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                dx, dy = at[b][0] - at[a][0], at[b][1] - at[a][1]
                need = radius[a] + radius[b] + gap
                dist = math.hypot(dx, dy)
                if dist >= need:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (need - dist) / 2 + 0.01
                ux, uy = dx / dist, dy / dist
                at[a][0] -= ux * push
                at[a][1] -= uy * push
                at[b][0] += ux * push
                at[b][1] += uy * push
                moved = True
        for k in keys:
            r = radius[k]
            at[k][0] = min(max(at[k][0], r), width - r)
            at[k][1] = min(max(at[k][1], r), height - r)
        if not moved:
            break
    return {k: (x, y) for k, (x, y) in at.items()}


LATIN_EM = 0.56  # the width given to a Latin letter, in em: about a sans-serif's average


def text_width(text: str, size: float) -> float:
    """The width the label is given (``textLength``): a full em for a wide character (Han,
    kana, full-width punctuation), ``LATIN_EM`` for any other."""
    return size * sum(map(_em, text))


@functools.lru_cache(maxsize=65536)
def _em(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else LATIN_EM


LINE_EM = 1.5  # a label's height, in em: above the ascent and descent of CJK fonts (about 1.45)


def label_boxes(spot: Spot, size: float, width: float, outward: Point) -> Iterator[Box]:
    """The places a label may take, best first: beside its node (right, left, below, above,
    the side away from the centre first), then the same sides moved along by a part of the
    label; each clear of the node's circle.  A label above or below a node near the canvas's
    edge (``width``) is moved along, to stay on it."""
    w, h = text_width(spot.text, size), size * LINE_EM
    pad = spot.r + 3
    ox, oy = outward
    sides = sorted(SIDES, key=lambda side: -(side[0] * ox + side[1] * oy))
    for shift in SHIFTS:
        for dx, dy in sides:
            if dx:  # right or left: moved up or down by a part of the label's height
                x0 = spot.x + pad if dx > 0 else spot.x - pad - w
                y0 = spot.y - h / 2 + shift * h
            else:  # below or above: moved right or left by a part of its width
                x0 = min(max(spot.x - w / 2 + shift * w / 2, 0.0), width - w)
                away = pad - 2 + (h / 2 if abs(shift) > 1 else 0.0)
                y0 = spot.y + away if dy > 0 else spot.y - away - h
            yield Box(x0, y0, x0 + w, y0 + h)


SHIFTS = (0.0, -0.5, 0.5, -1.0, 1.0, -1.5, 1.5)
SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1))
LABEL_GAP = 2.0


def place_labels(spots: Sequence[Spot], width: float, height: float, size: float, centre: Point | None = None) -> dict[str, Box]:
    """A box for each label that finds a free place, ``spots`` taken in order (most important
    first).  A box overlaps no other box and no node's circle, and stays on the canvas.

    A label that finds no place at first gets one if a single label in its way can move to
    another free place (one step of repair, in the same order)."""
    cx, cy = centre or (width / 2, height / 2)
    circles = [(s.key, Box(s.x - s.r, s.y - s.r, s.x + s.r, s.y + s.r)) for s in spots]

    def options(spot: Spot) -> Iterator[Box]:
        ox, oy = spot.x - cx, spot.y - cy
        norm = math.hypot(ox, oy) or 1.0
        for box in label_boxes(spot, size, width, (ox / norm, oy / norm)):
            if box.inside(width, height) and not any(box.overlaps(c, 1.0) for key, c in circles if key != spot.key):
                yield box

    def free(box: Box, placed: Mapping[str, Box], but: str = "") -> bool:
        return not any(box.overlaps(b, LABEL_GAP) for key, b in placed.items() if key != but)

    placed: dict[str, Box] = {}
    left = []
    for spot in spots:
        if not spot.text:
            continue
        box = next((b for b in options(spot) if free(b, placed)), None)
        if box is not None:
            placed[spot.key] = box
        else:
            left.append(spot)
    if not left:
        return placed
    by_key = {s.key: s for s in spots}
    for spot in left:
        for box in options(spot):
            blocking = [key for key, b in placed.items() if box.overlaps(b, LABEL_GAP)]
            if len(blocking) != 1:
                continue
            other = blocking[0]
            moved = next((b for b in options(by_key[other]) if not b.overlaps(box, LABEL_GAP) and free(b, placed, other)), None)
            if moved is not None:
                placed[other] = moved
                placed[spot.key] = box
                break
    return placed


def cut(text: str, size: float, limit: float) -> str:
    """``text`` cut (with an ellipsis) to fit ``limit`` pixels at ``size``."""
    if text_width(text, size) <= limit:
        return text
    room = limit / size - _em("…")
    used, end = 0.0, 0
    for end, ch in enumerate(text):
        used += _em(ch)
        if used > room:
            break
    return text[:end].rstrip() + "…"
