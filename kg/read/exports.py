"""Networks for graph visualisation tools, built from the store with SPARQL, and their writers.

Two networks (defined in the README, "Exports for graph tools"):

* **concept co-occurrence** — nodes are concepts with at least one mention (attributes ``label_zh``,
  ``label_en``, ``class`` = the one of the six base classes it belongs to, ``mentions``); an edge
  joins two concepts named in the same passage (or sentence), ``weight`` = the number of such
  passages summed over documents (the ``gsi:count`` of the ``gsi:CoOccurrence`` nodes).
* **document–concept** — bipartite: document nodes and concept nodes; ``weight`` = the number of
  mentions of the concept in the document.

Both can be restricted to one document, and to the documents of a range of years (summed from
the statistics' by-year tables, so a range reads as much at 1,000 documents as at five).
Writers: GraphML and GEXF (through networkx's writers), Cytoscape.js JSON (``elements``; readable
by ``networkx.cytoscape_graph``), CSV node and edge lists.

The whole-corpus networks, in every format and scope, are written by the build into the compacted
release's :data:`EXPORTS_DIR` (:func:`write_exports`); servers and the CLI send those files
(:func:`stored_export`) and build a network per request only for one document, or for a release
without them.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kg.errors import NotFound, UsageError
from kg.namespaces import Namespace
from kg.read import network_formats as formats
from kg.read.network import Edge, Network, NetworkKind, Node, YearRange, strongest
from kg.read.reader import Reader, sparql_iri
from kg.releases import AnyRelease

__all__ = ["Edge", "Network", "NetworkKind", "Node", "YearRange", "strongest"]

EXPORTS_DIR = "exports"
# The statistics' by-year tables, for networks of a range of years (:class:`YearTables`).
YEARS_FILE = "cooccurrence-years.json"
BASE_CLASSES = ("Principle", "Domain", "Organisation", "Treaty", "Mechanism", "Topic")


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    DYNAMIC_GEXF = "dynamic.gexf"
    CYTOSCAPE = "cyjs"
    NODES_CSV = "nodes.csv"
    EDGES_CSV = "edges.csv"

    @property
    def media_type(self) -> str:
        return {
            ExportFormat.GRAPHML: "application/graphml+xml",
            ExportFormat.GEXF: "application/gexf+xml",
            ExportFormat.DYNAMIC_GEXF: "application/gexf+xml",
            ExportFormat.CYTOSCAPE: "application/json",
            ExportFormat.NODES_CSV: "text/csv",
            ExportFormat.EDGES_CSV: "text/csv",
        }[self]


SCOPES = {"passage": "PassageScope", "sentence": "SentenceScope"}


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
# Co-occurrence weights in one scope (?this), summed over the documents by the build, with the
# first date the pair was named together.
COOCCURRENCE_QUERY = """
SELECT ?this ?a ?b ?w ?first WHERE {
  ?o gsi:refScope ?this ; qb:dataSet stats:cooccurrence ; gsi:refConcept ?a ;
     gsi:refOtherConcept ?b ; gsi:cooccurrenceCount ?w .
  OPTIONAL { ?o gsi:firstCooccurrenceDate ?first }
}
"""
# Mentions per concept and year, from the statistics graph.
YEARS_MENTIONS_QUERY = """
SELECT ?c ?year ?n WHERE {
  ?o qb:dataSet stats:concept-year ; gsi:refYear ?year ; gsi:refConcept ?c ; gsi:mentionCount ?n .
}
"""
# Co-occurrences per pair, scope and year, from the statistics graph.
YEARS_COOCCURRENCE_QUERY = """
SELECT ?scope ?a ?b ?year ?n WHERE {
  ?o qb:dataSet stats:cooccurrence-year ; gsi:refScope ?scope ; gsi:refYear ?year ;
     gsi:refConcept ?a ; gsi:refOtherConcept ?b ; gsi:cooccurrenceCount ?n .
}
"""
# The first dated mention of each concept, from the statistics graph.
FIRST_DATES_QUERY = """
SELECT ?c ?first WHERE {
  ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:firstDate ?first .
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
    years: YearRange | None = None,
) -> Network:
    """The network of ``kind`` (restricted to the document with id ``document`` if given, and to
    the documents dated in ``years`` if given: one document outside them leaves no node).

    Raises :class:`NotFound` for an unknown document id, :class:`UsageError` for a bad scope.
    """
    ns = reader.ns
    if scope not in SCOPES:
        raise UsageError(f"scope={scope!r}: expected one of {', '.join(SCOPES)}")
    documents = {row["id"]: row for row in reader.select(DOCUMENTS_QUERY)}
    if document is not None and document not in documents:
        raise NotFound(f"no document with id {document!r}; known: {', '.join(sorted(documents))}")
    if years is not None:
        documents = {k: row for k, row in documents.items() if _year(row["date"]) in years}
        if document is not None and document not in documents:
            return Network(kind, (), ())
        if document is None and kind is NetworkKind.COOCCURRENCE:
            return _years_cooccurrence(reader, years, scope)
    per_document: dict[tuple[str, str], int] = {}
    doc_iri = documents[document]["doc"] if document is not None else None
    mention_rows = (
        reader.select(DOCUMENT_MENTIONS_QUERY, doc_iri)
        if doc_iri is not None
        else reader.select(MENTIONS_QUERY)
    )
    for row in mention_rows:
        if row["id"] in documents:
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
    # When each concept is first named: the document's date, or over the corpus the statistics'.
    doc_date = documents[document]["date"] if document is not None else ""
    firsts = (
        dict.fromkeys(mentions, doc_date)
        if document is not None
        else {row["c"]: row["first"] for row in reader.select(FIRST_DATES_QUERY)}
    )
    concept_nodes = [
        _concept_node(concept, concepts.get(concept, {}), ns, count, firsts.get(concept, ""))
        for concept, count in sorted(mentions.items())
    ]
    if kind is NetworkKind.COOCCURRENCE:
        scope_iri = ns.term(SCOPES[scope])
        weights: dict[tuple[str, str], int] = defaultdict(int)
        started: dict[tuple[str, str], str] = {}
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
                started[(row["a"], row["b"])] = row.get("first") or doc_date
        edges = tuple(
            Edge(a, b, w, started.get((a, b), "")) for (a, b), w in sorted(weights.items()) if w > 0
        )
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
            start=documents[doc_id]["date"],
        )
        for doc_id, total in sorted(doc_totals.items())
    ]
    doc_edges = tuple(
        Edge(documents[doc_id]["doc"], concept, count, documents[doc_id]["date"])
        for (concept, doc_id), count in sorted(per_document.items(), key=lambda kv: kv[0][::-1])
    )
    return Network(kind, tuple(doc_nodes + concept_nodes), doc_edges)


