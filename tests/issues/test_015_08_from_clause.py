"""Issue 15, finding 8: ``FROM`` and ``FROM NAMED`` were ignored (a count ``FROM`` a real graph
equalled the count ``FROM`` a graph that does not exist). The query's dataset clause now makes
its dataset, as SPARQL 1.1 §13.2 says; the protocol's ``default-graph-uri`` and
``named-graph-uri`` still override it."""

from __future__ import annotations

from flask.testing import FlaskClient

from kg.namespaces import Namespace

NS = Namespace()
DOC = NS.graph("gsi-concept-paper")


def count(client: FlaskClient, query: str, **dataset: str) -> int:
    response = client.get("/sparql", query_string={"query": query, **dataset})
    assert response.status_code == 200, response.data
    assert response.json is not None
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def test_from_names_the_default_graph(client: FlaskClient) -> None:
    everything = count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    one = count(client, f"SELECT (COUNT(*) AS ?n) FROM <{DOC}> {{ ?s ?p ?o }}")
    none = count(client, "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:9/nothing> { ?s ?p ?o }")
    assert 0 < one < everything and none == 0


def test_from_named_names_the_named_graphs(client: FlaskClient) -> None:
    named = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{DOC}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(client, named) == 1
    # with only FROM NAMED, the default graph is empty
    assert count(client, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{DOC}> {{ ?s ?p ?o }}") == 0


def test_the_protocol_dataset_overrides_the_query(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:9/nothing> { ?s ?p ?o }"
    assert count(client, query, **{"default-graph-uri": DOC}) > 0
