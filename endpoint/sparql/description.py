"""Describing the service and the dataset, as RDF.

- SPARQL 1.1 Service Description: https://www.w3.org/TR/sparql11-service-description/
- VoID: https://www.w3.org/TR/void/

The counts come from :func:`kg.read.stats.dataset_stats`, read once per release through the door.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoint.negotiation import RDF_FORMATS, RESULT_FORMATS
from kg import __version__
from kg.namespaces import (
    DCTERMS,
    DCTERMS_DESCRIPTION,
    DCTERMS_TITLE,
    OA,
    OWL_VERSION_INFO,
    PROV,
    RDF_TYPE,
    RDFS_SEE_ALSO,
    SD_BASIC_FEDERATED_QUERY,
    SD_DATASET,
    SD_DEFAULT_DATASET,
    SD_DEFAULT_ENTAILMENT_REGIME,
    SD_DEFAULT_GRAPH,
    SD_ENDPOINT,
    SD_FEATURE,
    SD_GRAPH,
    SD_GRAPH_CLASS,
    SD_NAME,
    SD_NAMED_GRAPH,
    SD_NAMED_GRAPH_CLASS,
    SD_RESULT_FORMAT,
    SD_SERVICE,
    SD_SPARQL11_QUERY,
    SD_SUPPORTED_LANGUAGE,
    SD_UNION_DEFAULT_GRAPH,
    SKOS,
    VOID_CLASS,
    VOID_CLASS_PARTITION,
    VOID_CLASSES,
    VOID_DATA_DUMP,
    VOID_DATASET,
    VOID_DISTINCT_OBJECTS,
    VOID_DISTINCT_SUBJECTS,
    VOID_ENTITIES,
    VOID_EXAMPLE_RESOURCE,
    VOID_PROPERTIES,
    VOID_PROPERTY,
    VOID_PROPERTY_PARTITION,
    VOID_SPARQL_ENDPOINT,
    VOID_SUBSET,
    VOID_TRIPLES,
    VOID_URI_SPACE,
    VOID_VOCABULARY,
    XSD_INTEGER,
    Namespace,
)
from kg.read.stats import DatasetStats
from kg.store import BlankNode, Literal, NamedNode, QueryResultsFormat, RdfFormat, Triple

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
    return Literal(str(n), datatype=NamedNode(XSD_INTEGER))


def service_description(
    endpoint: str, void_url: str, stats: DatasetStats, limits: Limits
) -> list[Triple]:
    """The ``sd:Service`` at ``endpoint``: language, formats, features and the default dataset."""
    service = _iri(endpoint)
    a = _iri(RDF_TYPE)
    dataset, default_graph = BlankNode(), BlankNode()
    triples = [
        Triple(service, a, _iri(SD_SERVICE)),
        Triple(service, _iri(SD_ENDPOINT), service),
        Triple(service, _iri(SD_SUPPORTED_LANGUAGE), _iri(SD_SPARQL11_QUERY)),
        Triple(service, _iri(SD_FEATURE), _iri(SD_UNION_DEFAULT_GRAPH)),
        Triple(
            service,
            _iri(SD_DEFAULT_ENTAILMENT_REGIME),
            _iri("http://www.w3.org/ns/entailment/Simple"),
        ),
        Triple(service, _iri(DCTERMS_TITLE), Literal("GSI-KG SPARQL endpoint", language="en")),
        Triple(
            service,
            _iri(DCTERMS_DESCRIPTION),
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
        Triple(service, _iri(SD_DEFAULT_DATASET), dataset),
        Triple(dataset, a, _iri(SD_DATASET)),
        Triple(dataset, _iri(SD_DEFAULT_GRAPH), default_graph),
        Triple(dataset, _iri(RDFS_SEE_ALSO), _iri(void_url)),
        Triple(default_graph, a, _iri(SD_GRAPH_CLASS)),
        Triple(default_graph, _iri(VOID_TRIPLES), _count(stats.triples)),
        Triple(default_graph, _iri(DCTERMS_DESCRIPTION), Literal(UNION_DESCRIPTION, language="en")),
    ]
    if limits.federation_allowed:
        triples.append(Triple(service, _iri(SD_FEATURE), _iri(SD_BASIC_FEDERATED_QUERY)))
    formats: list[QueryResultsFormat | RdfFormat] = [*RESULT_FORMATS, *RDF_FORMATS]
    for fmt in formats:
        triples.append(Triple(service, _iri(SD_RESULT_FORMAT), _iri(FORMAT_IRIS[fmt])))
    for graph, count in stats.graphs:
        named, graph_node = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, _iri(SD_NAMED_GRAPH), named),
            Triple(named, a, _iri(SD_NAMED_GRAPH_CLASS)),
            Triple(named, _iri(SD_NAME), _iri(graph)),
            Triple(named, _iri(SD_GRAPH), graph_node),
            Triple(graph_node, a, _iri(SD_GRAPH_CLASS)),
            Triple(graph_node, _iri(VOID_TRIPLES), _count(count)),
        ]
    return grouped_by_subject(triples)


# The dataset's licence (the graph; the code is MIT) and how to cite it.
DATASET_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CITATION = (
    "GSI-KG: a knowledge graph of China's Global Security Initiative, release {release}. {base}"
)


def graph_subset(graph: str, count: int, endpoint: str) -> list[Triple]:
    """The VoID subset that describes one named graph (``/graph/NAME`` serves it too)."""
    subset = _iri(graph)
    return [
        Triple(subset, _iri(RDF_TYPE), _iri(VOID_DATASET)),
        Triple(subset, _iri(VOID_TRIPLES), _count(count)),
        Triple(subset, _iri(VOID_SPARQL_ENDPOINT), _iri(endpoint)),
    ]


def void_description(
    ns: Namespace, endpoint: str, dumps: list[str], stats: DatasetStats, release: str = ""
) -> list[Triple]:
    """The VoID description of the dataset (whose IRI is the base IRI): statistics, licence,
    citation, the release (``release``, the build run's id) and a subset per named graph."""
    dataset = _iri(ns.base)
    a = _iri(RDF_TYPE)
    version = f"{__version__}+{release}" if release else __version__
    triples = [
        Triple(dataset, a, _iri(VOID_DATASET)),
        Triple(dataset, _iri(DCTERMS + "license"), _iri(DATASET_LICENSE)),
        Triple(
            dataset,
            _iri(DCTERMS + "bibliographicCitation"),
            Literal(CITATION.format(release=version, base=ns.base)),
        ),
        Triple(dataset, _iri(OWL_VERSION_INFO), Literal(version)),
        Triple(dataset, _iri(DCTERMS_TITLE), Literal("GSI-KG", language="en")),
        Triple(
            dataset,
            _iri(DCTERMS_DESCRIPTION),
            Literal(
                "Knowledge graph of China's Global Security Initiative and related diplomatic "
                "documents: documents, passages, and the concepts and actors they mention.",
                language="en",
            ),
        ),
        Triple(dataset, _iri(VOID_SPARQL_ENDPOINT), _iri(endpoint)),
        Triple(dataset, _iri(VOID_URI_SPACE), Literal(ns.base)),
        Triple(dataset, _iri(VOID_TRIPLES), _count(stats.triples)),
        Triple(dataset, _iri(VOID_ENTITIES), _count(stats.entities)),
        Triple(dataset, _iri(VOID_DISTINCT_SUBJECTS), _count(stats.distinct_subjects)),
        Triple(dataset, _iri(VOID_DISTINCT_OBJECTS), _count(stats.distinct_objects)),
        Triple(dataset, _iri(VOID_PROPERTIES), _count(stats.properties)),
        Triple(dataset, _iri(VOID_CLASSES), _count(len(stats.classes))),
    ]
    for vocabulary in (ns.gsi, SKOS, DCTERMS, OA, PROV):
        triples.append(Triple(dataset, _iri(VOID_VOCABULARY), _iri(vocabulary)))
    for cls, entities in stats.classes:
        partition = BlankNode()
        triples += [
            Triple(dataset, _iri(VOID_CLASS_PARTITION), partition),
            Triple(partition, _iri(VOID_CLASS), _iri(cls)),
            Triple(partition, _iri(VOID_ENTITIES), _count(entities)),
        ]
    for prop, count in stats.property_triples:
        partition = BlankNode()
        triples += [
            Triple(dataset, _iri(VOID_PROPERTY_PARTITION), partition),
            Triple(partition, _iri(VOID_PROPERTY), _iri(prop)),
            Triple(partition, _iri(VOID_TRIPLES), _count(count)),
        ]
    for graph, count in stats.graphs:
        triples.append(Triple(dataset, _iri(VOID_SUBSET), _iri(graph)))
        triples += graph_subset(graph, count, endpoint)
    for example in stats.examples:
        triples.append(Triple(dataset, _iri(VOID_EXAMPLE_RESOURCE), _iri(example)))
    for dump in dumps:
        triples.append(Triple(dataset, _iri(VOID_DATA_DUMP), _iri(dump)))
    return grouped_by_subject(triples)
