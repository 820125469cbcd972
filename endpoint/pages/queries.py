"""Canned research queries over HTTP: ``/queries`` lists them, ``/queries/NAME`` runs one.

Parameters come from the query string (``?concept=npt``; a concept also by its IRI or a label,
:mod:`kg.read.parameters`; an unknown parameter or name is 400) and are bound as RDF terms; the
answer
is an HTML table (with a chart when the query declares one), paged by ``?page=``, or SPARQL
results as JSON, CSV, XML or TSV (``?format=`` or ``Accept``), windowed by ``?limit=`` and
``?offset=``. Both are reads through the door (:mod:`kg.read.canned`).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from endpoint.negotiation import HTML, choose, content_type, results_format
from endpoint.pages.charts import ChartData, chart_data
from endpoint.pages.i18n import current_language, translate
from endpoint.pages.models import label_map
from endpoint.pages.views import page_number
from endpoint.release import get_release, read
from kg.read.canned import (
    RESERVED_PARAMS,
    CannedQuery,
    Paging,
    ParamType,
    Table,
    canned_answer,
    canned_table,
    find_query,
    load_queries,
)
from kg.read.parameters import (
    check_parameter_names,
    concept_names,
    names_concepts,
    resolve_parameters,
)
from kg.settings import Settings

bp = Blueprint("queries", __name__)

HTML_ROW_LIMIT = 500
RESULT_MEDIA_TYPES = ["application/sparql-results+json", "text/csv", "application/json"]


def wants_html(fmt: str | None, accept: str | None) -> bool:
    """HTML unless ``format=`` names a results format or Accept prefers one."""
    if fmt:
        return fmt.lower() == "html"
    return choose(accept, [HTML, *RESULT_MEDIA_TYPES]) == HTML


def parameter_values(query: CannedQuery, args: dict[str, str]) -> dict[str, str]:
    """The query's parameters given a value in the request arguments; UsageError for an argument
    that is neither a parameter nor one of :data:`~kg.read.canned.RESERVED_PARAMS`."""
    check_parameter_names(query, args, RESERVED_PARAMS)
    return {p.name: args[p.name] for p in query.params if args.get(p.name)}


def _settings() -> Settings:
    return current_app.config["GSIKG"]  # type: ignore[no-any-return]


@bp.get("/queries")
def index() -> str:
    return render_template("queries.html", queries=load_queries(_settings().queries).values())


@bp.get("/queries/<name>")
def run(name: str) -> Response:
    """A canned query's answer: an HTML table and chart, or a results format chosen by
    ``format=`` or Accept (so the response varies on Accept)."""
    response = _answer(name)
    response.vary.add("Accept")
    return response


def _answer(name: str) -> Response:
    query = find_query(_settings().queries, name)
    values = parameter_values(query, request.args.to_dict())
    # A concept given by name is resolved by a read; without one (the defaults, whose answers
    # the build stored) nothing is read before the answer.
    if names_concepts(query, values):
        values = read(resolve_parameters, query, tuple(values.items()))
    bindings = query.bind(values, get_release().ns)
    accept, fmt = request.headers.get("Accept"), request.args.get("format")
    if not wants_html(fmt, accept):
        media_type = results_format(accept, fmt).media_type
        args = request.args
        paging = Paging.parse(args.get("limit"), args.get("offset"), _settings().max_results)
        answer = read(canned_answer, query, bindings, media_type, paging)
        return Response(answer.body, content_type=content_type(answer.media_type))
    table = read(canned_table, query, bindings, HTML_ROW_LIMIT, page_number())
    html = render_template(
        "query.html",
        query=query,
        values=values,
        columns=table.columns,
        rows=table.rows,
        table=table,
        chart=_chart(query, table),
        concepts=read(concept_names) if _has_concept_parameter(query) else [],
        cell_labels=_cell_labels(table),
    )
    return Response(html, mimetype="text/html")


def _cell_labels(table: Table) -> dict[str, str]:
    """The label of every IRI of the table in the page's language (those that have one)."""
    iris = tuple(sorted({cell.iri for row in table.rows for cell in row if cell.iri}))
    if not iris:
        return {}
    lang = current_language()
    found = read(label_map, iris)
    return {iri: labels.get(lang) for iri, labels in found.items() if labels.get(lang) != iri}


def _has_concept_parameter(query: CannedQuery) -> bool:
    return any(p.type is ParamType.CONCEPT for p in query.params)


def _chart(query: CannedQuery, table: Table) -> ChartData | None:
    """The chart's data for static/query-chart.js (None when the query has none), its X labels
    in the page's language."""
    if query.chart is None or query.chart.x not in table.columns:
        return None
    x = table.columns.index(query.chart.x)
    iris = tuple(sorted({row[x].iri for row in table.rows if row[x].iri}))
    names = read(label_map, iris) if iris else {}
    lang = current_language()
    labels = {iri: names[iri].get(lang) for iri in iris}
    return chart_data(query.chart, table, labels, translate("undated"))
