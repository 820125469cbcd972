"""The canned answers the build stores (every canned query with its default parameters): each is
the live answer, row for row and page for page, and the server reads it instead of the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.namespaces import Namespace
from kg.read.canned import (
    Paging,
    answer_name,
    canned_table,
    load_queries,
    stored_answer,
)
from kg.read.reader import Reader, with_values
from kg.read.sparql import serialize_solutions
from kg.releases import Release, resolve_release
from kg.settings import PROJECT_ROOT
from kg.store import QueryResultsFormat, QuerySolutions, open_read_only

QUERIES = load_queries(PROJECT_ROOT / "queries")
UNBOUNDED = 1 << 40
PAGES = (Paging(7, 0), Paging(5, 11), Paging(None, 3), Paging(500, 0), Paging(3, 10**6))


def reader_of(release: Release) -> Reader:
    return Reader(release, open_read_only(release.store_path), release.namespace(), 10**9, 10**12)


def tsv(solutions: object) -> bytes:
    assert isinstance(solutions, QuerySolutions)
    return serialize_solutions(solutions, QueryResultsFormat.TSV, -1, UNBOUNDED)


def default_sparql(name: str, ns: Namespace) -> str:
    query = QUERIES[name]
    return with_values(query.sparql, dict(query.bind({}, ns)))


def test_every_default_answer_is_stored_and_is_the_live_answer(built_20x: Path) -> None:
    release = resolve_release(built_20x)
    reader = reader_of(release)
    rows = 0
    for name in QUERIES:
        sparql = default_sparql(name, reader.ns)
        assert release.file(answer_name(sparql)) is not None, name
        for paging in PAGES:
            stored = tsv(stored_answer(release, sparql, paging))
            assert stored == tsv(reader.query(sparql + paging.clause())), (name, paging)
        rows += len(tsv(stored_answer(release, sparql, Paging())).splitlines()) - 1
    assert rows > 10_000  # answers over 100 documents, not toy ones


def test_other_parameter_values_and_other_query_texts_are_not_stored(built_20x: Path) -> None:
    release = resolve_release(built_20x)
    ns = release.namespace()
    query = QUERIES["treaties-by-document"]
    one_document = with_values(query.sparql, dict(query.bind({"doc": "gen-0000003"}, ns)))
    assert stored_answer(release, one_document, Paging()) is None
    changed = default_sparql("treaties-by-document", ns).replace("ORDER BY", "ORDER BY DESC")
    assert stored_answer(release, changed, Paging()) is None


def test_the_pages_are_read_from_the_stored_answer(built: Path, tmp_path: Path) -> None:
    """A copy of the seed release whose stored answer of one query is emptied: its pages come
    out empty, while the store still holds the rows."""
    copy = tmp_path / "release"
    shutil.copytree(resolve_release(built).path, copy, symlinks=True)
    release = Release(copy)
    reader = reader_of(release)
    query = QUERIES["treaties-by-document"]
    bindings = query.bind({}, reader.ns)
    assert canned_table(reader, query, bindings, 50).rows
    answer = copy / answer_name(with_values(query.sparql, dict(bindings)))
    header = answer.read_bytes().splitlines(keepends=True)[0]
    answer.write_bytes(header)
    assert canned_table(reader, query, bindings, 50).rows == ()
    # With the file gone the query runs on the store again.
    answer.unlink()
    assert canned_table(reader, query, bindings, 50).rows


@pytest.mark.parametrize("name", ["cooccurring-concepts", "principles-by-document"])
def test_a_stored_page_is_a_slice_of_lines(built_20x: Path, name: str) -> None:
    """The answer file is TSV with one line per row, so page N is lines N×size … of it."""
    release = resolve_release(built_20x)
    sparql = default_sparql(name, release.namespace())
    path = release.file(answer_name(sparql))
    assert path is not None
    lines = path.read_bytes().splitlines(keepends=True)
    page = tsv(stored_answer(release, sparql, Paging(4, 2)))
    assert page == lines[0] + b"".join(lines[3:7])
