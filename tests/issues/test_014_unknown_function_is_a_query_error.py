"""Issue 14 (found while moving every read behind one door): a query calling a function the
engine does not know, ``FILTER <http://fn>(?o)``, made pyoxigraph raise ``RuntimeError``, which
the executor reported as an internal error: 500 for a client's mistake. It is a 400 now."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_an_unknown_function_is_a_query_error(client: FlaskClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o FILTER <http://127.0.0.1:9/fn>(?o) } LIMIT 1"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert response.json is not None and "not supported" in response.json["message"]
