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
from kg.read.text_index import fold, search_passages

# Passages per page of results, concepts shown at most, longest search text.
SEARCH_PAGE_SIZE = 50
CONCEPTS_SHOWN = 100
SEARCH_LENGTH = 200
MAX_PAGE = 100_000

SEARCH_CONCEPTS = """
SELECT DISTINCT ?c ?mentions WHERE {
  ?c a skos:Concept ; skos:prefLabel|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?q))
  %(only)s
  OPTIONAL { ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?mentions }
} ORDER BY DESC(?mentions) ?c LIMIT %(limit)d
"""
# Every document with its identifier and date (the document filter, the date range).
DOCUMENTS = """
SELECT ?doc ?id ?date WHERE {
  ?o qb:dataSet stats:document ; gsi:refDocument ?doc .
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY ?date ?id
"""
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
    by_document: list[tuple[DocumentChoice, int]]
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


def _documents(reader: Reader) -> list[DocumentChoice]:
    rows = reader.select(DOCUMENTS)
    names = label_map(reader, [r["doc"] for r in rows])
    return [DocumentChoice(r["doc"], r["id"], r["date"], names[r["doc"]]) for r in rows]


def _in_filter(query: SearchQuery, documents: list[DocumentChoice]) -> frozenset[str] | None:
    """The IRIs of the documents the filters keep (None: no filter); UsageError for an unknown
    document."""
    if not query.filtered:
        return None
    kept = documents
    if query.doc is not None:
        kept = [d for d in kept if d.doc_id == query.doc]
        if not kept:
            raise UsageError(f"doc={query.doc!r}: no such document (see /documents)")
    if query.since or query.until:
        since, until = query.since or "0000", query.until or "9999"
        kept = [d for d in kept if d.date and since <= d.date[:10] <= until]
    return frozenset(d.doc for d in kept)


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
    only = f"?c a gsi:{query.only} ." if query.only else ""
    found = reader.select(SEARCH_CONCEPTS % {"only": only, "limit": CONCEPTS_SHOWN}, q=needle)
    names = label_map(reader, [r["c"] for r in found])
    concepts = [(names[r["c"]], int(r["mentions"] or 0)) for r in found]
    documents = _documents(reader)
    kept = _in_filter(query, documents)
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
    by_iri = {d.doc: d for d in documents}
    ranked = sorted(by_doc.items(), key=lambda kv: (-kv[1], by_iri[kv[0]].doc_id))
    return SearchResults(
        query,
        concepts,
        passages,
        total,
        [(by_iri[doc], count) for doc, count in ranked if doc in by_iri],
        documents,
        {d.doc: d.labels for d in documents},
    )
