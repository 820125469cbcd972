"""The passages' text as a table the build writes into the compacted release, for search.

A search for a phrase in SPARQL (``FILTER(CONTAINS(?text, …))``) makes the engine decode every
passage's text from the store: linear in the corpus, about 1 s per 500 documents on the
development machine. The build writes every passage — its IRI, document, position and text, and
the text lower-cased — into ``passages.sqlite`` (:data:`INDEX_FILE`), one row per passage in the
order the search pages list them (document IRI, then position), so a search is one SQLite scan
with ``instr()`` that stops as soon as the page is full: a common word answers at once, and a
phrase found nowhere costs one pass over the text in C.

:func:`find_passages` answers from that file, and returns None for a release without it (the
build's first, uncompacted publication, a remote store); the caller then asks the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.read.reader import Reader
from kg.releases import AnyRelease

INDEX_FILE = "passages.sqlite"
PASSAGES_QUERY = """
SELECT ?p ?doc ?n ?text WHERE {
  ?p a gsi:Passage ; dcterms:isPartOf ?doc ; gsi:position ?n ; gsi:text ?text .
  ?doc a gsi:Document .
}
"""


@dataclass(frozen=True)
class FoundPassage:
    iri: str
    document: str
    position: int
    text: str


def fold(text: str) -> str:
    """The lower-cased text both sides of a search compare, as SPARQL's ``LCASE`` and the
    page's highlighting lower it (CJK text is unchanged).

    >>> fold("Non-Proliferation 不扩散")
    'non-proliferation 不扩散'
    """
    return text.lower()


def write_text_index(reader: Reader, path: Path) -> int:
    """Write every passage of the release ``reader`` reads into a new SQLite file at ``path``,
    in search order; return the number of passages."""
    rows = sorted(
        (row["doc"], int(row["n"]), row["p"], row["text"]) for row in reader.select(PASSAGES_QUERY)
    )
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE passage (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, doc TEXT NOT NULL,"
            " position INTEGER NOT NULL, text TEXT NOT NULL, folded TEXT NOT NULL);"
        )
        connection.executemany(
            "INSERT INTO passage (iri, doc, position, text, folded) VALUES (?, ?, ?, ?, ?)",
            _with_folded(rows),
        )
        connection.commit()
    finally:
        connection.close()
    return len(rows)


def _with_folded(
    rows: Iterable[tuple[str, int, str, str]],
) -> Iterable[tuple[str, str, int, str, str]]:
    for doc, position, iri, text in rows:
        yield iri, doc, position, text, fold(text)


def find_passages(
    release: AnyRelease, phrase: str, limit: int, offset: int = 0
) -> list[FoundPassage] | None:
    """The passages whose text contains ``phrase`` (lower-cased), ``limit`` of them from
    ``offset`` in document and position order; None if ``release`` has no index."""
    path = release.file(INDEX_FILE)
    if path is None:
        return None
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT iri, doc, position, text FROM passage WHERE instr(folded, ?) > 0 "
            "ORDER BY id LIMIT ? OFFSET ?",
            (fold(phrase), limit, offset),
        ).fetchall()
    finally:
        connection.close()
    return [FoundPassage(iri, doc, int(position), text) for iri, doc, position, text in rows]
