"""What the HTML pages show, computed from the store: read functions (they run in an executor
process, see :mod:`kg.read.service`) returning plain dataclasses the templates render.

Page data comes from SPARQL with the page's IRI bound as ``?this`` by a ``VALUES`` row
(:meth:`kg.read.reader.Reader.select`); labels are asked for in batches (:func:`label_map`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from endpoint.pages.linked_data import LABEL_PREDICATES, as_triples, outgoing
from kg.errors import UsageError
from kg.namespaces import RDF_TYPE, SKOS_CONCEPT
from kg.read.reader import Reader, sparql_iri
from kg.store import Literal, NamedNode


@dataclass(frozen=True)
class Segment:
    """A run of passage text. ``marked`` runs are mentions (``concept`` set; ``focus`` if it is
    the page's concept) or search hits."""

    text: str
    marked: bool = False
    concept: str = ""
    mention: str = ""
    focus: bool = False


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    concept: str
    mention: str


def highlight(text: str, spans: list[Span], focus: str = "") -> list[Segment]:
    """Cut ``text`` into plain runs and mention runs (overlapping spans: the earlier one wins)."""
    segments: list[Segment] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end > len(text) or span.start >= span.end:
            continue
        if span.start > cursor:
            segments.append(Segment(text[cursor : span.start]))
        segments.append(
            Segment(
                text[span.start : span.end],
                True,
                span.concept,
                span.mention,
                bool(focus) and span.concept == focus,
            )
        )
        cursor = span.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


PASSAGE_SPANS = """
SELECT ?this ?m ?c ?start ?end WHERE {
  ?m a oa:Annotation ; oa:hasBody ?c ; oa:hasTarget ?t .
  ?t oa:hasSource ?this ; oa:hasSelector ?sel .
  ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""


def _spans(rows: list[dict[str, str]]) -> dict[str, list[Span]]:
    by_passage: dict[str, list[Span]] = defaultdict(list)
    for row in rows:
        span = Span(int(row["start"]), int(row["end"]), row["c"], row["m"])
        by_passage[row.get("p") or row["this"]].append(span)
    return by_passage


@dataclass
class Labels:
    """Labels by language; ``get(lang)`` falls back to the other language, then the IRI."""

    iri: str
    values: dict[str, str] = field(default_factory=dict)

    def get(self, lang: str) -> str:
        other = "en" if lang == "zh" else "zh"
        return self.values.get(lang) or self.values.get(other) or self.values.get("") or self.iri


# One branch per predicate: the engine then looks each IRI up (a VALUES list of predicates
# joined with ``?this ?p ?label`` made it scan every label of the store: 0.2 s at 1000×).
LABELS = """
SELECT ?this ?p ?label ?lang WHERE {
  VALUES ?this { %(iris)s }
  %(branches)s
  FILTER(isLiteral(?label))
  BIND(LANG(?label) AS ?lang)
}
"""
# The most IRIs whose labels one query asks for (and at most a tenth of the row cap, so that
# even ten labels each stay within it).
LABELS_BATCH = 1000


def labels(reader: Reader, iri: str) -> Labels:
    """The labels of ``iri`` (see :func:`label_map`)."""
    return label_map(reader, [iri])[iri]


def label_map(reader: Reader, iris: Iterable[str]) -> dict[str, Labels]:
    """The labels of each of ``iris``: per language, the first of ``skos:prefLabel``,
    ``dcterms:title``, ``rdfs:label`` (the first in code-point order if one predicate gives
    several). One query per :data:`LABELS_BATCH` IRIs, asked for by predicate (a concept is the
    subject of many other statements), so that a page costs a remote store a few round trips,
    not one per label."""
    found = {iri: Labels(iri) for iri in iris}
    rank = {predicate.value: i for i, predicate in enumerate(LABEL_PREDICATES)}
    ordered = sorted(found)
    batch = max(1, min(LABELS_BATCH, reader.max_rows // 10))
    for start in range(0, len(ordered), batch):
        names = " ".join(sparql_iri(iri) for iri in ordered[start : start + batch])
        branches = " UNION ".join(
            f"{{ ?this {predicate} ?label BIND({predicate} AS ?p) }}"
            for predicate in LABEL_PREDICATES
        )
        rows = reader.select(LABELS % {"iris": names, "branches": branches})
        for row in sorted(rows, key=lambda r: (rank[r["p"]], r["label"])):
            found[row["this"]].values.setdefault(row["lang"], row["label"])
    return found


@dataclass
class PassageView:
    iri: str
    position: int
    segments: list[Segment]
    heading: str = ""
    is_heading: bool = False


@dataclass
class DocumentMentions:
    doc: str
    doc_id: str
    date: str
    passages: list[PassageView]


# Passages shown per page of a concept or a document, and stances per concept page.
PAGE_SIZE = 50
STANCES_SHOWN = 100
# (at most kg.pipeline.statistics.NEIGHBOURS: the build keeps no more for each concept)
COOCCURRING_SHOWN = 50

# A concept's totals: its observation in ``concept`` is read by its IRI (no search).
CONCEPT_TOTALS = """
SELECT ?mentions ?documents WHERE {
  %(observation)s gsi:mentionCount ?mentions ; gsi:documentCount ?documents .
}
"""
# The documents holding the passages ``first`` to ``last`` (0-based) of a concept in its page
# order (dated documents by date, then undated; by identifier), with how many of their passages
# mention it and how many come before them: the build wrote these running totals into the
# statistics graph, so the page reads a few documents however many mention the concept.
CONCEPT_DOCUMENTS = """
SELECT ?doc ?id ?date ?passages ?before WHERE {
  ?o gsi:refConcept ?this ; gsi:passagesBefore ?before .
  FILTER(?before <= %(last)d)
  ?o gsi:passageCount ?passages .
  FILTER(?before + ?passages > %(first)d)
  ?o gsi:refDocument ?doc .
  ?doc dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY ?before
"""
# The passages of one document that mention a concept: one branch per document, in the
# document's own named graph (a VALUES list of documents joined with the passages' patterns made
# the engine read every passage text of the store: 0.3 s at 500 documents).
CONCEPT_PASSAGES = """{ GRAPH %(graph)s {
  ?p gsi:mentions %(concept)s ; gsi:position ?n ; gsi:text ?text } BIND(%(doc)s AS ?doc) }"""
PASSAGE_LIST_SPANS = """
SELECT ?p ?m ?c ?start ?end WHERE {
  VALUES ?p { %(passages)s }
  ?t oa:hasSource ?p ; oa:hasSelector ?sel .
  ?m oa:hasTarget ?t ; oa:hasBody ?c .
  ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""
# The stances on a concept whose evidence lies in one document (in its named graph).
CONCEPT_STANCES = """{ GRAPH %(graph)s {
  ?st gsi:target %(concept)s ; gsi:evidence ?p ; gsi:polarity ?polarity .
  OPTIONAL { ?st gsi:holder ?holder }
  OPTIONAL { ?st gsi:cue ?cue } } BIND(%(doc)s AS ?doc) }"""
# The documents holding the first ``shown`` stances on a concept, in its page order (the
# statistics' running totals of stances).
CONCEPT_STANCE_DOCUMENTS = """
SELECT DISTINCT ?doc ?id ?before WHERE {
  ?o gsi:refConcept ?this ; gsi:stancesBefore ?before .
  FILTER(?before < %(shown)d)
  ?o gsi:refDocument ?doc .
  ?doc dcterms:identifier ?id .
} ORDER BY ?before
"""
# The concepts named with a concept in its passages, heaviest first: ``concept-neighbour``'s
# observations, given by their IRIs. (Finding the concept's pairs among ``stats:cooccurrence``'s
# read every pair and every by-year pair of the concept: 0.1 s at 500 documents, growing with them.)
CONCEPT_COOCCURRENCES = """
SELECT ?other ?weight WHERE {
  VALUES ?o { %(observations)s }
  ?o gsi:neighbourRank ?rank ; gsi:refOtherConcept ?other ; gsi:cooccurrenceCount ?weight .
} ORDER BY ?rank
"""
CONCEPT_FACTS = """
SELECT ?this ?type ?broader ?narrower ?alt ?alt_lang ?definition ?definition_lang ?discovered
  ?confidence
WHERE {
  { ?this a ?type FILTER(STRSTARTS(STR(?type), STR(gsi:))) }
  UNION { ?this skos:broader ?broader } UNION { ?this skos:narrower ?narrower }
  UNION { ?this skos:altLabel ?alt BIND(LANG(?alt) AS ?alt_lang) }
  UNION { ?this skos:definition ?definition BIND(LANG(?definition) AS ?definition_lang) }
  UNION { ?this gsi:discovered ?discovered } UNION { ?this gsi:confidence ?confidence }
}
"""


@dataclass
class ConceptPage:
    """A concept, its totals (from the statistics graph) and one page of its passages."""

    iri: str
    labels: Labels
    types: list[str]
    # (language, label), by language then label
    alt_labels: list[tuple[str, str]]
    definitions: dict[str, str]
    broader: list[Labels]
    narrower: list[Labels]
    discovered: bool
    confidence: str
    mentions: int
    document_count: int
    documents: list[DocumentMentions]
    doc_labels: dict[str, Labels]
    stances: list[dict[str, str]]
    cooccurring: list[tuple[Labels, int]]
    related_labels: dict[str, Labels]
    page: int = 0
    more: bool = False

    def other_labels(self, lang: str) -> list[str]:
        """The alternative labels, those in ``lang`` first (then the other language's, then
        those without a language)."""
        rank = {lang: 0, "en" if lang == "zh" else "zh": 1}
        ordered = sorted(self.alt_labels, key=lambda pair: (rank.get(pair[0], 2), pair[1]))
        return [label for _, label in ordered]

    def definition(self, lang: str) -> tuple[str, str] | None:
        """The definition to show in the ``lang`` interface and its language: the one in
        ``lang``, else the one in the other language, else one without a language."""
        other = "en" if lang == "zh" else "zh"
        for language in (lang, other, ""):
            if language in self.definitions:
                return language, self.definitions[language]
        return None


def _definitions(facts: list[dict[str, str]]) -> dict[str, str]:
    """The concept's definitions by language (the first in code-point order if a language has
    several; the shapes allow one)."""
    found: dict[str, str] = {}
    for row in sorted((r for r in facts if r["definition"]), key=lambda r: r["definition"]):
        found.setdefault(row["definition_lang"] or "", row["definition"])
    return found


def passage_spans(reader: Reader, passages: list[str]) -> dict[str, list[Span]]:
    """The mention spans of the given passages, by passage."""
    if not passages:
        return {}
    names = " ".join(sparql_iri(p) for p in passages)
    return _spans(reader.select(PASSAGE_LIST_SPANS % {"passages": names}))


def _companions(reader: Reader, iri: str) -> list[dict[str, str]]:
    """The first :data:`COOCCURRING_SHOWN` concepts named in one passage with ``iri``, most often
    first: ``concept-neighbour``'s observations, read by their IRIs (the concept and the rank)."""
    ranks = range(1, COOCCURRING_SHOWN + 1)
    observations = (reader.ns.observation("concept-neighbour", iri, str(r)) for r in ranks)
    names = " ".join(sparql_iri(o) for o in observations)
    return reader.select(CONCEPT_COOCCURRENCES % {"observations": names})


def concept_page(reader: Reader, iri: str, page: int = 0) -> ConceptPage:
    """Everything the concept page shows, with the ``page``-th :data:`PAGE_SIZE` passages that
    mention it (in date order); works for concepts with no mention at all."""
    facts = reader.select(CONCEPT_FACTS, iri)
    column = lambda name: sorted({r[name] for r in facts if r[name]})  # noqa: E731
    observation = sparql_iri(reader.ns.observation("concept", iri))
    totals = (reader.select(CONCEPT_TOTALS % {"observation": observation}) or [{}])[0]
    rows, more = _page_of_passages(reader, iri, page * PAGE_SIZE)
    spans = passage_spans(reader, [row["p"] for row in rows])
    documents: dict[str, DocumentMentions] = {}
    for row in rows:
        doc = documents.setdefault(
            row["doc"], DocumentMentions(row["doc"], row["id"], row["date"], [])
        )
        segments = highlight(row["text"], spans.get(row["p"], []), focus=iri)
        doc.passages.append(PassageView(row["p"], int(row["n"]), segments))
    stances = _stances(reader, iri)
    cooccurring = _companions(reader, iri)
    related = {r[k] for r in stances for k in ("holder", "polarity") if r[k]}
    related |= {c for p in spans.values() for c in (s.concept for s in p)}
    shown = set(documents)
    others = {iri, *column("broader"), *column("narrower"), *(r["other"] for r in cooccurring)}
    names = label_map(reader, others)
    return ConceptPage(
        iri=iri,
        labels=names[iri],
        types=column("type"),
        alt_labels=sorted({(r["alt_lang"], r["alt"]) for r in facts if r["alt"]}),
        definitions=_definitions(facts),
        broader=[names[b] for b in column("broader")],
        narrower=[names[n] for n in column("narrower")],
        discovered=any(v == "true" for v in column("discovered")),
        confidence=(column("confidence") or [""])[0],
        mentions=int(totals.get("mentions") or 0),
        document_count=int(totals.get("documents") or 0),
        documents=list(documents.values()),
        doc_labels=label_map(reader, shown),
        stances=stances,
        cooccurring=[(names[r["other"]], int(r["weight"])) for r in cooccurring],
        related_labels=label_map(reader, related),
        page=page,
        more=more,
    )


DOCUMENT_PASSAGES = """
SELECT ?this ?p ?n ?text ?heading ?isHeading WHERE {
  ?p dcterms:isPartOf ?this ; a gsi:Passage ; gsi:position ?n ; gsi:text ?text .
  OPTIONAL { ?p gsi:headingPath ?heading }
  OPTIONAL { ?p gsi:isHeading ?isHeading }
} ORDER BY ?n LIMIT %(limit)d OFFSET %(offset)d
"""
# Passages shown per page of a document.
DOCUMENT_PAGE_SIZE = 200
DOCUMENT_FACTS = """
SELECT ?this ?p ?o WHERE {
  ?this ?p ?o .
  FILTER(?p IN (rdf:type, dcterms:identifier, dcterms:date, dcterms:creator, dcterms:source,
                dcterms:language, dcterms:format, gsi:sourceFile, gsi:sourceSize,
                gsi:sourceEncoding, gsi:ocr))
}
"""


# The documents a document translates or is translated into (schema.org's terms).
COUNTERPART_DOCUMENTS = """
SELECT ?this ?other ?role WHERE {
  { ?this schema:translationOfWork ?other BIND("original" AS ?role) }
  UNION { ?other schema:translationOfWork ?this BIND("translation" AS ?role) }
} ORDER BY ?role ?other
"""
# The alignments (one per group of aligned passages) of some passages of one side with a
# counterpart document's passages, with every passage of each on either side; bound by the
# passages of one page.
PASSAGE_ALIGNMENTS = """
SELECT ?a ?side ?p ?n ?conf WHERE {
  VALUES ?this { %(passages)s }
  ?a %(here)s ?this ; %(there)s ?q ; gsi:confidence ?conf .
  ?q dcterms:isPartOf %(other)s .
  { ?a gsi:originalPassage ?p BIND("original" AS ?side) }
  UNION { ?a gsi:translatedPassage ?p BIND("translated" AS ?side) }
  ?p gsi:position ?n .
}
"""
# The passages of one document between two positions (the counterpart's side of a page): the
# range is a filter over the document's passages, as DOCUMENT_PASSAGES reads them; a VALUES list
# of positions could start from every passage of the corpus at each position.
PASSAGES_BETWEEN = """
SELECT ?p ?n ?text WHERE {
  ?p dcterms:isPartOf %(doc)s ; a gsi:Passage ; gsi:position ?n ; gsi:text ?text .
  FILTER(?n >= %(first)d && ?n <= %(last)d)
}
"""


@dataclass(frozen=True)
class Alignment:
    """One group of aligned passages: the positions on each side (original, translated)."""

    iri: str
    original: tuple[int, ...]
    translated: tuple[int, ...]
    confidence: str

    def side(self, original: bool) -> tuple[int, ...]:
        return self.original if original else self.translated


@dataclass
class AlignedRow:
    """One row of a side-by-side text: passages of this document and of its counterpart that
    render each other (one side is empty where a passage has no counterpart)."""

    here: list[PassageView]
    there: list[PassageView]
    confidence: str = ""
    alignment: str = ""


@dataclass
class Counterpart:
    """A translation of the page's document, or its original (``role``)."""

    doc: str
    labels: Labels
    role: str


@dataclass
class DocumentPage:
    """A document's metadata and one page of its passages; for a document of a translation
    pair, the page's passages side by side with their counterparts in ``parallel``."""

    iri: str
    labels: Labels
    facts: dict[str, list[str]]
    passages: list[PassageView]
    concept_labels: dict[str, Labels]
    page: int = 0
    more: bool = False
    counterparts: list[Counterpart] = field(default_factory=list)
    parallel: list[AlignedRow] = field(default_factory=list)


def _page_of_passages(reader: Reader, iri: str, offset: int) -> tuple[list[dict[str, str]], bool]:
    """:data:`PAGE_SIZE` passages mentioning ``iri`` from the ``offset``-th, in the concept's
    document order and by position within each; and whether more follow. Reads the passages of
    the documents the page spans only (:data:`CONCEPT_DOCUMENTS`)."""
    last = offset + PAGE_SIZE  # one more than the page, to know whether more follow
    chosen = reader.select(CONCEPT_DOCUMENTS % {"first": offset, "last": last}, iri)
    if not chosen:
        return [], False
    skip = offset - int(chosen[0]["before"])
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    query = in_document_graphs(reader, CONCEPT_PASSAGES, iri, chosen, "DISTINCT ?p ?doc ?n ?text")
    for row in sorted(reader.select(query), key=lambda row: int(row["n"])):
        found[row["doc"]].append(row)
    rows = [
        {**passage, "id": doc["id"], "date": doc["date"]}
        for doc in chosen
        for passage in found[doc["doc"]]
    ][skip : skip + PAGE_SIZE + 1]
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _stances(reader: Reader, iri: str) -> list[dict[str, str]]:
    """The first :data:`STANCES_SHOWN` stances on ``iri``, taking the documents in the concept's
    order and by evidence passage within each; only the documents holding them are read."""
    held = reader.select(CONCEPT_STANCE_DOCUMENTS % {"shown": STANCES_SHOWN}, iri)
    order: dict[str, int] = {}
    documents = []
    for row in held:
        if row["doc"] not in order:
            order[row["doc"]] = len(order)
            documents.append(row)
    if not order:
        return []
    columns = "DISTINCT ?st ?holder ?polarity ?cue ?p ?doc"
    query = in_document_graphs(reader, CONCEPT_STANCES, iri, documents, columns)
    rows = sorted(reader.select(query), key=lambda row: (order[row["doc"]], row["p"], row["st"]))
    return rows[:STANCES_SHOWN]


def in_document_graphs(
    reader: Reader, branch: str, concept: str, documents: list[dict[str, str]], columns: str
) -> str:
    """A SELECT of ``columns`` over one ``branch`` per document (rows with ``doc`` and ``id``),
    each matched in the document's own named graph: every branch is then answered from the
    graph's indexes, so the read grows with the documents asked for, not with the store."""
    branches = " UNION ".join(
        branch
        % {
            "graph": sparql_iri(reader.ns.graph(row["id"])),
            "doc": sparql_iri(row["doc"]),
            "concept": sparql_iri(concept),
        }
        for row in documents
    )
    return f"SELECT {columns} WHERE {{ {branches} }}"


def document_page(reader: Reader, iri: str, page: int = 0) -> DocumentPage:
    """The document's metadata and its ``page``-th :data:`DOCUMENT_PAGE_SIZE` passages with
    every mention highlighted."""
    facts: dict[str, list[str]] = defaultdict(list)
    for row in reader.select(DOCUMENT_FACTS, iri):
        facts[row["p"]].append(row["o"])
    window = {"limit": DOCUMENT_PAGE_SIZE + 1, "offset": page * DOCUMENT_PAGE_SIZE}
    rows = reader.select(DOCUMENT_PASSAGES % window, iri)
    more, rows = len(rows) > DOCUMENT_PAGE_SIZE, rows[:DOCUMENT_PAGE_SIZE]
    spans = passage_spans(reader, [row["p"] for row in rows])
    passages = [
        PassageView(
            row["p"],
            int(row["n"]),
            highlight(row["text"], spans.get(row["p"], [])),
            row["heading"],
            row["isHeading"] == "true",
        )
        for row in rows
    ]
    counterparts = reader.select(COUNTERPART_DOCUMENTS, iri)
    names = label_map(reader, {row["other"] for row in counterparts})
    parallel: list[AlignedRow] = []
    if counterparts:
        # Side by side with one counterpart: the original, else the first translation.
        other = counterparts[0]
        translates = other["role"] == "original"
        parallel = _parallel_rows(reader, passages, other["other"], translates, not more)
        spans |= passage_spans(reader, [p.iri for row in parallel for p in row.there])
    concepts = {s.concept for p in spans.values() for s in p}
    return DocumentPage(
        iri,
        labels(reader, iri),
        dict(facts),
        passages,
        label_map(reader, concepts),
        page,
        more,
        [Counterpart(row["other"], names[row["other"]], row["role"]) for row in counterparts],
        parallel,
    )


def passage_alignments(
    reader: Reader, passages: list[str], other: str, translated: bool
) -> list[Alignment]:
    """The alignments of ``passages`` (at most one page of them, on the translated side if
    ``translated``, else on the original's) with the passages of the document ``other``."""
    if not passages:
        return []
    here, there = ("gsi:translatedPassage", "gsi:originalPassage")
    query = PASSAGE_ALIGNMENTS % {
        "passages": " ".join(sparql_iri(p) for p in passages),
        "here": here if translated else there,
        "there": there if translated else here,
        "other": sparql_iri(other),
    }
    sides: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    confidence: dict[str, str] = {}
    for row in reader.select(query):
        sides[row["a"]][row["side"]].add(int(row["n"]))
        confidence[row["a"]] = row["conf"]
    return [
        Alignment(a, tuple(sorted(s["original"])), tuple(sorted(s["translated"])), confidence[a])
        for a, s in sides.items()
    ]


def _parallel_rows(
    reader: Reader,
    passages: list[PassageView],
    other: str,
    this_translates: bool,
    last_page: bool,
) -> list[AlignedRow]:
    """The page's ``passages`` in rows beside the passages of ``other`` that they are aligned
    with, in order; passages of ``other`` between aligned ones (added or dropped in the
    translation), and on the first and last page those before and after them, get rows of
    their own."""
    found = passage_alignments(reader, [p.iri for p in passages], other, this_translates)
    by_position: dict[int, Alignment] = {}
    for each in found:
        for n in each.side(not this_translates):
            by_position[n] = each
    aligned = sorted({n for a in found for n in a.side(this_translates)})
    if aligned:
        first = 1 if passages[0].position == 1 else aligned[0]
        # At most a page more of the counterpart after this document's last passage.
        last = aligned[-1] + (DOCUMENT_PAGE_SIZE if last_page else 0)
        there = _passages_between(reader, other, first, last)
    else:
        there = {}
    there_positions = sorted(there)
    rows: list[AlignedRow] = []
    shown: set[int] = set()
    emitted: set[str] = set()
    for passage in passages:
        alignment = by_position.get(passage.position)
        if alignment is None:
            rows.append(AlignedRow([passage], []))
            continue
        if alignment.iri in emitted:
            continue
        emitted.add(alignment.iri)
        theirs = alignment.side(this_translates)
        for n in there_positions:
            if n < theirs[0] and n not in shown:
                shown.add(n)
                rows.append(AlignedRow([], [there[n]]))
        shown.update(theirs)
        mine = set(alignment.side(not this_translates))
        rows.append(
            AlignedRow(
                [p for p in passages if p.position in mine],
                [there[n] for n in theirs if n in there],
                alignment.confidence,
                alignment.iri,
            )
        )
    rows += [AlignedRow([], [there[n]]) for n in there_positions if n not in shown]
    return rows


def _passages_between(reader: Reader, doc: str, first: int, last: int) -> dict[int, PassageView]:
    """The passages of ``doc`` from position ``first`` to ``last``, by position."""
    query = PASSAGES_BETWEEN % {"doc": sparql_iri(doc), "first": first, "last": last}
    rows = reader.select(query)
    spans = passage_spans(reader, [row["p"] for row in rows])
    return {
        int(row["n"]): PassageView(
            row["p"], int(row["n"]), highlight(row["text"], spans.get(row["p"], []))
        )
        for row in rows
    }


PASSAGE_FACTS = """
SELECT ?this ?n ?text ?heading ?doc WHERE {
  ?this a gsi:Passage ; gsi:position ?n ; gsi:text ?text ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  OPTIONAL { ?this gsi:headingPath ?heading }
}
"""
PASSAGE_STANCES = """
SELECT ?this ?st ?holder ?polarity ?target ?cue WHERE {
  ?st a gsi:Stance ; gsi:evidence ?this ; gsi:polarity ?polarity ; gsi:target ?target .
  OPTIONAL { ?st gsi:holder ?holder }
  OPTIONAL { ?st gsi:cue ?cue }
}
"""


# The passages aligned with one passage, with the alignment's confidence, text and document.
PASSAGE_COUNTERPARTS = """
SELECT ?this ?a ?other ?conf ?n ?text ?doc WHERE {
  { ?a gsi:originalPassage ?this ; gsi:translatedPassage ?other }
  UNION { ?a gsi:translatedPassage ?this ; gsi:originalPassage ?other }
  ?a gsi:confidence ?conf .
  ?other gsi:position ?n ; gsi:text ?text ; dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
} ORDER BY ?doc ?n
"""


@dataclass
class AlignedPassage:
    """A passage aligned with the page's passage (its translation or original)."""

    passage: PassageView
    doc: str
    confidence: str
    alignment: str


@dataclass
class PassagePage:
    iri: str
    doc: str
    doc_labels: Labels
    passage: PassageView
    stances: list[dict[str, str]]
    related_labels: dict[str, Labels]
    counterparts: list[AlignedPassage] = field(default_factory=list)


def passage_page(reader: Reader, iri: str) -> PassagePage | None:
    """The passage with its mentions and stances; None if ``iri`` is not a passage."""
    rows = reader.select(PASSAGE_FACTS, iri)
    if not rows:
        return None
    row = rows[0]
    spans = _spans(reader.select(PASSAGE_SPANS, iri)).get(iri, [])
    view = PassageView(iri, int(row["n"]), highlight(row["text"], spans), row["heading"])
    stances = reader.select(PASSAGE_STANCES, iri)
    related = {s.concept for s in spans} | {
        r[k] for r in stances for k in ("holder", "polarity", "target") if r[k]
    }
    aligned = reader.select(PASSAGE_COUNTERPARTS, iri)
    counterparts = [
        AlignedPassage(
            PassageView(r["other"], int(r["n"]), [Segment(r["text"])]), r["doc"], r["conf"], r["a"]
        )
        for r in aligned
    ]
    related |= {r["doc"] for r in aligned}
    return PassagePage(
        iri,
        row["doc"],
        labels(reader, row["doc"]),
        view,
        stances,
        label_map(reader, related),
        counterparts,
    )


@dataclass(frozen=True)
class PropertyRow:
    predicate: str
    value: str
    is_iri: bool
    language: str = ""


def property_rows(reader: Reader, iri: str) -> list[PropertyRow]:
    """The description's own triples (blank nodes shown as ``[…]``), for the generic page."""
    rows: list[PropertyRow] = []
    for triple in as_triples([q for q in outgoing(reader, iri) if q.subject == NamedNode(iri)]):
        obj = triple.object
        if isinstance(obj, NamedNode):
            rows.append(PropertyRow(triple.predicate.value, obj.value, True))
        elif isinstance(obj, Literal):
            rows.append(PropertyRow(triple.predicate.value, obj.value, False, obj.language or ""))
        else:
            rows.append(PropertyRow(triple.predicate.value, "[…]", False))
    return rows


# One page of the concepts, ordered by base class (none last), most mentioned first; the labels
# are joined to the page's rows only (outside the ordered, limited subquery). The mention counts
# are a subquery: evaluated once and joined by hash, where the pattern inline was evaluated once
# per concept, each time through every observation naming it (ten times slower).
CONCEPT_INDEX = """
SELECT ?c ?class ?sub ?mentions ?zh ?en WHERE {
  { SELECT ?c ?class ?sub ?mentions WHERE {
      { SELECT ?c ?class (MIN(?sub0) AS ?sub) (MAX(?counted) AS ?mentions) WHERE {
          ?c a skos:Concept .
          OPTIONAL { SELECT ?c ?counted WHERE {
            ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?counted } }
          OPTIONAL {
            VALUES ?class {
              gsi:Principle gsi:Domain gsi:Organisation gsi:Treaty gsi:Mechanism gsi:Topic
            }
            ?c a ?class .
            OPTIONAL { ?c a ?sub0 . ?sub0 rdfs:subClassOf ?class FILTER(?sub0 != ?class) }
          }
        } GROUP BY ?c ?class }
      %(only)s
    } ORDER BY (!BOUND(?class)) ?class DESC(?mentions) ?c LIMIT %(limit)d OFFSET %(offset)d }
  OPTIONAL { ?c skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") }
} ORDER BY (!BOUND(?class)) ?class DESC(?mentions) ?c
"""
# How many concepts each base class has (``by`` ?class, ``group`` GROUP BY ?class; all of them
# with both empty), and how many of them the corpus mentions (statistics graph).
CONCEPT_CLASS_COUNTS = """
SELECT %(by)s (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?named) AS ?mentioned) WHERE {
  ?c a skos:Concept .
  OPTIONAL { SELECT ?c (?c AS ?named) WHERE {
    ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?k FILTER(?k > 0) } }
  OPTIONAL {
    VALUES ?class { gsi:Principle gsi:Domain gsi:Organisation gsi:Treaty gsi:Mechanism gsi:Topic }
    ?c a ?class
  }
} %(group)s
"""
# Concepts per page of the concept index, documents per page of the document index.
INDEX_PAGE_SIZE = 200
# The base classes of the concept index (``?class=``), and the name of the group of the rest.
INDEX_CLASSES = ("Domain", "Mechanism", "Organisation", "Principle", "Topic", "Treaty")
OTHER_CLASS = "other"


@dataclass
class IndexEntry:
    labels: Labels
    subclass: str
    mentions: int


@dataclass
class ConceptIndex:
    """One page of the concepts under their base class (local name; '' for none), most
    mentioned first, and the number of concepts of each class (of those listed: the mentioned
    ones unless ``unmentioned``)."""

    entries: dict[str, list[IndexEntry]]
    counts: dict[str, int]
    page: int = 0
    more: bool = False
    only: str | None = None
    # Whether the concepts the corpus never mentions are listed (after the others, greyed).
    unmentioned: bool = False
    # How many concepts (of the class shown, or of all) the corpus never mentions.
    unmentioned_count: int = 0


def _labels_of(iri: str, row: dict[str, str]) -> Labels:
    return Labels(iri, {lang: row[lang] for lang in ("zh", "en") if row[lang]})


def concept_index(
    reader: Reader, page: int = 0, only: str | None = None, unmentioned: bool = False
) -> ConceptIndex:
    """The ``page``-th :data:`INDEX_PAGE_SIZE` concepts, by base class, most mentioned first;
    ``only`` one of :data:`INDEX_CLASSES` or :data:`OTHER_CLASS` (UsageError for another).
    The concepts the corpus never mentions are left out unless ``unmentioned`` (then they come
    after the others of their class); the index says how many there are."""
    gsi = reader.ns.gsi
    if only is None:
        restriction = ""
    elif only in INDEX_CLASSES:
        restriction = f"FILTER(?class = gsi:{only})"
    elif only == OTHER_CLASS:
        restriction = "FILTER(!BOUND(?class))"
    else:
        expected = ", ".join((*INDEX_CLASSES, OTHER_CLASS))
        raise UsageError(f"class={only!r}: expected one of {expected}")
    if not unmentioned:
        restriction += " FILTER(BOUND(?mentions) && ?mentions > 0)"
    window = {"limit": INDEX_PAGE_SIZE + 1, "offset": page * INDEX_PAGE_SIZE, "only": restriction}
    rows = reader.select(CONCEPT_INDEX % window)
    more, rows = len(rows) > INDEX_PAGE_SIZE, rows[:INDEX_PAGE_SIZE]
    entries: dict[str, list[IndexEntry]] = defaultdict(list)
    for row in rows:
        entry = IndexEntry(
            _labels_of(row["c"], row), row["sub"][len(gsi) :], int(row["mentions"] or 0)
        )
        entries[row["class"][len(gsi) :]].append(entry)
    class_rows = reader.select(CONCEPT_CLASS_COUNTS % {"by": "?class", "group": "GROUP BY ?class"})
    counted = "n" if unmentioned else "mentioned"
    counts = {r["class"][len(gsi) :]: int(r[counted]) for r in class_rows}
    ordered = dict(sorted(counts.items(), key=lambda kv: (kv[0] == "", kv[0])))
    # a concept of two base classes is counted once over all of them
    rows = (
        reader.select(CONCEPT_CLASS_COUNTS % {"by": "", "group": ""})
        if only is None
        else class_rows
    )
    never = sum(
        int(r["n"]) - int(r["mentioned"])
        for r in rows
        if only is None or (r["class"][len(gsi) :] or OTHER_CLASS) == only
    )
    return ConceptIndex(dict(entries), ordered, page, more, only, unmentioned, never)


DOCUMENT_INDEX = """
SELECT ?doc ?id ?date ?passages ?zh ?en WHERE {
  { SELECT ?doc ?id ?date ?passages WHERE {
      ?o qb:dataSet stats:document ; gsi:refDocument ?doc ; gsi:passageCount ?passages .
      ?doc dcterms:identifier ?id .
      OPTIONAL { ?doc dcterms:date ?date }
    } ORDER BY ?date ?id %(window)s }
  OPTIONAL { ?doc dcterms:title ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?doc dcterms:title ?en FILTER(LANG(?en) = "en") }
} ORDER BY ?date ?id
"""
DOCUMENT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?o qb:dataSet stats:document }"


@dataclass
class DocumentIndex:
    """One page of the documents in date order: (labels, id, date, passage count) each."""

    rows: list[tuple[Labels, str, str, int]]
    total: int
    page: int = 0
    more: bool = False


def document_index(reader: Reader, page: int | None = None) -> DocumentIndex:
    """The ``page``-th :data:`INDEX_PAGE_SIZE` documents in date order (every document when
    ``page`` is None: the explorer's document filter)."""
    window = "" if page is None else f"LIMIT {INDEX_PAGE_SIZE + 1} OFFSET {page * INDEX_PAGE_SIZE}"
    found = reader.select(DOCUMENT_INDEX % {"window": window})
    more = page is not None and len(found) > INDEX_PAGE_SIZE
    rows = [
        (_labels_of(r["doc"], r), r["id"], r["date"], int(r["passages"]))
        for r in (found[:INDEX_PAGE_SIZE] if page is not None else found)
    ]
    [[total]] = [list(r.values()) for r in reader.select(DOCUMENT_COUNT)]
    return DocumentIndex(rows, int(total), page or 0, more)


ONTOLOGY_TERM_LABELS = """
SELECT ?term ?label (LANG(?label) AS ?lang) WHERE {
  ?term rdfs:label ?label .
  FILTER(STRSTARTS(STR(?term), STR(gsi:)))
}
"""


def ontology_labels(reader: Reader) -> dict[str, dict[str, str]]:
    """The labels of the ontology's terms (classes, properties, polarities …) by IRI, then by
    language, so that the interface names them in its language. A read function."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in sorted(reader.select(ONTOLOGY_TERM_LABELS), key=lambda r: r["label"]):
        found[row["term"]].setdefault(row["lang"], row["label"])
    return dict(found)


def ontology_page(reader: Reader) -> str:
    """The documentation of the release's ontology and vocabulary (rdflib and Jinja are imported
    by the executor that renders it, only when it is asked for)."""
    from endpoint.pages.ontology_docs import ontology_documentation

    return ontology_documentation(reader)


@dataclass
class GenericPage:
    """Any other resource (a mention, a stance, an actor …): its own statements."""

    iri: str
    labels: Labels
    rows: list[PropertyRow]


Page = ConceptPage | DocumentPage | PassagePage | GenericPage


def resource_page(reader: Reader, iri: str, page: int = 0) -> Page | None:
    """The page data of any minted IRI, by its type (``page``: which page of a concept's or a
    document's passages); None if the graph says nothing about it."""
    node = NamedNode(iri)
    if not reader.exists(node):
        return None
    types = {
        q.object.value
        for q in reader.quads(node, NamedNode(RDF_TYPE))
        if isinstance(q.object, NamedNode)
    }
    if SKOS_CONCEPT in types:
        return concept_page(reader, iri, page)
    if reader.ns.term("Document") in types:
        return document_page(reader, iri, page)
    if reader.ns.term("Passage") in types:
        passage = passage_page(reader, iri)
        if passage is not None:
            return passage
    return GenericPage(iri, labels(reader, iri), property_rows(reader, iri))


PART_AT = """
SELECT ?part WHERE {
  ?part dcterms:isPartOf ?this ; a %(kind)s ; gsi:position %(position)d .
} LIMIT 1
"""


def part_at(reader: Reader, doc_id: str, kind: str, position: int) -> str | None:
    """The IRI of the passage or section (``kind``) at ``position`` in the document ``doc_id``:
    where a positional IRI of version 0.1 (``doc/ID/p9``) now points."""
    query = PART_AT % {"kind": sparql_iri(reader.ns.term(kind)), "position": position}
    rows = reader.select(query, reader.ns.document(doc_id))
    return rows[0]["part"] if rows else None
