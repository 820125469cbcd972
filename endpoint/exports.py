"""The two networks for graph tools over HTTP: ``/exports/{network}.{format}``.

``network`` is ``cooccurrence`` or ``document-concept``; ``format`` is ``graphml``, ``gexf``,
``cyjs`` (Cytoscape.js JSON), ``nodes.csv`` or ``edges.csv``. ``?document=ID`` restricts to one
document, ``?scope=sentence`` counts co-occurrence in sentences instead of passages.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from endpoint.db import get_release
from kg.errors import NotFound
from kg.export import ExportFormat, NetworkKind, build_network, write_network

bp = Blueprint("exports", __name__)


def parse_export_name(filename: str) -> tuple[NetworkKind, ExportFormat]:
    """``cooccurrence.graphml`` → (network, format); raise NotFound for anything else."""
    for kind in NetworkKind:
        for fmt in ExportFormat:
            if filename == f"{kind.value}.{fmt.value}":
                return kind, fmt
    raise NotFound(f"/exports/{filename}: no such export (see /exports)")


@bp.get("/exports")
def index() -> str:
    return render_template(
        "exports.html", kinds=list(NetworkKind), export_formats=list(ExportFormat)
    )


@bp.get("/exports/<filename>")
def export(filename: str) -> Response:
    kind, fmt = parse_export_name(filename)
    opened = get_release()
    network = build_network(
        opened.store,
        opened.ns,
        kind,
        document=request.args.get("document") or None,
        scope=request.args.get("scope", "passage"),
    )
    response = Response(write_network(network, fmt), mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
