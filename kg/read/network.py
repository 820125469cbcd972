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
class Network:
    kind: NetworkKind
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
