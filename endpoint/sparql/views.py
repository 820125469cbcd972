"""The SPARQL endpoint (https://www.w3.org/TR/sparql11-protocol/): queries; the service
description (or the query editor, for browsers) when no query is given; the VoID description.

A query request's path: parse (:mod:`endpoint.sparql.protocol`) → check its tokens
(:func:`kg.read.sparql.check_query`) → choose the format (:mod:`endpoint.negotiation`) → read it
through the door (:func:`endpoint.release.read`: cache, executor, limits) → respond.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request, url_for

from endpoint.negotiation import (
    content_type,
    negotiated,
    rdf_format,
    results_format,
    wants_html,
)
from endpoint.release import get_release, read, read_noting
from endpoint.sparql.description import Limits, service_description, void_description
from endpoint.sparql.protocol import ProtocolRequest, parse_protocol_request
from endpoint.sparql.ui import ui_page
from kg.read.sparql import SparqlRequest, answer_query, check_query, is_deterministic
from kg.read.stats import dataset_stats
from kg.read.tokenizer import Operation, QueryText
from kg.settings import Settings
from kg.store import QueryResultsFormat, RdfFormat, Triple, serialize

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    parsed = parse_protocol_request(
        request.method,
        request.mimetype,
        request.mimetype_params.get("charset"),
        request.args.to_dict(flat=False),
        lambda: request.form.to_dict(flat=False),
        request.get_data,
    )
    if parsed.query is None:
        return describe_service(parsed.format)
    settings: Settings = current_app.config["GSIKG"]
    text = check_query(
        parsed.query, settings.service_allowlist, get_release().ns.prefixes(), request.base_url
    )
    media_type = answer_media_type(text, parsed)
    query = SparqlRequest.of(text, media_type, parsed.dataset, request.base_url)
    deterministic = is_deterministic(text)
    answer, cached = read_noting(answer_query, query, cache=deterministic)
    response = Response(answer.body, content_type=content_type(answer.media_type))
    if deterministic:  # X-Cache marks an answer the HTTP answer cache may keep
        response.headers["X-Cache"] = "hit" if cached else "miss"
    else:
        response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def answer_media_type(text: QueryText, parsed: ProtocolRequest) -> str:
    """The media type to answer in, from ``format=`` or ``Accept`` and the query form."""
    accept = request.headers.get("Accept")
    if text.operation.returns_graph:
        return rdf_format(accept, parsed.format).media_type
    if text.operation is Operation.UNKNOWN:  # a syntax error follows; say that rather than 406
        return QueryResultsFormat.JSON.media_type
    return results_format(accept, parsed.format).media_type


def describe_service(fmt: str | None) -> Response:
    """The SPARQL service description in an RDF format, or the query editor for browsers."""
    accept = request.headers.get("Accept")
    if wants_html(accept, fmt):
        return ui_page()
    chosen = rdf_format(accept, fmt)
    settings: Settings = current_app.config["GSIKG"]
    limits = Limits(settings.query_timeout, settings.max_results, bool(settings.service_allowlist))
    triples = service_description(
        url_for("sparql.sparql", _external=True),
        url_for("sparql.void", _external=True),
        read(dataset_stats),
        limits,
    )
    return rdf_response(triples, chosen)


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset, in the RDF format the client accepts."""
    chosen = rdf_format(request.headers.get("Accept"), request.args.get("format"))
    served = get_release()
    dumps = [
        url_for("operations.dump", name=path.name, _external=True)
        for path in served.release.dump_files()
    ]
    triples = void_description(
        served.ns,
        url_for("sparql.sparql", _external=True),
        dumps,
        read(dataset_stats),
        str(served.release.metadata().get("run_id") or served.version),  # the build run
    )
    return rdf_response(triples, chosen)


def rdf_response(triples: list[Triple], fmt: RdfFormat) -> Response:
    """``triples`` serialised by pyoxigraph in ``fmt``, with the served prefixes."""
    body = serialize(triples, format=fmt, prefixes=get_release().ns.prefixes())
    assert body is not None  # given no output, pyoxigraph returns the bytes
    return negotiated(body, fmt.media_type)
