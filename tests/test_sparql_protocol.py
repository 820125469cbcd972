"""The SPARQL endpoint through the Flask test client: the protocol's three ways to ask, format
negotiation, every error status, the read-only and SERVICE policies, CORS, the service and VoID
descriptions, dumps, the cache, the result cap and the body limit."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from endpoint import create_app
from endpoint.negotiation import RDF_FORMATS
from kg.errors import Forbidden
from kg.namespaces import SD, VOID, Namespace
from kg.read.sparql import check_query
from kg.read.tokenizer import Operation, operation, read_query, service_calls
from kg.settings import Settings
from kg.store import (
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)
from tests.conftest import build_corpus

NS = Namespace()
PASSAGES = "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"
DOCUMENTS = "SELECT ?doc ?id WHERE { ?doc a gsi:Document ; dcterms:identifier ?id } ORDER BY ?id"
CONSTRUCT = "CONSTRUCT { ?doc a gsi:Document } WHERE { ?doc a gsi:Document }"


def make_app(settings: Settings, **changes: object) -> Flask:
    app = create_app(dataclasses.replace(settings, **changes))  # type: ignore[arg-type]
    app.config["TESTING"] = True
    return app


@pytest.fixture(scope="module")
def query_app(settings: Settings) -> Iterator[Flask]:
    app = make_app(settings)
    yield app
    app.extensions["gsikg_reads"].close()


@pytest.fixture()
def http(query_app: Flask) -> FlaskClient:
    return query_app.test_client()


def count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def triples(body: bytes, fmt: RdfFormat) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in parse(body, format=fmt)}


# --- the three ways to send a query -------------------------------------------------------------


def test_get_form_post_and_direct_post_agree(http: FlaskClient) -> None:
    by_get = http.get("/sparql", query_string={"query": PASSAGES})
    by_form = http.post("/sparql", data={"query": PASSAGES})
    by_body = http.post("/sparql", data=PASSAGES, content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert count(by_get.data) == count(by_form.data) == count(by_body.data) > 100


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/turtle, text/*;q=0.8", "text/csv"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(http: FlaskClient, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", query_string={"query": DOCUMENTS}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


def test_select_results_parse_in_every_format(http: FlaskClient) -> None:
    expected = [
        [b["doc"]["value"], b["id"]["value"]]
        for b in json.loads(http.get("/sparql", query_string={"query": DOCUMENTS}).data)["results"][
            "bindings"
        ]
    ]
    assert len(expected) == 5
    for name, fmt in [("xml", QueryResultsFormat.XML), ("tsv", QueryResultsFormat.TSV)]:
        body = http.get("/sparql", query_string={"query": DOCUMENTS, "format": name}).data
        solutions = parse_query_results(body, fmt)
        assert isinstance(solutions, QuerySolutions)
        assert [[s["doc"].value, s["id"].value] for s in solutions] == expected
    body = http.get("/sparql", query_string={"query": DOCUMENTS, "format": "csv"}).data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["doc", "id"] and rows[1:] == expected


def test_ask_in_json_and_xml(http: FlaskClient) -> None:
    ask = "ASK { ?d a gsi:Document }"
    assert json.loads(http.get("/sparql", query_string={"query": ask}).data)["boolean"] is True
    xml = http.get(
        "/sparql", query_string={"query": ask}, headers={"Accept": "application/sparql-results+xml"}
    ).data
    boolean = ET.fromstring(xml).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert boolean is not None and boolean.text == "true"


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_construct_in_every_rdf_format(http: FlaskClient, fmt: RdfFormat) -> None:
    response = http.post(
        "/sparql",
        data=CONSTRUCT,
        content_type="application/sparql-query",
        headers={"Accept": fmt.media_type},
    )
    assert response.status_code == 200 and response.mimetype == fmt.media_type
    got = triples(response.data, fmt)
    assert len(got) == 5
    assert all(t.object == NamedNode(NS.term("Document")) for t in got)


def test_construct_defaults_to_turtle_and_format_parameter_wins(http: FlaskClient) -> None:
    plain = http.get("/sparql", query_string={"query": CONSTRUCT})
    assert plain.mimetype == "text/turtle"
    forced = http.get(
        "/sparql",
        query_string={"query": CONSTRUCT, "format": "jsonld"},
        headers={"Accept": "text/turtle"},
    )
    assert forced.mimetype == "application/ld+json"
    assert triples(forced.data, RdfFormat.JSON_LD) == triples(plain.data, RdfFormat.TURTLE)


def test_nothing_acceptable_is_406(http: FlaskClient) -> None:
    for query in (DOCUMENTS, CONSTRUCT):
        response = http.get(
            "/sparql", query_string={"query": query}, headers={"Accept": "image/png"}
        )
        assert response.status_code == 406
        assert "image/png" in response.get_json()["message"]


# --- errors ---------------------------------------------------------------------------------------


def test_syntax_error_is_400_with_position(http: FlaskClient) -> None:
    response = http.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    assert "line 2, column" in response.get_json()["message"]


@pytest.mark.parametrize(
    ("kwargs", "status", "fragment"),
    [
        ({"method": "POST", "data": {"default-graph-uri": "http://x/"}}, 400, "missing"),
        ({"method": "GET", "query_string": {"query": "  "}}, 400, "empty"),
        ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 415, "text/plain"),
        ({"method": "POST", "data": "query=ASK%20%7B%7D"}, 415, "no Content-Type"),
        (
            {
                "method": "POST",
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
            "UTF-8",
        ),
        (
            {"method": "GET", "query_string": {"query": "ASK {}", "update": "CLEAR ALL"}},
            400,
            "both",
        ),
        (
            {"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "more than once",
        ),
        (
            {
                "method": "POST",
                "data": "ASK {}",
                "content_type": "application/sparql-query",
                "query_string": {"query": "ASK {}"},
            },
            400,
            "more than once",
        ),
        ({"method": "GET", "query_string": {"query": "ASK {}", "format": "docx"}}, 400, "docx"),
        (
            {
                "method": "GET",
                "query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"},
            },
            400,
            "absolute IRI",
        ),
        ({"method": "PUT", "query_string": {"query": "ASK {}"}}, 405, ""),
    ],
)
def test_error_statuses(
    http: FlaskClient, kwargs: dict[str, object], status: int, fragment: str
) -> None:
    response = http.open("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    body = response.get_json()
    assert body["status"] == status and fragment in body["message"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"},
        {"method": "GET", "query_string": {"query": "INSERT DATA { <http://a> <http://b> 1 }"}},
        {
            "method": "POST",
            "data": "PREFIX x: <http://x/> # comment\nDELETE WHERE { ?s ?p ?o }",
            "content_type": "application/sparql-query",
        },
    ],
)
def test_updates_are_forbidden_and_change_nothing(
    http: FlaskClient, kwargs: dict[str, object]
) -> None:
    before = count(http.get("/sparql", query_string={"query": PASSAGES}).data)
    response = http.open("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "read-only" in response.get_json()["message"]
    assert count(http.post("/sparql", data={"query": PASSAGES + " "}).data) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://169.254.169.254/latest> { ?s ?p ?o } }",
        "select * where { service silent <http://internal.example/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://internal.example/>\nSELECT * { SeRvIcE ex:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://a.example/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { # SERVICE in a comment does not hide the real one\n"
        "SERVICE <http://x.example/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_by_default(http: FlaskClient, query: str) -> None:
    response = http.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.get_json()["message"]


def test_service_word_in_strings_iris_and_names_is_not_federation(http: FlaskClient) -> None:
    query = (
        'SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) '
        "OPTIONAL { ?service <http://example.org/SERVICE> ?x } } # SERVICE <http://y/>"
    )
    assert http.get("/sparql", query_string={"query": query}).status_code == 200


def test_service_policy_allowlist() -> None:
    prefixes = NS.prefixes()
    allowed = ("https://query.wikidata.org/",)
    check_query(
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", allowed, prefixes
    )
    with pytest.raises(Forbidden, match="allowed endpoint prefixes"):
        check_query(
            "SELECT * { SERVICE <https://query.wikidata.org.evil/x> { ?s ?p ?o } }",
            allowed,
            prefixes,
        )
    with pytest.raises(Forbidden, match="variable"):
        check_query("SELECT * { SERVICE ?x { ?s ?p ?o } }", allowed, prefixes)
    calls = service_calls(read_query("SELECT * { SERVICE gsi:x {} SERVICE nope:x {} }"), prefixes)
    assert [call.target for call in calls] == [NS.term("x"), None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * {}", Operation.SELECT),
        ("PREFIX a: <http://a/> BASE <http://b/> construct { } where {}", Operation.CONSTRUCT),
        ("# INSERT\nASK {}", Operation.ASK),
        ("DESCRIBE <http://x>", Operation.DESCRIBE),
        ("PREFIX insert: <http://a/>\nWITH <http://g> DELETE { } WHERE { }", Operation.UPDATE),
        ("LOAD <http://x>", Operation.UPDATE),
        ("ASKK {}", Operation.UNKNOWN),
        ("", Operation.UNKNOWN),
    ],
)
def test_operation(text: str, expected: Operation) -> None:
    assert operation(text) is expected


# --- dataset --------------------------------------------------------------------------------------


def test_default_graph_is_the_union_and_protocol_dataset_overrides_it(http: FlaskClient) -> None:
    union = count(http.get("/sparql", query_string={"query": PASSAGES}).data)
    per_graph = 0
    for doc in ("gsi-concept-paper", "cd-speech-2021"):
        response = http.get(
            "/sparql", query_string={"query": PASSAGES, "default-graph-uri": NS.graph(doc)}
        )
        per_graph += count(response.data)
    both = http.get(
        "/sparql",
        query_string=[
            ("query", PASSAGES),
            ("default-graph-uri", NS.graph("gsi-concept-paper")),
            ("default-graph-uri", NS.graph("cd-speech-2021")),
        ],
    )
    assert 0 < count(both.data) == per_graph < union
    only_named = http.get(
        "/sparql",
        query_string={
            "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": NS.graph("gsi-concept-paper"),
        },
    )
    assert count(only_named.data) == 1
    no_default = http.get(
        "/sparql",
        query_string={"query": PASSAGES, "named-graph-uri": NS.graph("gsi-concept-paper")},
    )
    assert count(no_default.data) == 0  # the protocol dataset has an empty default graph


# --- policy limits: cap, body, time ---------------------------------------------------------------


def test_result_cap_is_signalled(settings: Settings) -> None:
    app = make_app(settings, max_results=5)
    try:
        client = app.test_client()
        for query in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code == 413
            assert "more than 5" in response.get_json()["message"]
        ok = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 5"})
        assert ok.status_code == 200
        assert len(json.loads(ok.data)["results"]["bindings"]) == 5
    finally:
        app.extensions["gsikg_reads"].close()


def test_request_body_limit(settings: Settings) -> None:
    app = make_app(settings, max_body=1000)
    try:
        padded = "ASK {}" + " " * 2000
        client = app.test_client()
        direct = client.post("/sparql", data=padded, content_type="application/sparql-query")
        form = client.post("/sparql", data={"query": padded})
        assert direct.status_code == form.status_code == 413
        small = client.post("/sparql", data="ASK {}", content_type="application/sparql-query")
        assert small.status_code == 200
    finally:
        app.extensions["gsikg_reads"].close()


# --- cache ----------------------------------------------------------------------------------------


def test_identical_requests_are_answered_from_the_cache(http: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(isLiteral(?o)) }"
    first = http.get("/sparql", query_string={"query": query})
    second = http.post("/sparql", data={"query": query})
    other_format = http.get("/sparql", query_string={"query": query, "format": "csv"})
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit" and second.data == first.data
    assert other_format.headers["X-Cache"] == "miss"


# --- CORS -----------------------------------------------------------------------------------------


def test_cors(http: FlaskClient) -> None:
    response = http.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://other.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = http.options(
        "/sparql",
        headers={
            "Origin": "https://other.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


# --- descriptions ---------------------------------------------------------------------------------


def test_service_description(http: FlaskClient) -> None:
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = triples(response.data, RdfFormat.TURTLE)
    service = NamedNode("http://localhost/sparql")
    assert Triple(service, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph")) in graph
    assert (
        Triple(service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query"))
        in graph
    )
    names = {t.object for t in graph if t.predicate == NamedNode(SD + "name")}
    assert NamedNode(NS.graph("gsi-concept-paper")) in names
    jsonld = http.get("/sparql", headers={"Accept": "application/ld+json"})
    assert len(triples(jsonld.data, RdfFormat.JSON_LD)) == len(graph)


def test_browsers_get_the_ui_at_sparql(http: FlaskClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = http.get("/sparql", headers={"Accept": browser})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert b"yasgui.min.js" in response.data
    home = http.get("/", headers={"Accept": browser})  # the home page, not the editor
    assert home.status_code == 200 and b"yasgui.min.js" not in home.data
    with http.get("/static/vendor/yasgui/yasgui.min.js") as asset:
        assert asset.status_code == 200
    assert http.get("/static/vendor/yasgui/../../package.json").status_code == 404


def test_void(http: FlaskClient, settings: Settings) -> None:
    response = http.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = triples(response.data, RdfFormat.TURTLE)
    dataset = NamedNode(NS.base)

    def value(subject: NamedNode, prop: str) -> set[str]:
        return {t.object.value for t in graph if t.subject == subject and t.predicate.value == prop}

    # Distinct triples of the union: a triple stated in two document graphs counts once.
    distinct = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    total = http.get("/sparql", query_string={"query": distinct})
    assert value(dataset, VOID + "triples") == {str(count(total.data))}
    assert int(value(dataset, VOID + "entities").pop()) > 100
    partitions = value(dataset, VOID + "classPartition")
    assert len(partitions) == int(value(dataset, VOID + "classes").pop()) > 5
    assert NS.term("Passage") in {
        t.object.value for t in graph if t.predicate.value == VOID + "class"
    }
    assert len(value(dataset, VOID + "propertyPartition")) > 5
    assert NS.graph("gsi-concept-paper") in value(dataset, VOID + "subset")
    assert NS.document("gsi-concept-paper") in value(dataset, VOID + "exampleResource")
    dumps = sorted(value(dataset, VOID + "dataDump"))
    on_disk = sorted(p.name for p in (settings.out / "current" / "dumps").iterdir())
    assert [d.rsplit("/", 1)[1] for d in dumps] == on_disk
    with http.get(dumps[0].replace("http://localhost", "")) as nquads:
        assert nquads.status_code == 200 and len(nquads.data) > 1000
    assert http.get("/dumps/..%2Frelease.json").status_code == 404
    assert http.get("/dumps/nothing.nq").status_code == 404


# --- operations -----------------------------------------------------------------------------------


def test_health_and_metrics(http: FlaskClient) -> None:
    health = http.get("/health").get_json()
    assert health["status"] == "ok" and health["release"]
    http.get("/sparql", query_string={"query": "SELECT * WHERE {"})
    text = http.get("/metrics").data.decode()
    assert 'gsikg_http_requests_total{method="GET",route="/sparql",status="400"}' in text
    assert 'gsikg_errors_total{error="Query error"}' in text
    assert "gsikg_http_request_seconds_bucket" in text
    assert "gsikg_query_timeouts_total" in text


def test_a_new_release_is_queried_without_restart(
    corpus_copy: Path, tmp_path: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    build_corpus(corpus_copy, out)
    app = make_app(settings, out=out)
    try:
        client = app.test_client()
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?d a gsi:Document }"
        assert count(client.get("/sparql", query_string={"query": query}).data) == 5
        source = corpus_copy / "gsi-concept-paper.txt"
        (corpus_copy / "extra-document.txt").write_text(
            source.read_text(encoding="utf-8"), encoding="utf-8"
        )
        build_corpus(corpus_copy, out)  # publishes a new release; the app is not restarted
        after = client.get("/sparql", query_string={"query": query})
        assert count(after.data) == 6 and after.headers["X-Cache"] == "miss"
    finally:
        app.extensions["gsikg_reads"].close()
