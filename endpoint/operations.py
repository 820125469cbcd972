"""Operations: liveness, metrics, the OpenAPI description of the HTTP API
(``endpoint/openapi.json``, https://spec.openapis.org/oas/v3.1.0) and the release's dump files."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, jsonify, send_file, send_from_directory

from endpoint import metrics
from endpoint.release import get_release
from kg.errors import NotFound
from kg.store import RdfFormat

bp = Blueprint("operations", __name__)
OPENAPI = Path(__file__).with_name("openapi.json")


@bp.get("/health")
def health() -> Response:
    """200 with the served release while its metadata reads; 503 (StoreError) otherwise."""
    served = get_release()
    return jsonify(
        status="ok",
        release=served.version,
        base_iri=served.ns.base,
        built=served.release.metadata().get("run_id"),
    )


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    return metrics.metrics_response()


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every route."""
    return send_file(OPENAPI, mimetype="application/json", max_age=3600)


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A file of the served release's ``dumps/`` directory (no other path can be reached; a
    remote store has none)."""
    found = {path.name: path for path in get_release().release.dump_files()}
    if name not in found or name.startswith("."):
        raise NotFound(f"no dump named {name!r}; see /.well-known/void for the list")
    fmt = RdfFormat.from_extension(name.rsplit(".", 1)[-1])
    return send_from_directory(
        found[name].parent, name, mimetype=fmt.media_type if fmt else None, as_attachment=True
    )
