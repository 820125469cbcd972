"""Describing the service and the dataset, as RDF.

- SPARQL 1.1 Service Description: https://www.w3.org/TR/sparql11-service-description/
- VoID: https://www.w3.org/TR/void/

The counts come from queries on the release; a release never changes, so they are computed once
per release (per worker process) and kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoint.negotiation import RDF_FORMATS, RESULT_FORMATS
from kg.namespaces import DCTERMS, OA, PROV, RDF, RDFS, SD, SKOS, VOID, XSD, Namespace
from kg.store import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    query_store,
)

FORMATS = "http://www.w3.org/ns/formats/"
# The W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint produces.
FORMAT_IRIS: dict[QueryResultsFormat | RdfFormat, str] = {
    QueryResultsFormat.JSON: FORMATS + "SPARQL_Results_JSON",
    QueryResultsFormat.XML: FORMATS + "SPARQL_Results_XML",
    QueryResultsFormat.CSV: FORMATS + "SPARQL_Results_CSV",
    QueryResultsFormat.TSV: FORMATS + "SPARQL_Results_TSV",
    RdfFormat.TURTLE: FORMATS + "Turtle",
    RdfFormat.N_TRIPLES: FORMATS + "N-Triples",
    RdfFormat.N_QUADS: FORMATS + "N-Quads",
    RdfFormat.TRIG: FORMATS + "TriG",
    RdfFormat.RDF_XML: FORMATS + "RDF_XML",
    RdfFormat.JSON_LD: FORMATS + "JSON-LD",
}
UNION_DESCRIPTION = (
    "The default graph is the union (RDF merge) of all the named graphs, unless a request names "
    "its dataset with default-graph-uri / named-graph-uri."
)


@dataclass(frozen=True)
class Limits:
    """The limits the service description states."""

    query_timeout: float
    max_results: int
    federation_allowed: bool


@dataclass(frozen=True)
class DatasetStats:
    """Counts over the default (union) graph of one release."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    properties: int
    classes: tuple[tuple[str, int], ...]
    property_triples: tuple[tuple[str, int], ...]
    graphs: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]


def _rows(store: Store, sparql: str, ns: Namespace) -> list[list[str]]:
    result = query_store(store, sparql, prefixes=ns.prefixes())
    assert isinstance(result, QuerySolutions)
    variables = result.variables
    return [[solution[v].value for v in variables] for solution in result]


def compute_stats(store: Store, ns: Namespace) -> DatasetStats:
    """Count triples, entities, classes, properties and graphs of ``store``."""
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    [[triples, subjects, objects, properties]] = _rows(
        store,
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?o) AS ?o_) "
        f"(COUNT(DISTINCT ?p) AS ?p_) WHERE {distinct}",
        ns,
    )
    [[entities]] = _rows(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }", ns
    )
    classes = _rows(
        store,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY ?c",
        ns,
    )
    props = _rows(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {distinct} GROUP BY ?p ORDER BY ?p", ns)
    graphs = _rows(
        store,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        ns,
    )
    examples = _rows(
        store,
        "SELECT ?r WHERE { { SELECT ?r WHERE { ?r a gsi:Document } ORDER BY ?r LIMIT 3 } UNION "
        "{ SELECT DISTINCT ?r WHERE { ?r a gsi:Passage } ORDER BY ?r LIMIT 1 } UNION "
        "{ SELECT DISTINCT ?r WHERE { ?p gsi:mentions ?r } ORDER BY ?r LIMIT 3 } }",
        ns,
    )
    return DatasetStats(
        triples=int(triples),
        entities=int(entities),
        distinct_subjects=int(subjects),
        distinct_objects=int(objects),
        properties=int(properties),
        classes=tuple((c, int(n)) for c, n in classes),
        property_triples=tuple((p, int(n)) for p, n in props),
        graphs=tuple((g, int(n)) for g, n in graphs),
        examples=tuple(r for [r] in examples),
    )


def grouped_by_subject(triples: list[Triple]) -> list[Triple]:
    """``triples`` with each subject's triples together (in order of first appearance), so the
    Turtle serialiser writes one block per subject."""
    groups: dict[object, list[Triple]] = {}
    for triple in triples:
        groups.setdefault(triple.subject, []).append(triple)
    return [t for group in groups.values() for t in group]


def _iri(value: str) -> NamedNode:
    return NamedNode(value)


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


def service_description(
    endpoint: str, void_url: str, stats: DatasetStats, limits: Limits
) -> list[Triple]:
    """The ``sd:Service`` at ``endpoint``: language, formats, features and the default dataset."""
    service = _iri(endpoint)
    a = _iri(RDF + "type")
    dataset, default_graph = BlankNode(), BlankNode()
    triples = [
        Triple(service, a, _iri(SD + "Service")),
        Triple(service, _iri(SD + "endpoint"), service),
        Triple(service, _iri(SD + "supportedLanguage"), _iri(SD + "SPARQL11Query")),
        Triple(service, _iri(SD + "feature"), _iri(SD + "UnionDefaultGraph")),
        Triple(
            service,
            _iri(SD + "defaultEntailmentRegime"),
            _iri("http://www.w3.org/ns/entailment/Simple"),
        ),
        Triple(service, _iri(DCTERMS + "title"), Literal("GSI-KG SPARQL endpoint", language="en")),
        Triple(
            service,
            _iri(DCTERMS + "description"),
            Literal(
                "Read-only SPARQL 1.1 Query endpoint (updates are refused). "
                f"{UNION_DESCRIPTION} Queries are stopped after {limits.query_timeout:g} s; "
                f"results are capped at {limits.max_results} rows or triples. "
                + (
                    "SERVICE may call allow-listed endpoints only."
                    if limits.federation_allowed
                    else "SERVICE (federation) is disabled."
                ),
                language="en",
            ),
        ),
        Triple(service, _iri(SD + "defaultDataset"), dataset),
        Triple(dataset, a, _iri(SD + "Dataset")),
        Triple(dataset, _iri(SD + "defaultGraph"), default_graph),
        Triple(dataset, _iri(RDFS + "seeAlso"), _iri(void_url)),
        Triple(default_graph, a, _iri(SD + "Graph")),
        Triple(default_graph, _iri(VOID + "triples"), _count(stats.triples)),
        Triple(
            default_graph, _iri(DCTERMS + "description"), Literal(UNION_DESCRIPTION, language="en")
        ),
    ]
    if limits.federation_allowed:
        triples.append(Triple(service, _iri(SD + "feature"), _iri(SD + "BasicFederatedQuery")))
    formats: list[QueryResultsFormat | RdfFormat] = [*RESULT_FORMATS, *RDF_FORMATS]
    for fmt in formats:
        triples.append(Triple(service, _iri(SD + "resultFormat"), _iri(FORMAT_IRIS[fmt])))
    for graph, count in stats.graphs:
        named, graph_node = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, _iri(SD + "namedGraph"), named),
            Triple(named, a, _iri(SD + "NamedGraph")),
            Triple(named, _iri(SD + "name"), _iri(graph)),
            Triple(named, _iri(SD + "graph"), graph_node),
            Triple(graph_node, a, _iri(SD + "Graph")),
            Triple(graph_node, _iri(VOID + "triples"), _count(count)),
        ]
    return grouped_by_subject(triples)


