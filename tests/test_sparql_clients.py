"""Real SPARQL clients against the real server (Granian on 127.0.0.1): SPARQLWrapper in every
results format and two graph formats, by GET and POST, and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import urllib.request
import xml.dom.minidom

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.namespaces import DCTERMS, Namespace
from kg.store import RdfFormat, parse
from tests.conftest import LiveServer

pytestmark = pytest.mark.server

NS = Namespace()
DOCUMENTS = (
    "PREFIX gsi: <https://w3id.org/gsi-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "SELECT ?doc ?id WHERE { ?doc a gsi:Document ; dcterms:identifier ?id } ORDER BY ?id"
)
CONSTRUCT = (
    "PREFIX gsi: <https://w3id.org/gsi-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "CONSTRUCT { ?doc dcterms:identifier ?id } "
    "WHERE { ?doc a gsi:Document ; dcterms:identifier ?id }"
)
EXPECTED_IDS = [
    "cd-speech-2021",
    "gsi-article-2024",
    "gsi-concept-paper",
    "new-agenda-for-peace-position-paper",
    "unsc-briefing-concept-note-2022",
]


def wrapper(server: LiveServer, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_json(live_server: LiveServer, method: str | None) -> None:
    result = wrapper(live_server, DOCUMENTS, JSON, method).queryAndConvert()
    assert isinstance(result, dict)
    assert [b["id"]["value"] for b in result["results"]["bindings"]] == EXPECTED_IDS


def test_sparqlwrapper_xml(live_server: LiveServer) -> None:
    document = wrapper(live_server, DOCUMENTS, XML).queryAndConvert()
    assert isinstance(document, xml.dom.minidom.Document)
    literals = [n.firstChild.data for n in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert literals == EXPECTED_IDS


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_and_tsv(live_server: LiveServer, fmt: str, delimiter: str) -> None:
    body = wrapper(live_server, DOCUMENTS, fmt).queryAndConvert()
    assert isinstance(body, bytes)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
    assert [r[1].strip('"') for r in rows[1:] if r] == EXPECTED_IDS


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [(TURTLE, RdfFormat.TURTLE), (JSONLD, RdfFormat.JSON_LD)]
)
def test_sparqlwrapper_construct(live_server: LiveServer, fmt: str, rdf_format: RdfFormat) -> None:
    # the raw response, parsed by pyoxigraph: SPARQLWrapper's and rdflib's JSON-LD conversions
    # use an rdflib class that is deprecated (a warning, so an error in this suite)
    result = wrapper(live_server, CONSTRUCT, fmt).query()
    assert result.info()["content-type"].startswith(rdf_format.media_type)
    quads = parse(result.response.read(), format=rdf_format)
    ids = sorted(q.object.value for q in quads if q.predicate.value == DCTERMS + "identifier")
    assert ids == EXPECTED_IDS


def test_sparqlwrapper_ask(live_server: LiveServer) -> None:
    result = wrapper(live_server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()
    assert isinstance(result, dict) and result["boolean"] is True


def test_rdflib_sparqlstore(live_server: LiveServer) -> None:
    store = SPARQLStore(f"{live_server.url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(DOCUMENTS))
    assert [str(row[1]) for row in rows] == EXPECTED_IDS  # type: ignore[index]
    assert bool(graph.query("ASK { ?s a <https://w3id.org/gsi-kg/ontology#Passage> }").askAnswer)
    concept_paper = rdflib.URIRef(NS.document("gsi-concept-paper"))
    titles = set(graph.objects(concept_paper, rdflib.DCTERMS.title))
    assert {t.language for t in titles if isinstance(t, rdflib.Literal)} >= {"zh"}
    store.close()


def test_metrics_sum_over_workers(live_server: LiveServer) -> None:
    for _ in range(6):
        with urllib.request.urlopen(f"{live_server.url}/health", timeout=10) as response:
            assert response.status == 200
    with urllib.request.urlopen(f"{live_server.url}/metrics", timeout=10) as response:
        text = response.read().decode()
    sample = 'gsikg_http_requests_total{method="GET",route="/health",status="200"} '
    [line] = [line for line in text.splitlines() if line.startswith(sample)]
    assert float(line.split()[-1]) >= 6
