"""Network exports load in networkx with the node and edge counts the SPARQL queries give."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kg.cli import main
from kg.namespaces import Namespace
from kg.read.exports import ExportFormat, NetworkKind, build_network, write_network
from kg.read.reader import Reader
from kg.settings import Settings
from tests.conftest import flask_app
from tests.ld_fixture import build_real, count, open_reader

NS = Namespace()
COOCCURRENCE_NODES = """
SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?m a oa:Annotation ; oa:hasBody ?c . ?c a skos:Concept }
"""
COOCCURRENCE_EDGES = """
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE {
  ?co a gsi:CoOccurrence ; gsi:concept ?a , ?b ; gsi:scope gsi:PassageScope .
  FILTER(STR(?a) < STR(?b)) } }
"""
DOCUMENT_CONCEPT_NODES = """
SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?m a oa:Annotation ; oa:hasBody ?c ; oa:hasTarget/oa:hasSource ?p .
  ?c a skos:Concept . ?p dcterms:isPartOf ?doc . ?doc a gsi:Document .
  VALUES ?which { 1 2 } BIND(IF(?which = 1, ?c, ?doc) AS ?x) }
"""
DOCUMENT_CONCEPT_EDGES = """
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?doc ?c WHERE {
  ?m a oa:Annotation ; oa:hasBody ?c ; oa:hasTarget/oa:hasSource ?p .
  ?c a skos:Concept . ?p dcterms:isPartOf ?doc . ?doc a gsi:Document } }
"""
# Mentions of concepts (actors such as states are mentioned too, but are not network nodes).
MENTIONS = (
    "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a oa:Annotation ; oa:hasBody ?c . "
    "?c a skos:Concept }"
)
EXPECTED = {
    NetworkKind.COOCCURRENCE: (COOCCURRENCE_NODES, COOCCURRENCE_EDGES),
    NetworkKind.DOCUMENT_CONCEPT: (DOCUMENT_CONCEPT_NODES, DOCUMENT_CONCEPT_EDGES),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_real(tmp_path_factory.mktemp("exports") / "out")


@pytest.fixture(scope="module")
def store(out: Path) -> Reader:
    return open_reader(out)


def load(data: bytes, fmt: ExportFormat) -> nx.Graph:
    """Read an export back with networkx; Cytoscape JSON goes through node-link JSON."""
    if fmt is ExportFormat.GRAPHML:
        return nx.read_graphml(io.BytesIO(data))
    if fmt is ExportFormat.GEXF:
        return nx.read_gexf(io.BytesIO(data))
    graph = nx.cytoscape_graph(json.loads(data))
    node_link = json.dumps(nx.node_link_data(graph, edges="edges"))
    return nx.node_link_graph(json.loads(node_link), edges="edges")


@pytest.mark.parametrize("kind", list(NetworkKind))
@pytest.mark.parametrize("fmt", [ExportFormat.GRAPHML, ExportFormat.GEXF, ExportFormat.CYTOSCAPE])
def test_networkx_finds_the_sparql_counts(
    store: Reader, kind: NetworkKind, fmt: ExportFormat
) -> None:
    nodes_query, edges_query = EXPECTED[kind]
    graph = load(write_network(build_network(store, kind), fmt), fmt)
    assert graph.number_of_nodes() == count(store.store, nodes_query) > 0
    assert graph.number_of_edges() == count(store.store, edges_query) > 0


def test_node_attributes_and_edge_weights(store: Reader) -> None:
    graph = nx.read_graphml(
        io.BytesIO(
            write_network(build_network(store, NetworkKind.DOCUMENT_CONCEPT), ExportFormat.GRAPHML)
        )
    )
    charter = graph.nodes[NS.concept("un-charter")]
    assert charter["label_zh"] == "联合国宪章"
    assert charter["label_en"] == "Charter of the United Nations"
    assert charter["class"] == "Treaty" and charter["mentions"] > 0
    assert graph.nodes[NS.document("gsi-concept-paper")]["kind"] == "document"
    assert sum(w for _, _, w in graph.edges(data="weight")) == count(store.store, MENTIONS)
    # A vocabulary concept with no mention is not a node.
    assert NS.concept("treaty-of-pelindaba") not in graph


def test_cooccurrence_weights_sum_the_passage_counts(store: Reader) -> None:
    network = build_network(store, NetworkKind.COOCCURRENCE)
    total = count(
        store.store,
        "SELECT (SUM(?c) AS ?n) WHERE { ?co gsi:scope gsi:PassageScope ; gsi:count ?c }",
    )
    assert sum(e.weight for e in network.edges) == total
    one = build_network(store, NetworkKind.COOCCURRENCE, document="gsi-concept-paper")
    assert 0 < len(one.nodes) < len(network.nodes)
    sentence = build_network(store, NetworkKind.COOCCURRENCE, scope="sentence")
    sentence_total = count(
        store.store,
        "SELECT (SUM(?c) AS ?n) WHERE { ?co gsi:scope gsi:SentenceScope ; gsi:count ?c }",
    )
    assert sum(e.weight for e in sentence.edges) == sentence_total
    # Two concepts in one sentence are in one passage too: the sentence network is a subgraph.
    passage_pairs = {(e.source, e.target) for e in network.edges}
    assert {(e.source, e.target) for e in sentence.edges} <= passage_pairs


def test_csv_node_and_edge_lists(store: Reader) -> None:
    network = build_network(store, NetworkKind.COOCCURRENCE)
    nodes = list(
        csv.DictReader(io.StringIO(write_network(network, ExportFormat.NODES_CSV).decode()))
    )
    edges = list(
        csv.DictReader(io.StringIO(write_network(network, ExportFormat.EDGES_CSV).decode()))
    )
    assert len(nodes) == count(store.store, COOCCURRENCE_NODES)
    assert len(edges) == count(store.store, COOCCURRENCE_EDGES)
    assert {"id", "label_zh", "label_en", "class", "mentions"} <= set(nodes[0])
    assert all(int(e["weight"]) >= 1 for e in edges)


def test_cli_export_writes_a_file(out: Path, store: Reader, tmp_path: Path) -> None:
    target = tmp_path / "net.gexf"
    result = CliRunner().invoke(
        main, ["export", "cooccurrence", "--store", str(out), "--format", "gexf", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(target).number_of_nodes() == count(store.store, COOCCURRENCE_NODES)
    unknown = CliRunner().invoke(
        main, ["export", "cooccurrence", "--store", str(out), "--document", "nope"]
    )
    assert unknown.exit_code == 2 and "no document with id 'nope'" in unknown.output


def test_http_exports(out: Path, store: Reader) -> None:
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        check_http_exports(app.test_client(), store)


def check_http_exports(client: FlaskClient, store: Reader) -> None:
    response = client.get("/exports/document-concept.graphml")
    assert response.status_code == 200 and response.mimetype == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(response.data))
    assert graph.number_of_edges() == count(store.store, DOCUMENT_CONCEPT_EDGES)
    filtered = client.get("/exports/cooccurrence.cyjs?document=cd-speech-2021")
    ids = {n["data"]["id"] for n in json.loads(filtered.data)["elements"]["nodes"]}
    assert ids and NS.concept("global-development-initiative") not in ids
    assert client.get("/exports/cooccurrence.png").status_code == 404
    assert client.get("/exports/cooccurrence.cyjs?document=nope").status_code == 404
