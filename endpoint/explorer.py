"""The interactive graph explorer (cytoscape.js) and the front-end libraries it needs.

The libraries come from the npm registry (package.json pins them) and are served from
``node_modules`` at ``/static/vendor/…``; they are never copied into the repository.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, send_from_directory

from endpoint import describe
from endpoint.db import get_release
from kg.errors import NotFound
from kg.export import BASE_CLASSES
from kg.settings import Settings

bp = Blueprint("explorer", __name__)

# Public name → path inside node_modules. Only these files are served.
VENDOR_FILES = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


@bp.get("/static/vendor/<name>")
def vendor(name: str) -> Response:
    settings: Settings = current_app.config["GSIKG"]
    relative = VENDOR_FILES.get(name)
    if relative is None or not (settings.node_modules / relative).is_file():
        raise NotFound(f"/static/vendor/{name}: not available (run `npm ci` for node_modules)")
    return send_from_directory(settings.node_modules, relative, mimetype="text/javascript")


@bp.get("/explorer")
def explorer() -> str:
    """Nodes coloured by class and sized by mentions; filters by document, class, weight."""
    opened = get_release()
    return render_template(
        "explorer.html",
        documents=describe.document_index(opened),
        classes=BASE_CLASSES,
        base=opened.ns.base,
    )
