"""The passages' text table the build writes for search (kg/read/text_index.py) finds what the
store finds, and the passages in traditional characters too, in the same order, page by page,
on the 20× corpus; its concept labels find what the store's labels do; and a
release without it (the build's first publication) is searched in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from endpoint.pages.search import SEARCH_PASSAGES, SearchQuery, search
from kg.read.reader import Reader
from kg.read.text_index import INDEX_FILE, find_concepts, find_passages, fold
from kg.releases import Release
from kg.store import open_read_only
from tests.ld_fixture import open_reader

PHRASES = ["安全", "联合国宪章", "npt", "NPT", "Non-Proliferation", "全", "不存在的词语XYZ", "、"]


@pytest.fixture(scope="module")
def reader(built_20x: Path) -> Reader:
    return open_reader(built_20x, max_rows=1_000_000)


def store_search(reader: Reader, phrase: str, limit: int, offset: int) -> list[tuple[str, str]]:
    query = SEARCH_PASSAGES % {"documents": ""} + f" LIMIT {limit} OFFSET {offset}"
    return [(r["p"], r["doc"]) for r in reader.select(query, q=fold(phrase))]


def index_search(reader: Reader, phrase: str, limit: int, offset: int) -> list[tuple[str, str]]:
    found = find_passages(reader.release, phrase, limit, offset)
    assert found is not None, "the compacted release has no text table"
    return [(f.iri, f.document) for f in found]


@pytest.mark.parametrize("phrase", PHRASES)
def test_the_table_finds_what_the_store_finds_and_folded_forms(reader: Reader, phrase: str) -> None:
    """The store compares lower-cased text; the table compares text folded as extraction folds
    it, so it finds the same passages and those written in traditional characters or with
    dash variants, in the same order, page by page."""
    every = index_search(reader, phrase, 1_000_000, 0)
    store = store_search(reader, phrase, 1_000_000, 0)
    assert set(store) <= set(every)
    assert [hit for hit in every if hit in set(store)] == store
    texts = {f.iri: f.text for f in find_passages(reader.release, phrase, 1_000_000) or []}
    for iri, _ in set(every) - set(store):
        assert fold(phrase) in fold(texts[iri]) and phrase.lower() not in texts[iri].lower()
    for limit, offset in ((101, 0), (101, 100), (50, 1000)):
        assert index_search(reader, phrase, limit, offset) == every[offset : offset + limit]


def test_every_passage_is_in_the_table(reader: Reader) -> None:
    [[count]] = [
        list(r.values())
        for r in reader.select("SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }")
    ]
    assert len(index_search(reader, "", 10_000_000, 0)) == int(count) > 3000


def test_a_release_without_the_table_is_searched_in_the_store(built_20x: Path) -> None:
    [first] = [r for r in (built_20x / "releases").iterdir() if not r.name.endswith("-compacted")]
    assert not (first / INDEX_FILE).exists()
    assert find_passages(Release(first), "安全", 10) is None
    compacted = open_reader(built_20x)
    uncompacted = Reader(
        Release(first), open_read_only(first / "store"), compacted.ns, 10_000, 1 << 25
    )
    # a phrase no traditional form of which is written (the store does not fold, the table does)
    query = SearchQuery("npt", page=0)
    found = search(uncompacted, query).passages
    assert found and found == search(compacted, query).passages


LABELS = """
SELECT DISTINCT ?c WHERE {
  ?c a skos:Concept ; skos:prefLabel|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?q))
} ORDER BY ?c
"""


@pytest.mark.parametrize("phrase", ["安全", "条约", "npt", "Security Council", "不存在的词语XYZ"])
def test_the_label_table_finds_the_concepts_the_store_finds(reader: Reader, phrase: str) -> None:
    found = find_concepts(reader.release, phrase)
    assert found is not None, "the compacted release has no label table"
    assert found == [r["c"] for r in reader.select(LABELS, q=fold(phrase))]
    # folded as extraction folds: traditional characters find simplified labels
    if phrase == "条约":
        assert find_concepts(reader.release, "條約") == found != []


def test_the_concept_search_reads_the_table_or_the_store_alike(built_20x: Path) -> None:
    [first] = [r for r in (built_20x / "releases").iterdir() if not r.name.endswith("-compacted")]
    assert find_concepts(Release(first), "条约") is None
    compacted = open_reader(built_20x)
    uncompacted = Reader(
        Release(first), open_read_only(first / "store"), compacted.ns, 10_000, 1 << 25
    )
    for query in (SearchQuery("条约"), SearchQuery("安全", only="Domain")):
        from_table, from_store = search(compacted, query), search(uncompacted, query)
        assert [c.iri for c, _ in from_table.concepts] == [c.iri for c, _ in from_store.concepts]
        assert from_table.concepts
