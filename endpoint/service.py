"""Operational endpoints: liveness and the store version."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from endpoint.db import get_release

bp = Blueprint("service", __name__)


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
