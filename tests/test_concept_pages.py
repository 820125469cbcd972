"""A concept page reads only the documents its page of passages spans (the statistics say how
many passages each document has on the concept): the pages are those of one query sorting every
passage, on the 20× corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from endpoint.pages.models import PAGE_SIZE, STANCES_SHOWN, concept_page
from kg.read.reader import Reader
from kg.releases import resolve_release
from kg.store import open_read_only

# Every passage mentioning the concept, in page order, by one query.
EVERY_PASSAGE = """
SELECT ?p WHERE {
  ?p gsi:mentions ?this ; gsi:position ?n ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY (!BOUND(?date)) ?date ?id ?n
"""
EVERY_STANCE = "SELECT ?st WHERE { ?st gsi:target ?this }"


@pytest.fixture(scope="module")
def reader(built_20x: Path) -> Reader:
    release = resolve_release(built_20x)
    store = open_read_only(release.store_path)
    return Reader(release, store, release.namespace(), 10**7, 10**10)


@pytest.mark.parametrize("concept", ["traditional-security", "npt", "un-security-council"])
def test_each_page_holds_the_passages_one_sorting_query_gives(reader: Reader, concept: str) -> None:
    iri = reader.ns.concept(concept)
    every = [row["p"] for row in reader.select(EVERY_PASSAGE, iri)]
    assert every, concept
    pages = (len(every) + PAGE_SIZE - 1) // PAGE_SIZE
    for page in sorted({0, 1, pages // 2, pages - 1, pages}):
        shown = concept_page(reader, iri, page)
        passages = [p.iri for d in shown.documents for p in d.passages]
        assert passages == every[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], (concept, page)
        assert shown.more == ((page + 1) * PAGE_SIZE < len(every))


def test_the_stances_shown_are_the_concepts_in_document_order(reader: Reader) -> None:
    iri = reader.ns.concept("traditional-security")
    every = {row["st"] for row in reader.select(EVERY_STANCE, iri)}
    shown = concept_page(reader, iri).stances
    assert len(shown) == min(STANCES_SHOWN, len(every)) > 0
    assert {row["st"] for row in shown} <= every
    order = [
        row["doc"]
        for row in reader.select(
            EVERY_PASSAGE.replace("?p WHERE", "DISTINCT ?doc ?date ?id WHERE"), iri
        )
    ]
    ranks = [order.index(row["doc"]) for row in shown]
    assert ranks == sorted(ranks)


# The weights of the pairs a concept is in (passage scope), summed over the documents.
PAIR_WEIGHTS = """
SELECT ?other (SUM(?n) AS ?weight) WHERE {
  ?co a gsi:CoOccurrence ; gsi:scope gsi:PassageScope ; gsi:count ?n ;
      gsi:concept ?this , ?other .
  FILTER(?other != ?this)
} GROUP BY ?other
"""


@pytest.mark.parametrize("concept", ["npt", "traditional-security"])
def test_the_concepts_it_appears_with_are_listed_once_with_their_weight(
    reader: Reader, concept: str
) -> None:
    iri = reader.ns.concept(concept)
    shown = concept_page(reader, iri).cooccurring
    assert shown
    others = [labels.iri for labels, _ in shown]
    assert len(others) == len(set(others))
    weights = {row["other"]: int(row["weight"]) for row in reader.select(PAIR_WEIGHTS, iri)}
    assert {labels.iri: weight for labels, weight in shown}.items() <= weights.items()
