"""The statistics graph says what counting the mentions, passages and stances themselves says:
on the 20× corpus (100 documents), for the concepts named most and a few named rarely."""

from __future__ import annotations

from collections import Counter
from itertools import accumulate
from pathlib import Path

import pytest

from kg.pipeline.statistics import NEIGHBOURS
from kg.read.reader import Reader
from kg.releases import resolve_release
from kg.store import open_read_only

CONCEPTS = ("traditional-security", "npt", "un-security-council", "common-security")

# Every mention of a concept, with its document and its text as written.
MENTIONS = """
SELECT ?doc ?exact ?date WHERE {
  ?m oa:hasBody ?this ; oa:hasTarget ?t .
  ?t oa:hasSource ?p ; oa:hasSelector ?q .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?p dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  OPTIONAL { ?doc dcterms:date ?date }
}
"""
# The concept's documents in its page order, with their passages and stances on it.
DOCUMENTS_IN_ORDER = """
SELECT ?doc (COUNT(DISTINCT ?p) AS ?passages) WHERE {
  ?p gsi:mentions ?this ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
} GROUP BY ?doc ?id ?date ORDER BY (!BOUND(?date)) ?date ?id
"""
RUNNING = """
SELECT ?doc ?mentionsBefore ?passagesBefore ?passages ?rank WHERE {
  ?o qb:dataSet stats:concept-document ; gsi:refConcept ?this ; gsi:refDocument ?doc ;
     gsi:mentionsBefore ?mentionsBefore ; gsi:passagesBefore ?passagesBefore ;
     gsi:passageCount ?passages ; gsi:documentRank ?rank .
} ORDER BY ?passagesBefore
"""
# The concept's mentions in each document with the document's genre.
MENTIONS_BY_GENRE = """
SELECT ?doc ?date ?genre (COUNT(?m) AS ?n) WHERE {
  ?m oa:hasBody ?this ; oa:hasTarget ?t .
  ?t oa:hasSource ?p .
  ?p dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?o qb:dataSet stats:document ; gsi:refDocument ?doc ; gsi:refGenre ?genre }
} GROUP BY ?doc ?date ?genre
"""
PERIOD_GENRE = """
SELECT ?period ?genre ?year ?mentions ?documents WHERE {
  ?o qb:dataSet stats:concept-period-genre ; gsi:refConcept ?this ; gsi:refPeriod ?period ;
     gsi:refGenre ?genre ; gsi:mentionCount ?mentions ; gsi:documentCount ?documents .
  OPTIONAL { ?o gsi:refYear ?year }
}
"""
# Every pair of the concept in one passage, from ``stats:cooccurrence``.
PASSAGE_PAIRS = """
SELECT ?other ?n ?documents WHERE {
  ?o qb:dataSet stats:cooccurrence ; gsi:refScope gsi:PassageScope ;
     gsi:cooccurrenceCount ?n ; gsi:documentCount ?documents .
  { ?o gsi:refConcept ?this ; gsi:refOtherConcept ?other }
  UNION { ?o gsi:refOtherConcept ?this ; gsi:refConcept ?other }
}
"""
NEIGHBOUR_BY_IRI = """
SELECT ?other ?n ?documents ?rank ?concept WHERE {
  %s qb:dataSet stats:concept-neighbour ; gsi:refConcept ?concept ; gsi:neighbourRank ?rank ;
     gsi:refOtherConcept ?other ; gsi:cooccurrenceCount ?n ; gsi:documentCount ?documents .
}
"""
STANCES_BY_DOCUMENT = """
SELECT ?doc ?id ?date (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st gsi:target ?this ; gsi:evidence ?p . ?p dcterms:isPartOf ?doc .
  ?doc a gsi:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
} GROUP BY ?doc ?id ?date
"""
STANCES_BEFORE = """
SELECT DISTINCT ?doc ?before WHERE {
  ?o qb:dataSet stats:stance ; gsi:refConcept ?this ; gsi:refDocument ?doc ;
     gsi:stancesBefore ?before .
}
"""
FORMS = """
SELECT ?form ?period ?year ?mentions ?documents ?first ?latest WHERE {
  ?o qb:dataSet stats:concept-form ; gsi:refConcept ?this ; gsi:surfaceForm ?form ;
     gsi:refPeriod ?period ; gsi:mentionCount ?mentions ; gsi:documentCount ?documents .
  OPTIONAL { ?o gsi:refYear ?year }
  OPTIONAL { ?o gsi:firstDate ?first ; gsi:latestDate ?latest }
}
"""
TOTALS_BY_IRI = "SELECT ?n WHERE { %s gsi:mentionCount ?n }"


@pytest.fixture(scope="module")
def reader(built_20x: Path) -> Reader:
    release = resolve_release(built_20x)
    return Reader(release, open_read_only(release.store_path), release.namespace(), 10**7, 10**10)


