"""The two networks for graph tools over HTTP (``/exports/{network}.{format}``), and the explorer
that draws one of them in the browser.

``network`` is ``cooccurrence`` or ``document-concept``; ``format`` is ``graphml``, ``gexf``,
``cyjs`` (Cytoscape.js JSON), ``nodes.csv`` or ``edges.csv``. ``?document=ID`` restricts to one
document, ``?scope=sentence`` counts co-occurrence in sentences instead of passages. A
whole-corpus export is the file the build wrote into the release
(:func:`kg.read.exports.stored_export`); one document's is built by a read through the door
(:func:`kg.read.exports.export_file`), as is any export of a release without the files.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, send_file

from endpoint.pages.models import document_index
from endpoint.release import get_release, read
from kg.errors import NotFound
from kg.read.exports import BASE_CLASSES, ExportFormat, NetworkKind, export_file, stored_export

bp = Blueprint("exports", __name__)


def parse_export_name(filename: str) -> tuple[NetworkKind, ExportFormat]:
    """``cooccurrence.graphml`` → (network, format); raise NotFound for anything else.

    >>> parse_export_name("cooccurrence.nodes.csv")
    (<NetworkKind.COOCCURRENCE: 'cooccurrence'>, <ExportFormat.NODES_CSV: 'nodes.csv'>)
    """
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
    document = request.args.get("document") or None
    scope = request.args.get("scope", "passage")
    stored = None if document else stored_export(get_release().release, kind, fmt, scope)
    if stored is not None:
        return send_file(stored, mimetype=fmt.media_type, download_name=filename)
    exported = read(export_file, kind, fmt, document, scope)
    response = Response(exported.data, mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/explorer")
def explorer() -> str:
    """Nodes coloured by class and sized by mentions; filters by document, class, weight."""
    return render_template(
        "explorer.html",
        documents=read(document_index).rows,
        classes=BASE_CLASSES,
        base=get_release().ns.base,
    )
