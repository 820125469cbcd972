"""Extractors: from passages to mentions, stances, relations and discovered concepts.

An extractor is any object with ``name``, ``version`` and ``extract(context)``, which yields
N-Quads statements (:mod:`kg.pipeline.nquads`);
:func:`default_extractors` lists the ones a build runs, in order. They share one
:class:`DocumentAnalysis` per document (mentions first, then stances and relations over them),
computed on first use and kept in the :class:`DocumentContext`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from kg.namespaces import (
    DCTERMS_IS_PART_OF,
    DISCOVERED_GRAPH,
    OA_ANNOTATION,
    OA_END,
    OA_EXACT,
    OA_HAS_BODY,
    OA_HAS_SELECTOR,
    OA_HAS_SOURCE,
    OA_HAS_TARGET,
    OA_PREFIX,
    OA_START,
    OA_SUFFIX,
    OA_TEXT_POSITION_SELECTOR,
    OA_TEXT_QUOTE_SELECTOR,
    PROV_WAS_ATTRIBUTED_TO,
    PROV_WAS_GENERATED_BY,
    SKOS_PREF_LABEL,
    XSD_NON_NEGATIVE_INTEGER,
    Namespace,
)
from kg.pipeline.clean import CleanDocument
from kg.pipeline.corpus import SourceDocument
from kg.pipeline.extract.anaphora import resolve_anaphora
from kg.pipeline.extract.discovery import ENGLISH_NAME_PATTERN, Candidate
from kg.pipeline.extract.english_stances import find_english_stances
from kg.pipeline.extract.holders import DocumentHolders, is_question
from kg.pipeline.extract.mentions import MentionFinder, PassageMentions
from kg.pipeline.extract.relations import (
    RelationFinding,
    cooccurrences,
    find_relations,
    sentence_groups,
)
from kg.pipeline.extract.stances import StanceFinding, StanceScope, find_stances
from kg.pipeline.extract.vocabulary import Entity, Vocabulary
from kg.pipeline.language import is_english
from kg.pipeline.nquads import (
    RDF_TYPE,
    Statement,
    Term,
    boolean,
    decimal,
    integer,
    iri,
    literal,
    vocabulary_iri,
)
from kg.pipeline.segment import Passage, Segmentation
from kg.store import Triple

VERSION = "1.1.0"
DEFAULT_HOLDER = "china"
# The classes a combat cue (打击, 遏制, 防范) may oppose.
THREAT_CLASSES = ("OpposedIdea", "Topic")
# Concept classes no stance is about: groups described by a shared trait (发展中国家).
UNHELD_CLASSES = ("DescribedGroup",)
# The longest line without sentence-final punctuation that reads as a title.
TITLE_LENGTH = 40
_SENTENCE_ENDS = ("。", "！", "？", "；", ".", "!", "?", ";")
_CLOSERS = "”’」』）) \"'"
# The predicates and classes of the standard vocabularies the extractors write.
_DCTERMS_IS_PART_OF = vocabulary_iri(DCTERMS_IS_PART_OF)
_OA_ANNOTATION = vocabulary_iri(OA_ANNOTATION)
_OA_TEXT_POSITION_SELECTOR = vocabulary_iri(OA_TEXT_POSITION_SELECTOR)
_OA_TEXT_QUOTE_SELECTOR = vocabulary_iri(OA_TEXT_QUOTE_SELECTOR)
_OA_END = vocabulary_iri(OA_END)
_OA_EXACT = vocabulary_iri(OA_EXACT)
_OA_HAS_BODY = vocabulary_iri(OA_HAS_BODY)
_OA_HAS_SELECTOR = vocabulary_iri(OA_HAS_SELECTOR)
_OA_HAS_SOURCE = vocabulary_iri(OA_HAS_SOURCE)
_OA_HAS_TARGET = vocabulary_iri(OA_HAS_TARGET)
_OA_PREFIX = vocabulary_iri(OA_PREFIX)
_OA_START = vocabulary_iri(OA_START)
_OA_SUFFIX = vocabulary_iri(OA_SUFFIX)
_PROV_WAS_ATTRIBUTED_TO = vocabulary_iri(PROV_WAS_ATTRIBUTED_TO)
_PROV_WAS_GENERATED_BY = vocabulary_iri(PROV_WAS_GENERATED_BY)
_SKOS_PREF_LABEL = vocabulary_iri(SKOS_PREF_LABEL)


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
        # a group described, not named (发展中国家, 无核武器国家), is no stance's target (R2.7.6)
        self.targets = {e.iri for e in vocabulary.concepts if not e.classes & set(UNHELD_CLASSES)}
        self.states = [e for e in vocabulary.entities.values() if e.actor_class == "State"]
        self.threats = {e.iri for e in vocabulary.concepts if e.classes & set(THREAT_CLASSES)}

    def analyse(self, context: DocumentContext) -> DocumentAnalysis:
        """The analysis of ``context``'s document, computed once and shared by the extractors
        (and by the statistics, :func:`shared_analysis`)."""
        cached = context.shared.get("analysis")
        if isinstance(cached, DocumentAnalysis):
            return cached
        analysis = self.analyse_passages(context.segmentation, context.source.meta.creator)
        context.shared["analysis"] = analysis
        return analysis

    def analyse_passages(self, seg: Segmentation, creator: str | None) -> DocumentAnalysis:
        """Mentions, stances and relations of the segmented document ``seg`` by ``creator``.

        Stances: none from a heading that reads as a title (no sentence-final punctuation) or
        from a journalist's question; each stance's holder is read from its sentence
        (:mod:`kg.pipeline.extract.holders`), None standing for the document's voice
        (:meth:`holder`); a demonstrative head (该公约, 这一倡议) stands for its antecedent
        (:mod:`kg.pipeline.extract.anaphora`)."""
        passages = self.finder.find(seg.passages, seg.language)
        english = is_english(seg.language)
        find = find_english_stances if english else find_stances
        voice = self.holder(creator)
        # an English name discovered by its head (the Yaoundé Code of Conduct) mints an IRI of its
        # English form, which no Chinese document's concept shares (concepts are keyed by their
        # Chinese name): it is a mention, but no stance is recorded on such a duplicate
        discovered = {
            m.iri
            for pm in passages
            for m in pm.mentions
            if m.discovered is not None and m.discovered.pattern != ENGLISH_NAME_PATTERN
        }
        scope = StanceScope(
            targets=self.targets | discovered,
            threats=self.threats
            | {
                m.iri
                for pm in passages
                for m in pm.mentions
                if m.discovered is not None and m.discovered.cls in THREAT_CLASSES
            },
            holders=DocumentHolders(self.vocabulary, voice, creator, seg.title, seg.language),
        )
        stances: list[StanceFinding] = []
        relations: list[RelationFinding] = []
        previous: PassageMentions | None = None
        for pm in passages:
            number, text, original = pm.passage.number, pm.normalised, pm.passage.text
            scope.holders.note_mentions(pm.mentions)
            if is_question(text, seg.language):
                scope.holders.note_question(text, pm.mentions)
            if not is_title(pm.passage) and not is_question(text, seg.language):
                mentions = resolve_anaphora(pm, previous, english)
                stances += find(number, text, original, mentions, scope)
            relations += find_relations(number, text, original, pm.mentions, seg.language)
            previous = pm
        return DocumentAnalysis(passages, stances, relations, voice)

    def holder(self, creator: str | None) -> str:
        """The actor whose voice a document is: a state named in its creator, else China."""
        for state in self.states:
            if creator and any(label in creator for label, _, _ in state.labels if len(label) > 1):
                return state.iri
        china = self.vocabulary.resolve("中国")
        return china.iri if china is not None else self.ns.actor(DEFAULT_HOLDER)


def is_title(passage: Passage) -> bool:
    """Whether a passage is a heading or a short line that reads as a title
    (一、践行真正的多边主义), not an enumerated item that is a whole sentence
    (（四）全面落实…决议。): titles state no stance."""
    text = passage.text.strip()
    if text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS):
        return False
    # a short line without sentence-final punctuation in a plain text (an annex's title:
    # 中国关于加强国际军控合作的立场文件) reads as a title too
    return passage.is_heading or (len(text) <= TITLE_LENGTH and "\n" not in text)


def shared_analysis(context: DocumentContext) -> DocumentAnalysis:
    """The analysis the extractors computed for ``context``'s document (they ran before)."""
    analysis = context.shared.get("analysis")
    if not isinstance(analysis, DocumentAnalysis):
        raise LookupError(f"{context.source.meta.doc_id}: no extractor analysed this document")
    return analysis


