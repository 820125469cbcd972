"""The extraction graph of the real corpus: quotes match their offsets, terms are declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.pipeline.build import BuildOptions, build_graph
from kg.releases import resolve_release
from kg.settings import PROJECT_ROOT
from kg.store import Store, open_read_only, query_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The seed corpus built without SHACL validation (the shapes are checked in test_shapes)."""
    out = tmp_path_factory.mktemp("extraction")
    build_graph(
        BuildOptions(
            corpus=PROJECT_ROOT / "corpus",
            out=out,
            base_iri="https://w3id.org/gsi-kg/",
            ontology_dir=PROJECT_ROOT / "ontology",
            validate=False,
        )
    )
    return open_read_only(resolve_release(out).store_path)


def _count(store: Store, sparql: str) -> int:
    rows = list(query_store(store, sparql, prefixes=PREFIXES))  # type: ignore[arg-type]
    return int(rows[0]["n"].value)


PREFIXES = {
    "gsi": "https://w3id.org/gsi-kg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def test_every_mention_quotes_its_passage_at_its_offsets(store: Store) -> None:
    total = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?m a oa:Annotation }")
    good = _count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE {
            ?m a oa:Annotation ; oa:hasTarget ?t .
            ?t oa:hasSource ?p ; oa:hasSelector ?pos , ?q .
            ?p gsi:text ?text .
            ?pos a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e .
            ?q a oa:TextQuoteSelector ; oa:exact ?exact .
            FILTER (SUBSTR(?text, ?s + 1, ?e - ?s) = ?exact)
        }""",
    )
    assert total > 500
    assert good == total


def test_every_mention_and_stance_links_to_the_run_and_its_extractor(store: Store) -> None:
    unlinked = _count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE {
            { ?x a oa:Annotation } UNION { ?x a gsi:Stance }
            FILTER NOT EXISTS {
                ?x prov:wasGeneratedBy ?run ; prov:wasAttributedTo ?agent ; gsi:confidence ?c .
                ?run a gsi:BuildRun ; prov:wasAssociatedWith ?agent .
            }
        }""",
    )
    assert unlinked == 0


def test_the_graph_has_stances_relations_cooccurrences_and_discoveries(store: Store) -> None:
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a gsi:Stance }") > 50
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a gsi:cornerstoneOf ?b }") >= 1
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a gsi:CoOccurrence }") > 100
    found = "SELECT (COUNT(*) AS ?n) WHERE { ?c gsi:discovered true ; skos:prefLabel ?l }"
    assert _count(store, found) >= 1


def test_a_concept_is_described_in_one_graph(store: Store) -> None:
    """No concept's type or label is stated in two graphs: the union default graph repeats a
    statement once per graph stating it, which would multiply every join on it. Discovered
    concepts, named by many documents, are described once, in the ``discovered`` graph."""
    repeated = _count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE {
            { SELECT ?c ?p ?o (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
                VALUES ?p { <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> skos:prefLabel }
                GRAPH ?g { ?c a skos:Concept ; ?p ?o } }
              GROUP BY ?c ?p ?o }
            FILTER(?graphs > 1)
        }""",
    )
    assert repeated == 0
    in_discovered = """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        GRAPH <https://w3id.org/gsi-kg/graph/discovered> { ?c gsi:discovered true } }"""
    assert _count(store, in_discovered) == _count(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c gsi:discovered true }"
    )


def test_every_gsi_term_the_extractors_use_is_declared(store: Store) -> None:
    ontology = (PROJECT_ROOT / "ontology" / "gsi.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"^gsi:(\w+) a ", ontology, re.MULTILINE))
    used: set[str] = set()
    for row in query_store(  # type: ignore[union-attr]
        store,
        """SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } }
           FILTER (STRSTARTS(STR(?g), "https://w3id.org/gsi-kg/graph/") && STRSTARTS(STR(?t),
           "https://w3id.org/gsi-kg/ontology#")) }""",
    ):
        used.add(row["t"].value.split("#", 1)[1])
    extractor_agents = {u for u in used if u.startswith("extractor-")}
    assert sorted(used - declared - extractor_agents) == []


def test_the_build_is_not_slowed_by_the_extractors(tmp_path: Path) -> None:
    """One more build of the corpus (no validation) stays fast: the automaton is built once."""
    report = build_graph(
        BuildOptions(
            corpus=PROJECT_ROOT / "corpus",
            out=tmp_path,
            base_iri="https://example.org/kg/",
            ontology_dir=PROJECT_ROOT / "ontology",
            validate=False,
        )
    )
    assert report.seconds < 30
