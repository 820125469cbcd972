"""The networks the exports hold: nodes (concepts, documents) with their labels, class, mentions
and dates, and weighted edges. Built from the store by :mod:`kg.read.exports`, written by
:mod:`kg.read.network_formats`."""

from __future__ import annotations

from dataclasses import dataclass
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
