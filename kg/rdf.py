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
from kg.namespaces import DCTERMS, PROV, RDF, RDFS, XSD, Namespace
from kg.segment import PATH_SEPARATOR, Segmentation
from kg.store import Literal, NamedNode, Quad, RdfFormat, Triple, parse

RDF_TYPE = NamedNode(f"{RDF}type")
XSD_INTEGER = NamedNode(f"{XSD}integer")
XSD_BOOLEAN = NamedNode(f"{XSD}boolean")
XSD_DATE = NamedNode(f"{XSD}date")
XSD_DATETIME = NamedNode(f"{XSD}dateTime")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD_BOOLEAN)


def dcterms(local: str) -> NamedNode:
    return NamedNode(f"{DCTERMS}{local}")


def prov(local: str) -> NamedNode:
    return NamedNode(f"{PROV}{local}")


@dataclass(frozen=True)
class ClassHierarchy:
    """Superclass closure of the ontology's classes, for materialising ``rdf:type``."""

    # Class IRI → its superclasses (direct and inherited, not itself), in IRI order.
    superclasses: dict[str, tuple[NamedNode, ...]]

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
        closure: dict[str, tuple[NamedNode, ...]] = {}
        for start in direct:
            seen: set[str] = set()
            todo = list(direct[start])
            while todo:
                parent = todo.pop()
                if parent not in seen:
                    seen.add(parent)
                    todo.extend(direct.get(parent, ()))
            closure[start] = tuple(NamedNode(p) for p in sorted(seen - {start}))
        return cls(closure)

    def materialise(self, quads: Iterable[Quad]) -> Iterator[Quad]:
        """Yield ``quads`` plus one ``rdf:type`` quad per inherited class (in IRI order)."""
        for quad in quads:
            yield quad
            if quad.predicate == RDF_TYPE:
                cls = quad.object
                if isinstance(cls, NamedNode) and (parents := self.superclasses.get(cls.value)):
                    for parent in parents:
                        yield Quad(quad.subject, RDF_TYPE, parent, quad.graph_name)


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


def document_quads(
    ns: Namespace, source: SourceDocument, clean: CleanDocument, seg: Segmentation, run: NamedNode
) -> Iterator[Quad]:
    """The structure and metadata of one document, in its own named graph."""
    meta = source.meta
    graph = NamedNode(ns.graph(meta.doc_id))
    doc = NamedNode(ns.document(meta.doc_id))
    gsi = ns.term

    def q(s: NamedNode, p: NamedNode | str, o: NamedNode | Literal) -> Quad:
        return Quad(s, p if isinstance(p, NamedNode) else NamedNode(gsi(p)), o, graph)

    yield q(doc, RDF_TYPE, NamedNode(gsi("Document")))
    if meta.genre:
        yield q(doc, RDF_TYPE, NamedNode(gsi(GENRES[meta.genre])))
    yield q(doc, dcterms("identifier"), Literal(meta.doc_id))
    yield q(doc, dcterms("title"), Literal(meta.title_zh or seg.title, language="zh"))
    if meta.title_en:
        yield q(doc, dcterms("title"), Literal(meta.title_en, language="en"))
    date = meta.date or clean.published
    if date:
        yield q(doc, dcterms("date"), Literal(date.isoformat(), datatype=XSD_DATE))
    if meta.creator:
        yield q(doc, dcterms("creator"), Literal(meta.creator))
    source_note = meta.source or clean.web_metadata.get("来源")
    if source_note:
        yield q(doc, dcterms("source"), Literal(source_note))
    yield q(doc, dcterms("language"), Literal(meta.language))
    yield q(doc, "text", Literal(clean.text))
    yield q(doc, "sourceFile", Literal(meta.file.name))
    yield q(doc, "checksum", Literal(source.checksum))
    for removed in clean.removed:
        yield q(
            doc, "boilerplate", Literal(f"line {removed.line} ({removed.reason}): {removed.text}")
        )
    yield q(doc, prov("wasGeneratedBy"), run)

    for section in seg.sections:
        node = NamedNode(ns.section(meta.doc_id, section.number))
        parent = (
            NamedNode(ns.section(meta.doc_id, section.parent.number)) if section.parent else doc
        )
        yield q(node, RDF_TYPE, NamedNode(gsi("Section")))
        yield q(node, dcterms("title"), Literal(section.title, language=meta.language))
        yield q(node, dcterms("isPartOf"), parent)
        yield q(node, "level", integer(section.level))
        yield q(node, "position", integer(section.number))

    for passage in seg.passages:
        node = NamedNode(ns.passage(meta.doc_id, passage.number))
        yield q(node, RDF_TYPE, NamedNode(gsi("Passage")))
        yield q(node, dcterms("isPartOf"), doc)
        if passage.section:
            yield q(
                node,
                dcterms("isPartOf"),
                NamedNode(ns.section(meta.doc_id, passage.section.number)),
            )
        yield q(node, "text", Literal(passage.text))
        yield q(node, "position", integer(passage.number))
        yield q(node, "start", integer(passage.start))
        yield q(node, "end", integer(passage.end))
        if passage.heading_path:
            yield q(node, "headingPath", Literal(PATH_SEPARATOR.join(passage.heading_path)))
        yield q(node, "isHeading", boolean(passage.is_heading))
