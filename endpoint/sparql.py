"""The SPARQL endpoint (https://www.w3.org/TR/sparql11-protocol/)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from endpoint.db import get_release
from kg.errors import UsageError
from kg.store import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    query_store,
    serialize,
)

bp = Blueprint("sparql", __name__)


def parse_query_request() -> str:
    """The query text of a GET or POST request; raise UsageError if there is none."""
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    values = request.values.getlist("query")
    if not values:
        raise UsageError("missing 'query' parameter")
    if len(values) > 1:
        raise UsageError("'query' given more than once")
    return values[0]


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    query = parse_query_request()
    opened = get_release()
    result = query_store(opened.store, query, prefixes=opened.ns.prefixes())
    if isinstance(result, (QuerySolutions, QueryBoolean)):
        body = result.serialize(format=QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")
    return Response(serialize(result, format=RdfFormat.TURTLE), mimetype="text/turtle")
