"""Extractors: from passages to mentions, stances, relations and discovered concepts.

An extractor is any object with ``name``, ``version`` and ``extract(context)``, which yields
N-Quads statements (:mod:`kg.nquads`);
:func:`default_extractors` lists the ones a build runs, in order. They share one
:class:`DocumentAnalysis` per document (mentions first, then stances and relations over them),
computed on first use and kept in the :class:`DocumentContext`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from kg.clean import CleanDocument
from kg.corpus import SourceDocument
from kg.extract.discovery import Candidate
from kg.extract.mentions import MentionFinder, PassageMentions
from kg.extract.relations import (
    RelationFinding,
    cooccurrences,
    find_relations,
    sentence_groups,
)
from kg.extract.stances import StanceFinding, find_stances
from kg.extract.vocabulary import Entity, Vocabulary
from kg.namespaces import DCTERMS, OA, PROV, RDF, SKOS, XSD, Namespace
from kg.nquads import Statement, Term, boolean, decimal, integer, iri, literal, vocabulary_iri
from kg.segment import Segmentation
from kg.store import Triple

VERSION = "1.0.0"
DEFAULT_HOLDER = "china"
_NON_NEGATIVE = f"{XSD}nonNegativeInteger"


@dataclass(frozen=True)
class DocumentContext:
    """Everything an extractor may read about one document."""

    ns: Namespace
    source: SourceDocument
    clean: CleanDocument
    segmentation: Segmentation
    run: Term
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def graph(self) -> Term:
        return iri(self.ns.graph(self.source.meta.doc_id))


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, context: DocumentContext) -> Iterable[Statement]: ...


@dataclass
class DocumentAnalysis:
    """Mentions, stances and relations of one document, passage by passage."""

    passages: list[PassageMentions]
    stances: list[StanceFinding]
    relations: list[RelationFinding]
    holder: str


class Analyser:
    """The vocabulary compiled once per build; analyses documents on demand."""

    def __init__(self, ns: Namespace, vocabulary: Vocabulary) -> None:
        self.ns = ns
        self.vocabulary = vocabulary
        self.finder = MentionFinder(vocabulary, ns.concept)
        self.targets = {e.iri for e in vocabulary.concepts}
        self.states = [e for e in vocabulary.entities.values() if e.actor_class == "State"]

    def analyse(self, context: DocumentContext) -> DocumentAnalysis:
        """The analysis of ``context``'s document, computed once and shared by the extractors."""
        cached = context.shared.get("analysis")
        if isinstance(cached, DocumentAnalysis):
            return cached
        analysis = self.analyse_passages(context.segmentation, context.source.meta.creator)
        context.shared["analysis"] = analysis
        return analysis

    def analyse_passages(self, seg: Segmentation, creator: str | None) -> DocumentAnalysis:
        passages = self.finder.find(seg.passages)
        stances: list[StanceFinding] = []
        relations: list[RelationFinding] = []
        for pm in passages:
            discovered = {m.iri for m in pm.mentions if m.discovered is not None}
            number, text, original = pm.passage.number, pm.normalised, pm.passage.text
            stances += find_stances(number, text, original, pm.mentions, self.targets | discovered)
            relations += find_relations(number, text, original, pm.mentions)
        return DocumentAnalysis(passages, stances, relations, self.holder(creator))

    def holder(self, creator: str | None) -> str:
        """The actor whose voice a document is: a state named in its creator, else China."""
        for state in self.states:
            if creator and any(label in creator for label, _, _ in state.labels if len(label) > 1):
                return state.iri
        china = self.vocabulary.resolve("中国")
        return china.iri if china is not None else self.ns.actor(DEFAULT_HOLDER)


