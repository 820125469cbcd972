"""Operational and dataset endpoints: liveness, metrics, the VoID description, the dumps and the
OpenAPI description of the HTTP API (``endpoint/openapi.json``, https://spec.openapis.org/oas/v3.1.0)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    request,
    send_file,
    send_from_directory,
    url_for,
)

from endpoint import metrics
from endpoint.db import get_release
from endpoint.description import DatasetStats, compute_stats, void_description
from endpoint.negotiation import content_type, rdf_format
from kg.errors import NotFound
from kg.store import RdfFormat, Triple, serialize

bp = Blueprint("service", __name__)
OPENAPI = Path(__file__).with_name("openapi.json")


@bp.get("/health")
def health() -> Response:
    """200 with the served release while the store opens; 503 (via StoreError) otherwise."""
    opened = get_release()
    return jsonify(
        status="ok",
        release=opened.version,
        base_iri=opened.ns.base,
        built=opened.release.metadata().get("run_id"),
    )


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    return metrics.metrics_response()


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every route."""
    return send_file(OPENAPI, mimetype="application/json", max_age=3600)


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset, in the RDF format the client accepts."""
    chosen = rdf_format(request.headers.get("Accept"), request.args.get("format"))
    assert isinstance(chosen, RdfFormat)
    opened = get_release()
    dumps = [
        url_for("service.dump", name=path.name, _external=True)
        for path in sorted(opened.release.dumps_path.glob("*"))
        if path.is_file()
    ]
    triples = void_description(
        opened.ns, url_for("sparql.sparql", _external=True), dumps, dataset_stats()
    )
    response = rdf_response(triples, chosen)
    response.vary.add("Accept")
    return response


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A file of the served release's ``dumps/`` directory (no other path can be reached)."""
    folder = get_release().release.dumps_path
    if not (folder / name).is_file() or name.startswith("."):
        raise NotFound(f"no dump named {name!r}; see /.well-known/void for the list")
    fmt = RdfFormat.from_extension(name.rsplit(".", 1)[-1])
    return send_from_directory(
        folder, name, mimetype=fmt.media_type if fmt else None, as_attachment=True
    )


def dataset_stats() -> DatasetStats:
    """The counts of the served release, computed once per release in this process."""
    opened = get_release()
    cache: dict[str, DatasetStats] = current_app.extensions.setdefault("gsikg_stats", {})
    if opened.version not in cache:
        cache.clear()
        cache[opened.version] = compute_stats(opened.store, opened.ns)
    return cache[opened.version]


def rdf_response(triples: list[Triple], fmt: RdfFormat) -> Response:
    """``triples`` serialised by pyoxigraph in ``fmt``, with the served prefixes."""
    body = serialize(triples, format=fmt, prefixes=get_release().ns.prefixes())
    return Response(body, content_type=content_type(fmt.media_type))