def _year(date: str) -> int | None:
    """The year of an ISO date (``None`` for an undated document)."""
    return int(date[:4]) if date[:4].isdigit() else None


@dataclass(frozen=True)
class YearTables:
    """The statistics' by-year tables as the build writes them (:data:`YEARS_FILE`): mentions
    per (concept, year), co-occurrences per scope and (a, b, year); concepts by index."""

    concepts: tuple[str, ...]
    mentions: tuple[tuple[int, int, int], ...]
    pairs: dict[str, tuple[tuple[int, int, int, int], ...]]

    def to_json(self) -> bytes:
        return formats.write_json(
            {"concepts": self.concepts, "mentions": self.mentions, "pairs": self.pairs}
        )

    @staticmethod
    def from_json(data: bytes) -> YearTables:
        value = json.loads(data)
        return YearTables(
            tuple(value["concepts"]),
            tuple((c, y, n) for c, y, n in value["mentions"]),
            {
                scope: tuple((a, b, y, n) for a, b, y, n in rows)
                for scope, rows in value["pairs"].items()
            },
        )


def year_tables(reader: Reader) -> YearTables:
    """The by-year tables, read from the statistics graph (the build writes them once into
    :data:`YEARS_FILE`; a release without the file reads them per request)."""
    index: dict[str, int] = {}

    def number(concept: str) -> int:
        return index.setdefault(concept, len(index))

    mentions = tuple(
        (number(r["c"]), int(r["year"]), int(r["n"])) for r in reader.select(YEARS_MENTIONS_QUERY)
    )
    scopes = {reader.ns.term(local): name for name, local in SCOPES.items()}
    pairs: dict[str, list[tuple[int, int, int, int]]] = {name: [] for name in SCOPES}
    for r in reader.select(YEARS_COOCCURRENCE_QUERY):
        pairs[scopes[r["scope"]]].append(
            (number(r["a"]), number(r["b"]), int(r["year"]), int(r["n"]))
        )
    return YearTables(tuple(index), mentions, {k: tuple(v) for k, v in pairs.items()})


@functools.lru_cache(maxsize=4)
def _stored_year_tables(path: Path, modified: float) -> YearTables:
    """The parsed :data:`YEARS_FILE` of a release (``modified`` keys the cache to its version)."""
    return YearTables.from_json(path.read_bytes())


