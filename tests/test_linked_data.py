"""Every IRI dereferences: rdflib against a real server whose address is the base IRI."""

from __future__ import annotations

import http.client
import urllib.request
from collections.abc import Iterator

import pytest
import rdflib
from flask.testing import FlaskClient

from kg.namespaces import Namespace
from kg.releases import resolve_release
from kg.settings import Settings
from kg.store import open_read_only
from tests.conftest import LiveServer, flask_app, free_port, serving
from tests.ld_fixture import build_real, count

SAMPLE_PATHS = {
    "concept": "concept/un-charter",
    "concept without mentions": "concept/treaty-of-pelindaba",
    "actor": "actor/china",
    "document": "doc/gsi-concept-paper",
    "section": "doc/gsi-concept-paper/s1",
    "passage": "doc/gsi-concept-paper/p9",
    "mention": "doc/gsi-concept-paper/p9/m1",
    "stance": "doc/new-agenda-for-peace-position-paper/p2/st1",
}
SUFFIXES = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    out = build_real(tmp_path_factory.mktemp("ld") / "out", base_iri=f"http://127.0.0.1:{port}/")
    with serving(out, port) as live:
        yield live


def get(url: str, accept: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


@pytest.mark.server
@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_rdflib_dereferences_every_kind_of_iri(server: LiveServer, kind: str) -> None:
    iri = f"{server.url}/{SAMPLE_PATHS[kind]}"
    graph = rdflib.Graph().parse(iri)
    about = list(graph.predicate_objects(rdflib.URIRef(iri)))
    assert about, f"no triples about {iri}"
    assert (rdflib.URIRef(iri), rdflib.RDF.type, None) in graph


@pytest.mark.server
def test_ontology_terms_dereference_through_the_ontology_document(server: LiveServer) -> None:
    term = rdflib.URIRef(f"{server.url}/ontology#Passage")
    graph = rdflib.Graph().parse(str(term))
    assert (term, rdflib.RDF.type, rdflib.OWL.Class) in graph
    vocabulary = rdflib.Graph().parse(f"{server.url}/vocabulary")
    assert (rdflib.URIRef(f"{server.url}/concept/npt"), None, None) in vocabulary


@pytest.mark.server
def test_mention_description_includes_its_selectors(server: LiveServer) -> None:
    iri = rdflib.URIRef(f"{server.url}/{SAMPLE_PATHS['mention']}")
    graph = rdflib.Graph().parse(str(iri))
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    target = graph.value(iri, oa.hasTarget)
    starts = [graph.value(s, oa.start) for s in graph.objects(target, oa.hasSelector)]
    assert any(s is not None for s in starts)


@pytest.mark.server
@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_browsers_get_html(server: LiveServer, kind: str) -> None:
    status, media, body = get(f"{server.url}/{SAMPLE_PATHS[kind]}", "text/html,*/*;q=0.8")
    assert status == 200 and media == "text/html"
    assert f'href="/{SAMPLE_PATHS[kind]}.ttl"'.encode() in body  # links its RDF forms


@pytest.mark.server
@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_file_suffixes_give_each_format(server: LiveServer, suffix: str) -> None:
    iri = f"{server.url}/concept/npt"
    status, _, body = get(f"{iri}.{suffix}", "text/html")
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format=SUFFIXES[suffix])
    labels = set(graph.objects(rdflib.URIRef(iri), rdflib.SKOS.prefLabel))
    assert rdflib.Literal("不扩散核武器条约", lang="zh") in labels


@pytest.mark.server
def test_unknown_iris_and_traversal_are_404(server: LiveServer) -> None:
    for path in ("concept/no-such-thing", "doc/gsi-concept-paper/p9999", "concept/npt.exe"):
        assert get(f"{server.url}/{path}", "text/turtle")[0] == 404
    for raw in (
        "/concept/../../etc/passwd",
        "/concept/%2e%2e/%2e%2e/etc/passwd",
        "/doc/..%2f..%2fetc%2fpasswd",
    ):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", raw, headers={"Accept": "text/turtle"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404 and b"root:" not in body


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    out = build_real(tmp_path_factory.mktemp("pages") / "out")
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        yield app.test_client()