def void_description(
    ns: Namespace, endpoint: str, dumps: list[str], stats: DatasetStats
) -> list[Triple]:
    """The VoID description of the dataset (whose IRI is the base IRI)."""
    dataset = _iri(ns.base)
    a = _iri(RDF + "type")
    triples = [
        Triple(dataset, a, _iri(VOID + "Dataset")),
        Triple(dataset, _iri(DCTERMS + "title"), Literal("GSI-KG", language="en")),
        Triple(
            dataset,
            _iri(DCTERMS + "description"),
            Literal(
                "Knowledge graph of China's Global Security Initiative and related diplomatic "
                "documents: documents, passages, and the concepts and actors they mention.",
                language="en",
            ),
        ),
        Triple(dataset, _iri(VOID + "sparqlEndpoint"), _iri(endpoint)),
        Triple(dataset, _iri(VOID + "uriSpace"), Literal(ns.base)),
        Triple(dataset, _iri(VOID + "triples"), _count(stats.triples)),
        Triple(dataset, _iri(VOID + "entities"), _count(stats.entities)),
        Triple(dataset, _iri(VOID + "distinctSubjects"), _count(stats.distinct_subjects)),
        Triple(dataset, _iri(VOID + "distinctObjects"), _count(stats.distinct_objects)),
        Triple(dataset, _iri(VOID + "properties"), _count(stats.properties)),
        Triple(dataset, _iri(VOID + "classes"), _count(len(stats.classes))),
    ]
    for vocabulary in (ns.gsi, SKOS, DCTERMS, OA, PROV):
        triples.append(Triple(dataset, _iri(VOID + "vocabulary"), _iri(vocabulary)))
    for cls, entities in stats.classes:
        partition = BlankNode()
        triples += [
            Triple(dataset, _iri(VOID + "classPartition"), partition),
            Triple(partition, _iri(VOID + "class"), _iri(cls)),
            Triple(partition, _iri(VOID + "entities"), _count(entities)),
        ]
    for prop, count in stats.property_triples:
        partition = BlankNode()
        triples += [
            Triple(dataset, _iri(VOID + "propertyPartition"), partition),
            Triple(partition, _iri(VOID + "property"), _iri(prop)),
            Triple(partition, _iri(VOID + "triples"), _count(count)),
        ]
    for graph, count in stats.graphs:
        subset = _iri(graph)
        triples += [
            Triple(dataset, _iri(VOID + "subset"), subset),
            Triple(subset, a, _iri(VOID + "Dataset")),
            Triple(subset, _iri(VOID + "triples"), _count(count)),
            Triple(subset, _iri(VOID + "sparqlEndpoint"), _iri(endpoint)),
        ]
    for example in stats.examples:
        triples.append(Triple(dataset, _iri(VOID + "exampleResource"), _iri(example)))
    for dump in dumps:
        triples.append(Triple(dataset, _iri(VOID + "dataDump"), _iri(dump)))
    return grouped_by_subject(triples)
