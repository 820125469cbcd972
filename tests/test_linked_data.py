"""Every IRI dereferences: rdflib against a real server whose address is the base IRI."""

from __future__ import annotations

import http.client
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from flask.testing import FlaskClient

from kg.namespaces import Namespace
from kg.releases import resolve_release
from kg.settings import Settings
from kg.store import open_read_only
from tests.conftest import CORPUS, LiveServer, flask_app, free_port, serving
from tests.ld_fixture import build_real, count, open_reader

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
# Sections and passages are named by content: these sample paths are the positional IRIs of
# version 0.1, which redirect (301) to the part now at that position.
POSITIONAL = {"section", "passage", "mention", "stance"}
SUFFIXES = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    out = build_real(tmp_path_factory.mktemp("ld") / "out", base_iri=f"http://127.0.0.1:{port}/")
    with serving(out, port) as live:
        yield live


def current_path(server: LiveServer, kind: str) -> str:
    """The sample path of ``kind`` as the server names it now (a positional one redirected)."""
    path = SAMPLE_PATHS[kind]
    if kind not in POSITIONAL:
        return path
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/{path}", headers={"Accept": "text/turtle"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 301, path
    location = response.getheader("Location") or ""
    assert re.fullmatch(r"/doc/[a-z0-9-]+/[ps]-[0-9a-f]{10}(-\d+)?(/(m|st)\d+)?", location)
    return location.lstrip("/")


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
    iri = f"{server.url}/{current_path(server, kind)}"
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
    iri = rdflib.URIRef(f"{server.url}/{current_path(server, 'mention')}")
    graph = rdflib.Graph().parse(str(iri))
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    target = graph.value(iri, oa.hasTarget)
    starts = [graph.value(s, oa.start) for s in graph.objects(target, oa.hasSelector)]
    assert any(s is not None for s in starts)


@pytest.mark.server
@pytest.mark.parametrize("kind", sorted(SAMPLE_PATHS))
def test_browsers_get_html(server: LiveServer, kind: str) -> None:
    path = current_path(server, kind)
    status, media, body = get(f"{server.url}/{path}", "text/html,*/*;q=0.8")
    assert status == 200 and media == "text/html"
    assert f'href="/{path}.ttl"'.encode() in body  # links its RDF forms


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


OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")


def crawl(iri: str) -> rdflib.Graph:
    """A resource's description with every page of its incoming links (rdfs:seeAlso)."""
    graph = rdflib.Graph().parse(iri, format="turtle")
    seen = {iri}
    while True:
        more = [str(o) for o in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.seeAlso)]
        todo = [m for m in more if m not in seen]
        if not todo:
            return graph
        seen.update(todo)
        for page in todo:
            graph.parse(page, format="turtle")


@pytest.mark.server
def test_rdflib_crawls_from_a_document_to_its_text_and_back(server: LiveServer) -> None:
    base = rdflib.Namespace(f"{server.url}/")
    gsi = rdflib.Namespace(f"{server.url}/ontology#")  # the base IRI is the server's
    doc = base["doc/gsi-concept-paper"]
    described = crawl(str(doc))
    # The document's parts: every passage, over as many pages as it takes.
    passages = {
        p
        for p in described.subjects(rdflib.DCTERMS.isPartOf, doc)
        if re.fullmatch(r"p-[0-9a-f]{10}(-\d+)?", str(p).rsplit("/", 1)[-1])
    }
    release = resolve_release(server.out)
    store = open_read_only(release.store_path)
    ns = Namespace(f"{server.url}/")
    expected = count(
        store,
        f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a gsi:Passage ; dcterms:isPartOf <{doc}> }}",
        ns,
    )
    assert len(passages) == expected > 20
    # Every passage lists its mentions: all of the document's mentions are reached.
    reached = {
        m for p in passages for m in crawl(str(p)).subjects(OA.hasTarget, None) if "/m" in str(m)
    }
    in_document = count(
        store,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m oa:hasTarget/oa:hasSource ?p . "
        f"?p dcterms:isPartOf <{doc}> }}",
        ns,
    )
    assert len(reached) == in_document > 100
    # A passage lists its mentions and stances; a mention names its concept.
    passage = base[current_path(server, "passage")]
    text = crawl(str(passage))
    mentions = set(text.subjects(OA.hasTarget, None))
    assert mentions and all(str(m).startswith(str(passage) + "/m") for m in mentions)
    assert set(text.subjects(gsi.evidence, passage))  # its stances
    mention = sorted(mentions)[0]
    concept = rdflib.Graph().parse(str(mention), format="turtle").value(mention, OA.hasBody)
    assert concept is not None
    # And back: the concept's description names the passages and mentions that point to it.
    about = crawl(str(concept))
    assert (passage, gsi.mentions, concept) in about
    assert (mention, OA.hasBody, concept) in about


