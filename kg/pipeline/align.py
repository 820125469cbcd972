"""Aligning the passages of a translation with those of its original.

The method is Gale and Church's length-based alignment (W. A. Gale, K. W. Church, "A Program for
Aligning Sentences in Bilingual Corpora", Computational Linguistics 19(1), 1993), applied to
passages, with the concepts both sides mention as anchors:

1. A *bead* joins a few consecutive passages of the original (the source) to a few consecutive
   passages of the translation (the target): 1-1, 1-0 (dropped in the translation), 0-1 (added),
   2-1 (two merged) or 1-2 (one split). An alignment is a sequence of beads covering both texts
   in order.
2. The cost of a bead is a negative log-probability: its prior (how often translators merge,
   split or drop) plus the length term: a target that is ``c`` times as long as its source is
   expected, where ``c`` is the ratio of the two texts' total lengths (a Chinese character
   carries what about three English letters do, and a pair tells its own ratio better than a
   constant could). The deviation ``δ = (l_t / c - l_s) / √(s² · (l_s + l_t / c) / 2)`` is taken
   as standard normal, and the bead pays ``-log P(|Δ| ≥ |δ|)``. Passages dropped from the
   translation bias the ratio of the totals, so it is estimated again from the confident 1-1
   beads of this first alignment, and the pair aligned a second time if it moved. A 1-0 or
   0-1 bead pays its prior only: a dropped passage has no translation whose length could
   deviate (Gale and Church charged it the deviation of a zero length, so that a short dropped
   passage was nearly always merged into a neighbour instead).
3. Anchors: the extractors name the concepts each passage mentions, with the same IRI in either
   language. Each concept both sides of a bead mention lowers its cost, each concept one side
   mentions and the other does not raises it (less: extraction misses some mentions). A concept
   counts ``1 / n`` where ``n`` is the most passages of one side mentioning it, so a concept named
   once on each side ties two passages firmly, one named everywhere hardly at all.
4. The best alignment is found by dynamic programming over a band around the diagonal (a
   translation does not drift far from its original), in time linear in the passages.

The **confidence** of a bead is its posterior probability: the total weight of the alignments
that contain the bead divided by that of all alignments (weight ``exp(-cost)``), computed by the
forward–backward algorithm over the same band. It is 1 when no other reading of the two texts
comes close and falls towards 0.5 or below where another way of cutting them is almost as good.

This module is pure: it sees lengths and concept sets, not text or RDF.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Gale and Church's priors: 1-1 0.89, 1-0 or 0-1 0.0099, 2-1 or 1-2 0.089 (2-2, 0.011, is
# not used: it is two 1-1 beads). Each pair of kinds shares its prior equally.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
}
# Variance of the length difference per character (Gale and Church's estimate, in source units).
LENGTH_VARIANCE = 6.8
# Nats a fully weighted shared concept takes off a bead's cost, and a one-sided one adds.
SHARED_CONCEPT_WEIGHT = 3.0
UNSHARED_CONCEPT_WEIGHT = 1.0
# Half-width of the band of the dynamic programme: cells farther than this from the diagonal
# are not considered (at least BAND_MIN passages, else BAND_FRACTION of the longer text).
BAND_MIN = 20
BAND_FRACTION = 0.05
# The second pass: the ratio is re-estimated from the 1-1 beads of the first whose confidence is
# at least CONFIDENT (if there are MIN_CONFIDENT_BEADS), and the pair aligned again if it moved
# by more than RATIO_TOLERANCE.
CONFIDENT = 0.9
MIN_CONFIDENT_BEADS = 3
RATIO_TOLERANCE = 0.02
# -log P(|Δ| ≥ |δ|) for a δ so large that the probability underflows.
_TAIL_FLOOR = 1e-300


@dataclass(frozen=True)
class PassageProfile:
    """What alignment knows of a passage: its number, length (characters other than white
    space) and the IRIs of the concepts it mentions."""

    number: int
    length: int
    concepts: frozenset[str] = frozenset()
    key: str = ""  # the passage's IRI segment


@dataclass(frozen=True)
class Bead:
    """Consecutive source passages (by number) aligned with consecutive target passages; one
    side is empty where a passage was dropped or added. ``confidence`` is the bead's posterior
    probability (module docstring)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        """``"1-1"``, ``"2-1"`` … (source passages, then target passages)."""
        return f"{len(self.source)}-{len(self.target)}"

    def links(self) -> list[tuple[int, int]]:
        """The (source, target) passage pairs this bead aligns."""
        return [(s, t) for s in self.source for t in self.target]


