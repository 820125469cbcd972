"""Networks for graph visualisation tools, built from the store with SPARQL, and their writers.

Two networks (defined in the README, "Exports for graph tools"):

* **concept co-occurrence** — nodes are concepts with at least one mention (attributes ``label_zh``,
  ``label_en``, ``class`` = the one of the six base classes it belongs to, ``mentions``); an edge
  joins two concepts named in the same passage (or sentence), ``weight`` = the number of such
  passages summed over documents (the ``gsi:count`` of the ``gsi:CoOccurrence`` nodes).
* **document–concept** — bipartite: document nodes and concept nodes; ``weight`` = the number of
  mentions of the concept in the document.

Both can be restricted to one document. Writers: GraphML and GEXF (through networkx's writers),
Cytoscape.js JSON (``elements``; readable by ``networkx.cytoscape_graph``), CSV node and edge lists.

The whole-corpus networks, in every format and scope, are written by the build into the compacted
release's :data:`EXPORTS_DIR` (:func:`write_exports`); servers and the CLI send those files
(:func:`stored_export`) and build a network per request only for one document, or for a release
without them.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

import csv
import io
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from kg.errors import NotFound, UsageError
from kg.namespaces import Namespace
from kg.read.reader import Reader, sparql_iri
from kg.releases import AnyRelease

EXPORTS_DIR = "exports"
BASE_CLASSES = ("Principle", "Domain", "Organisation", "Treaty", "Mechanism", "Topic")


class NetworkKind(StrEnum):
    COOCCURRENCE = "cooccurrence"
    DOCUMENT_CONCEPT = "document-concept"


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cyjs"
    NODES_CSV = "nodes.csv"
    EDGES_CSV = "edges.csv"

    @property
    def media_type(self) -> str:
        return {
            ExportFormat.GRAPHML: "application/graphml+xml",
            ExportFormat.GEXF: "application/gexf+xml",
            ExportFormat.CYTOSCAPE: "application/json",
            ExportFormat.NODES_CSV: "text/csv",
            ExportFormat.EDGES_CSV: "text/csv",
        }[self]


SCOPES = {"passage": "PassageScope", "sentence": "SentenceScope"}


@dataclass(frozen=True)
class Node:
    """A concept or a document. ``kind`` is ``concept`` or ``document``."""

    id: str
    kind: str
    label_zh: str
    label_en: str
    cls: str
    mentions: int
    date: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: int


@dataclass(frozen=True)
class Network:
    kind: NetworkKind
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


# The labels and base class of the concepts (of those in the VALUES row %(only)s, if one is given).
CONCEPTS_QUERY = """
SELECT ?c (MIN(?zh0) AS ?zh) (MIN(?en0) AS ?en) (MIN(?class0) AS ?class) WHERE {
  %(only)s
  ?c a skos:Concept .
  OPTIONAL { ?c skos:prefLabel ?zh0 FILTER(LANG(?zh0) = "zh") }
  OPTIONAL { ?c skos:prefLabel ?en0 FILTER(LANG(?en0) = "en") }
  OPTIONAL {
    VALUES ?class0 { gsi:Principle gsi:Domain gsi:Organisation gsi:Treaty gsi:Mechanism gsi:Topic }
    ?c a ?class0
  }
} GROUP BY ?c
"""
# Mentions per concept and document, from the statistics graph (kg/pipeline/statistics.py).
MENTIONS_QUERY = """
SELECT ?c ?id ?n WHERE {
  ?o qb:dataSet stats:concept-document ; gsi:refDocument ?doc ; gsi:refConcept ?c ;
     gsi:mentionCount ?n .
  ?doc dcterms:identifier ?id .
}
"""
DOCUMENT_MENTIONS_QUERY = """
SELECT ?this ?c ?id ?n WHERE {
  ?o gsi:refDocument ?this ; qb:dataSet stats:concept-document ; gsi:refConcept ?c ;
     gsi:mentionCount ?n .
  ?this dcterms:identifier ?id .
}
"""
# Co-occurrence weights in one scope (?this), summed over the documents by the build.
COOCCURRENCE_QUERY = """
SELECT ?this ?a ?b ?w WHERE {
  ?o gsi:refScope ?this ; qb:dataSet stats:cooccurrence ; gsi:refConcept ?a ;
     gsi:refOtherConcept ?b ; gsi:cooccurrenceCount ?w .
}
"""
# Co-occurrence counts in one document (?this).
DOCUMENT_COOCCURRENCE_QUERY = """
SELECT ?this ?a ?b ?scope ?w WHERE {
  ?co dcterms:isPartOf ?this ; a gsi:CoOccurrence ; gsi:concept ?a , ?b ; gsi:scope ?scope ;
      gsi:count ?w .
  FILTER(STR(?a) < STR(?b))
}
"""
DOCUMENTS_QUERY = """
SELECT ?doc ?id (MIN(?zh0) AS ?zh) (MIN(?en0) AS ?en) (MIN(?d) AS ?date) WHERE {
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?zh0 FILTER(LANG(?zh0) = "zh") }
  OPTIONAL { ?doc dcterms:title ?en0 FILTER(LANG(?en0) = "en") }
  OPTIONAL { ?doc dcterms:date ?d }
} GROUP BY ?doc ?id
"""


def build_network(
    reader: Reader,
    kind: NetworkKind,
    document: str | None = None,
    scope: str = "passage",
) -> Network:
    """The network of ``kind`` (restricted to the document with id ``document`` if given).

    Raises :class:`NotFound` for an unknown document id, :class:`UsageError` for a bad scope.
    """
    ns = reader.ns
    if scope not in SCOPES:
        raise UsageError(f"scope={scope!r}: expected one of {', '.join(SCOPES)}")
    documents = {row["id"]: row for row in reader.select(DOCUMENTS_QUERY)}
    if document is not None and document not in documents:
        raise NotFound(f"no document with id {document!r}; known: {', '.join(sorted(documents))}")
    per_document: dict[tuple[str, str], int] = {}
    doc_iri = documents[document]["doc"] if document is not None else None
    mention_rows = (
        reader.select(DOCUMENT_MENTIONS_QUERY, doc_iri)
        if doc_iri is not None
        else reader.select(MENTIONS_QUERY)
    )
    for row in mention_rows:
        per_document[(row["c"], row["id"])] = int(row["n"])
    # One document names few of the concepts: ask for the labels of those only.
    only = (
        "VALUES ?c { " + " ".join(sparql_iri(c) for c, _ in per_document) + " }"
        if doc_iri is not None
        else ""
    )
    concepts = {row["c"]: row for row in reader.select(CONCEPTS_QUERY % {"only": only})}
    mentions: dict[str, int] = defaultdict(int)
    for (concept, _), count in per_document.items():
        mentions[concept] += count
    concept_nodes = [
        _concept_node(concept, concepts.get(concept, {}), ns, count)
        for concept, count in sorted(mentions.items())
    ]
    if kind is NetworkKind.COOCCURRENCE:
        scope_iri = ns.term(SCOPES[scope])
        weights: dict[tuple[str, str], int] = defaultdict(int)
        rows = (
            [
                r
                for r in reader.select(DOCUMENT_COOCCURRENCE_QUERY, doc_iri)
                if r["scope"] == scope_iri
            ]
            if doc_iri is not None
            else reader.select(COOCCURRENCE_QUERY, scope_iri)
        )
        for row in rows:
            if row["a"] in mentions and row["b"] in mentions:
                weights[(row["a"], row["b"])] += int(row["w"])
        edges = tuple(Edge(a, b, w) for (a, b), w in sorted(weights.items()) if w > 0)
        return Network(kind, tuple(concept_nodes), edges)
    doc_totals: dict[str, int] = defaultdict(int)
    for (_, doc_id), count in per_document.items():
        doc_totals[doc_id] += count
    doc_nodes = [
        Node(
            id=documents[doc_id]["doc"],
            kind="document",
            label_zh=documents[doc_id]["zh"],
            label_en=documents[doc_id]["en"],
            cls="Document",
            mentions=total,
            date=documents[doc_id]["date"],
        )
        for doc_id, total in sorted(doc_totals.items())
    ]
    doc_edges = tuple(
        Edge(documents[doc_id]["doc"], concept, count)
        for (concept, doc_id), count in sorted(per_document.items(), key=lambda kv: kv[0][::-1])
    )
    return Network(kind, tuple(doc_nodes + concept_nodes), doc_edges)


def _concept_node(iri: str, row: dict[str, str], ns: Namespace, mentions: int) -> Node:
    cls = row.get("class", "")
    return Node(
        id=iri,
        kind="concept",
        label_zh=row.get("zh", ""),
        label_en=row.get("en", ""),
        cls=cls[len(ns.gsi) :] if cls.startswith(ns.gsi) else "",
        mentions=mentions,
    )


def _nx() -> ModuleType:
    """networkx, imported on first use: it takes 0.2 s, which server start-up should not pay."""
    import networkx

    return networkx


def to_networkx(network: Network) -> nx.Graph:
    """An undirected networkx graph with the node and edge attributes of the export."""
    nx = _nx()
    graph = nx.Graph(name=network.kind.value)
    for node in network.nodes:
        graph.add_node(node.id, **_attributes(node))
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, weight=edge.weight)
    return graph


def _attributes(node: Node) -> dict[str, str | int]:
    attrs: dict[str, str | int] = {
        "label": node.label_zh or node.label_en or node.id,
        "label_zh": node.label_zh,
        "label_en": node.label_en,
        "class": node.cls,
        "kind": node.kind,
        "mentions": node.mentions,
    }
    if node.date:
        attrs["date"] = node.date
    return attrs


@dataclass(frozen=True)
class ExportFile:
    """A network written in one format, with its size."""

    data: bytes
    nodes: int
    edges: int


def export_file(
    reader: Reader,
    kind: NetworkKind,
    fmt: ExportFormat,
    document: str | None = None,
    scope: str = "passage",
) -> ExportFile:
    """The network of ``kind`` written in ``fmt`` (see :func:`build_network`). A read function:
    it runs in an executor, so building and writing a large network are within the limits."""
    network = build_network(reader, kind, document, scope)
    return ExportFile(write_network(network, fmt), len(network.nodes), len(network.edges))


def export_name(kind: NetworkKind, fmt: ExportFormat, scope: str = "passage") -> str:
    """The file name of a whole-corpus export: ``cooccurrence.graphml``, or with the scope for
    sentence co-occurrence, ``cooccurrence.sentence.graphml``.

    >>> export_name(NetworkKind.COOCCURRENCE, ExportFormat.EDGES_CSV, "sentence")
    'cooccurrence.sentence.edges.csv'
    """
    scoped = kind is NetworkKind.COOCCURRENCE and scope != "passage"
    return f"{kind.value}.{scope}.{fmt.value}" if scoped else f"{kind.value}.{fmt.value}"


def stored_export(
    release: AnyRelease, kind: NetworkKind, fmt: ExportFormat, scope: str = "passage"
) -> Path | None:
    """The whole-corpus export file the build wrote into ``release``, if it wrote one (never for
    a remote store)."""
    if scope not in SCOPES:
        return None
    return release.file(f"{EXPORTS_DIR}/{export_name(kind, fmt, scope)}")


def write_exports(reader: Reader, directory: Path) -> int:
    """Write every whole-corpus network in every format (co-occurrence in both scopes) into
    ``directory``; return the number of files. Run by the build on the compacted store."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for kind in NetworkKind:
        scopes = SCOPES if kind is NetworkKind.COOCCURRENCE else ["passage"]
        for scope in scopes:
            network = build_network(reader, kind, None, scope)
            for fmt in ExportFormat:
                (directory / export_name(kind, fmt, scope)).write_bytes(write_network(network, fmt))
                written += 1
    return written


