"""Extractors: from passages to mentions, stances, relations and discovered concepts.

An extractor is any object with ``name``, ``version`` and ``extract(context) -> Iterable[Quad]``;
:func:`default_extractors` lists the ones a build runs, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kg.clean import CleanDocument
from kg.corpus import SourceDocument
from kg.namespaces import Namespace
from kg.segment import Segmentation
from kg.store import NamedNode, Quad, Triple


@dataclass(frozen=True)
class DocumentContext:
    """Everything an extractor may read about one document."""

    ns: Namespace
    source: SourceDocument
    clean: CleanDocument
    segmentation: Segmentation
    run: NamedNode

    @property
    def graph(self) -> NamedNode:
        return NamedNode(self.ns.graph(self.source.meta.doc_id))


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, context: DocumentContext) -> Iterable[Quad]: ...


def default_extractors(ns: Namespace, vocabulary: list[Triple]) -> list[Extractor]:
    """The extractors a build runs, configured with the (rebased) vocabulary triples."""
    return []
