"""Network exports load in networkx with the node and edge counts the SPARQL queries give."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kg.cli import main
from kg.namespaces import Namespace
from kg.read.exports import (
    BASE_CLASSES,
    CYTOSCAPE_STYLE,
    EXPORTS_DIR,
    STANCE_TABLE,
    YEARS_FILE,
    ExportFormat,
    NetworkKind,
    YearRange,
    YearTables,
    build_network,
    strongest,
    table_file,
    write_network,
    year_tables,
)
from kg.read.network_formats import CLASS_COLOURS
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


DOCUMENT_YEARS = """
SELECT ?id ?date WHERE {
  ?doc a gsi:Document ; dcterms:identifier ?id OPTIONAL { ?doc dcterms:date ?date }
}
"""


@pytest.mark.parametrize("scope", ["passage", "sentence"])
@pytest.mark.parametrize("years", [(2021, 2022), (2023, None), (None, 2022), (None, None)])
def test_a_year_range_sums_its_documents_networks(
    store: Reader, years: tuple[int | None, int | None], scope: str
) -> None:
    """The network of a range of years (from the statistics' by-year tables) is the sum of the
    networks of the documents dated in it, each read from its own co-occurrences; an undated
    document is in no range."""
    span = YearRange(*years)
    documents = {row["id"]: row["date"] for row in store.select(DOCUMENT_YEARS)}
    inside = [d for d, date in documents.items() if date and int(date[:4]) in span]
    assert 0 < len(inside) < len(documents)
    weights: dict[tuple[str, str], int] = {}
    mentions: dict[str, int] = {}
    for doc in inside:
        one = build_network(store, NetworkKind.COOCCURRENCE, document=doc, scope=scope)
        for e in one.edges:
            weights[(e.source, e.target)] = weights.get((e.source, e.target), 0) + e.weight
        for n in one.nodes:
            mentions[n.id] = mentions.get(n.id, 0) + n.mentions
    ranged = build_network(store, NetworkKind.COOCCURRENCE, scope=scope, years=span)
    assert {(e.source, e.target): e.weight for e in ranged.edges} == weights
    assert {n.id: n.mentions for n in ranged.nodes} == mentions
    assert all(n.label_zh and n.cls for n in ranged.nodes if n.id.startswith(NS.concept("")))
    # One document outside the range leaves nothing; inside, the document's own network.
    outside = next(d for d in documents if d not in inside)
    assert build_network(store, NetworkKind.COOCCURRENCE, outside, scope, span).nodes == ()
    assert build_network(store, NetworkKind.COOCCURRENCE, inside[0], scope, span) == (
        build_network(store, NetworkKind.COOCCURRENCE, inside[0], scope)
    )


def test_the_stored_year_tables_are_the_statistics(out: Path, store: Reader) -> None:
    """The by-year tables the build wrote hold what the statistics graph says, concept by
    concept (a release without the file reads the graph instead)."""

    def expanded(tables: YearTables) -> tuple[set[tuple[object, ...]], ...]:
        iris = tables.concepts
        return (
            {(iris[c], year, n) for c, year, n in tables.mentions},
            *(
                {(iris[a], iris[b], year, n) for a, b, year, n in tables.pairs[scope]}
                for scope in ("passage", "sentence")
            ),
        )

    stored = store.release.file(f"{EXPORTS_DIR}/{YEARS_FILE}")
    assert stored is not None
    from_file, from_graph = (
        expanded(YearTables.from_json(stored.read_bytes())),
        expanded(year_tables(store)),
    )
    assert from_file == from_graph and all(from_file)


def test_year_ranges_over_http(out: Path) -> None:
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        client = app.test_client()
        response = client.get("/exports/cooccurrence.cyjs?from=2022&to=2022")
        assert response.status_code == 200
        elements = json.loads(response.data)["elements"]
        whole = json.loads(client.get("/exports/cooccurrence.cyjs").data)["elements"]
        assert 0 < len(elements["edges"]) < len(whole["edges"])
        for bad in ("from=22", "from=2023&to=2021", "to=next", "from=２０２２"):
            assert client.get(f"/exports/cooccurrence.cyjs?{bad}").status_code == 400, bad


def test_the_explorers_cut_over_http(out: Path, store: Reader) -> None:
    """``?top=`` (with ``concept=`` and ``class=``) sends the heaviest edges of the network the
    other parameters name, and how many edges that network has."""
    whole = build_network(store, NetworkKind.COOCCURRENCE)
    npt = NS.concept("npt")

    def cut(query: str) -> tuple[dict[str, object], set[tuple[str, str, int]], set[str]]:
        response = client.get(f"/exports/cooccurrence.cyjs?{query}")
        assert response.status_code == 200, response.data
        value = json.loads(response.data)
        edges = {
            (e["data"]["source"], e["data"]["target"], e["data"]["weight"])
            for e in value["elements"]["edges"]
        }
        return value["data"], edges, {n["data"]["id"] for n in value["elements"]["nodes"]}

    def expected(
        top: int, concept: str | None = None, classes: tuple[str, ...] = ()
    ) -> tuple[set[tuple[str, str, int]], set[str]]:
        network = strongest(whole, top, concept, classes)
        return {(e.source, e.target, e.weight) for e in network.edges}, {
            n.id for n in network.nodes
        }

    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        client = app.test_client()
        data, edges, nodes = cut("top=25")
        assert data["total_edges"] == len(whole.edges) and (edges, nodes) == expected(25)
        for name in (
            "npt",
            "不扩散核武器条约",
            "treaty on the non-proliferation of nuclear weapons",
        ):
            _, edges, nodes = cut(urllib.parse.urlencode({"concept": name, "top": 30}))
            assert (edges, nodes) == expected(30, npt) and npt in nodes
        _, edges, nodes = cut("top=10&class=Treaty&class=Topic")
        assert (edges, nodes) == expected(10, None, ("Treaty", "Topic")) and len(edges) == 10
        graph = nx.read_graphml(io.BytesIO(client.get("/exports/cooccurrence.graphml?top=5").data))
        assert graph.number_of_edges() == 5
        ranged = build_network(store, NetworkKind.COOCCURRENCE, years=YearRange(2022, 2022))
        data, edges, _ = cut("from=2022&to=2022&top=10")
        assert data["total_edges"] == len(ranged.edges) and len(edges) == 10
        for bad in ("top=0", "top=ten", "top=5&class=Foo"):
            assert client.get(f"/exports/cooccurrence.cyjs?{bad}").status_code == 400, bad
        assert client.get("/exports/cooccurrence.cyjs?concept=nope").status_code == 404


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


GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


@pytest.mark.parametrize("fmt", [ExportFormat.GEXF, ExportFormat.DYNAMIC_GEXF])
def test_gexf_is_1_3_styled_and_utf8(store: Reader, fmt: ExportFormat) -> None:
    network = build_network(store, NetworkKind.COOCCURRENCE)
    data = write_network(network, fmt)
    text = data.decode("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert "&#" not in text and "联合国宪章" in text  # Chinese as UTF-8, not references
    root = ET.fromstring(data)
    # What GEXF 1.3 requires: the root in its namespace with the version, a graph, its nodes and
    # edges; declared attributes used by their ids; the viz namespace for the styling.
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "undirected"
    declared = {a.get("id") for a in graph.iter(f"{GEXF}attribute")}
    used = {v.get("for") for v in graph.iter(f"{GEXF}attvalue")}
    assert used <= declared
    nodes = graph.findall(f"{GEXF}nodes/{GEXF}node")
    assert len(nodes) == len(network.nodes)
    for node in nodes:
        assert node.find(f"{VIZ}color") is not None and node.find(f"{VIZ}size") is not None
        assert node.find(f"{VIZ}position") is not None
    # networkx reads the styling back: colour by class, size grows with mentions.
    graph_nx = nx.read_gexf(io.BytesIO(data), version="1.3")
    charter = graph_nx.nodes[NS.concept("un-charter")]
    assert charter["class"] == "Treaty"
    colour = charter["viz"]["color"]
    assert (
        "#{:02x}{:02x}{:02x}".format(colour["r"], colour["g"], colour["b"])
        == (CLASS_COLOURS["Treaty"])
    )
    by_mentions = sorted(graph_nx.nodes.values(), key=lambda n: n["mentions"])
    assert by_mentions[0]["viz"]["size"] < by_mentions[-1]["viz"]["size"]
    assert all(n["label_en"] and n["label_zh"] for n in graph_nx.nodes.values())


def test_dynamic_gexf_dates_follow_the_documents(store: Reader) -> None:
    data = write_network(build_network(store, NetworkKind.COOCCURRENCE), ExportFormat.DYNAMIC_GEXF)
    graph = ET.fromstring(data).find(f"{GEXF}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    loaded = nx.read_gexf(io.BytesIO(data), version="1.3")
    dates = set(
        count_rows(store, "SELECT DISTINCT ?d WHERE { ?doc a gsi:Document ; dcterms:date ?d }")
    )
    starts = {a: n.get("start") for a, n in loaded.nodes.items()}
    assert {s for s in starts.values() if s} <= dates
    # A pair cannot be named together before each of the two is first named.
    for a, b, edge in loaded.edges(data=True):
        if edge.get("start"):
            assert edge["start"] >= max(starts[a] or "", starts[b] or "")


def count_rows(store: Reader, sparql: str) -> list[str]:
    return [next(iter(row.values())) for row in store.select(sparql)]


def test_graphml_opens_in_networkx_igraph_and_yed(store: Reader, tmp_path: Path) -> None:
    network = build_network(store, NetworkKind.DOCUMENT_CONCEPT)
    data = write_network(network, ExportFormat.GRAPHML)
    (tmp_path / "network.graphml").write_bytes(data)
    root = ET.fromstring(data)
    yfiles = {k.get("yfiles.type") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert {"nodegraphics", "edgegraphics"} <= yfiles
    labels = root.iter("{http://www.yworks.com/xml/graphml}NodeLabel")
    assert sum(1 for _ in labels) == len(network.nodes)
    with_nx = nx.read_graphml(io.BytesIO(data))
    assert with_nx.nodes[NS.concept("un-charter")]["label"] == "联合国宪章"  # yEd's label
    assert with_nx.nodes[NS.concept("un-charter")]["label_en"] == "Charter of the United Nations"
    with_igraph = igraph.Graph.Read_GraphML(str(tmp_path / "network.graphml"))
    assert (with_igraph.vcount(), with_igraph.ecount()) == (len(network.nodes), len(network.edges))
    assert set(with_igraph.vs["label_zh"]) == {n.label_zh or n.label_en for n in network.nodes}
    assert sum(with_igraph.es["weight"]) == sum(e.weight for e in network.edges)


def test_cytoscape_json_and_its_style(store: Reader) -> None:
    network = build_network(store, NetworkKind.COOCCURRENCE)
    graph = nx.cytoscape_graph(json.loads(write_network(network, ExportFormat.CYTOSCAPE)))
    assert graph.number_of_nodes() == len(network.nodes)
    assert {n["colour"] for n in graph.nodes.values()} <= set(CLASS_COLOURS.values())
    style = json.loads(table_file(store, CYTOSCAPE_STYLE))
    selectors = {rule["selector"] for rule in style["style"]}
    assert {f"node[class = '{c}']" for c in BASE_CLASSES} <= selectors


def test_stance_table_has_a_row_per_stance_and_target(store: Reader) -> None:
    rows = list(csv.DictReader(io.StringIO(table_file(store, STANCE_TABLE).decode("utf-8"))))
    assert len(rows) == count(
        store.store, "SELECT (COUNT(*) AS ?n) WHERE { ?st a gsi:Stance ; gsi:target ?c }"
    )
    assert {r["agreement"] for r in rows} == {"0", "1"}
    assert all((r["agreement"] == "0") == (r["polarity"] == "Opposition") for r in rows)
    assert all(r["organization"] and r["concept"] and r["quote"] for r in rows)
    assert {r["organization_zh"] for r in rows} >= {"中国"}


def test_invalid_export_combinations_are_refused(out: Path) -> None:
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        client = app.test_client()
        assert client.get("/exports/document-concept.gexf?scope=sentence").status_code == 400
        assert client.get("/exports/cooccurrence.gexf?scope=word").status_code == 400
        assert client.get("/exports/stances.dna.csv?document=x").status_code == 400
        assert client.get("/exports/stances.dna.csv").status_code == 200
        assert client.get("/exports/cooccurrence.dynamic.gexf").status_code == 200
    for args in (["stances", "--format", "gexf"], ["document-concept", "--scope", "sentence"]):
        result = CliRunner().invoke(main, ["export", *args, "--store", str(out)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