@pytest.mark.server
def test_many_incoming_links_come_in_pages(server: LiveServer) -> None:
    doc = f"{server.url}/doc/gsi-concept-paper"
    first = rdflib.Graph().parse(doc, format="turtle")
    following = first.value(rdflib.URIRef(doc), rdflib.RDFS.seeAlso)
    assert following is not None and str(following) == f"{doc}?page=1"
    assert (rdflib.URIRef(f"{doc}?page=0"), HYDRA.next, following) in first
    second = rdflib.Graph().parse(str(following), format="turtle")
    firsts = set(first.subjects(rdflib.DCTERMS.isPartOf, rdflib.URIRef(doc)))
    seconds = set(second.subjects(rdflib.DCTERMS.isPartOf, rdflib.URIRef(doc)))
    assert seconds and not firsts & seconds


@pytest.mark.server
def test_named_graphs_dereference_with_their_void_subset(server: LiveServer) -> None:
    void = rdflib.Graph().parse(f"{server.url}/.well-known/void", format="turtle")
    dataset = rdflib.URIRef(f"{server.url}/")
    assert void.value(dataset, rdflib.DCTERMS.license) is not None
    assert void.value(dataset, rdflib.DCTERMS.bibliographicCitation) is not None
    assert void.value(dataset, rdflib.OWL.versionInfo) is not None
    subsets = set(void.objects(dataset, rdflib.VOID.subset))
    assert len(subsets) > 5
    for graph_iri in sorted(subsets):
        status, media, body = get(str(graph_iri), "application/n-quads")
        assert status == 200 and media == "application/n-quads", graph_iri
        quads = list(pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_QUADS))
        about = {
            (q.predicate.value, q.object.value)
            for q in quads
            if q.subject == pyoxigraph.NamedNode(str(graph_iri))
            and q.graph_name == pyoxigraph.DefaultGraph()
        }
        triples = str(void.value(graph_iri, rdflib.VOID.triples))
        assert (str(rdflib.VOID.triples), triples) in about
        named = [q for q in quads if q.graph_name == pyoxigraph.NamedNode(str(graph_iri))]
        # Small graphs come whole; a large one points to the dumps instead.
        assert len(named) == int(triples) or any(p == str(rdflib.VOID.dataDump) for p, _ in about)
    assert get(f"{server.url}/graph/no-such-graph", "text/turtle")[0] == 404


def parts(out: Path) -> dict[str, set[str]]:
    """The passage IRIs of the build in ``out`` with their text, and their mentions' IRIs."""
    reader = open_reader(out)
    rows = reader.select(
        "SELECT ?p ?text ?m WHERE { ?p a gsi:Passage ; gsi:text ?text . "
        "OPTIONAL { ?m oa:hasTarget/oa:hasSource ?p } }"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(f"{row['p']}\t{row['text']}", set()).add(row["m"])
    return found


def test_an_edit_to_one_paragraph_keeps_the_iris_of_the_others(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPUS / "gsi-concept-paper.txt").read_text(encoding="utf-8")
    (corpus / "manifest.toml").write_text(
        '[paper]\nfile = "paper.txt"\ntitle_zh = "全球安全倡议概念文件"\ndate = 2023-02-21\n',
        encoding="utf-8",
    )
    (corpus / "paper.txt").write_text(text, encoding="utf-8")
    before = parts(build_real(tmp_path / "before", corpus=corpus))
    # Edit the tenth paragraph and insert a new one before it: every later passage moves.
    paragraphs = text.split("\n\n")
    index = [i for i, p in enumerate(paragraphs) if len(p) > 40 and "安全" in p][9]
    edited = paragraphs[index].strip().split("\n")[0]
    paragraphs[index] = paragraphs[index].replace("安全", "安全稳定", 1)
    paragraphs.insert(index, "中方愿同各方一道，推动落实全球安全倡议。")
    (corpus / "paper.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    after = parts(build_real(tmp_path / "after", corpus=corpus))
    changed = {k for k in before if edited in k.split("\t", 1)[1]}
    assert len(changed) == 1
    kept = set(before) - changed
    # Every other passage keeps its IRI, and its mentions theirs.
    assert kept <= set(after)
    assert all(after[k] == before[k] for k in kept)
    assert len(after) == len(before) + 1
    positions = open_reader(tmp_path / "after").select(
        "SELECT (MAX(?n) AS ?last) WHERE { ?p gsi:position ?n }"
    )
    assert int(positions[0]["last"]) == len(after)  # the position is kept as data
