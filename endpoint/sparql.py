"""The SPARQL endpoint (https://www.w3.org/TR/sparql11-protocol/): queries, and the service
description (or the query UI, for browsers) when no query is given."""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, request, url_for

from endpoint.db import get_release
from endpoint.description import Limits, service_description
from endpoint.negotiation import HTML, content_type, rdf_format
from endpoint.protocol import parse_protocol_request
from endpoint.query_service import QueryService
from endpoint.service import dataset_stats, rdf_response
from endpoint.ui import ui_page
from kg.settings import Settings
from kg.store import RdfFormat

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    started = time.monotonic()
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
    service: QueryService = current_app.extensions["gsikg_queries"]
    answered = service.answer(
        parsed, get_release(), request.headers.get("Accept"), started, request.base_url
    )
    response = Response(answered.answer.body, content_type=content_type(answered.answer.media_type))
    response.headers["X-Cache"] = "hit" if answered.cached else "miss"
    response.vary.add("Accept")
    return response


def describe_service(fmt: str | None) -> Response:
    """The SPARQL service description in an RDF format, or the query UI for browsers."""
    chosen = rdf_format(request.headers.get("Accept"), fmt, html=True)
    if chosen == HTML:
        return ui_page()
    assert isinstance(chosen, RdfFormat)
    settings: Settings = current_app.config["GSIKG"]
    limits = Limits(settings.query_timeout, settings.max_results, bool(settings.service_allowlist))
    triples = service_description(
        url_for("sparql.sparql", _external=True),
        url_for("service.void", _external=True),
        dataset_stats(),
        limits,
    )
    response = rdf_response(triples, chosen)
    response.vary.add("Accept")
    return response
