"""Statistics the build computes once, so that no read recomputes them: published as the named
graph ``{base}graph/statistics`` in the W3C Data Cube vocabulary
(https://www.w3.org/TR/vocab-data-cube/), one ``qb:DataSet`` per table (``{base}statistics/NAME``,
see :data:`DATASETS`), each with its ``qb:DataStructureDefinition``, one ``qb:Observation`` per
row:

* ``concept-document``: mentions of each concept in each document (and in how many of its
  passages, the first of them), with the document's year and genre, and how many mentions and
  passages of the concept come before the document in the concept's document order (dated
  documents by date, then undated ones; by identifier) and the document's rank in that order
  (``gsi:documentRank``, from 1), so that a page of a concept's passages finds its documents
  without reading all of them;
* ``concept``: each concept over the corpus: mentions, documents, passages, stances, and the first
  and latest dated document naming it;
* ``cooccurrence``: each pair of concepts (IRI order) named in one sentence or passage, summed
  over the documents, in how many documents, and the first and latest date they were;
* ``concept-form``: each text a concept is named by (``gsi:surfaceForm``, as written), per year
  (``gsi:refPeriod``: the year, or ``"undated"``): mentions, documents, first and latest date;
* ``concept-year``: mentions of each concept in the documents of one year (``gsi:refPeriod``,
  dated documents only), and in how many;
* ``cooccurrence-year``: each pair of concepts named together in the documents of one year (the
  explorer's date range sums these, never the documents' own co-occurrences);
* ``concept-period-genre``: mentions of each concept in the documents of one period (a year, or
  ``"undated"``) and one genre (``"unspecified"`` for the documents whose manifest gives none),
  and in how many: the concept page's timeline, read in as many rows as it draws;
* ``concept-neighbour``: each concept's :data:`NEIGHBOURS` most frequent companions in one
  passage (``gsi:neighbourRank`` 1 first: most co-occurrences, then the other concept's IRI),
  one observation per concept and companion, whose IRI is computed from the concept and the rank
  (``Namespace.observation("concept-neighbour", concept, str(rank))``), so that a concept page
  reads its companions by IRI, whatever the number of pairs;
* ``stance``: stances on each concept, by polarity and document, with how many stances on the
  concept come before the document (in the same order);
* ``document``: each document's passages, mentions, distinct concepts and stances, with its year
  and genre.

Counts are of concept mentions (actors are not concepts). A document's observations are written
right after its own statements; the corpus-wide ones (``concept``, ``cooccurrence``, the by-year
tables and the running totals "before" a document) at the end, from accumulators as large as the
vocabulary times the documents naming each concept (a few counts per pair), not the text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.namespaces import DCTERMS_TITLE, QB, STATISTICS_GRAPH, XSD_DATE, Namespace
from kg.pipeline.extract import DocumentAnalysis
from kg.pipeline.extract.relations import cooccurrences, sentence_groups
from kg.pipeline.nquads import (
    RDF_TYPE,
    Statement,
    Term,
    boolean,
    integer,
    iri,
    literal,
    typed,
    vocabulary_iri,
)

SCOPES = ("SentenceScope", "PassageScope")
# The companions ``concept-neighbour`` keeps for each concept (those a concept page shows).
NEIGHBOURS = 50
# The genre of ``concept-period-genre``'s observations of documents without one.
UNSPECIFIED_GENRE = "unspecified"
# The period of an undated document's observations in ``concept-form``.
UNDATED = "undated"
# dataset name → (title, dimensions, measures, attributes) as gsi: local names; attributes are
# the optional components (an undated document has no year), as the Data Cube's integrity
# constraints require every dimension and measure of every observation
DATASETS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "concept-document": (
        "Mentions of each concept in each document",
        ("refConcept", "refDocument"),
        ("mentionCount", "passageCount", "firstPosition"),
        ("refYear", "refGenre", "mentionsBefore", "passagesBefore", "documentRank"),
    ),
    "concept": (
        "Each concept over the corpus",
        ("refConcept",),
        ("mentionCount", "documentCount", "passageCount", "stanceCount"),
        ("firstDate", "firstDocument", "latestDate", "latestDocument"),
    ),
    "cooccurrence": (
        "Concepts named together, summed over the documents",
        ("refConcept", "refOtherConcept", "refScope"),
        ("cooccurrenceCount", "documentCount"),
        ("firstCooccurrenceDate", "latestCooccurrenceDate"),
    ),
    "concept-year": (
        "Mentions of each concept in the documents of one year",
        ("refConcept", "refPeriod"),
        ("mentionCount", "documentCount"),
        ("refYear",),
    ),
    "cooccurrence-year": (
        "Concepts named together in the documents of one year",
        ("refConcept", "refOtherConcept", "refScope", "refPeriod"),
        ("cooccurrenceCount", "documentCount"),
        ("refYear",),
    ),
    "concept-period-genre": (
        "Mentions of each concept in the documents of one period and genre",
        ("refConcept", "refPeriod", "refGenre"),
        ("mentionCount", "documentCount"),
        ("refYear",),
    ),
    "concept-neighbour": (
        "Each concept's most frequent companions in one passage",
        ("refConcept", "refOtherConcept"),
        ("neighbourRank", "cooccurrenceCount", "documentCount"),
        (),
    ),
    "concept-form": (
        "The surface forms of each concept, by year",
        ("refConcept", "surfaceForm", "refPeriod"),
        ("mentionCount", "documentCount"),
        ("refYear", "firstDate", "latestDate"),
    ),
    "stance": (
        "Stances on each concept, by polarity and document",
        ("refConcept", "refPolarity", "refDocument"),
        ("stanceCount",),
        ("stancesBefore",),
    ),
    "document": (
        "Each document at a glance",
        ("refDocument",),
        ("passageCount", "mentionCount", "conceptCount", "stanceCount"),
        ("refYear", "refGenre"),
    ),
}
ROLES = {
    "dimension": "DimensionProperty",
    "measure": "MeasureProperty",
    "attribute": "AttributeProperty",
}


@dataclass
class _ConceptTotals:
    mentions: int = 0
    documents: int = 0
    passages: int = 0
    stances: int = 0
    first: tuple[dt.date, str] | None = None
    latest: tuple[dt.date, str] | None = None

    def dated(self, date: dt.date, document: str) -> None:
        if self.first is None or (date, document) < self.first:
            self.first = (date, document)
        if self.latest is None or (date, document) > self.latest:
            self.latest = (date, document)


@dataclass
class _Tally:
    """A count summed over the documents, in how many, and the first and latest date."""

    count: int = 0
    documents: int = 0
    first: dt.date | None = None
    latest: dt.date | None = None

    def add(self, count: int, date: dt.date | None) -> None:
        """One document's ``count`` (its date, if it has one)."""
        self.count += count
        self.documents += 1
        if date is not None:
            self.first = date if self.first is None else min(self.first, date)
            self.latest = date if self.latest is None else max(self.latest, date)


