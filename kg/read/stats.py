"""Dataset statistics: counts over the default (union) graph of a release, for the VoID and
SPARQL service descriptions. A read function; the read door caches its result per release.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.read.reader import Reader


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


def _rows(reader: Reader, sparql: str) -> list[list[str]]:
    return [list(row.values()) for row in reader.select(sparql)]


def dataset_stats(reader: Reader) -> DatasetStats:
    """Count triples, entities, classes, properties and graphs of the release (a read function)."""
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    [[triples, subjects, objects, properties]] = _rows(
        reader,
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s_) (COUNT(DISTINCT ?o) AS ?o_) "
        f"(COUNT(DISTINCT ?p) AS ?p_) WHERE {distinct}",
    )
    [[entities]] = _rows(
        reader, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
    )
    classes = _rows(
        reader,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY ?c",
    )
    props = _rows(reader, f"SELECT ?p (COUNT(*) AS ?n) WHERE {distinct} GROUP BY ?p ORDER BY ?p")
    graphs = _rows(
        reader,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    )
    examples = _rows(
        reader,
        "SELECT ?r WHERE { { SELECT ?r WHERE { ?r a gsi:Document } ORDER BY ?r LIMIT 3 } UNION "
        "{ SELECT DISTINCT ?r WHERE { ?r a gsi:Passage } ORDER BY ?r LIMIT 1 } UNION "
        "{ SELECT DISTINCT ?r WHERE { ?p gsi:mentions ?r } ORDER BY ?r LIMIT 3 } }",
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
