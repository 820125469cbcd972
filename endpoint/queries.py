"""Canned research queries over HTTP: ``/queries`` lists them, ``/queries/NAME`` runs one.

Parameters come from the query string (``?concept=npt``) and are bound as RDF terms; the answer
is an HTML table (with a chart when the query declares one) or SPARQL results as JSON, CSV, XML
or TSV (``?format=`` or ``Accept``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice

from flask import Blueprint, Response, current_app, render_template, request

from endpoint.db import get_release
from endpoint.negotiation import HTML, choose, results_format
from kg.canned import CannedQuery, find_query, load_queries, run_canned
from kg.errors import UsageError
from kg.settings import Settings
from kg.store import Literal, NamedNode, QuerySolutions

bp = Blueprint("queries", __name__)

HTML_ROW_LIMIT = 1000
RESULT_MEDIA_TYPES = ["application/sparql-results+json", "text/csv", "application/json"]


def wants_html(fmt: str | None, accept: str | None) -> bool:
    """HTML unless ``format=`` names a results format or Accept prefers one."""
    if fmt:
        return fmt.lower() == "html"
    return choose(accept, [HTML, *RESULT_MEDIA_TYPES]) == HTML


def parameter_values(query: CannedQuery, args: dict[str, str]) -> dict[str, str]:
    """The query's parameters found in the request arguments (other arguments are ignored)."""
    return {p.name: args[p.name] for p in query.params if args.get(p.name)}


@dataclass(frozen=True)
class Cell:
    text: str
    iri: str = ""


def _settings() -> Settings:
    return current_app.config["GSIKG"]  # type: ignore[no-any-return]


@bp.get("/queries")
def index() -> str:
    return render_template("queries.html", queries=load_queries(_settings().queries).values())


@bp.get("/queries/<name>")
def run(name: str) -> Response | str:
    query = find_query(_settings().queries, name)
    values = parameter_values(query, request.args.to_dict())
    opened = get_release()
    result = run_canned(opened.store, opened.ns, query, values)
    if not isinstance(result, QuerySolutions):
        raise UsageError(f"canned query {name!r} is not a SELECT query")
    if not wants_html(request.args.get("format"), request.headers.get("Accept")):
        fmt = results_format(request.headers.get("Accept"), request.args.get("format"))
        return Response(result.serialize(format=fmt), mimetype=fmt.media_type)
    columns = [v.value for v in result.variables]
    rows = [[_cell(s[c]) for c in columns] for s in islice(result, HTML_ROW_LIMIT)]
    return render_template(
        "query.html",
        query=query,
        values=values,
        columns=columns,
        rows=rows,
        chart=_chart(query, columns, rows),
    )


def _cell(term: object) -> Cell:
    if isinstance(term, NamedNode):
        return Cell(term.value, term.value)
    if isinstance(term, Literal):
        return Cell(term.value)
    return Cell("")


def _chart(query: CannedQuery, columns: list[str], rows: list[list[Cell]]) -> str:
    """The chart spec as JSON for static/query-chart.js ('' when the query has none)."""
    chart = query.chart
    if chart is None or chart.x not in columns or chart.y not in columns:
        return ""
    x, y = columns.index(chart.x), columns.index(chart.y)
    labels = [r[x].text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for r in rows]
    values = [float(r[y].text or 0) for r in rows]
    spec = {"kind": chart.kind.value, "label": chart.y, "labels": labels, "values": values}
    return json.dumps(spec, ensure_ascii=False)
