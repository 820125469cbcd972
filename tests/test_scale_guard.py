"""The product works at 20× the seed corpus (100 generated documents, built in the session):
served with the normal time limit and the response cache off, every canned query (its HTML page
and its JSON answer, with its defaults and with the most mentioned concept or the largest
document as parameter), every page kind and every export answers 200.

A functional guard, not a timing assertion: a read that grew past the time limit (10 s), the row
cap or the byte cap answers 4xx, and this test names it. Timings are in ``bench/scale.py``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.read.canned import ParamType, load_queries
from kg.read.exports import ExportFormat, NetworkKind
from kg.settings import PROJECT_ROOT
from tests.conftest import LiveServer, serving

pytestmark = pytest.mark.server

QUERIES = load_queries(PROJECT_ROOT / "queries")


@pytest.fixture(scope="module")
def server(built_20x: Path) -> Iterator[LiveServer]:
    with serving(built_20x, env={"GSIKG_CACHE_ENTRIES": "0"}) as live:
        yield live


def get(url: str, accept: str = "text/html") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sparql_value(server: LiveServer, sparql: str) -> str:
    status, body = get(
        f"{server.url}/sparql?query={urllib.parse.quote(sparql)}", "application/sparql-results+json"
    )
    assert status == 200, body[:300]
    [binding] = json.loads(body)["results"]["bindings"]
    return str(next(iter(binding.values()))["value"])


@pytest.fixture(scope="module")
def heaviest(server: LiveServer) -> tuple[str, str]:
    """The most mentioned concept's slug and the id of the document with the most passages."""
    concept = sparql_value(
        server,
        "SELECT ?c WHERE { ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?n }"
        " ORDER BY DESC(?n) LIMIT 1",
    )
    document = sparql_value(
        server,
        "SELECT ?id WHERE { ?o qb:dataSet stats:document ; gsi:refDocument ?d ; "
        "gsi:passageCount ?n . ?d dcterms:identifier ?id } ORDER BY DESC(?n) LIMIT 1",
    )
    return concept.rsplit("/", 1)[-1], document


def failures(server: LiveServer, paths: list[tuple[str, str]]) -> list[tuple[str, int, bytes]]:
    """The requests among ``paths`` (path, Accept) that did not answer 200."""
    found = []
    for path, accept in paths:
        status, body = get(server.url + path, accept)
        if status != 200 or not body:
            found.append((path, status, body[:200]))
    return found


def test_the_corpus_is_twenty_times_the_seeds(server: LiveServer) -> None:
    documents = sparql_value(server, "SELECT (COUNT(*) AS ?n) WHERE { ?d a gsi:Document }")
    assert int(documents) == 100


def test_every_canned_query_answers(server: LiveServer, heaviest: tuple[str, str]) -> None:
    concept, document = heaviest
    paths = []
    for query in QUERIES.values():
        heavy = {}
        for param in query.params:
            if param.type is ParamType.CONCEPT:
                heavy[param.name] = concept
            elif param.name == "doc":
                heavy[param.name] = f"doc/{document}"
        for values in ({}, heavy) if heavy else ({},):
            arguments = urllib.parse.urlencode(values)
            paths.append((f"/queries/{query.name}?{arguments}", "text/html"))
            json_arguments = urllib.parse.urlencode({**values, "format": "json", "limit": 500})
            paths.append((f"/queries/{query.name}?{json_arguments}", "application/json"))
        paths.append((f"/queries/{query.name}?page=1", "text/html"))
    assert len(paths) > 3 * len(QUERIES)
    assert failures(server, paths) == []


def test_every_page_kind_answers(server: LiveServer, heaviest: tuple[str, str]) -> None:
    concept, document = heaviest
    search = urllib.parse.quote("安全")
    paths = [
        "/",
        "/concepts",
        "/concepts?page=1",
        *[f"/concepts?class={c}" for c in ("Principle", "Domain", "Organisation", "Treaty")],
        "/concepts?class=Mechanism",
        "/documents",
        "/documents?page=0",
        f"/concept/{concept}",
        f"/concept/{concept}?page=3",
        f"/doc/{document}",
        f"/doc/{document}?page=1",
        f"/doc/{document}/p1",
        f"/search?q={search}",
        f"/search?q={search}&page=2",
        f"/search?q={search}&class=Treaty&from=2022&to=2024-06-30&page=1",
        f"/search?q={search}&doc={document}",
        f"/search?q={urllib.parse.quote('核裁軍')}",
        f"/concordance?concept={concept}",
        f"/concordance?concept={concept}&sort=left&page=1",
        f"/concordance?phrase={search}&sort=right",
        f"/concordance?phrase={search}&format=csv",
        "/ontology",
        "/queries",
        "/exports",
        "/explorer",
        "/sparql",
    ]
    rdf = [f"/concept/{concept}.ttl", f"/doc/{document}.jsonld", "/.well-known/void"]
    html = [(p, "text/html") for p in paths]
    assert failures(server, html + [(p, "text/turtle") for p in rdf]) == []


def test_every_export_answers(server: LiveServer, heaviest: tuple[str, str]) -> None:
    concept, document = heaviest
    paths = [
        f"/exports/{kind.value}.{fmt.value}{scope}"
        for kind in NetworkKind
        for fmt in ExportFormat
        for scope in ("", "?scope=sentence", f"?document={document}", "?from=2015&to=2022")
        # only the co-occurrence network has a scope (the other refuses one: 400)
        if kind is NetworkKind.COOCCURRENCE or scope != "?scope=sentence"
    ]
    # The explorer's views: the heaviest links of the corpus, of some years, around a concept.
    paths += [
        "/exports/cooccurrence.cyjs?top=60",
        "/exports/cooccurrence.cyjs?top=400&from=2015&to=2022&class=Domain&class=Treaty",
        f"/exports/cooccurrence.cyjs?top=60&concept={concept}",
        f"/exports/cooccurrence.cyjs?top=60&document={document}",
    ]
    assert failures(server, [(p, "*/*") for p in paths]) == []
