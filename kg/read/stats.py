"""Dataset statistics: counts over the default (union) graph of a release, for the VoID and
SPARQL service descriptions. A read function; the read door caches its result per release.

Counting scans every statement, so the build counts once and writes the result into the
compacted release (:data:`STATS_FILE`); :func:`dataset_stats` reads that file when it is there and
counts only for a release without it (the first, uncompacted publication of a build, or a remote
store).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.read.reader import Reader

STATS_FILE = "dataset-stats.json"


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
    """The release's counts: from its :data:`STATS_FILE` if the build wrote one, else counted
    (a read function; a remote store's are always counted)."""
    stored = reader.release.file(STATS_FILE)
    if stored is not None:
        return read_dataset_stats(stored)
    return count_dataset_stats(reader)


def read_dataset_stats(path: Path) -> DatasetStats:
    """The counts written by :func:`write_dataset_stats`."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def pairs(key: str) -> tuple[tuple[str, int], ...]:
        return tuple((name, int(count)) for name, count in data[key])

    return DatasetStats(
        triples=int(data["triples"]),
        entities=int(data["entities"]),
        distinct_subjects=int(data["distinct_subjects"]),
        distinct_objects=int(data["distinct_objects"]),
        properties=int(data["properties"]),
        classes=pairs("classes"),
        property_triples=pairs("property_triples"),
        graphs=pairs("graphs"),
        examples=tuple(str(example) for example in data["examples"]),
    )


def write_dataset_stats(stats: DatasetStats, path: Path) -> None:
    path.write_text(json.dumps(asdict(stats), ensure_ascii=False, indent=1), encoding="utf-8")


def count_dataset_stats(reader: Reader) -> DatasetStats:
    """Count triples, entities, classes, properties and graphs of the release. One aggregate
    per query: the engine evaluates each as one scan, where several in one query over a
    ``DISTINCT`` subquery took four times as long."""
    [[subjects]] = _rows(reader, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    [[objects]] = _rows(reader, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    [[entities]] = _rows(
        reader,
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } "
        "FILTER(isIRI(?s)) }",
    )
    classes = _rows(
        reader,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY ?c",
    )
    # The union default graph holds a statement once per graph stating it; distinct triples
    # count it once: the statements per property, less those a graph with a smaller name also
    # states. (A DISTINCT over every triple holds them all in memory: 10 GB at 5,000 documents.)
    stated = _rows(reader, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    repeated = {
        p: int(n)
        for p, n in _rows(
            reader,
            "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER EXISTS { GRAPH ?h { ?s ?p ?o } FILTER(STR(?h) < STR(?g)) } } GROUP BY ?p",
        )
    }
    props = [(p, str(int(n) - repeated.get(p, 0))) for p, n in stated]
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
        triples=sum(int(n) for _, n in props),
        entities=int(entities),
        distinct_subjects=int(subjects),
        distinct_objects=int(objects),
        properties=len(props),
        classes=tuple((c, int(n)) for c, n in classes),
        property_triples=tuple((p, int(n)) for p, n in props),
        graphs=tuple((g, int(n)) for g, n in graphs),
        examples=tuple(r for [r] in examples),
    )
