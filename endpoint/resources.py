"""Linked data: every IRI under the base resolves at the same path on this server.

A request for ``/X`` describes the IRI ``{base}X``: HTML for browsers, or Turtle, JSON-LD, RDF/XML,
N-Triples (and N-Quads, TriG) chosen by ``Accept`` or by a file suffix (``/concept/npt.ttl``).
Hash IRIs of ontology terms (``{base}ontology#Passage``) resolve through ``{base}ontology``, which
serves the whole ontology graph; ``{base}vocabulary`` serves the vocabulary graph.
Unknown IRIs answer 404. https://www.w3.org/TR/cooluris/ (hash and slash IRIs).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from endpoint import describe, i18n
from endpoint.db import OpenRelease, get_release
from endpoint.negotiation import HTML, parse_rdf_format_name, rdf_format
from kg.errors import NotFound
from kg.namespaces import DCTERMS, RDF, SKOS
from kg.store import NamedNode, Quad, RdfFormat, Triple, serialize

bp = Blueprint("resources", __name__)
i18n.register(bp)

# One path segment: letters, digits, '-', '_' (no '.', so no '..'); the last may carry a suffix.
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")
SUFFIXES = ("ttl", "jsonld", "rdf", "nt", "nq", "trig", "html")
ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
    ("nt", "application/n-triples", "N-Triples"),
)


@dataclass(frozen=True)
class ResourceRequest:
    """A resource path split into the IRI path (no leading slash) and an optional suffix."""

    path: str
    suffix: str | None


def parse_resource_path(path: str) -> ResourceRequest:
    """``concept/npt.ttl`` → (``concept/npt``, ``ttl``); raise NotFound for a malformed path."""
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


@bp.app_context_processor
def template_helpers() -> dict[str, object]:
    return {"href": local_href, "local_name": lambda iri: re.split(r"[#/]", iri)[-1]}


def rdf_response(quads: list[Quad], fmt: RdfFormat, opened: OpenRelease) -> Response:
    """Serialise quads with the deployment's prefixes: N-Quads and TriG keep the graphs; every
    other format (JSON-LD too, so plain RDF clients see the triples) gets the merged triples."""
    keep_graphs = fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG)
    data: list[Quad] | list[Triple] = quads if keep_graphs else describe.as_triples(quads)
    body = serialize(data, format=fmt, prefixes=opened.ns.prefixes())
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def negotiate(suffix: str | None) -> RdfFormat | str:
    fmt = suffix or request.args.get("format")
    if fmt and fmt != "html" and parse_rdf_format_name(fmt) is None:
        raise NotFound(f"no {fmt!r} form of this resource")
    return rdf_format(request.headers.get("Accept"), fmt, html=True)


def alternates(path: str) -> list[tuple[str, str, str]]:
    return [(f"/{path}.{ext}", media, name) for ext, media, name in ALTERNATES]


@bp.get("/<any(concept, actor, doc, run):kind>/<path:rest>")
def resource(kind: str, rest: str) -> Response | str:
    """Any minted IRI (concept, actor, document, section, passage, mention, stance, …)."""
    req = parse_resource_path(f"{kind}/{rest}")
    opened = get_release()
    iri = opened.ns.base + req.path
    fmt = negotiate(req.suffix)
    if not describe.resource_exists(opened, iri):
        raise NotFound(f"{iri}: no such resource in this graph")
    if fmt != HTML:
        assert isinstance(fmt, RdfFormat)
        return rdf_response(describe.describe(opened, iri), fmt, opened)
    return render_resource_page(opened, iri, req.path)


def render_resource_page(opened: OpenRelease, iri: str, path: str) -> str:
    types = {
        q.object.value
        for q in opened.store.quads_for_pattern(NamedNode(iri), NamedNode(f"{RDF}type"), None)
        if isinstance(q.object, NamedNode)
    }
    forms = alternates(path)
    if f"{SKOS}Concept" in types:
        page = describe.concept_page(opened, iri)
        return render_template("concept.html", page=page, formats=forms)
    if opened.ns.term("Document") in types:
        doc = describe.document_page(opened, iri)
        return render_template("document.html", page=doc, formats=forms, dcterms=DCTERMS)
    if opened.ns.term("Passage") in types:
        passage = describe.passage_page(opened, iri)
        if passage is not None:
            return render_template("passage.html", page=passage, formats=forms)
    rows = describe.property_rows(opened, iri)
    labels = describe.labels(opened, iri)
    return render_template("resource.html", iri=iri, labels=labels, rows=rows, formats=forms)


@bp.get("/<any(ontology, vocabulary):name>")
@bp.get("/<any(ontology, vocabulary):name>.<any(ttl, jsonld, rdf, nt, nq, trig, html):suffix>")
def graph_document(name: str, suffix: str | None = None) -> Response | str:
    """The ontology or the vocabulary: the whole graph, or the documentation of both."""
    opened = get_release()
    fmt = negotiate(suffix)
    if fmt != HTML:
        assert isinstance(fmt, RdfFormat)
        return rdf_response(describe.graph_quads(opened, opened.ns.graph(name)), fmt, opened)
    return ontology_documentation(current_app.config["GSIKG"].ontology, opened.version)


@functools.lru_cache(maxsize=2)
def ontology_documentation(ontology_dir: Path, version: str) -> str:
    """kg.docs' page for the ontology and vocabulary files, rendered once per ``version``
    (the release) and kept."""
    from kg.docs import load_ontology_files, render_documentation  # rdflib: only when asked

    return render_documentation(*load_ontology_files(ontology_dir))


def concepts_index_page(formats: list[tuple[str, str, str]]) -> str:
    index = describe.concept_index(get_release())
    return render_template("concepts.html", index=index, formats=formats)


@bp.get("/concepts")
def concepts() -> str:
    """The class index: every concept under its class, with mention counts."""
    return concepts_index_page(alternates("vocabulary"))


@bp.get("/documents")
def documents() -> str:
    return render_template("documents.html", documents=describe.document_index(get_release()))


@bp.get("/search")
def search() -> str:
    """Concepts by Chinese or English label, passages by text (``?q=``)."""
    text = request.args.get("q", "").strip()[:200]
    results = describe.search(get_release(), text) if text else None
    return render_template("search.html", q=text, results=results)
