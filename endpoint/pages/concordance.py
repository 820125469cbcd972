"""The concordance (keyword in context, KWIC) of a concept or a phrase: every occurrence with its
left and right context, aligned on the keyword, sortable by left context (read backwards from
the keyword, as concordancers sort), right context, document or date.

A concept's occurrences are its mentions (their text-position selectors into the passage text);
a phrase's are found in the text folded as extraction folds it (:func:`kg.read.text_index.fold`),
so 核裁軍 finds 核裁军. At most :data:`MAX_OCCURRENCES` occurrences are read, documents in date
order (the statistics graph says how many mentions each document holds, so only the documents
needed are read); the page says when there are more.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from endpoint.pages.models import Labels, label_map
from kg.errors import UsageError
from kg.read.parameters import resolve_concept
from kg.read.reader import Reader, sparql_iri
from kg.read.text_index import fold, search_passages

MAX_OCCURRENCES = 5000
# How much context each side shows, in display columns (a CJK character is two).
CONTEXT_COLUMNS = 48
PHRASE_LENGTH = 200

# The documents mentioning a concept in date order (undated last), with their mention counts,
# as far as the ``limit``-th mention (and the document after, if one starts there): the build's
# running totals in the statistics graph bound the read however many documents mention it.
CONCEPT_DOCUMENTS = """
SELECT ?doc ?mentions WHERE {
  ?o gsi:refConcept ?this ; gsi:mentionsBefore ?before .
  FILTER(?before <= %(limit)d)
  ?o gsi:mentionCount ?mentions ; gsi:refDocument ?doc .
} ORDER BY ?before
"""
# The mentions of a concept in some documents, with their passage's text.
CONCEPT_MENTIONS = """
SELECT DISTINCT ?m ?p ?doc ?start ?end ?text WHERE {
  VALUES ?doc { %(documents)s }
  ?m oa:hasBody ?this ; oa:hasTarget ?t .
  ?t oa:hasSource ?p ; oa:hasSelector ?sel .
  ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?p dcterms:isPartOf ?doc ; gsi:text ?text .
}
"""
DOCUMENT_FACTS = """
SELECT ?doc ?id ?date WHERE {
  VALUES ?doc { %(documents)s }
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
}
"""


class SortKey(StrEnum):
    """How the lines are ordered (``?sort=``)."""

    DATE = "date"
    DOCUMENT = "document"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class ConcordanceQuery:
    """A concordance: of a concept (any name :func:`resolve_concept` takes) or of a phrase."""

    concept: str | None
    phrase: str | None
    sort: SortKey = SortKey.DATE


def parse_concordance(args: Mapping[str, str]) -> ConcordanceQuery:
    """The concordance a request's arguments ask for; UsageError unless exactly one of
    ``concept`` and ``phrase`` is given, or for an unknown ``sort``.

    >>> parse_concordance({"phrase": "核裁軍", "sort": "left"})
    ConcordanceQuery(concept=None, phrase='核裁軍', sort=<SortKey.LEFT: 'left'>)
    """
    concept = (args.get("concept") or "").strip() or None
    phrase = (args.get("phrase") or "").strip()[:PHRASE_LENGTH] or None
    if (concept is None) == (phrase is None):
        raise UsageError("give either concept= (a slug, IRI or label) or phrase= (some text)")
    raw = args.get("sort") or SortKey.DATE.value
    try:
        sort = SortKey(raw)
    except ValueError as exc:
        keys = ", ".join(k.value for k in SortKey)
        raise UsageError(f"sort={raw!r}: expected one of {keys}") from exc
    return ConcordanceQuery(concept, phrase, sort)


@dataclass(frozen=True)
class Line:
    """One occurrence: its passage and document, and the text around it."""

    passage: str
    doc: str
    doc_id: str
    date: str
    start: int
    end: int
    left: str
    keyword: str
    right: str


@dataclass
class Concordance:
    query: ConcordanceQuery
    concept: Labels | None
    lines: list[Line]
    complete: bool  # False when there were more than MAX_OCCURRENCES occurrences
    doc_labels: dict[str, Labels]


def columns(character: str) -> int:
    """The display columns of a character (two for wide CJK ones)."""
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def left_context(text: str, start: int, width: int = CONTEXT_COLUMNS) -> str:
    """The text before ``start``, at most ``width`` display columns of it, one line.

    >>> left_context("全球安全倡议", 4, 4)
    '安全'
    """
    taken, used = [], 0
    for character in reversed(text[:start]):
        used += columns(character)
        if used > width:
            break
        taken.append(" " if character == "\n" else character)
    return "".join(reversed(taken))


def right_context(text: str, end: int, width: int = CONTEXT_COLUMNS) -> str:
    """The text after ``end``, at most ``width`` display columns of it, one line.

    >>> right_context("全球安全倡议", 2, 4)
    '安全'
    """
    taken, used = [], 0
    for character in text[end:]:
        used += columns(character)
        if used > width:
            break
        taken.append(" " if character == "\n" else character)
    return "".join(taken)


def sort_lines(lines: list[Line], key: SortKey) -> list[Line]:
    """The lines in ``key`` order (date: undated documents last); ties in document order.

    Left context sorts by its characters from the keyword outwards.
    """
    place = {
        SortKey.DATE: lambda line: (not line.date, line.date, line.doc_id, line.passage),
        SortKey.DOCUMENT: lambda line: (line.doc_id, line.passage),
        SortKey.LEFT: lambda line: (fold(line.left)[::-1], line.doc_id),
        SortKey.RIGHT: lambda line: (fold(line.right), line.doc_id),
    }[key]
    return sorted(lines, key=lambda line: (place(line), line.passage, line.start))


def _line(passage: str, doc: str, facts: tuple[str, str], text: str, start: int, end: int) -> Line:
    return Line(
        passage,
        doc,
        facts[0],
        facts[1],
        start,
        end,
        left_context(text, start),
        text[start:end],
        right_context(text, end),
    )


def _document_facts(reader: Reader, documents: set[str]) -> dict[str, tuple[str, str]]:
    if not documents:
        return {}
    names = " ".join(sparql_iri(d) for d in sorted(documents))
    rows = reader.select(DOCUMENT_FACTS % {"documents": names})
    return {r["doc"]: (r["id"], r["date"][:10]) for r in rows}


def _concept_lines(reader: Reader, iri: str) -> tuple[list[Line], bool]:
    chosen, counted = [], 0
    documents = reader.select(CONCEPT_DOCUMENTS % {"limit": MAX_OCCURRENCES}, iri)
    for row in documents:
        if counted + int(row["mentions"]) > MAX_OCCURRENCES:
            break
        chosen.append(row["doc"])
        counted += int(row["mentions"])
    everything = len(chosen) == len(documents)
    if not chosen:
        return [], everything
    names = " ".join(sparql_iri(d) for d in chosen)
    rows = reader.select(CONCEPT_MENTIONS % {"documents": names}, iri)
    facts = _document_facts(reader, set(chosen))
    lines = [
        _line(r["p"], r["doc"], facts[r["doc"]], r["text"], int(r["start"]), int(r["end"]))
        for r in rows
    ]
    return lines, everything


def _phrase_lines(reader: Reader, phrase: str) -> tuple[list[Line], bool]:
    hits = search_passages(reader.release, phrase, MAX_OCCURRENCES)
    if hits is None:
        raise UsageError("this release has no text table to find phrases in; use concept=")
    needle = fold(phrase)
    facts = _document_facts(reader, {f.document for f in hits.passages})
    lines: list[Line] = []
    for found in hits.passages:
        folded = fold(found.text)
        start = folded.find(needle)
        while start >= 0 and needle and len(lines) < MAX_OCCURRENCES:
            end = start + len(needle)
            facts_of = facts[found.document]
            lines.append(_line(found.iri, found.document, facts_of, found.text, start, end))
            start = folded.find(needle, end)
    complete = hits.total <= MAX_OCCURRENCES and len(lines) < MAX_OCCURRENCES
    return lines, complete


def concordance(reader: Reader, query: ConcordanceQuery) -> Concordance:
    """Every occurrence of the query's concept or phrase (at most :data:`MAX_OCCURRENCES`), in
    the query's order. UsageError for a concept name no concept has. A read function."""
    concept: Labels | None = None
    if query.concept is not None:
        iri = resolve_concept(reader, "concept", query.concept)
        concept = label_map(reader, [iri])[iri]
        lines, complete = _concept_lines(reader, iri)
    else:
        assert query.phrase is not None
        lines, complete = _phrase_lines(reader, query.phrase)
    documents = label_map(reader, {line.doc for line in lines})
    return Concordance(query, concept, sort_lines(lines, query.sort), complete, documents)


CSV_COLUMNS = ("document", "date", "passage", "left", "keyword", "right", "start", "end")


def concordance_csv(found: Concordance) -> str:
    """The lines as CSV (RFC 4180), one row each, in their order; ``start`` and ``end`` are the
    keyword's offsets in the passage text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in found.lines:
        writer.writerow(
            (line.doc_id, line.date, line.passage, line.left, line.keyword, line.right,
             line.start, line.end)
        )  # fmt: skip
    return out.getvalue()
