"""Translations in the build: the order that puts each translation right after its original, the
little the build keeps of the documents of a pair, and the RDF of their alignment
(:mod:`kg.pipeline.align` computes it).

Where the alignment goes, and when: into the **translation's own named graph, right after the
translation's statements**. The build streams one document at a time and SHACL validation cuts
the dump into batches of whole document graphs (:mod:`kg.pipeline.validation_split`), so a
document's graph must be one block of the dump: statements added to it after the other documents
could not be validated with it, and a graph of their own (or one for all alignments) would be
validated with the corpus-wide remainder, which is held in memory whole and would grow with every
pair. Ordering the corpus so that each translation directly follows its original (a stable
reordering: documents without translations keep their place) means the original is always built
first, the alignment can be written as soon as the translation is, and the graph that owns the
translated passages also owns the alignments naming them (deleting or replacing a translation's
graph removes its alignments with it). Memory: the lengths and concept sets of the passages of an
original are kept only until its last translation is built.

RDF, for a translation ``T`` of ``O`` (each group of passages the aligner joins, a *bead*):

* ``T schema:translationOfWork O`` (written with ``T``'s metadata, :mod:`kg.pipeline.documents`)
  and ``O schema:workTranslation T``: schema.org's own terms for a translated work, rather than
  ``dcterms:source`` (which this graph already uses for a free-text note on where a document
  came from) or a ``gsi:`` term no one else knows;
* ``o gsi:alignedWith t`` and ``t gsi:alignedWith o`` for every passage ``o`` of ``O`` and ``t``
  of ``T`` in one bead (a symmetric property, stated both ways so a query needs no inverse path);
* a ``gsi:Alignment`` node ``{T}/a{k}`` per bead: ``gsi:originalPassage`` (one or two),
  ``gsi:translatedPassage`` (one or two), ``gsi:confidence`` (the bead's posterior probability),
  ``prov:wasGeneratedBy`` the build run and ``prov:wasAttributedTo`` the aligner. Passages the
  aligner found no counterpart for (dropped or added) get no statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from kg.errors import CorpusError
from kg.namespaces import (
    PROV_WAS_ATTRIBUTED_TO,
    PROV_WAS_GENERATED_BY,
    SCHEMA_WORK_TRANSLATION,
    Namespace,
)
from kg.pipeline.align import Bead, PassageProfile, align_passages, text_length
from kg.pipeline.corpus import MANIFEST_NAME, DocumentMeta
from kg.pipeline.extract import DocumentAnalysis
from kg.pipeline.nquads import RDF_TYPE, Statement, Term, decimal, iri, vocabulary_iri

ALIGNER_NAME = "alignment"
ALIGNER_VERSION = "1.0.0"


def translation_order(documents: Sequence[DocumentMeta]) -> list[DocumentMeta]:
    """``documents`` with each translation moved right after its original (its translations
    after it in turn); the others keep their order.

    Raises :class:`CorpusError` if ``translation_of`` links form a cycle.
    """
    ids = {meta.doc_id for meta in documents}
    translations: dict[str, list[DocumentMeta]] = {}
    for meta in documents:
        if meta.translation_of in ids:
            translations.setdefault(meta.translation_of, []).append(meta)
    ordered: list[DocumentMeta] = []

    def place(meta: DocumentMeta) -> None:
        ordered.append(meta)
        for translation in translations.get(meta.doc_id, []):
            place(translation)

    for meta in documents:
        if meta.translation_of not in ids:
            place(meta)
    if len(ordered) < len(documents):
        placed = {meta.doc_id for meta in ordered}
        cycle = sorted(meta.doc_id for meta in documents if meta.doc_id not in placed)
        raise CorpusError(
            documents[0].file.parent / MANIFEST_NAME,
            f"translation_of links form a cycle ({', '.join(cycle)}): one of them must be the "
            "original",
        )
    return ordered


def passage_profiles(analysis: DocumentAnalysis) -> list[PassageProfile]:
    """What alignment needs of a document's passages: lengths and the concepts and actors each
    mentions (their IRIs are the same in every language)."""
    return [
        PassageProfile(
            pm.passage.number,
            text_length(pm.passage.text),
            frozenset(m.iri for m in pm.mentions),
            pm.passage.key,
        )
        for pm in analysis.passages
    ]


@dataclass
class Translations:
    """The pairs of one build: profiles of originals waiting for their translations, and the
    alignment statements of each translation once it is built."""

    ns: Namespace
    run: Term
    documents: Sequence[DocumentMeta]
    # Translations still to be built, per original.
    _waiting: dict[str, int] = field(default_factory=dict)
    _profiles: dict[str, list[PassageProfile]] = field(default_factory=dict)
    # Beads published (passage groups aligned), over the build.
    beads: int = 0

    def __post_init__(self) -> None:
        ids = {meta.doc_id for meta in self.documents}
        for meta in self.documents:
            if meta.translation_of in ids:
                original = meta.translation_of
                self._waiting[original] = self._waiting.get(original, 0) + 1

    @property
    def kept(self) -> list[str]:
        """The ids of the originals whose passage profiles are held (waiting for a translation)."""
        return sorted(self._profiles)

    def in_pair(self, meta: DocumentMeta) -> bool:
        """Whether ``meta`` is an original or a translation (its passages are aligned)."""
        return meta.doc_id in self._waiting or meta.translation_of in self._waiting

    def built(self, meta: DocumentMeta, analysis: DocumentAnalysis) -> Iterator[Statement]:
        """Record a document of a pair as it is built; for a translation, return the
        statements of its alignment with its original (built before, by
        :func:`translation_order`), in the translation's graph."""
        if not self.in_pair(meta):
            return iter(())
        profiles = passage_profiles(analysis)
        if meta.doc_id in self._waiting:
            self._profiles[meta.doc_id] = profiles
        original = meta.translation_of
        if original is None or original not in self._waiting:
            return iter(())
        source = self._profiles[original]
        self._waiting[original] -= 1
        if not self._waiting[original]:
            del self._profiles[original]
        beads = align_passages(source, profiles)
        keys = ({p.number: p.key for p in source}, {p.number: p.key for p in profiles})
        return self._statements(original, meta.doc_id, beads, keys)

    def _statements(
        self,
        original: str,
        translation: str,
        beads: list[Bead],
        keys: tuple[dict[int, str], dict[int, str]],
    ) -> Iterator[Statement]:
        """The alignment statements; ``keys`` map passage numbers of the original and of the
        translation to their IRI keys."""
        ns = self.ns
        source_key, target_key = keys
        graph = iri(ns.graph(translation))

        def gsi(local: str) -> Term:
            return vocabulary_iri(ns.term(local))

        aligned_with = gsi("alignedWith")
        agent = iri(ns.term(f"extractor-{ALIGNER_NAME}"))
        yield (
            iri(ns.document(original)),
            vocabulary_iri(SCHEMA_WORK_TRANSLATION),
            iri(ns.document(translation)),
            graph,
        )
        k = 0
        for bead in beads:
            if not bead.source or not bead.target:
                continue
            k += 1
            self.beads += 1
            node = iri(ns.alignment(translation, k))
            yield node, RDF_TYPE, gsi("Alignment"), graph
            for number in bead.source:
                passage = iri(ns.passage(original, source_key[number]))
                yield node, gsi("originalPassage"), passage, graph
            for number in bead.target:
                passage = iri(ns.passage(translation, target_key[number]))
                yield node, gsi("translatedPassage"), passage, graph
            yield node, gsi("confidence"), decimal(bead.confidence), graph
            yield node, vocabulary_iri(PROV_WAS_GENERATED_BY), self.run, graph
            yield node, vocabulary_iri(PROV_WAS_ATTRIBUTED_TO), agent, graph
            for s, t in bead.links():
                source = iri(ns.passage(original, source_key[s]))
                target = iri(ns.passage(translation, target_key[t]))
                yield source, aligned_with, target, graph
                yield target, aligned_with, source, graph