class _Emitter:
    """Quads of one extractor into one document graph."""

    def __init__(self, context: DocumentContext, name: str) -> None:
        self.context = context
        self.graph = context.graph
        self.agent = iri(context.ns.term(f"extractor-{name}"))

    def quad(self, s: Term, p: str, o: Term) -> Statement:
        return s, vocabulary_iri(p), o, self.graph

    def gsi(self, local: str) -> str:
        return self.context.ns.term(local)

    def provenance(self, s: Term, confidence: float | None = None) -> Iterator[Statement]:
        yield self.quad(s, f"{PROV}wasGeneratedBy", self.context.run)
        yield self.quad(s, f"{PROV}wasAttributedTo", self.agent)
        if confidence is not None:
            yield self.quad(s, self.gsi("confidence"), decimal(confidence))

    def passage(self, number: int) -> Term:
        return iri(self.context.ns.passage(self.context.source.meta.doc_id, number))


class _AnalysisExtractor:
    """An extractor reading the shared per-document analysis (computed once per document)."""

    name: str
    version = VERSION

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser


class MentionExtractor(_AnalysisExtractor):
    """Web Annotations for every mention, and the ``gsi:mentions`` shortcut."""

    name = "mentions"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        doc_id = context.source.meta.doc_id
        emitters = {name: _Emitter(context, name) for name in (self.name, DiscoveryExtractor.name)}
        for pm in analysis.passages:
            text = pm.passage.text
            for k, m in enumerate(pm.mentions, start=1):
                e = emitters[m.extractor]
                name = context.ns.mention(doc_id, m.passage, k)
                node, target = iri(name), iri(f"{name}#target")
                position, quote = iri(f"{name}#position"), iri(f"{name}#quote")
                passage, body = e.passage(m.passage), iri(m.iri)
                yield e.quad(node, f"{RDF}type", vocabulary_iri(f"{OA}Annotation"))
                yield e.quad(node, f"{OA}hasBody", body)
                yield e.quad(node, f"{OA}hasTarget", target)
                yield from e.provenance(node, m.confidence)
                yield e.quad(target, f"{OA}hasSource", passage)
                yield e.quad(target, f"{OA}hasSelector", position)
                yield e.quad(target, f"{OA}hasSelector", quote)
                yield e.quad(position, f"{RDF}type", vocabulary_iri(f"{OA}TextPositionSelector"))
                yield e.quad(position, f"{OA}start", integer(m.start, _NON_NEGATIVE))
                yield e.quad(position, f"{OA}end", integer(m.end, _NON_NEGATIVE))
                yield e.quad(quote, f"{RDF}type", vocabulary_iri(f"{OA}TextQuoteSelector"))
                yield e.quad(quote, f"{OA}exact", literal(m.exact))
                yield e.quad(quote, f"{OA}prefix", literal(text[max(0, m.start - 12) : m.start]))
                yield e.quad(quote, f"{OA}suffix", literal(text[m.end : m.end + 12]))
                yield e.quad(passage, e.gsi("mentions"), body)


class DiscoveryExtractor(_AnalysisExtractor):
    """New concepts the vocabulary lacks, once per document where they are named."""

    name = "discovery"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        seen: set[str] = set()
        for pm in analysis.passages:
            for m in pm.mentions:
                if m.discovered is None or m.iri in seen:
                    continue
                seen.add(m.iri)
                yield from self._concept(e, iri(m.iri), m.discovered)

    def _concept(self, e: _Emitter, node: Term, found: Candidate) -> Iterator[Statement]:
        yield e.quad(node, f"{RDF}type", vocabulary_iri(e.gsi(found.cls)))
        yield e.quad(node, f"{RDF}type", vocabulary_iri(e.gsi("DiscoveredConcept")))
        yield e.quad(node, e.gsi("discovered"), boolean(True))
        yield e.quad(node, e.gsi("confidence"), decimal(found.confidence))
        yield e.quad(node, e.gsi("discoveredBy"), e.agent)
        yield e.quad(node, f"{SKOS}prefLabel", literal(found.name, "zh"))
        english = found.english_label
        if english:
            yield e.quad(node, f"{SKOS}prefLabel", literal(english, "en"))