def _years_cooccurrence(reader: Reader, years: YearRange, scope: str) -> Network:
    """The co-occurrence network of the documents dated in ``years``: the by-year tables summed
    over the years in Python, from the file the build wrote (as large as the vocabulary's pairs
    times the years, whatever the number of documents), else from the statistics graph."""
    stored = reader.release.file(f"{EXPORTS_DIR}/{YEARS_FILE}")
    tables = (
        _stored_year_tables(stored, stored.stat().st_mtime)
        if stored is not None
        else year_tables(reader)
    )
    mentions: dict[int, int] = defaultdict(int)
    for c, year, n in tables.mentions:
        if year in years:
            mentions[c] += n
    weights: dict[tuple[int, int], int] = defaultdict(int)
    for a, b, year, n in tables.pairs[scope]:
        if year in years:
            weights[(a, b)] += n
    iris = tables.concepts
    only = "VALUES ?c { " + " ".join(sparql_iri(iris[c]) for c in mentions) + " }"
    concepts = (
        {row["c"]: row for row in reader.select(CONCEPTS_QUERY % {"only": only})}
        if mentions
        else {}
    )
    nodes = tuple(
        sorted(
            (
                _concept_node(iris[c], concepts.get(iris[c], {}), reader.ns, n, "")
                for c, n in mentions.items()
            ),
            key=lambda node: node.id,
        )
    )
    edges = tuple(
        sorted(
            (Edge(iris[a], iris[b], w) for (a, b), w in weights.items() if w > 0),
            key=lambda edge: (edge.source, edge.target),
        )
    )
    return Network(NetworkKind.COOCCURRENCE, nodes, edges)


def _concept_node(iri: str, row: dict[str, str], ns: Namespace, mentions: int, first: str) -> Node:
    cls = row.get("class", "")
    return Node(
        id=iri,
        kind="concept",
        label_zh=row.get("zh", ""),
        label_en=row.get("en", ""),
        cls=cls[len(ns.gsi) :] if cls.startswith(ns.gsi) else "",
        mentions=mentions,
        start=first,
    )


@dataclass(frozen=True)
class View:
    """The part of a network to send (see :func:`kg.read.network.strongest`): the ``top``
    heaviest edges, around ``concept`` (a slug, IRI, or zh or en label) if given, among the nodes
    of ``classes`` if any are given."""

    top: int
    concept: str | None = None
    classes: tuple[str, ...] = ()


def find_concept(network: Network, name: str, ns: Namespace) -> str:
    """The id of the node ``name`` names: its IRI, its slug, or its zh or en label (any case).
    Raise NotFound if no node of ``network`` has it."""
    for candidate in (name, ns.concept(name)):
        if any(n.id == candidate for n in network.nodes):
            return candidate
    wanted = name.casefold()
    for node in network.nodes:
        if wanted in (node.label_zh.casefold(), node.label_en.casefold()):
            return node.id
    raise NotFound(f"concept={name!r}: no such concept in this network")


@functools.lru_cache(maxsize=4)
def _stored_network(path: Path, modified: float) -> Network:
    """A whole-corpus network the build wrote (``modified`` keys the cache to its version)."""
    return formats.network_from_cytoscape(path.read_bytes())