class _Emitter:
    """Quads of one extractor into one document graph."""

    def __init__(self, context: DocumentContext, name: str) -> None:
        self.context = context
        self.graph = context.graph
        self.agent = iri(context.ns.term(f"extractor-{name}"))
        self._gsi: dict[str, Term] = {}

    def quad(self, s: Term, p: Term, o: Term) -> Statement:
        return s, p, o, self.graph

    def gsi(self, local: str) -> Term:
        """The term of ``gsi:{local}`` (a predicate or class), made once per emitter."""
        term = self._gsi.get(local)
        if term is None:
            term = self._gsi[local] = vocabulary_iri(self.context.ns.term(local))
        return term

    def provenance(self, s: Term, confidence: float | None = None) -> Iterator[Statement]:
        yield self.quad(s, _PROV_WAS_GENERATED_BY, self.context.run)
        yield self.quad(s, _PROV_WAS_ATTRIBUTED_TO, self.agent)
        if confidence is not None:
            yield self.quad(s, self.gsi("confidence"), decimal(confidence))

    def passage_key(self, number: int) -> str:
        """The key (IRI segment) of the passage numbered ``number`` (they count from 1)."""
        return self.context.segmentation.passages[number - 1].key

    def passage(self, number: int) -> Term:
        return iri(
            self.context.ns.passage(self.context.source.meta.doc_id, self.passage_key(number))
        )


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
                name = context.ns.mention(doc_id, e.passage_key(m.passage), k)
                node, target = iri(name), iri(f"{name}#target")
                position, quote = iri(f"{name}#position"), iri(f"{name}#quote")
                passage, body = e.passage(m.passage), iri(m.iri)
                yield e.quad(node, RDF_TYPE, _OA_ANNOTATION)
                yield e.quad(node, _OA_HAS_BODY, body)
                yield e.quad(node, _OA_HAS_TARGET, target)
                yield from e.provenance(node, m.confidence)
                yield e.quad(target, _OA_HAS_SOURCE, passage)
                yield e.quad(target, _OA_HAS_SELECTOR, position)
                yield e.quad(target, _OA_HAS_SELECTOR, quote)
                yield e.quad(position, RDF_TYPE, _OA_TEXT_POSITION_SELECTOR)
                yield e.quad(position, _OA_START, integer(m.start, XSD_NON_NEGATIVE_INTEGER))
                yield e.quad(position, _OA_END, integer(m.end, XSD_NON_NEGATIVE_INTEGER))
                yield e.quad(quote, RDF_TYPE, _OA_TEXT_QUOTE_SELECTOR)
                yield e.quad(quote, _OA_EXACT, literal(m.exact))
                yield e.quad(quote, _OA_PREFIX, literal(text[max(0, m.start - 12) : m.start]))
                yield e.quad(quote, _OA_SUFFIX, literal(text[m.end : m.end + 12]))
                yield e.quad(passage, e.gsi("mentions"), body)