class StanceExtractor(_AnalysisExtractor):
    """``gsi:Stance`` for each cue that governs at least one concept."""

    name = "stances"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        doc_id = context.source.meta.doc_id
        holder = iri(analysis.holder)
        counters: dict[int, int] = {}
        for st in analysis.stances:
            k = counters[st.passage] = counters.get(st.passage, 0) + 1
            node = iri(context.ns.stance(doc_id, st.passage, k))
            yield e.quad(node, f"{RDF}type", vocabulary_iri(e.gsi("Stance")))
            yield e.quad(node, e.gsi("holder"), holder)
            yield e.quad(node, e.gsi("polarity"), vocabulary_iri(e.gsi(st.polarity)))
            for target in st.targets:
                yield e.quad(node, e.gsi("target"), iri(target))
            yield e.quad(node, e.gsi("evidence"), e.passage(st.passage))
            yield e.quad(node, e.gsi("cue"), literal(st.cue))
            yield e.quad(node, e.gsi("quote"), literal(st.quote))
            yield e.quad(node, e.gsi("sentenceIndex"), integer(st.sentence))
            if st.negated:
                yield e.quad(node, e.gsi("negated"), boolean(True))
            yield from e.provenance(node, st.confidence)


class RelationExtractor(_AnalysisExtractor):
    """Co-occurrence counts (sentence and passage scope) and typed relations with evidence."""

    name = "relations"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        ns, doc_id = context.ns, context.source.meta.doc_id
        document = iri(ns.document(doc_id))
        sentences = [
            g for pm in analysis.passages for g in sentence_groups(pm.normalised, pm.mentions)
        ]
        passages = [[m.iri for m in pm.mentions if m.is_concept] for pm in analysis.passages]
        k = 0
        cooccurs: set[tuple[str, str]] = set()
        for scope, groups in (("SentenceScope", sentences), ("PassageScope", passages)):
            for (a, b), count in sorted(cooccurrences(groups).items()):
                k += 1
                node = iri(ns.cooccurrence(doc_id, k))
                yield e.quad(node, f"{RDF}type", vocabulary_iri(e.gsi("CoOccurrence")))
                yield e.quad(node, e.gsi("concept"), iri(a))
                yield e.quad(node, e.gsi("concept"), iri(b))
                yield e.quad(node, e.gsi("scope"), vocabulary_iri(e.gsi(scope)))
                yield e.quad(node, e.gsi("count"), integer(count))
                yield e.quad(node, f"{DCTERMS}isPartOf", document)
                yield from e.provenance(node)
                cooccurs.add((a, b))
        for a, b in sorted(cooccurs):
            yield e.quad(iri(a), e.gsi("cooccursWith"), iri(b))
            yield e.quad(iri(b), e.gsi("cooccursWith"), iri(a))
        counters: dict[int, int] = {}
        for r in analysis.relations:
            n = counters[r.passage] = counters.get(r.passage, 0) + 1
            node = iri(ns.relation(doc_id, r.passage, n))
            subject, obj = iri(r.subject), iri(r.object)
            yield e.quad(node, f"{RDF}type", vocabulary_iri(e.gsi("Relation")))
            yield e.quad(node, e.gsi("subject"), subject)
            yield e.quad(node, e.gsi("relationType"), vocabulary_iri(e.gsi(r.relation)))
            yield e.quad(node, e.gsi("object"), obj)
            yield e.quad(node, e.gsi("evidence"), e.passage(r.passage))
            yield e.quad(node, e.gsi("cue"), literal(r.cue))
            yield e.quad(node, e.gsi("quote"), literal(r.quote))
            yield e.quad(node, e.gsi("sentenceIndex"), integer(r.sentence))
            yield from e.provenance(node, r.confidence)
            yield e.quad(subject, e.gsi(r.relation), obj)


def default_extractors(ns: Namespace, vocabulary: list[Triple]) -> list[Extractor]:
    """The extractors a build runs, configured with the (rebased) vocabulary triples."""
    analyser = Analyser(ns, Vocabulary.from_triples(ns, vocabulary))
    return [
        MentionExtractor(analyser),
        DiscoveryExtractor(analyser),
        StanceExtractor(analyser),
        RelationExtractor(analyser),
    ]


__all__ = [
    "Analyser",
    "DocumentAnalysis",
    "DocumentContext",
    "Entity",
    "Extractor",
    "default_extractors",
]