def _network(
    reader: Reader, kind: NetworkKind, document: str | None, scope: str, years: YearRange | None
) -> Network:
    """The network, from the build's file when it is the whole corpus's, else built."""
    if document is None and years is None:
        stored = stored_export(reader.release, kind, ExportFormat.CYTOSCAPE, scope)
        if stored is not None:
            return _stored_network(stored, stored.stat().st_mtime)
    return build_network(reader, kind, document, scope, years)


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
    years: YearRange | None = None,
    view: View | None = None,
) -> ExportFile:
    """The network of ``kind`` written in ``fmt`` (see :func:`build_network`), only its ``view``
    if one is given. A read function: it runs in an executor, so building and writing a large
    network are within the limits. Raises NotFound for a concept of ``view`` it does not hold."""
    if view is None:
        network = build_network(reader, kind, document, scope, years)
        return ExportFile(write_network(network, fmt), len(network.nodes), len(network.edges))
    whole = _network(reader, kind, document, scope, years)
    concept = find_concept(whole, view.concept, reader.ns) if view.concept else None
    network = strongest(whole, view.top, concept, view.classes)
    data = write_network(network, fmt, total_edges=len(whole.edges))
    return ExportFile(data, len(network.nodes), len(network.edges))


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
    """Write every whole-corpus network in every format (co-occurrence in both scopes), the stance
    table, the Cytoscape style and the by-year tables into ``directory``; return the number of
    files. Run by the build on the compacted store."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / STANCE_TABLE).write_bytes(stance_table(reader))
    (directory / CYTOSCAPE_STYLE).write_bytes(formats.write_json(formats.cytoscape_style()))
    (directory / YEARS_FILE).write_bytes(year_tables(reader).to_json())
    written = 3
    for kind in NetworkKind:
        scopes = SCOPES if kind is NetworkKind.COOCCURRENCE else ["passage"]
        for scope in scopes:
            network = build_network(reader, kind, None, scope)
            for fmt in ExportFormat:
                (directory / export_name(kind, fmt, scope)).write_bytes(write_network(network, fmt))
                written += 1
    return written


def write_network(network: Network, fmt: ExportFormat, total_edges: int | None = None) -> bytes:
    """Serialise ``network`` in ``fmt`` (UTF-8 bytes; see :mod:`kg.read.network_formats`);
    ``total_edges``: the edges of the network it was cut from (Cytoscape JSON notes them)."""
    if fmt is ExportFormat.GRAPHML:
        return formats.write_graphml(network)
    if fmt in (ExportFormat.GEXF, ExportFormat.DYNAMIC_GEXF):
        return formats.write_gexf(network, dynamic=fmt is ExportFormat.DYNAMIC_GEXF)
    if fmt is ExportFormat.CYTOSCAPE:
        return formats.write_json(formats.cytoscape_json(network, total_edges))
    if fmt is ExportFormat.NODES_CSV:
        return formats.write_csv_nodes(network)
    return formats.write_csv_edges(network.edges)


# The files beside the networks: the actor–concept–stance table, the style of the .cyjs files.
STANCE_TABLE = "stances.dna.csv"
CYTOSCAPE_STYLE = "cytoscape-style.json"
TABLES = {STANCE_TABLE: "text/csv", CYTOSCAPE_STYLE: "application/json"}

# Every stance on every concept, with where it is said (one row per target).
STANCES_QUERY = """
SELECT ?st ?id ?date ?holder ?c ?polarity ?cue ?quote ?position WHERE {
  ?st a gsi:Stance ; gsi:target ?c ; gsi:holder ?holder ; gsi:polarity ?polarity ;
      gsi:evidence ?p .
  ?p gsi:position ?position ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?st gsi:cue ?cue }
  OPTIONAL { ?st gsi:quote ?quote }
  OPTIONAL { ?doc dcterms:date ?date }
}
"""
# The labels of the stances' holders and targets.
STANCE_LABELS_QUERY = """
SELECT ?x (MIN(?zh0) AS ?zh) (MIN(?en0) AS ?en) WHERE {
  { ?st a gsi:Stance ; gsi:holder ?x } UNION { ?st a gsi:Stance ; gsi:target ?x }
  OPTIONAL { ?x skos:prefLabel ?zh0 FILTER(LANG(?zh0) = "zh") }
  OPTIONAL { ?x skos:prefLabel ?en0 FILTER(LANG(?en0) = "en") }
} GROUP BY ?x
"""
DNA_COLUMNS = (
    "document",
    "date",
    "passage",
    "organization",
    "organization_zh",
    "concept",
    "concept_zh",
    "agreement",
    "polarity",
    "cue",
    "quote",
    "stance",
    "organization_iri",
    "concept_iri",
)


def stance_table(reader: Reader) -> bytes:
    """Who takes which stance on what, one row per (stance, target), in the shape of the
    Discourse Network Analyzer's statements: ``organization`` (the holder), ``concept``,
    ``agreement`` (1 for support or a call to action, 0 for opposition), with the document, its
    date, the passage, the cue and the quote. CSV, UTF-8."""
    labels = {row["x"]: row for row in reader.select(STANCE_LABELS_QUERY)}
    gsi = reader.ns.gsi

    def en(x: str) -> str:
        row = labels.get(x, {})
        return row.get("en") or row.get("zh") or x

    def zh(x: str) -> str:
        row = labels.get(x, {})
        return row.get("zh") or row.get("en") or x

    rows = sorted(
        reader.select(STANCES_QUERY),
        key=lambda r: (r.get("date", ""), r["id"], int(r["position"]), r["st"], r["c"]),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(DNA_COLUMNS)
    for r in rows:
        polarity = r["polarity"].removeprefix(gsi)
        writer.writerow(
            [
                r["id"],
                r.get("date", ""),
                r["position"],
                en(r["holder"]),
                zh(r["holder"]),
                en(r["c"]),
                zh(r["c"]),
                0 if polarity == "Opposition" else 1,
                polarity,
                r.get("cue", ""),
                r.get("quote", ""),
                r["st"],
                r["holder"],
                r["c"],
            ]
        )
    return buffer.getvalue().encode("utf-8")


def table_file(reader: Reader, name: str) -> bytes:
    """A table export (:data:`TABLES`) computed from the store, for a release without the file."""
    if name == STANCE_TABLE:
        return stance_table(reader)
    if name == CYTOSCAPE_STYLE:
        return formats.write_json(formats.cytoscape_style())
    raise NotFound(f"/exports/{name}: no such export (see /exports)")
