"""Search (``/search?q=``): concepts whose Chinese or English label or alt label holds the text,
and passages whose text does, both folded as extraction folds text (traditional → simplified,
case; :func:`kg.read.text_index.fold`), with filters, hit counts and pages.

Filters: ``class`` (the concepts of one base class), ``doc`` (one document's passages, by
identifier), ``from`` and ``to`` (the passages of documents dated in that range, ``YYYY`` or
``YYYY-MM-DD``; undated documents are then left out). Passages come from the release's text
table (:mod:`kg.read.text_index`), or from the store for a release without one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from endpoint.pages.models import (
    INDEX_CLASSES,
    Labels,
    Segment,
    Span,
    highlight,
    label_map,
)
from kg.errors import UsageError
from kg.read.reader import Reader, sparql_iri
from kg.read.text_index import find_concepts, fold, search_passages

# Passages per page of results, documents listed with their hits (the most hits first) and
# offered in the document filter, concepts shown at most, longest search text.
SEARCH_PAGE_SIZE = 50
DOCUMENTS_SHOWN = 50
CONCEPTS_SHOWN = 100
SEARCH_LENGTH = 200
MAX_PAGE = 100_000

# The store's search for concepts, for a release without the text table's labels.
SEARCH_CONCEPTS = """
SELECT DISTINCT ?c WHERE {
  ?c a skos:Concept ; skos:prefLabel|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?q))
}
"""
# Those of the concepts found that are of one class.
OF_CLASS = """
SELECT ?c WHERE {
  VALUES ?c { %(concepts)s }
  ?c a gsi:%(only)s .
}
"""
# The mentions of the concepts found, from their ``stats:concept`` observations given by IRI (an
# OPTIONAL finding each concept's observation made the engine search for it once per concept:
# 40 s for a common word at 500 documents).
CONCEPT_MENTIONS = """
SELECT ?o ?mentions WHERE {
  VALUES ?o { %(observations)s }
  ?o gsi:mentionCount ?mentions .
}
"""
# The identifier and date of the documents shown (those with the most hits, the one filtered by).
DOCUMENT_CHOICES = """
SELECT ?doc ?id ?date WHERE {
  VALUES ?doc { %(documents)s }
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
}
"""
# The documents the filters may keep, with their dates: the one of an identifier, or all.
FILTERED_DOCUMENTS = """
SELECT ?doc ?date WHERE {
  %(documents)s
  OPTIONAL { ?doc dcterms:date ?date }
}
"""
ONE_DOCUMENT = "?doc dcterms:identifier ?doc_id ; a gsi:Document ."
EVERY_DOCUMENT = "?o qb:dataSet stats:document ; gsi:refDocument ?doc ."
# The store's search, for a release without the text table: how many passages in each document,
# then the page's passages.
SEARCH_COUNTS = """
SELECT ?q ?doc (COUNT(?p) AS ?passages) WHERE {
  %(documents)s
  ?p a gsi:Passage ; gsi:text ?text ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  FILTER(CONTAINS(LCASE(?text), ?q))
} GROUP BY ?q ?doc
"""
SEARCH_PASSAGES = """
SELECT ?q ?p ?doc ?n ?text WHERE {
  %(documents)s
  ?p a gsi:Passage ; gsi:text ?text ; gsi:position ?n ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  FILTER(CONTAINS(LCASE(?text), ?q))
} ORDER BY ?doc ?n
"""
_DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


@dataclass(frozen=True)
class SearchQuery:
    """A search: the text, its filters (None when not given) and the page."""

    text: str
    only: str | None = None
    doc: str | None = None
    since: str | None = None
    until: str | None = None
    page: int = 0

    @property
    def filtered(self) -> bool:
        return bool(self.doc or self.since or self.until)


def _date(name: str, raw: str, end: bool) -> str | None:
    """An ISO date from ``YYYY`` (its first or last day) or ``YYYY-MM-DD``; UsageError else."""
    if not raw:
        return None
    if not _DATE.match(raw):
        raise UsageError(f"{name}={raw!r}: expected a year (2023) or a date (2023-02-21)")
    if len(raw) == 4:
        return f"{raw}-12-31" if end else f"{raw}-01-01"
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError as exc:
        raise UsageError(f"{name}={raw!r}: no such date") from exc


def parse_search(args: Mapping[str, str]) -> SearchQuery:
    """The search a request's arguments ask for; UsageError for a bad filter or page.

    >>> parse_search({"q": " 核裁軍 ", "from": "2022", "class": "Treaty"})
    SearchQuery(text='核裁軍', only='Treaty', doc=None, since='2022-01-01', until=None, page=0)
    """
    only = args.get("class") or None
    if only is not None and only not in INDEX_CLASSES:
        raise UsageError(f"class={only!r}: expected one of {', '.join(INDEX_CLASSES)}")
    page = args.get("page") or "0"
    if not page.isdigit() or int(page) > MAX_PAGE:
        raise UsageError(f"page={page!r}: expected a page number from 0 to {MAX_PAGE}")
    return SearchQuery(
        text=args.get("q", "").strip()[:SEARCH_LENGTH],
        only=only,
        doc=args.get("doc") or None,
        since=_date("from", args.get("from", "").strip(), end=False),
        until=_date("to", args.get("to", "").strip(), end=True),
        page=int(page),
    )


@dataclass(frozen=True)
class DocumentChoice:
    doc: str
    doc_id: str
    date: str
    labels: Labels


@dataclass
class SearchResults:
    """What the search page shows."""

    query: SearchQuery
    concepts: list[tuple[Labels, int]]
    passages: list[tuple[str, str, list[Segment]]]
    passage_total: int
    # the :data:`DOCUMENTS_SHOWN` documents with the most hits, of ``document_total``
    by_document: list[tuple[DocumentChoice, int]]
    document_total: int
    # the document filter's choices: those documents (by date) and the one filtered by
    documents: list[DocumentChoice]
    doc_labels: dict[str, Labels] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.query.page

    @property
    def more(self) -> bool:
        return self.passage_total > (self.query.page + 1) * SEARCH_PAGE_SIZE

    @property
    def pages(self) -> int:
        """The number of pages of passages (at least 1)."""
        return max(1, -(-self.passage_total // SEARCH_PAGE_SIZE))


def _mentions(reader: Reader, concepts: list[str]) -> dict[str, int]:
    """How many mentions each of ``concepts`` has (absent: none)."""
    if not concepts:
        return {}
    observations = {reader.ns.observation("concept", c): c for c in concepts}
    values = " ".join(sparql_iri(o) for o in observations)
    rows = reader.select(CONCEPT_MENTIONS % {"observations": values})
    return {observations[r["o"]]: int(r["mentions"]) for r in rows}


def _choices(reader: Reader, iris: set[str]) -> dict[str, DocumentChoice]:
    """The identifier, date and labels of the documents ``iris``."""
    if not iris:
        return {}
    values = " ".join(sparql_iri(d) for d in sorted(iris))
    rows = reader.select(DOCUMENT_CHOICES % {"documents": values})
    names = label_map(reader, iris)
    return {r["doc"]: DocumentChoice(r["doc"], r["id"], r["date"], names[r["doc"]]) for r in rows}


def _in_filter(reader: Reader, query: SearchQuery) -> tuple[frozenset[str] | None, set[str]]:
    """The IRIs of the documents the filters keep (None: no filter), and the IRI of the document
    filtered by (if any); UsageError for an unknown document."""
    if not query.filtered:
        return None, set()
    if query.doc is not None:
        found = reader.select(FILTERED_DOCUMENTS % {"documents": ONE_DOCUMENT}, doc_id=query.doc)
        if not found:
            raise UsageError(f"doc={query.doc!r}: no such document (see /documents)")
    else:
        found = reader.select(FILTERED_DOCUMENTS % {"documents": EVERY_DOCUMENT})
    if query.since or query.until:
        since, until = query.since or "0000", query.until or "9999"
        chosen = {r["doc"] for r in found} if query.doc is not None else set()
        found = [r for r in found if r["date"] and since <= r["date"][:10] <= until]
        return frozenset(r["doc"] for r in found), chosen
    return frozenset(r["doc"] for r in found), {r["doc"] for r in found if query.doc is not None}


def _highlighted(text: str, needle: str) -> list[Segment]:
    folded = fold(text)
    spans, start = [], folded.find(needle)
    while start >= 0 and needle:
        spans.append(Span(start, start + len(needle), "", ""))
        start = folded.find(needle, start + len(needle))
    return highlight(text, spans)


def search(reader: Reader, query: SearchQuery) -> SearchResults:
    """Concepts whose label holds the text (most mentioned first) and the query's page of the
    passages whose text does, with the hit counts. A read function."""
    needle = fold(query.text)
    found = find_concepts(reader.release, query.text)
    if found is None:
        found = [r["c"] for r in reader.select(SEARCH_CONCEPTS, q=needle)]
    if query.only and found:
        values = " ".join(sparql_iri(c) for c in found)
        found = [r["c"] for r in reader.select(OF_CLASS % {"concepts": values, "only": query.only})]
    mentions = _mentions(reader, found)
    found = sorted(found, key=lambda c: (-mentions.get(c, 0), c))[:CONCEPTS_SHOWN]
    names = label_map(reader, found)
    concepts = [(names[c], mentions.get(c, 0)) for c in found]
    kept, chosen = _in_filter(reader, query)
    offset = query.page * SEARCH_PAGE_SIZE
    hits = search_passages(reader.release, query.text, SEARCH_PAGE_SIZE, offset, kept)
    if hits is not None:
        rows = [(f.iri, f.document, f.text) for f in hits.passages]
        total, by_doc = hits.total, hits.by_document
    else:  # no text table in this release (a remote store): the store scans every passage
        values = "" if kept is None else f"VALUES ?doc {{ {' '.join(map(sparql_iri, kept))} }}"
        counts = reader.select(SEARCH_COUNTS % {"documents": values}, q=needle)
        by_doc = {r["doc"]: int(r["passages"]) for r in counts}
        total = sum(by_doc.values())
        window = f" LIMIT {SEARCH_PAGE_SIZE} OFFSET {offset}"
        selected = reader.select(SEARCH_PASSAGES % {"documents": values} + window, q=needle)
        rows = [(r["p"], r["doc"], r["text"]) for r in selected]
    passages = [(iri, doc, _highlighted(text, needle)) for iri, doc, text in rows]
    shown = sorted(by_doc.items(), key=lambda kv: (-kv[1], kv[0]))[:DOCUMENTS_SHOWN]
    choices = _choices(reader, {doc for doc, _ in shown} | {doc for _, doc, _ in rows})
    choices.update(_choices(reader, chosen - set(choices)))  # offered even without a hit
    by_document = [(choices[doc], count) for doc, count in shown if doc in choices]
    offered = {d.doc: d for d, _ in by_document}
    offered |= {c.doc: c for c in choices.values() if c.doc_id == query.doc}
    return SearchResults(
        query,
        concepts,
        passages,
        total,
        by_document,
        len(by_doc),
        sorted(offered.values(), key=lambda d: (d.date or "9999", d.doc_id)),
        {d.doc: d.labels for d in choices.values()},
    )