def text_length(text: str) -> int:
    """The length alignment measures: characters other than white space.

    >>> text_length("Common security.  共同安全。")
    20
    """
    return sum(1 for ch in text if not ch.isspace())


def align_passages(
    source: Sequence[PassageProfile], target: Sequence[PassageProfile]
) -> list[Bead]:
    """Align ``target`` (a translation's passages, in order) with ``source`` (its original's).

    Returns the beads of the best alignment in document order, covering every passage of both
    once, each with its confidence. Either side may be empty (every passage of the other is then
    a 1-0 or 0-1 bead).

    >>> zh = [PassageProfile(1, 10, frozenset({"c:a"})), PassageProfile(2, 20)]
    >>> en = [PassageProfile(1, 31, frozenset({"c:a"})), PassageProfile(2, 59)]
    >>> [(b.source, b.target) for b in align_passages(zh, en)]
    [((1,), (1,)), ((2,), (2,))]
    """
    first = _Aligner(source, target)
    beads = first.run()
    ratio = _confident_ratio(beads, source, target)
    if ratio is None or abs(ratio / first.ratio - 1) <= RATIO_TOLERANCE:
        return beads
    return _Aligner(source, target, ratio).run()


def _confident_ratio(
    beads: list[Bead], source: Sequence[PassageProfile], target: Sequence[PassageProfile]
) -> float | None:
    """The length ratio over the confident 1-1 beads of a first alignment (None if fewer than
    :data:`MIN_CONFIDENT_BEADS`): unlike the ratio of the totals, it is not biased by passages
    the translation dropped or added."""
    lengths_s = {p.number: p.length for p in source}
    lengths_t = {p.number: p.length for p in target}
    sure = [b for b in beads if b.kind == "1-1" and b.confidence >= CONFIDENT]
    total_s = sum(lengths_s[b.source[0]] for b in sure)
    total_t = sum(lengths_t[b.target[0]] for b in sure)
    if len(sure) < MIN_CONFIDENT_BEADS or not total_s or not total_t:
        return None
    return total_t / total_s