@pytest.mark.parametrize("slug", CONCEPTS)
def test_the_surface_forms_count_the_mentions_as_written(reader: Reader, slug: str) -> None:
    iri = reader.ns.concept(slug)
    mentions = reader.select(MENTIONS, iri)
    assert mentions, slug

    def period(row: dict[str, str]) -> str:
        return row["date"][:4] if row["date"] else "undated"

    counted = Counter((row["exact"], period(row)) for row in mentions)
    documents = Counter({key: 0 for key in counted})
    for key in {(row["exact"], period(row), row["doc"]) for row in mentions}:
        documents[key[:2]] += 1
    forms = reader.select(FORMS, iri)
    assert {(r["form"], r["period"]): int(r["mentions"]) for r in forms} == dict(counted)
    assert {(r["form"], r["period"]): int(r["documents"]) for r in forms} == dict(documents)
    for row in forms:
        dates = sorted(m["date"][:10] for m in mentions if m["exact"] == row["form"] and m["date"])
        in_year = [d for d in dates if d.startswith(row["period"])]
        assert (row["first"], row["latest"]) == ((in_year[0], in_year[-1]) if in_year else ("", ""))
        assert row["year"] == ("" if row["period"] == "undated" else row["period"])
    # the concept's own observation, read by the IRI its dimensions give
    observation = reader.ns.observation("concept", iri)
    [total] = reader.select(TOTALS_BY_IRI % f"<{observation}>")
    assert int(total["n"]) == len(mentions)


@pytest.mark.parametrize("slug", CONCEPTS)
def test_the_running_totals_follow_the_page_order(reader: Reader, slug: str) -> None:
    iri = reader.ns.concept(slug)
    ordered = reader.select(DOCUMENTS_IN_ORDER, iri)
    running = reader.select(RUNNING, iri)
    assert [r["doc"] for r in running] == [r["doc"] for r in ordered]
    passages = [int(r["passages"]) for r in ordered]
    assert [int(r["passagesBefore"]) for r in running] == [0, *accumulate(passages)][:-1]
    per_document = Counter(row["doc"] for row in reader.select(MENTIONS, iri))
    mentions = [per_document[r["doc"]] for r in ordered]
    assert [int(r["mentionsBefore"]) for r in running] == [0, *accumulate(mentions)][:-1]
    assert [int(r["rank"]) for r in running] == list(range(1, len(ordered) + 1))
    # stances: the same order, over the documents holding stances on the concept
    stances = reader.select(STANCES_BY_DOCUMENT, iri)
    assert stances, slug
    expected, before = {}, 0
    for row in sorted(stances, key=lambda r: (not r["date"], r["date"], r["id"])):
        expected[row["doc"]] = before
        before += int(row["n"])
    found = {r["doc"]: int(r["before"]) for r in reader.select(STANCES_BEFORE, iri)}
    assert found == expected


@pytest.mark.parametrize("slug", CONCEPTS)
def test_mentions_by_period_and_genre_sum_the_mentions(reader: Reader, slug: str) -> None:
    iri = reader.ns.concept(slug)
    mentions: Counter[tuple[str, str]] = Counter()
    documents: Counter[tuple[str, str]] = Counter()
    for row in reader.select(MENTIONS_BY_GENRE, iri):
        key = (row["date"][:4] or "undated", row["genre"] or "unspecified")
        mentions[key] += int(row["n"])
        documents[key] += 1
    table = reader.select(PERIOD_GENRE, iri)
    assert {(r["period"], r["genre"]): int(r["mentions"]) for r in table} == dict(mentions)
    assert {(r["period"], r["genre"]): int(r["documents"]) for r in table} == dict(documents)
    assert all(r["year"] == ("" if r["period"] == "undated" else r["period"]) for r in table)


@pytest.mark.parametrize("slug", CONCEPTS)
def test_the_companions_are_the_heaviest_pairs_read_by_iri(reader: Reader, slug: str) -> None:
    iri = reader.ns.concept(slug)
    pairs = sorted(
        (-int(r["n"]), r["other"], int(r["documents"])) for r in reader.select(PASSAGE_PAIRS, iri)
    )
    assert len(pairs) > 3, slug
    found = []
    for rank in range(1, len(pairs) + 2):
        observation = reader.ns.observation("concept-neighbour", iri, str(rank))
        rows = reader.select(NEIGHBOUR_BY_IRI % f"<{observation}>")
        if not rows:
            break
        [row] = rows
        assert (row["concept"], int(row["rank"])) == (iri, rank)
        found.append((-int(row["n"]), row["other"], int(row["documents"])))
    assert found == pairs[: len(found)]
    assert len(found) == min(len(pairs), NEIGHBOURS)
