"""The passages' text as a table the build writes into the compacted release, for search.

A search for a phrase in SPARQL (``FILTER(CONTAINS(?text, …))``) makes the engine decode every
passage's text from the store: linear in the corpus, about 1 s per 500 documents on the
development machine. The build writes every passage — its IRI, document, position and text, and
the text lower-cased — into ``passages.sqlite`` (:data:`INDEX_FILE`), one row per passage in the
order the search pages list them (document IRI, then position), so a search is one SQLite scan
with ``instr()``: one pass over the text in C finds every passage holding the phrase (their
number, and their number in each document, is the hit count), then the page's passages are read
by row id. The concepts' labels (``skos:prefLabel`` and ``skos:altLabel``, folded) are a second
table, ``label``, so the search for concepts is one scan of a few thousand short strings.

Both sides of a search are folded as extraction folds text (:func:`fold`: traditional characters
and Taiwan wording to simplified mainland forms, dash and dot variants, lower case, each
character for one character, so offsets into the folded text are offsets into the text): 核裁軍
finds 核裁军.

:func:`search_passages` answers from that file, and returns None for a release without it (the
build's first, uncompacted publication, a remote store); the caller then asks the store.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.pipeline.extract.matcher import fold_case, normalise
from kg.read.reader import Reader
from kg.releases import AnyRelease

INDEX_FILE = "passages.sqlite"
PASSAGES_QUERY = """
SELECT ?p ?doc ?n ?text WHERE {
  ?p a gsi:Passage ; dcterms:isPartOf ?doc ; gsi:position ?n ; gsi:text ?text .
  ?doc a gsi:Document .
}
"""


LABELS_QUERY = """
SELECT ?c ?label WHERE { ?c a skos:Concept ; skos:prefLabel|skos:altLabel ?label . }
"""


@dataclass(frozen=True)
class FoundPassage:
    iri: str
    document: str
    position: int
    text: str


@dataclass(frozen=True)
class PassageHits:
    """One page of the passages holding a phrase, how many hold it, and how many in each
    document."""

    passages: list[FoundPassage]
    total: int
    by_document: dict[str, int]


def fold(text: str) -> str:
    """The text both sides of a search compare: folded as extraction folds it
    (:func:`kg.pipeline.extract.matcher.normalise`), then lower-cased, one character for one.

    >>> fold("Non-Proliferation 核裁軍 不扩散")
    'non-proliferation 核裁军 不扩散'
    """
    return fold_case(normalise(text))


def write_text_index(reader: Reader, path: Path) -> int:
    """Write every passage of the release ``reader`` reads into a new SQLite file at ``path``,
    in search order, and every concept label; return the number of passages."""
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
        labels = sorted({(r["c"], fold(r["label"])) for r in reader.select(LABELS_QUERY)})
        connection.execute(
            "CREATE TABLE label (id INTEGER PRIMARY KEY, concept TEXT NOT NULL,"
            " folded TEXT NOT NULL)"
        )
        connection.executemany("INSERT INTO label (concept, folded) VALUES (?, ?)", labels)
        connection.commit()
    finally:
        connection.close()
    return len(rows)


def _with_folded(
    rows: Iterable[tuple[str, int, str, str]],
) -> Iterable[tuple[str, str, int, str, str]]:
    for doc, position, iri, text in rows:
        yield iri, doc, position, text, fold(text)


def find_concepts(release: AnyRelease, phrase: str) -> list[str] | None:
    """The concepts (IRIs, in IRI order) one of whose labels holds ``phrase``, both folded; None
    if ``release`` has no index, or an index written before it held the labels."""
    path = release.file(INDEX_FILE)
    if path is None:
        return None
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE name = 'label'")
        if tables.fetchone() is None:
            return None
        found = connection.execute(
            "SELECT DISTINCT concept FROM label WHERE instr(folded, ?) > 0 ORDER BY concept",
            [fold(phrase)],
        ).fetchall()
    finally:
        connection.close()
    return [concept for (concept,) in found]


def find_passages(
    release: AnyRelease, phrase: str, limit: int, offset: int = 0
) -> list[FoundPassage] | None:
    """The passages whose folded text contains ``phrase`` folded, ``limit`` of them from
    ``offset`` in document and position order; None if ``release`` has no index."""
    hits = search_passages(release, phrase, limit, offset)
    return None if hits is None else hits.passages


def search_passages(
    release: AnyRelease,
    phrase: str,
    limit: int,
    offset: int = 0,
    documents: frozenset[str] | None = None,
) -> PassageHits | None:
    """:func:`find_passages` with the hit counts, only in ``documents`` (IRIs) if given; None if
    ``release`` has no index."""
    path = release.file(INDEX_FILE)
    if path is None:
        return None
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT id, doc FROM passage WHERE instr(folded, ?) > 0 ORDER BY id", [fold(phrase)]
        ).fetchall()
        if documents is not None:  # in Python: a corpus has more documents than SQL parameters
            found = [(row_id, doc) for row_id, doc in found if doc in documents]
        page = [row_id for row_id, _ in found[offset : offset + limit]]
        rows = connection.execute(
            "SELECT iri, doc, position, text FROM passage "
            f"WHERE id IN ({', '.join('?' * len(page))}) ORDER BY id",
            page,
        ).fetchall()
    finally:
        connection.close()
    return PassageHits(
        [FoundPassage(iri, doc, int(position), text) for iri, doc, position, text in rows],
        len(found),
        dict(Counter(doc for _, doc in found)),
    )
