"""Linked data and the pages around it: every IRI under the base resolves at the same path on
this server, as HTML for browsers or as RDF.

A request for ``/X`` describes the IRI ``{base}X``: HTML for browsers, or Turtle, JSON-LD, RDF/XML,
N-Triples (and N-Quads, TriG) chosen by ``Accept`` or by a file suffix (``/concept/npt.ttl``).
Hash IRIs of ontology terms (``{base}ontology#Passage``) resolve through ``{base}ontology``, which
serves the whole ontology graph; ``{base}vocabulary`` serves the vocabulary graph.
Unknown IRIs answer 404. https://www.w3.org/TR/cooluris/ (hash and slash IRIs).

Each handler parses the request, reads through the door (:func:`endpoint.release.read`: the page
models of :mod:`endpoint.pages.models` run in an executor, within the limits) and renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from endpoint.negotiation import negotiated, parse_rdf_format_name, rdf_format, wants_html
from endpoint.pages import models
from endpoint.pages.concordance import SortKey, concordance_csv, parse_concordance
from endpoint.pages.concordance import concordance as concordance_of
from endpoint.pages.formulation import FORMULATION_QUERIES, Formulation, formulation
from endpoint.pages.i18n import current_language, genre_name, metadata_name, translate
from endpoint.pages.linked_data import graph_rdf, named_graph_rdf, resource_rdf
from endpoint.pages.overview import corpus_overview
from endpoint.pages.search import CONCEPTS_SHOWN, parse_search
from endpoint.pages.search import search as search_text
from endpoint.release import get_release, read
from endpoint.sparql.description import graph_subset
from kg.errors import NotFound, UsageError
from kg.namespaces import DCTERMS
from kg.read.canned import find_query
from kg.read.stats import dataset_stats
from kg.store import Literal, NamedNode

bp = Blueprint("pages", __name__)

# One path segment: letters, digits, '-', '_' (no '.', so no '..'); the last may carry a suffix.
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")
SUFFIXES = ("ttl", "jsonld", "rdf", "nt", "nq", "trig", "html")
ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
    ("nt", "application/n-triples", "N-Triples"),
)
# Where the ontology documentation (rendered without Flask) takes the site's navigation.
SITE_HEADER_MARK = "<!-- site-header -->"


@dataclass(frozen=True)
class ResourceRequest:
    """A resource path split into the IRI path (no leading slash) and an optional suffix."""

    path: str
    suffix: str | None


def parse_resource_path(path: str) -> ResourceRequest:
    """``concept/npt.ttl`` → (``concept/npt``, ``ttl``); raise NotFound for a malformed path.

    >>> parse_resource_path("concept/npt.ttl")
    ResourceRequest(path='concept/npt', suffix='ttl')
    """
    stem, dot, suffix = path.rpartition(".")
    if not dot or suffix not in SUFFIXES:
        stem, suffix = path, ""
    segments = stem.split("/")
    if not all(_SEGMENT.match(s) for s in segments):
        raise NotFound(f"/{path}: no such resource")
    return ResourceRequest(stem, suffix or None)


def local_href(iri: str) -> str:
    """The path on this server of an IRI under the base (other IRIs unchanged)."""
    base = get_release().ns.base
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def local_name(iri: str) -> str:
    """The last segment of an IRI (after its last ``#`` or ``/``)."""
    return re.split(r"[#/]", iri)[-1]


def page_url(number: int) -> str:
    """This page's URL (same query arguments) at page ``number`` of its list."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    return f"{request.path}?{urlencode({**args, 'page': number})}"


def search_url(**changes: str | None) -> str:
    """This page's URL with some query arguments changed (None removes one).

    The search page's links to a document's hits keep the other filters."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return f"{request.path}?{urlencode(args)}"


def term_name(term: str) -> str:
    """An ontology term (an IRI, or a ``gsi:`` local name) by its label in the page's language
    (read once per request); its local name if it has no label."""
    if "gsikg_terms" not in g:
        g.gsikg_terms = read(models.ontology_labels)
    iri = term if "://" in term else get_release().ns.term(term)
    labels: dict[str, str] = g.gsikg_terms.get(iri, {})
    lang = current_language()
    return labels.get(lang) or labels.get("en" if lang == "zh" else "zh") or local_name(term)


def init_app(app: Flask) -> None:
    """Give every template ``href()``, ``local_name()``, ``page_url()``, ``search_url()``,
    ``term_name()`` and ``metadata_name()``."""

    @app.context_processor
    def template_helpers() -> dict[str, object]:
        return {
            "href": local_href,
            "local_name": local_name,
            "page_url": page_url,
            "search_url": search_url,
            "term_name": term_name,
            "metadata_name": lambda iri: metadata_name(local_name(iri)),
        }


def _wants_html(suffix: str | None) -> bool:
    """Whether to answer with a page; NotFound for a suffix or ``format=`` we do not produce."""
    fmt = suffix or request.args.get("format")
    if fmt and fmt != "html" and parse_rdf_format_name(fmt) is None:
        raise NotFound(f"no {fmt!r} form of this resource")
    return wants_html(request.headers.get("Accept"), fmt)


def _rdf_media_type(suffix: str | None) -> str:
    return rdf_format(
        request.headers.get("Accept"), suffix or request.args.get("format")
    ).media_type


MAX_PAGE = 100_000


def page_number() -> int:
    """The ``?page=`` of a paged list (0, the first, when absent); UsageError if malformed."""
    raw = request.args.get("page", "0")
    if not raw.isdigit() or int(raw) > MAX_PAGE:
        raise UsageError(f"page={raw!r}: expected a page number from 0 to {MAX_PAGE}")
    return int(raw)


def alternates(path: str) -> list[tuple[str, str, str]]:
    return [(f"/{path}.{ext}", media, name) for ext, media, name in ALTERNATES]


# The positional IRIs of version 0.1 (``doc/ID/p9/m2``): the 9th passage, the 3rd section.
_POSITIONAL = re.compile(r"^doc/([a-z0-9-]+)/([ps])(\d+)(/.*)?$")


@bp.get("/<any(concept, actor, doc, run):kind>/<path:rest>")
def resource(kind: str, rest: str) -> BaseResponse | str:
    """Any minted IRI (concept, actor, document, section, passage, mention, stance, …); an old
    positional passage or section IRI redirects (301) to the part now at that position."""
    req = parse_resource_path(f"{kind}/{rest}")
    iri = get_release().ns.base + req.path
    old = _POSITIONAL.match(req.path)
    if old is not None:
        doc_id, kind_letter, number, tail = old.groups()
        part = read(
            models.part_at, doc_id, "Passage" if kind_letter == "p" else "Section", int(number)
        )
        if part is None:
            raise NotFound(f"{iri}: no such resource in this graph")
        target = local_href(part) + (tail or "") + (f".{req.suffix}" if req.suffix else "")
        query = request.query_string.decode("ascii", "replace")
        return redirect(target + (f"?{query}" if query else ""), code=301)
    if not _wants_html(req.suffix):
        media_type = _rdf_media_type(req.suffix)
        body = read(resource_rdf, iri, media_type, page_number())
        if body is None:
            raise NotFound(f"{iri}: no such resource in this graph")
        return negotiated(body, media_type)
    page = read(models.resource_page, iri, page_number())
    if page is None:
        raise NotFound(f"{iri}: no such resource in this graph")
    return render_page(page, alternates(req.path))


def concept_formulation(page: models.ConceptPage) -> Formulation | None:
    """How the page's concept travels (None for a concept the corpus never mentions), from the
    canned queries of :data:`FORMULATION_QUERIES`."""
    if not page.mentions:
        return None
    directory = current_app.config["GSIKG"].queries
    queries = tuple(find_query(directory, name) for name in FORMULATION_QUERIES)
    return read(formulation, queries, page.iri)


def render_page(page: models.Page, formats: list[tuple[str, str, str]]) -> Response:
    """The HTML page of a resource, by its kind; it varies on Accept (RDF is the alternative)."""
    if isinstance(page, models.ConceptPage):
        travels = concept_formulation(page)
        chart = travels.timeline.chart(genre_name, translate("undated")) if travels else None
        html = render_template(
            "concept.html", page=page, formats=formats, travels=travels, timeline=chart
        )
    elif isinstance(page, models.DocumentPage):
        html = render_template("document.html", page=page, formats=formats, dcterms=DCTERMS)
    elif isinstance(page, models.PassagePage):
        html = render_template("passage.html", page=page, formats=formats)
    else:
        html = render_template(
            "resource.html", iri=page.iri, labels=page.labels, rows=page.rows, formats=formats
        )
    response = Response(html, mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/graph/<name>")
def named_graph(name: str) -> Response:
    """A named graph (a document's, ``statistics``, ``provenance`` …): its VoID subset and its
    statements, as RDF (N-Quads and TriG keep the graph name) or an HTML summary."""
    req = parse_resource_path(f"graph/{name}")
    served = get_release()
    iri = served.ns.base + req.path
    count = dict(read(dataset_stats).graphs).get(iri)
    if count is None:
        raise NotFound(f"{iri}: no such named graph (the VoID description lists them)")
    subset = graph_subset(iri, count, url_for("sparql.sparql", _external=True))
    if _wants_html(req.suffix):
        rows = [
            models.PropertyRow(t.predicate.value, t.object.value, isinstance(t.object, NamedNode))
            for t in subset
            if isinstance(t.object, NamedNode | Literal)
        ]
        html = render_template(
            "resource.html",
            iri=iri,
            labels=models.Labels(iri),
            rows=rows,
            formats=alternates(req.path),
        )
        response = Response(html, mimetype="text/html")
        response.vary.add("Accept")
        return response
    media_type = _rdf_media_type(req.suffix)
    dumps = tuple(
        url_for("operations.dump", name=path.name, _external=True)
        for path in served.release.dump_files()
    )
    body = read(named_graph_rdf, iri, tuple(subset), dumps, media_type)
    return negotiated(body, media_type)


@bp.get("/<any(ontology, vocabulary):name>")
@bp.get("/<any(ontology, vocabulary):name>.<any(ttl, jsonld, rdf, nt, nq, trig, html):suffix>")
def graph_document(name: str, suffix: str | None = None) -> Response:
    """The ontology or the vocabulary: the whole graph, or the documentation of both."""
    if not _wants_html(suffix):
        media_type = _rdf_media_type(suffix)
        return negotiated(read(graph_rdf, get_release().ns.graph(name), media_type), media_type)
    documentation = read(models.ontology_page)  # rendered in the executor, without Flask
    header = render_template("_site_header.html")
    html = documentation.replace(SITE_HEADER_MARK, header, 1)
    response = Response(html, mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/favicon.ico")
def favicon() -> BaseResponse:
    """Browsers ask for it whatever the page says; the icon is the site's SVG."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/")
def home() -> str:
    """The home page: the corpus at a glance (statistics graph), search, and links onwards."""
    return render_template("home.html", overview=read(corpus_overview))


@bp.get("/concepts")
def concepts() -> str:
    """The class index: the concepts the corpus mentions under their class, with mention
    counts; ``?unmentioned=1`` lists the others too (after them, greyed)."""
    unmentioned = request.args.get("unmentioned", "") not in ("", "0")
    only = request.args.get("class") or None
    index = read(models.concept_index, page_number(), only, unmentioned)
    return render_template("concepts.html", index=index, formats=alternates("vocabulary"))


@bp.get("/documents")
def documents() -> str:
    """Every document in date order, with its passage count (paged)."""
    return render_template("documents.html", index=read(models.document_index, page_number()))


@bp.get("/search")
def search() -> str:
    """Concepts by label, passages by text (``?q=``), with filters, hit counts and pages."""
    query = parse_search(request.args)
    results = read(search_text, query) if query.text else None
    return render_template(
        "search.html",
        q=query.text,
        query=query,
        results=results,
        classes=models.INDEX_CLASSES,
        concepts_shown=CONCEPTS_SHOWN,
    )


# Lines per page of a concordance.
CONCORDANCE_PAGE_SIZE = 200


@bp.get("/concordance")
def concordance() -> Response:
    """Every occurrence of a concept (``?concept=``) or a phrase (``?phrase=``) in context, as
    an aligned table (``?sort=left|right|document|date``, paged) or CSV (``?format=csv``)."""
    query = parse_concordance(request.args)
    fmt = request.args.get("format") or "html"
    if fmt not in ("html", "csv"):
        raise UsageError(f"format={fmt!r}: expected html or csv")
    page = page_number()
    found = read(concordance_of, query)
    if fmt == "csv":
        response = Response(concordance_csv(found), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="concordance.csv"'
        return response
    start = page * CONCORDANCE_PAGE_SIZE
    html = render_template(
        "concordance.html",
        found=found,
        lines=found.lines[start : start + CONCORDANCE_PAGE_SIZE],
        pager={"page": page, "more": len(found.lines) > start + CONCORDANCE_PAGE_SIZE},
        sort_keys=[key.value for key in SortKey],
    )
    return Response(html, mimetype="text/html")