class DiscoveryExtractor(_AnalysisExtractor):
    """New concepts the vocabulary lacks, each described once, in the ``discovered`` graph, by
    the first document naming it (its description depends on its name only).

    Described once rather than in every naming document's graph: the union default graph holds
    a statement once per graph stating it, so a concept typed in a hundred document graphs would
    count a hundred times in every query joining its class or label.
    """

    name = "discovery"

    def __init__(self, analyser: Analyser) -> None:
        super().__init__(analyser)
        self.described: set[str] = set()

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        graph = iri(context.ns.graph(DISCOVERED_GRAPH))
        for pm in analysis.passages:
            for m in pm.mentions:
                if m.discovered is None or m.iri in self.described:
                    continue
                self.described.add(m.iri)
                for s, p, o, _ in self._concept(e, iri(m.iri), m.discovered):
                    yield s, p, o, graph

    def _concept(self, e: _Emitter, node: Term, found: Candidate) -> Iterator[Statement]:
        yield e.quad(node, RDF_TYPE, e.gsi(found.cls))
        yield e.quad(node, RDF_TYPE, e.gsi("DiscoveredConcept"))
        yield e.quad(node, e.gsi("discovered"), boolean(True))
        yield e.quad(node, e.gsi("confidence"), decimal(found.confidence))
        yield e.quad(node, e.gsi("discoveredBy"), e.agent)
        yield e.quad(node, _SKOS_PREF_LABEL, literal(found.name, "zh"))
        english = found.english_label
        if english:
            yield e.quad(node, _SKOS_PREF_LABEL, literal(english, "en"))


