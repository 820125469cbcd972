"""The query UI: YASGUI (``@zazuko/yasgui`` from npm, served from the project's node_modules) with
our prefixes preloaded and the canned queries of ``queries/*.rq`` (:mod:`kg.canned`) offered as
examples. Their parameters are left unbound there (a parameter variable then matches anything);
``/queries/NAME`` runs them with values.

The page's configuration is JSON in a ``<script type="application/json">`` element, not an inline
script, so the app-wide Content-Security-Policy (:mod:`endpoint.security`) needs no exception.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, send_from_directory, url_for

from endpoint.db import get_release
from kg.canned import load_queries
from kg.errors import NotFound
from kg.settings import Settings

bp = Blueprint("ui", __name__)

YASGUI_BUILD = Path("@zazuko") / "yasgui" / "build"
DEFAULT_QUERY = """SELECT ?doc ?id ?title ?date WHERE {
  ?doc a gsi:Document ; dcterms:identifier ?id ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
  FILTER(LANG(?title) = "zh")
} ORDER BY ?date"""
_DECLARED = re.compile(r"PREFIX\s+([\w.-]*):", re.IGNORECASE)


def with_prefix_declarations(query: str, prefixes: dict[str, str]) -> str:
    """``query`` with ``PREFIX`` lines for the predeclared prefixes it uses but does not declare
    (the server would accept it without them; the editor's syntax check would not)."""
    declared = set(_DECLARED.findall(query))
    used = [
        name
        for name in prefixes
        if name not in declared and re.search(rf"(?<![\w:<#/]){re.escape(name)}:", query)
    ]
    lines = [f"PREFIX {name}: <{prefixes[name]}>" for name in used]
    return "\n".join([*lines, query]) if lines else query


@bp.get("/")
def index() -> Response:
    return ui_page()


@bp.get("/static/vendor/yasgui/<path:filename>")
def yasgui_asset(filename: str) -> Response:
    """YASGUI's built files, from the node_modules directory installed by setup."""
    settings: Settings = current_app.config["GSIKG"]
    folder = settings.node_modules / YASGUI_BUILD
    if not folder.is_dir():
        raise NotFound(f"{folder} is missing: run `make setup` (npm ci) to install the UI")
    return send_from_directory(folder, filename, max_age=3600)


def ui_page() -> Response:
    """The YASGUI page, configured for this endpoint."""
    settings: Settings = current_app.config["GSIKG"]
    prefixes = get_release().ns.prefixes()
    config = {
        "endpoint": url_for("sparql.sparql", _external=True),
        "prefixes": prefixes,
        "defaultQuery": with_prefix_declarations(DEFAULT_QUERY, prefixes),
        "examples": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "query": with_prefix_declarations(q.sparql, prefixes),
            }
            for q in load_queries(settings.queries).values()
        ],
    }
    response = Response(render_template("ui.html", config=config), mimetype="text/html")
    response.vary.add("Accept")
    return response