class _Aligner:
    """One alignment: the costs of the beads, the Viterbi path and the forward–backward
    posteriors over the band."""

    def __init__(
        self,
        source: Sequence[PassageProfile],
        target: Sequence[PassageProfile],
        ratio: float | None = None,
    ) -> None:
        self.source, self.target = list(source), list(target)
        n, m = len(self.source), len(self.target)
        total_s = sum(p.length for p in self.source)
        total_t = sum(p.length for p in self.target)
        self.ratio = ratio or (total_t / total_s if total_s and total_t else 1.0)
        self.band = max(BAND_MIN, math.ceil(BAND_FRACTION * max(n, m)))
        if not n or not m:
            self.band = max(n, m)
        self.weights = _concept_weights(self.source, self.target)
        self.priors = {bead: -math.log(p) for bead, p in BEAD_PRIORS.items()}
        self.source_ends = list(itertools.accumulate((p.length for p in self.source), initial=0))
        self.target_ends = list(itertools.accumulate((p.length for p in self.target), initial=0))

    def run(self) -> list[Bead]:
        n, m = len(self.source), len(self.target)
        best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
        forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
        for i, j in self._cells():
            if (i, j) == (0, 0):
                continue
            options: list[tuple[float, tuple[int, int]]] = []
            weights: list[float] = []
            for di, dj in BEAD_PRIORS:
                before = (i - di, j - dj)
                if before not in forward:
                    continue
                cost = self._cost(before[0], i, before[1], j)
                options.append((best[before][0] + cost, (di, dj)))
                weights.append(forward[before] + cost)
            if options:
                best[(i, j)] = min(options)
                forward[(i, j)] = -_log_sum_exp([-w for w in weights])
        backward = self._backward(forward)
        total = forward[(n, m)]
        beads: list[Bead] = []
        i, j = n, m
        while (i, j) != (0, 0):
            di, dj = best[(i, j)][1]
            cost = self._cost(i - di, i, j - dj, j)
            posterior = math.exp(
                min(0.0, total - (forward[(i - di, j - dj)] + cost + backward[(i, j)]))
            )
            beads.append(
                Bead(
                    tuple(p.number for p in self.source[i - di : i]),
                    tuple(p.number for p in self.target[j - dj : j]),
                    round(posterior, 4),
                )
            )
            i, j = i - di, j - dj
        return beads[::-1]

    def _cells(self) -> Iterable[tuple[int, int]]:
        """The cells of the band, row by row (each before every cell it leads to)."""
        n, m = len(self.source), len(self.target)
        for i in range(n + 1):
            centre = i * m / n if n else 0.0
            low = max(0, math.floor(centre - self.band))
            high = min(m, math.ceil(centre + self.band))
            for j in range(low, high + 1):
                yield i, j

    def _backward(self, forward: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
        """Minus the log of the total weight of the ways from each cell to the end."""
        n, m = len(self.source), len(self.target)
        backward: dict[tuple[int, int], float] = {(n, m): 0.0}
        for i, j in sorted(forward, reverse=True):
            if (i, j) == (n, m):
                continue
            weights = [
                backward[(i + di, j + dj)] + self._cost(i, i + di, j, j + dj)
                for di, dj in BEAD_PRIORS
                if (i + di, j + dj) in backward
            ]
            if weights:
                backward[(i, j)] = -_log_sum_exp([-w for w in weights])
        return backward

    def _cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The cost of the bead joining source passages ``[i0, i1)`` to target ``[j0, j1)``."""
        cost = self.priors[(i1 - i0, j1 - j0)]
        source = self.source_ends[i1] - self.source_ends[i0]
        target = (self.target_ends[j1] - self.target_ends[j0]) / self.ratio
        if i1 > i0 and j1 > j0:
            cost += self._length_cost(source, target)
        said = _concepts(self.source, i0, i1)
        rendered = _concepts(self.target, j0, j1)
        if said or rendered:
            cost -= SHARED_CONCEPT_WEIGHT * sum(self.weights[c] for c in said & rendered)
            cost += UNSHARED_CONCEPT_WEIGHT * sum(self.weights[c] for c in said ^ rendered)
        return cost

    @staticmethod
    def _length_cost(source: float, target: float) -> float:
        """``-log P(|Δ| ≥ |δ|)`` for lengths in source units (module docstring, step 2)."""
        mean = (source + target) / 2
        if mean == 0:
            return 0.0
        delta = (target - source) / math.sqrt(LENGTH_VARIANCE * mean)
        return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), _TAIL_FLOOR))


def _concept_weights(
    source: Sequence[PassageProfile], target: Sequence[PassageProfile]
) -> dict[str, float]:
    """Each concept's weight as an anchor: 1 / the most passages of one side mentioning it."""
    counts: dict[str, list[int]] = {}
    for side, passages in enumerate((source, target)):
        for passage in passages:
            for concept in passage.concepts:
                counts.setdefault(concept, [0, 0])[side] += 1
    return {concept: 1 / max(found) for concept, found in counts.items()}


def _concepts(passages: Sequence[PassageProfile], start: int, end: int) -> frozenset[str]:
    if end - start == 1:
        return passages[start].concepts
    return frozenset().union(*(p.concepts for p in passages[start:end]))


def _log_sum_exp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))