class StanceExtractor(_AnalysisExtractor):
    """``gsi:Stance`` for each cue that governs at least one concept."""

    name = "stances"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        doc_id = context.source.meta.doc_id
        counters: dict[int, int] = {}
        for st in analysis.stances:
            k = counters[st.passage] = counters.get(st.passage, 0) + 1
            node = iri(context.ns.stance(doc_id, e.passage_key(st.passage), k))
            yield e.quad(node, RDF_TYPE, e.gsi("Stance"))
            for holder in holders_of(st, analysis.holder):
                yield e.quad(node, e.gsi("holder"), iri(holder))
            yield e.quad(node, e.gsi("polarity"), e.gsi(st.polarity))
            for target in st.targets:
                yield e.quad(node, e.gsi("target"), iri(target))
            yield e.quad(node, e.gsi("evidence"), e.passage(st.passage))
            yield e.quad(node, e.gsi("cue"), literal(st.cue))
            yield e.quad(node, e.gsi("quote"), literal(st.quote))
            yield e.quad(node, e.gsi("sentenceIndex"), integer(st.sentence))
            if st.negated:
                yield e.quad(node, e.gsi("negated"), boolean(True))
            yield from e.provenance(node, st.confidence)


def holders_of(stance: StanceFinding, voice: str) -> tuple[str, ...]:
    """The actor IRIs holding ``stance``: its joint holders, its holder, or the document's
    ``voice``."""
    if stance.holder is None:
        return (voice,)
    return stance.holder if isinstance(stance.holder, tuple) else (stance.holder,)


class RelationExtractor(_AnalysisExtractor):
    """Co-occurrence counts (sentence and passage scope) and typed relations with evidence."""

    name = "relations"

    def extract(self, context: DocumentContext) -> Iterator[Statement]:
        analysis = self.analyser.analyse(context)
        e = _Emitter(context, self.name)
        ns, doc_id = context.ns, context.source.meta.doc_id
        document = iri(ns.document(doc_id))
        sentences = [
            g
            for pm in analysis.passages
            for g in sentence_groups(pm.normalised, pm.mentions, context.segmentation.language)
        ]
        passages = [[m.iri for m in pm.mentions if m.is_concept] for pm in analysis.passages]
        cooccurs: set[tuple[str, str]] = set()
        for scope, groups in (("SentenceScope", sentences), ("PassageScope", passages)):
            for (a, b), count in sorted(cooccurrences(groups).items()):
                key = hashlib.sha1(f"{a} {b}".encode()).hexdigest()[:12]
                node = iri(ns.cooccurrence(doc_id, f"{scope.removesuffix('Scope').lower()}-{key}"))
                yield e.quad(node, RDF_TYPE, e.gsi("CoOccurrence"))
                yield e.quad(node, e.gsi("concept"), iri(a))
                yield e.quad(node, e.gsi("concept"), iri(b))
                yield e.quad(node, e.gsi("scope"), e.gsi(scope))
                yield e.quad(node, e.gsi("count"), integer(count))
                yield e.quad(node, _DCTERMS_IS_PART_OF, document)
                yield from e.provenance(node)
                cooccurs.add((a, b))
        for a, b in sorted(cooccurs):
            yield e.quad(iri(a), e.gsi("cooccursWith"), iri(b))
            yield e.quad(iri(b), e.gsi("cooccursWith"), iri(a))
        counters: dict[int, int] = {}
        for r in analysis.relations:
            n = counters[r.passage] = counters.get(r.passage, 0) + 1
            node = iri(ns.relation(doc_id, e.passage_key(r.passage), n))
            subject, obj = iri(r.subject), iri(r.object)
            yield e.quad(node, RDF_TYPE, e.gsi("Relation"))
            yield e.quad(node, e.gsi("subject"), subject)
            yield e.quad(node, e.gsi("relationType"), e.gsi(r.relation))
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
    "holders_of",
    "is_title",
    "shared_analysis",
]
