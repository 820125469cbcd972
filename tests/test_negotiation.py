"""Content negotiation onto pyoxigraph formats."""

from __future__ import annotations

import pytest

from endpoint.negotiation import choose, parse_accept, rdf_format, results_format, wants_html
from kg.errors import NotAcceptable, UsageError
from kg.store import QueryResultsFormat, RdfFormat


def test_q_values_and_wildcards() -> None:
    assert (
        choose("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
        == "application/ld+json"
    )
    assert choose("*/*;q=0.1, text/turtle", ["application/ld+json", "text/turtle"]) == "text/turtle"
    assert (
        choose("application/*", ["text/turtle", "application/n-triples"]) == "application/n-triples"
    )
    assert choose("image/png", ["text/turtle"]) is None
    assert (
        choose("text/turtle;q=0, */*", ["text/turtle", "application/n-triples"])
        == "application/n-triples"
    )
    assert choose(None, ["text/turtle"]) == "text/turtle"
    assert [r.q for r in parse_accept("a/b;q=0.3, c/d;q=bad")] == [0.3, 1.0]


def test_rdf_format() -> None:
    assert rdf_format(None) == RdfFormat.TURTLE
    assert rdf_format("application/ld+json") == RdfFormat.JSON_LD
    assert rdf_format("application/rdf+xml;q=0.9, text/turtle;q=0.1") == RdfFormat.RDF_XML
    assert wants_html("text/html,application/xhtml+xml,*/*;q=0.8")
    assert not wants_html("*/*") and rdf_format("*/*") == RdfFormat.TURTLE
    assert wants_html("text/turtle", "html") and not wants_html("text/html", "ttl")
    assert rdf_format(None, fmt="jsonld") == RdfFormat.JSON_LD
    assert rdf_format(None, fmt="nt") == RdfFormat.N_TRIPLES
    with pytest.raises(NotAcceptable):
        rdf_format("image/png")
    with pytest.raises(UsageError, match="format='docx'"):
        rdf_format(None, fmt="docx")


def test_results_format() -> None:
    assert results_format(None) == QueryResultsFormat.JSON
    assert results_format("text/csv") == QueryResultsFormat.CSV
    assert results_format("application/sparql-results+xml") == QueryResultsFormat.XML
    assert results_format("text/tab-separated-values") == QueryResultsFormat.TSV
    assert results_format(None, fmt="tsv") == QueryResultsFormat.TSV
    with pytest.raises(NotAcceptable):
        results_format("text/turtle")