def write_network(network: Network, fmt: ExportFormat) -> bytes:
    """Serialise ``network`` in ``fmt`` (UTF-8 bytes)."""
    if fmt is ExportFormat.GRAPHML:
        return "\n".join(_nx().generate_graphml(to_networkx(network))).encode("utf-8")
    if fmt is ExportFormat.GEXF:
        return "\n".join(_nx().generate_gexf(to_networkx(network))).encode("utf-8")
    if fmt is ExportFormat.CYTOSCAPE:
        return json.dumps(cytoscape_json(network), ensure_ascii=False).encode("utf-8")
    buffer = io.StringIO()
    if fmt is ExportFormat.NODES_CSV:
        writer = csv.writer(buffer)
        writer.writerow(["id", "label_zh", "label_en", "class", "kind", "mentions", "date"])
        for node in network.nodes:
            row = [node.id, node.label_zh, node.label_en, node.cls, node.kind, node.mentions]
            writer.writerow([*row, node.date])
    else:
        writer = csv.writer(buffer)
        writer.writerow(["source", "target", "weight"])
        for edge in network.edges:
            writer.writerow([edge.source, edge.target, edge.weight])
    return buffer.getvalue().encode("utf-8")


def cytoscape_json(network: Network) -> dict[str, object]:
    """Cytoscape.js ``elements`` JSON (also what ``networkx.cytoscape_graph`` reads)."""
    nodes = [
        {"data": {"id": n.id, "value": n.id, "name": _attributes(n)["label"], **_attributes(n)}}
        for n in network.nodes
    ]
    edges = [{"data": {"id": f"e{i}", **asdict(e)}} for i, e in enumerate(network.edges, start=1)]
    return {
        "data": {"name": network.kind.value},
        "directed": False,
        "multigraph": False,
        "elements": {"nodes": nodes, "edges": edges},
    }
