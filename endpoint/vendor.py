"""Front-end libraries from the npm registry (package.json pins them), served from the
``node_modules`` directory that setup installs: never copied into the repository, never a CDN.
Only the files named here can be reached."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory

from kg.errors import NotFound
from kg.settings import Settings

bp = Blueprint("vendor", __name__)

YASGUI_BUILD = Path("@zazuko") / "yasgui" / "build"
# Public name → path inside node_modules.
VENDOR_FILES = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    # fcose, the explorer's layout, with the two libraries it is built on (in loading order).
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


def _node_modules() -> Path:
    settings: Settings = current_app.config["GSIKG"]
    return settings.node_modules


@bp.get("/static/vendor/yasgui/<path:filename>")
def yasgui_asset(filename: str) -> Response:
    """YASGUI's built files (the query editor)."""
    folder = _node_modules() / YASGUI_BUILD
    if not folder.is_dir():
        raise NotFound(f"{folder} is missing: run `make setup` (npm ci) to install the UI")
    return send_from_directory(folder, filename, max_age=3600)


@bp.get("/static/vendor/<name>")
def vendor(name: str) -> Response:
    """cytoscape.js and its fcose layout (the explorer), Chart.js (canned-query charts)."""
    relative = VENDOR_FILES.get(name)
    if relative is None or not (_node_modules() / relative).is_file():
        raise NotFound(f"/static/vendor/{name}: not available (run `npm ci` for node_modules)")
    return send_from_directory(_node_modules(), relative, mimetype="text/javascript")