HTML = {"Accept": "text/html"}


def test_concept_page_in_both_languages(client: FlaskClient) -> None:
    zh = client.get("/concept/npt?lang=zh", headers=HTML).data.decode()
    en = client.get("/concept/npt?lang=en", headers=HTML).data.decode()
    assert "<h1>不扩散核武器条约" in zh and "提及" in zh
    assert "<h1>Treaty on the Non-Proliferation of Nuclear Weapons" in en and "Mentions" in en
    assert 'class="mention focus"' in zh
    remembered = client.get("/concept/npt", headers=HTML).data.decode()
    assert "<h1>Treaty on the Non-Proliferation" in remembered  # the cookie keeps English


def test_concept_without_mentions_has_a_page(client: FlaskClient) -> None:
    page = client.get("/concept/treaty-of-pelindaba?lang=zh", headers=HTML)
    assert page.status_code == 200 and "语料中没有提及" in page.data.decode()


def test_document_page_links_every_mention(client: FlaskClient) -> None:
    page = client.get("/doc/gsi-concept-paper", headers=HTML).data.decode()
    store = open_read_only(resolve_release(client.application.config["GSIKG"].out).store_path)
    charter = count(
        store,
        """SELECT (COUNT(?m) AS ?n) WHERE { ?m oa:hasBody concept:un-charter ;
             oa:hasTarget/oa:hasSource/dcterms:isPartOf doc:gsi-concept-paper }""",
    )
    assert charter >= 2
    assert page.count('href="/concept/un-charter"><mark') == charter
    assert 'id="p9"' in page


def test_search_finds_concepts_by_either_language_and_passages(client: FlaskClient) -> None:
    by_en = client.get("/search?q=non-proliferation&lang=en", headers=HTML).data.decode()
    assert 'href="/concept/npt"' in by_en
    by_zh = client.get("/search?q=宪章", headers=HTML).data.decode()
    assert 'href="/concept/un-charter"' in by_zh and '<mark class="hit">宪章</mark>' in by_zh


def test_index_and_ontology_pages(client: FlaskClient) -> None:
    concepts = client.get("/concepts", headers=HTML).data.decode()
    assert 'href="/concepts?class=Treaty"' in concepts and 'rel="next"' in concepts
    treaties = client.get("/concepts?class=Treaty", headers=HTML).data.decode()
    assert 'id="Treaty"' in treaties and 'href="/concept/npt"' in treaties
    assert 'id="Domain"' not in treaties
    assert client.get("/concepts?class=Nothing", headers=HTML).status_code == 400
    ontology = client.get("/ontology", headers=HTML).data.decode()
    assert 'id="Passage"' in ontology and 'id="OpposedIdea"' in ontology
    assert client.get("/documents", headers=HTML).status_code == 200
    turtle = client.get("/ontology.ttl")
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    ns = Namespace()
    assert (rdflib.URIRef(ns.term("Treaty")), rdflib.RDF.type, rdflib.OWL.Class) in graph


@pytest.mark.parametrize(
    ("path", "accept", "varies_on"),
    [
        # A resource IRI: HTML or RDF by Accept; the HTML's language by Accept-Language or cookie.
        ("/concept/npt", "text/html", {"Accept", "Accept-Language", "Cookie"}),
        ("/concept/npt", "text/turtle", {"Accept"}),
        # A canned query: an HTML table or CSV by Accept.
        ("/queries/documents-overview", "text/csv", {"Accept"}),
        ("/queries/documents-overview", "text/html", {"Accept", "Accept-Language", "Cookie"}),
        # An index page is HTML only, in the reader's language.
        ("/concepts", "text/html", {"Accept-Language", "Cookie"}),
    ],
)
def test_negotiated_responses_say_what_they_vary_on(
    client: FlaskClient, path: str, accept: str, varies_on: set[str]
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    assert {v.strip() for v in response.headers.get("Vary", "").split(",")} >= varies_on
    assert response.headers["Content-Type"].count("charset") <= 1