@dataclass(frozen=True)
class _Share:
    """One document's share of a concept: what the running totals need to order and sum it."""

    date: dt.date | None
    doc_id: str
    document: str
    mentions: int = 0
    passages: int = 0
    stances: tuple[tuple[str, int], ...] = ()

    def order(self) -> tuple[bool, dt.date, str]:
        """The concept pages' document order: dated by date, then undated; by identifier."""
        return (self.date is None, self.date or dt.date.min, self.doc_id)


@dataclass
class Statistics:
    """The statistics of one build: fed document by document, written as it goes."""

    ns: Namespace
    concepts: dict[str, _ConceptTotals] = field(default_factory=dict)
    # (scope, a, b) → co-occurrences, documents, first and latest date
    pairs: dict[tuple[str, str, str], _Tally] = field(default_factory=dict)
    # concept → each document's share of it (for the running totals written at the end)
    shares: dict[str, list[_Share]] = field(default_factory=dict)
    # (concept, surface form, year or "undated") → mentions, documents, first and latest date
    forms: dict[tuple[str, str, str], _Tally] = field(default_factory=dict)
    # (concept, year) → mentions, documents; (scope, a, b, year) → co-occurrences, documents
    concept_years: dict[tuple[str, int], _Tally] = field(default_factory=dict)
    pair_years: dict[tuple[str, str, str, int], _Tally] = field(default_factory=dict)
    # (concept, period, genre) → mentions, documents
    period_genres: dict[tuple[str, str, str], _Tally] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.graph = iri(self.ns.graph(STATISTICS_GRAPH))
        self._gsi: dict[str, Term] = {}

    def gsi(self, local: str) -> Term:
        term = self._gsi.get(local)
        if term is None:
            term = self._gsi[local] = iri(self.ns.term(local))
        return term

    def _observation(self, dataset: str, *key: str) -> tuple[Term, Iterator[Statement]]:
        node = iri(self.ns.observation(dataset, *key))
        head = iter(
            [
                (node, RDF_TYPE, _qb("Observation"), self.graph),
                (node, _qb("dataSet"), iri(f"{self.ns.base}statistics/{dataset}"), self.graph),
            ]
        )
        return node, head

    def _period(self, node: Term, period: str) -> Iterator[Statement]:
        """The observation's period: ``gsi:refPeriod`` (a year or "undated") and, for a year,
        ``gsi:refYear`` as an integer."""
        yield node, self.gsi("refPeriod"), literal(period), self.graph
        if period != UNDATED:
            yield node, self.gsi("refYear"), integer(int(period)), self.graph

    def document(
        self,
        doc_id: str,
        date: dt.date | None,
        passages: int,
        analysis: DocumentAnalysis,
        genre: str | None = None,
    ) -> Iterator[Statement]:
        """The observations of one document; its share of the corpus totals is noted.

        ``genre`` is the document's genre as the manifest names it (``speech``), if it has one.
        """
        document = self.ns.document(doc_id)
        doc, g = iri(document), self.graph
        year = integer(date.year) if date else None
        genre_term = literal(genre) if genre else None
        mentions: Counter[str] = Counter()
        in_passages: Counter[str] = Counter()
        first: dict[str, int] = {}
        written: Counter[tuple[str, str]] = Counter()
        for pm in analysis.passages:
            written.update((m.iri, m.exact) for m in pm.mentions if m.is_concept)
            named = [m.iri for m in pm.mentions if m.is_concept]
            mentions.update(named)
            in_passages.update(set(named))
            for concept in named:
                first.setdefault(concept, pm.passage.number)
        stances: Counter[tuple[str, str]] = Counter(
            (target, st.polarity) for st in analysis.stances for target in st.targets
        )
        for concept, count in sorted(mentions.items()):
            node, head = self._observation("concept-document", concept, document)
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield node, self.gsi("refDocument"), doc, g
            if year is not None:
                yield node, self.gsi("refYear"), year, g
            if genre_term is not None:
                yield node, self.gsi("refGenre"), genre_term, g
            yield node, self.gsi("mentionCount"), integer(count), g
            yield node, self.gsi("passageCount"), integer(in_passages[concept]), g
            yield node, self.gsi("firstPosition"), integer(first[concept]), g
            totals = self.concepts.setdefault(concept, _ConceptTotals())
            totals.mentions += count
            totals.documents += 1
            totals.passages += in_passages[concept]
            if date is not None:
                totals.dated(date, document)
                self.concept_years.setdefault((concept, date.year), _Tally()).add(count, date)
        period = str(date.year) if date else UNDATED
        for concept, count in mentions.items():
            key = (concept, period, genre or UNSPECIFIED_GENRE)
            self.period_genres.setdefault(key, _Tally()).add(count, date)
        for (concept, form), count in written.items():
            self.forms.setdefault((concept, form, period), _Tally()).add(count, date)
        by_concept: dict[str, list[tuple[str, int]]] = {}
        for (concept, polarity), count in sorted(stances.items()):
            by_concept.setdefault(concept, []).append((polarity, count))
        for concept in sorted(set(mentions) | set(by_concept)):
            share = _Share(
                date,
                doc_id,
                document,
                mentions[concept],
                in_passages[concept],
                tuple(by_concept.get(concept, ())),
            )
            self.shares.setdefault(concept, []).append(share)
        for (concept, polarity), count in sorted(stances.items()):
            node, head = self._observation("stance", concept, polarity, document)
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield node, self.gsi("refPolarity"), self.gsi(polarity), g
            yield node, self.gsi("refDocument"), doc, g
            yield node, self.gsi("stanceCount"), integer(count), g
            self.concepts.setdefault(concept, _ConceptTotals()).stances += count
        node, head = self._observation("document", document)
        yield from head
        yield node, self.gsi("refDocument"), doc, g
        if year is not None:
            yield node, self.gsi("refYear"), year, g
        if genre_term is not None:
            yield node, self.gsi("refGenre"), genre_term, g
        yield node, self.gsi("passageCount"), integer(passages), g
        yield node, self.gsi("mentionCount"), integer(sum(mentions.values())), g
        yield node, self.gsi("conceptCount"), integer(len(mentions)), g
        yield node, self.gsi("stanceCount"), integer(len(analysis.stances)), g
        self._pairs(analysis, date)

    def _pairs(self, analysis: DocumentAnalysis, date: dt.date | None) -> None:
        sentences = [
            group
            for pm in analysis.passages
            for group in sentence_groups(pm.normalised, pm.mentions)
        ]
        passages = [[m.iri for m in pm.mentions if m.is_concept] for pm in analysis.passages]
        for scope, groups in zip(SCOPES, (sentences, passages), strict=True):
            for (a, b), count in cooccurrences(groups).items():
                self.pairs.setdefault((scope, a, b), _Tally()).add(count, date)
                if date is not None:
                    key = (scope, a, b, date.year)
                    self.pair_years.setdefault(key, _Tally()).add(count, date)

    def corpus(self) -> Iterator[Statement]:
        """The corpus-wide observations and the datasets' descriptions (after every document)."""
        g = self.graph
        for concept, totals in sorted(self.concepts.items()):
            node, head = self._observation("concept", concept)
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield node, self.gsi("mentionCount"), integer(totals.mentions), g
            yield node, self.gsi("documentCount"), integer(totals.documents), g
            yield node, self.gsi("passageCount"), integer(totals.passages), g
            yield node, self.gsi("stanceCount"), integer(totals.stances), g
            if totals.first is not None and totals.latest is not None:
                yield node, self.gsi("firstDate"), typed(totals.first[0].isoformat(), XSD_DATE), g
                yield node, self.gsi("firstDocument"), iri(totals.first[1]), g
                yield node, self.gsi("latestDate"), typed(totals.latest[0].isoformat(), XSD_DATE), g
                yield node, self.gsi("latestDocument"), iri(totals.latest[1]), g
        for (scope, a, b), pair in sorted(self.pairs.items()):
            node, head = self._observation("cooccurrence", scope, a, b)
            yield from head
            yield node, self.gsi("refConcept"), iri(a), g
            yield node, self.gsi("refOtherConcept"), iri(b), g
            yield node, self.gsi("refScope"), self.gsi(scope), g
            yield node, self.gsi("cooccurrenceCount"), integer(pair.count), g
            yield node, self.gsi("documentCount"), integer(pair.documents), g
            if pair.first is not None and pair.latest is not None:
                first, latest = pair.first.isoformat(), pair.latest.isoformat()
                yield node, self.gsi("firstCooccurrenceDate"), typed(first, XSD_DATE), g
                yield node, self.gsi("latestCooccurrenceDate"), typed(latest, XSD_DATE), g
        for (concept, year), in_year in sorted(self.concept_years.items()):
            node, head = self._observation("concept-year", concept, str(year))
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield from self._period(node, str(year))
            yield node, self.gsi("mentionCount"), integer(in_year.count), g
            yield node, self.gsi("documentCount"), integer(in_year.documents), g
        for (scope, a, b, year), in_year in sorted(self.pair_years.items()):
            node, head = self._observation("cooccurrence-year", scope, a, b, str(year))
            yield from head
            yield node, self.gsi("refConcept"), iri(a), g
            yield node, self.gsi("refOtherConcept"), iri(b), g
            yield node, self.gsi("refScope"), self.gsi(scope), g
            yield from self._period(node, str(year))
            yield node, self.gsi("cooccurrenceCount"), integer(in_year.count), g
            yield node, self.gsi("documentCount"), integer(in_year.documents), g
        for (concept, form, period), written in sorted(self.forms.items()):
            node, head = self._observation("concept-form", concept, form, period)
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield node, self.gsi("surfaceForm"), literal(form), g
            yield from self._period(node, period)
            yield node, self.gsi("mentionCount"), integer(written.count), g
            yield node, self.gsi("documentCount"), integer(written.documents), g
            if written.first is not None and written.latest is not None:
                yield node, self.gsi("firstDate"), typed(written.first.isoformat(), XSD_DATE), g
                yield node, self.gsi("latestDate"), typed(written.latest.isoformat(), XSD_DATE), g
        for (concept, period, genre), in_period in sorted(self.period_genres.items()):
            node, head = self._observation("concept-period-genre", concept, period, genre)
            yield from head
            yield node, self.gsi("refConcept"), iri(concept), g
            yield from self._period(node, period)
            yield node, self.gsi("refGenre"), literal(genre), g
            yield node, self.gsi("mentionCount"), integer(in_period.count), g
            yield node, self.gsi("documentCount"), integer(in_period.documents), g
        yield from self._neighbours()
        yield from self._running_totals()
        yield from self._structures()

    def _neighbours(self) -> Iterator[Statement]:
        """``concept-neighbour``: each concept's first :data:`NEIGHBOURS` companions in one
        passage, most co-occurrences first (then by IRI)."""
        g = self.graph
        companions: dict[str, list[tuple[int, str, int]]] = {}
        for (scope, a, b), pair in self.pairs.items():
            if scope == "PassageScope":
                companions.setdefault(a, []).append((-pair.count, b, pair.documents))
                companions.setdefault(b, []).append((-pair.count, a, pair.documents))
        for concept, others in sorted(companions.items()):
            for rank, (weight, other, documents) in enumerate(sorted(others)[:NEIGHBOURS], 1):
                node, head = self._observation("concept-neighbour", concept, str(rank))
                yield from head
                yield node, self.gsi("refConcept"), iri(concept), g
                yield node, self.gsi("neighbourRank"), integer(rank), g
                yield node, self.gsi("refOtherConcept"), iri(other), g
                yield node, self.gsi("cooccurrenceCount"), integer(-weight), g
                yield node, self.gsi("documentCount"), integer(documents), g

    def _running_totals(self) -> Iterator[Statement]:
        """For each concept, in its document order, the mentions, passages and stances of it
        before each document (on the observations of ``concept-document`` and ``stance``)."""
        g = self.graph
        for concept, shares in sorted(self.shares.items()):
            mentions = passages = stances = rank = 0
            for share in sorted(shares, key=_Share.order):
                if share.mentions:
                    rank += 1
                    node = iri(self.ns.observation("concept-document", concept, share.document))
                    yield node, self.gsi("mentionsBefore"), integer(mentions), g
                    yield node, self.gsi("passagesBefore"), integer(passages), g
                    yield node, self.gsi("documentRank"), integer(rank), g
                for polarity, _ in share.stances:
                    node = iri(self.ns.observation("stance", concept, polarity, share.document))
                    yield node, self.gsi("stancesBefore"), integer(stances), g
                mentions += share.mentions
                passages += share.passages
                stances += sum(count for _, count in share.stances)

    def _structures(self) -> Iterator[Statement]:
        g = self.graph
        declared: set[tuple[str, str]] = set()
        for name, (title, dimensions, measures, attributes) in DATASETS.items():
            dataset = iri(f"{self.ns.base}statistics/{name}")
            structure = iri(f"{self.ns.base}statistics/{name}/structure")
            yield dataset, RDF_TYPE, _qb("DataSet"), g
            yield dataset, iri(DCTERMS_TITLE), literal(title, "en"), g
            yield dataset, _qb("structure"), structure, g
            yield structure, RDF_TYPE, _qb("DataStructureDefinition"), g
            components = [
                *(("dimension", local) for local in dimensions),
                *(("measure", local) for local in measures),
                *(("attribute", local) for local in attributes),
            ]
            for order, (role, local) in enumerate(components, 1):
                component = iri(f"{self.ns.base}statistics/{name}/structure#{local}")
                yield structure, _qb("component"), component, g
                yield component, RDF_TYPE, _qb("ComponentSpecification"), g
                yield component, _qb(role), self.gsi(local), g
                yield component, _qb("order"), integer(order), g
                if role == "attribute":
                    yield component, _qb("componentRequired"), boolean(False), g
                if (local, role) not in declared:  # refGenre: a dimension and an attribute
                    declared.add((local, role))
                    yield self.gsi(local), RDF_TYPE, _qb(ROLES[role]), g


def _qb(local: str) -> Term:
    return vocabulary_iri(f"{QB}{local}")
