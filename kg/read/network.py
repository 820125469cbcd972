"""The networks the exports hold: nodes (concepts, documents) with their labels, class, mentions
and dates, and weighted edges. Built from the store by :mod:`kg.read.exports`, written by
:mod:`kg.read.network_formats`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum


class NetworkKind(StrEnum):
    COOCCURRENCE = "cooccurrence"
    DOCUMENT_CONCEPT = "document-concept"


@dataclass(frozen=True)
class Node:
    """A concept or a document. ``kind`` is ``concept`` or ``document``."""

    id: str
    kind: str
    label_zh: str
    label_en: str
    cls: str
    mentions: int
    date: str = ""  # a document's date
    start: str = ""  # the first dated mention of a concept; a document's date


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: int
    start: str = ""  # the first date the two were named together (or the document's date)


@dataclass(frozen=True)
class YearRange:
    """The documents dated from year ``first`` to year ``last`` (both included; ``None`` leaves
    that end open). Undated documents are in no range.

    >>> 2022 in YearRange(2021, None), 2020 in YearRange(2021, 2023)
    (True, False)
    """

    first: int | None = None
    last: int | None = None

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return (self.first is None or year >= self.first) and (
            self.last is None or year <= self.last
        )

    def sparql_filter(self, variable: str) -> str:
        """A FILTER keeping the values of ``?variable`` (a year) in the range (integers only, so
        nothing a user typed reaches the query text)."""
        tests = []
        if self.first is not None:
            tests.append(f"?{variable} >= {int(self.first)}")
        if self.last is not None:
            tests.append(f"?{variable} <= {int(self.last)}")
        return f"FILTER({' && '.join(tests)})" if tests else ""


@dataclass(frozen=True)
class Network:
    kind: NetworkKind
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _heaviest_first(edge: Edge) -> tuple[int, str, str]:
    return (-edge.weight, edge.source, edge.target)


def strongest(
    network: Network, top: int, concept: str | None = None, classes: Collection[str] = ()
) -> Network:
    """The ``top`` heaviest edges of ``network`` (ties in id order) and the nodes they join, no
    other: among the nodes of ``classes`` if any are given. Around ``concept`` (a node id): its
    heaviest edges, then the heaviest among the nodes they reach, ``top`` in all; the concept is
    kept even with no edge (whatever its class).

    >>> n = Network(NetworkKind.COOCCURRENCE,
    ...     tuple(Node(i, "concept", i, i, "Treaty", 1) for i in "abcd"),
    ...     (Edge("a", "b", 5), Edge("c", "d", 3), Edge("a", "c", 2), Edge("b", "c", 1)))
    >>> [(e.source, e.target) for e in strongest(n, 2).edges]
    [('a', 'b'), ('c', 'd')]
    >>> [(e.source, e.target) for e in strongest(n, 3, concept="a").edges]
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    >>> [node.id for node in strongest(n, 1, concept="d", classes=["Domain"]).nodes]
    ['d']
    """
    kept = {n.id for n in network.nodes if not classes or n.cls in classes or n.id == concept}
    candidates = sorted(
        (e for e in network.edges if e.source in kept and e.target in kept), key=_heaviest_first
    )
    if concept is None:
        chosen = candidates[:top]
    else:
        links = [e for e in candidates if concept in (e.source, e.target)][:top]
        around = {e.source for e in links} | {e.target for e in links}
        among = [
            e
            for e in candidates
            if e.source in around and e.target in around and concept not in (e.source, e.target)
        ]
        chosen = sorted(links + among[: top - len(links)], key=_heaviest_first)
    ends = {e.source for e in chosen} | {e.target for e in chosen}
    if concept is not None:
        ends.add(concept)
    return replace(
        network, nodes=tuple(n for n in network.nodes if n.id in ends), edges=tuple(chosen)
    )
