"""RDF for documents, sections and passages (the document graph), and ontology file loading.

Extractors add their own quads (mentions, stances, relations) to the same document graph; this
module covers structure and metadata. Types are materialised: every ``rdf:type`` gets its
superclasses from the ontology, so ``?x a gsi:Organisation`` finds instances of subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.clean import CleanDocument
from kg.corpus import GENRES, SourceDocument
from kg.namespaces import DCTERMS, PROV, RDFS, XSD, Namespace
from kg.nquads import (
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
from kg.segment import PATH_SEPARATOR, Segmentation
from kg.store import NamedNode, RdfFormat, Triple, parse


def dcterms(local: str) -> Term:
    return vocabulary_iri(f"{DCTERMS}{local}")


def prov(local: str) -> Term:
    return vocabulary_iri(f"{PROV}{local}")


@dataclass(frozen=True)
class ClassHierarchy:
    """Superclass closure of the ontology's classes, for materialising ``rdf:type``."""

    # Class term (``<iri>``) → its superclasses (direct and inherited, not itself), in IRI order.
    superclasses: dict[Term, tuple[Term, ...]]

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> ClassHierarchy:
        direct: dict[str, set[str]] = {}
        for t in triples:
            if (
                t.predicate.value == f"{RDFS}subClassOf"
                and isinstance(t.subject, NamedNode)
                and isinstance(t.object, NamedNode)
            ):
                direct.setdefault(t.subject.value, set()).add(t.object.value)
        closure: dict[Term, tuple[Term, ...]] = {}
        for start in direct:
            seen: set[str] = set()
            todo = list(direct[start])
            while todo:
                parent = todo.pop()
                if parent not in seen:
                    seen.add(parent)
                    todo.extend(direct.get(parent, ()))
            closure[iri(start)] = tuple(iri(p) for p in sorted(seen - {start}))
        return cls(closure)

    def materialise(self, statements: Iterable[Statement]) -> Iterator[Statement]:
        """Yield ``statements`` plus one ``rdf:type`` statement per inherited class (in IRI
        order)."""
        superclasses = self.superclasses
        for statement in statements:
            yield statement
            if statement[1] == RDF_TYPE and (parents := superclasses.get(statement[2])):
                subject, _, _, graph = statement
                for parent in parents:
                    yield subject, RDF_TYPE, parent, graph


def load_turtle(path: Path, ns: Namespace) -> list[Triple]:
    """Parse a Turtle file written against the canonical base, rebased onto ``ns.base``."""

    def rebase(term: object) -> object:
        if isinstance(term, NamedNode):
            return NamedNode(ns.rebase(term.value))
        return term

    return [
        Triple(rebase(t.subject), rebase(t.predicate), rebase(t.object))  # type: ignore[arg-type]
        for t in parse(path=str(path), format=RdfFormat.TURTLE)
    ]


def document_statements(
    ns: Namespace, source: SourceDocument, clean: CleanDocument, seg: Segmentation, run: Term
) -> Iterator[Statement]:
    """The structure and metadata of one document, in its own named graph."""
    meta = source.meta
    graph = iri(ns.graph(meta.doc_id))
    doc = iri(ns.document(meta.doc_id))

    def g(local: str) -> Term:
        return vocabulary_iri(ns.term(local))

    def q(s: Term, p: Term, o: Term) -> Statement:
        return s, p, o, graph

    yield q(doc, RDF_TYPE, g("Document"))
    if meta.genre:
        yield q(doc, RDF_TYPE, g(GENRES[meta.genre]))
    yield q(doc, dcterms("identifier"), literal(meta.doc_id))
    yield q(doc, dcterms("title"), literal(meta.title_zh or seg.title, "zh"))
    if meta.title_en:
        yield q(doc, dcterms("title"), literal(meta.title_en, "en"))
    date = meta.date or clean.published
    if date:
        yield q(doc, dcterms("date"), typed(date.isoformat(), f"{XSD}date"))
    if meta.creator:
        yield q(doc, dcterms("creator"), literal(meta.creator))
    source_note = meta.source or clean.web_metadata.get("来源")
    if source_note:
        yield q(doc, dcterms("source"), literal(source_note))
    yield q(doc, dcterms("language"), literal(meta.language))
    yield q(doc, g("text"), literal(clean.text))
    yield q(doc, g("sourceFile"), literal(meta.file.name))
    yield q(doc, g("checksum"), literal(source.checksum))
    for removed in clean.removed:
        note = f"line {removed.line} ({removed.reason}): {removed.text}"
        yield q(doc, g("boilerplate"), literal(note))
    yield q(doc, prov("wasGeneratedBy"), run)

    for section in seg.sections:
        node = iri(ns.section(meta.doc_id, section.number))
        parent = iri(ns.section(meta.doc_id, section.parent.number)) if section.parent else doc
        yield q(node, RDF_TYPE, g("Section"))
        yield q(node, dcterms("title"), literal(section.title, meta.language))
        yield q(node, dcterms("isPartOf"), parent)
        yield q(node, g("level"), integer(section.level))
        yield q(node, g("position"), integer(section.number))

    for passage in seg.passages:
        node = iri(ns.passage(meta.doc_id, passage.number))
        yield q(node, RDF_TYPE, g("Passage"))
        yield q(node, dcterms("isPartOf"), doc)
        if passage.section:
            yield q(node, dcterms("isPartOf"), iri(ns.section(meta.doc_id, passage.section.number)))
        yield q(node, g("text"), literal(passage.text))
        yield q(node, g("position"), integer(passage.number))
        yield q(node, g("start"), integer(passage.start))
        yield q(node, g("end"), integer(passage.end))
        if passage.heading_path:
            yield q(node, g("headingPath"), literal(PATH_SEPARATOR.join(passage.heading_path)))
        yield q(node, g("isHeading"), boolean(passage.is_heading))
