"""The W3C SPARQL 1.1 Protocol test suite, against the real server.

Source: w3c/rdf-tests, ``sparql/sparql11/protocol/manifest.ttl`` (34 entries). Each entry is one
test below, named after it, sending the same request (method, path, headers, body) over raw HTTP.

How entries are adapted:

- The suite's dataset tests load ``data1.rdf``–``data3.rdf`` as named graphs, each holding the
  triple ``<dataN.rdf> a ?type``. Our store is read-only, so three of our own named graphs play
  their part: ``graph/gsi-concept-paper``, ``graph/cd-speech-2021`` and ``graph/gsi-article-2024``,
  each holding ``<doc/…> a gsi:Document``; the queries name those documents instead.
- ``query_multiple_dataset`` percent-encodes the ``&`` between its two ``named-graph-uri``
  parameters, which makes one IRI of both; we send the two parameters its comment describes.
- The seven update tests (``update_*``) expect a 2xx from a writable store. This endpoint is
  read-only by design, so each gets 403, and the follow-up query shows nothing changed.
- The ``bad_*`` tests expect any 4xx; we check the exact status we document.

Not covered: nothing; every entry has a test.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from dataclasses import dataclass

import pytest

from kg.namespaces import Namespace
from tests.conftest import LiveServer

pytestmark = pytest.mark.server

NS = Namespace()
G1, G2, G3 = (NS.graph(d) for d in ("gsi-concept-paper", "cd-speech-2021", "gsi-article-2024"))
D1, D2, D3 = (NS.document(d) for d in ("gsi-concept-paper", "cd-speech-2021", "gsi-article-2024"))
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"}


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes

    @property
    def boolean(self) -> bool:
        assert self.media_type == "application/sparql-results+json"
        value = json.loads(self.body)["boolean"]
        assert isinstance(value, bool)
        return value


def send(
    server: LiveServer,
    method: str,
    params: list[tuple[str, str]] | None = None,
    body: bytes | str | None = None,
    content_type: str | None = None,
) -> Reply:
    """One raw HTTP request to ``/sparql`` (http.client adds no Content-Type of its own)."""
    path = "/sparql" + ("?" + urllib.parse.urlencode(params) if params else "")
    headers = {"Content-Type": content_type} if content_type else {}
    data = body.encode("utf-8") if isinstance(body, str) else body
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
        return Reply(response.status, media_type, response.read())
    finally:
        connection.close()


def ask_true(reply: Reply) -> None:
    assert reply.status == 200 and reply.media_type in BOOLEAN_TYPES
    assert reply.boolean is True


# --- query tests ----------------------------------------------------------------------------------


def test_query_post_form(live_server: LiveServer) -> None:
    body = urllib.parse.urlencode({"query": "ASK {}"})
    form = "application/x-www-form-urlencoded"
    ask_true(send(live_server, "POST", [("default-graph-uri", DATA0)], body, form))


def test_query_dataset_default_graphs_get(live_server: LiveServer) -> None:
    query = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
    params = [("query", query), ("default-graph-uri", G1), ("default-graph-uri", G2)]
    ask_true(send(live_server, "GET", params))


def test_query_dataset_default_graphs_post(live_server: LiveServer) -> None:
    query = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
    params = [("default-graph-uri", G1), ("default-graph-uri", G2)]
    ask_true(send(live_server, "POST", params, query, "application/sparql-query"))
    only_g1 = send(live_server, "POST", params[:1], query, "application/sparql-query")
    assert only_g1.boolean is False  # the protocol dataset really is the default graph


def test_query_dataset_named_graphs_post(live_server: LiveServer) -> None:
    query = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    params = [("named-graph-uri", G1), ("named-graph-uri", G2)]
    ask_true(send(live_server, "POST", params, query, "application/sparql-query"))


def test_query_dataset_named_graphs_get(live_server: LiveServer) -> None:
    query = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    params = [("query", query), ("named-graph-uri", G1), ("named-graph-uri", G2)]
    ask_true(send(live_server, "GET", params))


def test_query_dataset_full(live_server: LiveServer) -> None:
    query = (
        f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n"
        f"  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}"
    )
    params = [("default-graph-uri", G3), ("named-graph-uri", G1), ("named-graph-uri", G2)]
    ask_true(send(live_server, "POST", params, query, "application/sparql-query"))


def test_query_multiple_dataset(live_server: LiveServer) -> None:
    query = f"ASK FROM <{G3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
    params = [("named-graph-uri", G1), ("named-graph-uri", G2)]
    ask_true(send(live_server, "POST", params, query, "application/sparql-query"))
    # and the protocol's default graph replaces the query's FROM
    overridden = f"ASK FROM <{G3}> {{ <{D1}> a ?type }}"
    ask_true(send(live_server, "GET", [("query", overridden), ("default-graph-uri", G1)]))


def test_query_get(live_server: LiveServer) -> None:
    ask_true(send(live_server, "GET", [("query", "ASK {}"), ("default-graph-uri", DATA0)]))


def test_query_content_type_select(live_server: LiveServer) -> None:
    params = [("default-graph-uri", DATA0)]
    reply = send(live_server, "POST", params, "SELECT (1 AS ?value) {}", "application/sparql-query")
    assert reply.status == 200 and reply.media_type in TABULAR_TYPES
    assert json.loads(reply.body)["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(live_server: LiveServer) -> None:
    params = [("default-graph-uri", DATA0)]
    reply = send(live_server, "POST", params, "ASK {}", "application/sparql-query")
    assert reply.status == 200 and reply.media_type in BOOLEAN_TYPES


@pytest.mark.parametrize(
    "query", ["DESCRIBE <http://example.org/>", "CONSTRUCT { <s> <p> 1 } WHERE {}"]
)
def test_query_content_type_describe_and_construct(live_server: LiveServer, query: str) -> None:
    params = [("default-graph-uri", DATA0)]
    reply = send(live_server, "POST", params, query, "application/sparql-query")
    assert reply.status == 200 and reply.media_type in RDF_TYPES


def test_query_post_direct(live_server: LiveServer) -> None:
    ask_true(send(live_server, "POST", None, "ASK {}", "application/sparql-query"))


# --- update tests: the read-only answer -----------------------------------------------------------

UPDATE = "application/sparql-update"
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("name", "params", "body", "content_type"),
    [
        (
            "update_dataset_default_graph",
            [("using-graph-uri", G1)],
            f"CLEAR ALL ; INSERT DATA {{ GRAPH <{G1}> {{ <{D1}> a <http://x/Doc> }} }}",
            UPDATE,
        ),
        (
            "update_dataset_default_graphs",
            [("using-graph-uri", G1), ("using-graph-uri", G2)],
            "DROP ALL ; INSERT { GRAPH <http://example.org/t/> { ?s a <http://x/R> } } "
            "WHERE { ?s a <http://x/Doc> }",
            UPDATE,
        ),
        (
            "update_dataset_named_graphs",
            [("using-named-graph-uri", G1), ("using-named-graph-uri", G2)],
            "DROP ALL ; INSERT { GRAPH <http://example.org/t/> { ?s a <http://x/R> } } "
            "WHERE { GRAPH ?g { ?s a <http://x/Doc> } }",
            UPDATE,
        ),
        (
            "update_dataset_full",
            [("using-graph-uri", G1), ("using-named-graph-uri", G2)],
            "DROP ALL ; INSERT DATA { GRAPH <http://example.org/t/> "
            "{ <http://x/s> <http://x/p> 1 } }",
            UPDATE,
        ),
        ("update_post_form", None, "update=CLEAR+ALL", FORM),
        ("update_post_direct", None, "CLEAR ALL", UPDATE),
        (
            "update_base_uri",
            None,
            "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
            "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
            "{ <http://example.org/s> <http://example.org/p> <test> } }",
            UPDATE,
        ),
    ],
)
def test_updates_get_the_read_only_answer(
    live_server: LiveServer,
    name: str,
    params: list[tuple[str, str]] | None,
    body: str,
    content_type: str,
) -> None:
    reply = send(live_server, "POST", params, body, content_type)
    assert reply.status == 403, name
    assert "read-only" in json.loads(reply.body)["message"]
    ask_true(send(live_server, "GET", [("query", f"ASK {{ <{D1}> a gsi:Document }}")]))
    inserted = "ASK { GRAPH ?g { ?s a <http://x/Doc> } }"
    assert send(live_server, "GET", [("query", inserted)]).boolean is False


# --- bad requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "params", "body", "content_type", "status"),
    [
        (
            "bad_query_method",
            "PUT",
            [("query", "ASK {}"), ("default-graph-uri", DATA0)],
            None,
            FORM,
            405,
        ),
        (
            "bad_multiple_queries",
            "GET",
            [("query", "ASK {}"), ("query", "SELECT * {}")],
            None,
            None,
            400,
        ),
        ("bad_query_wrong_media_type", "POST", None, "ASK {}", "text/plain", 415),
        ("bad_query_missing_form_type", "POST", None, "query=ASK%20%7B%7D", None, 415),
        ("bad_query_missing_direct_type", "POST", None, "ASK {}", None, 415),
        (
            "bad_query_non_utf8",
            "POST",
            None,
            "ASK {}".encode("utf-16"),
            "application/sparql-query; charset=UTF-16",
            415,
        ),
        ("bad_query_syntax", "GET", [("query", "ASK {")], None, None, 400),
        ("bad_update_get", "GET", [("update", "CLEAR ALL")], None, None, 403),
        (
            "bad_multiple_updates",
            "POST",
            None,
            "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
            FORM,
            403,
        ),
        ("bad_update_wrong_media_type", "POST", None, "CLEAR NAMED", "text/plain", 415),
        ("bad_update_missing_form_type", "POST", None, "update=CLEAR%20NAMED", None, 415),
        (
            "bad_update_non_utf8",
            "POST",
            None,
            "CLEAR NAMED".encode("utf-16"),
            "application/sparql-update; charset=UTF-16",
            403,
        ),
        ("bad_update_syntax", "POST", None, "update=CLEAR%20XYZ", FORM, 403),
        (
            "bad_update_dataset_conflict",
            "POST",
            [("using-named-graph-uri", "http://example/people")],
            "WITH <http://example/addresses> DELETE { ?p <http://x/n> 'Bill' } "
            "INSERT { ?p <http://x/n> 'William' } WHERE { ?p <http://x/n> 'Bill' }",
            UPDATE,
            403,
        ),
    ],
)
def test_bad_requests(
    live_server: LiveServer,
    name: str,
    method: str,
    params: list[tuple[str, str]] | None,
    body: str | bytes | None,
    content_type: str | None,
    status: int,
) -> None:
    reply = send(live_server, method, params, body, content_type)
    assert reply.status == status, name
