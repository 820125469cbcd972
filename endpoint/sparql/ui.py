"""The query editor at ``/sparql`` (for browsers): YASGUI (``@zazuko/yasgui`` from npm, served
from the project's node_modules by :mod:`endpoint.vendor`) with our prefixes preloaded and the
canned queries of ``queries/*.rq`` (:mod:`kg.read.canned`) offered as examples. Their parameters
are left unbound there (a parameter variable then matches anything); ``/queries/NAME`` runs them
with values.

The page's configuration is JSON in a ``<script type="application/json">`` element, not an inline
script, so the app-wide Content-Security-Policy (:mod:`endpoint.security`) needs no exception.
"""

from __future__ import annotations

from flask import Response, current_app, render_template, url_for

from endpoint.pages.i18n import current_language
from endpoint.release import get_release
from kg.errors import QueryError
from kg.read.canned import load_queries
from kg.read.tokenizer import read_query
from kg.settings import Settings

DEFAULT_QUERY = """SELECT ?doc ?id ?title ?date WHERE {
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?doc dcterms:title ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?doc dcterms:date ?date }
  BIND(COALESCE(?zh, ?en) AS ?title)
} ORDER BY ?date"""


def with_prefix_declarations(query: str, prefixes: dict[str, str]) -> str:
    """``query`` with ``PREFIX`` lines for the predeclared prefixes it uses but does not declare
    (the server would accept it without them; the editor's syntax check would not).

    >>> print(with_prefix_declarations("ASK { ?p a gsi:Passage }", {"gsi": "http://e/#"}))
    PREFIX gsi: <http://e/#>
    ASK { ?p a gsi:Passage }
    """
    try:
        text = read_query(query)
    except QueryError:
        return query
    declared = text.declared_prefixes()
    used = [name for name in prefixes if name in text.used_prefixes() and name not in declared]
    lines = [f"PREFIX {name}: <{prefixes[name]}>" for name in used]
    return "\n".join([*lines, query]) if lines else query


def ui_page() -> Response:
    """The YASGUI page, configured for this endpoint."""
    settings: Settings = current_app.config["GSIKG"]
    prefixes = get_release().ns.prefixes()
    lang = current_language()
    config = {
        "endpoint": url_for("sparql.sparql", _external=True),
        "prefixes": prefixes,
        "defaultQuery": with_prefix_declarations(DEFAULT_QUERY, prefixes),
        "examples": [
            {
                "name": q.name,
                "title": q.title_in(lang),
                "description": q.description_in(lang),
                "query": with_prefix_declarations(q.sparql, prefixes),
            }
            for q in load_queries(settings.queries).values()
        ],
    }
    response = Response(render_template("ui.html", config=config), mimetype="text/html")
    response.vary.add("Accept")
    return response
