"""A resource's RDF description, as linked-data clients get it (``/concept/npt.ttl``), and the
named graphs (``/ontology.ttl``, ``/graph/gsi-concept-paper``). Read functions: they run in an
executor.

A resource's description is every triple with its IRI as subject, from every graph, closed over
blank-node objects and the resource's own fragment IRIs (a mention's target and selectors), plus
the labels of the IRIs it points to so a client can show them, plus its **incoming links**
(:data:`INCOMING`): the parts of a document or section, the mentions and stances of a passage, the
passages, mentions and stances that point to a concept, the stances an actor holds. Those come
:data:`INCOMING_PAGE` at a time: a description with more says so with ``rdfs:seeAlso`` (which
generic crawlers follow) and a ``hydra:PartialCollectionView`` with ``hydra:next`` to
``{iri}?page=N``. N-Quads and TriG keep the graphs; every other format (JSON-LD too, so plain RDF
clients see the triples) gets the merged triples. https://www.w3.org/TR/cooluris/
"""

from __future__ import annotations

from itertools import islice

from kg.namespaces import (
    DCTERMS_IS_PART_OF,
    DCTERMS_TITLE,
    OA_HAS_BODY,
    OA_HAS_SOURCE,
    OA_HAS_TARGET,
    RDF_TYPE,
    RDFS_COMMENT,
    RDFS_LABEL,
    RDFS_SEE_ALSO,
    SCHEMA,
    SKOS_BROADER,
    SKOS_PREF_LABEL,
    VOID_DATA_DUMP,
)
from kg.read.reader import Reader
from kg.read.sparql import serialize_graph
from kg.store import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, match_quads

LABEL_PREDICATES = (NamedNode(SKOS_PREF_LABEL), NamedNode(DCTERMS_TITLE), NamedNode(RDFS_LABEL))
_TYPE = NamedNode(RDF_TYPE)
HYDRA = "http://www.w3.org/ns/hydra/core#"
INCOMING_PAGE = 500


def incoming_predicates(gsi: str) -> tuple[NamedNode, ...]:
    """The links followed backwards, in the order they are listed: parts of documents and
    sections, mentions (their targets' source, their body), passages naming a concept, stances
    (evidence, target, holder), narrower concepts and organisations, translations."""
    return tuple(
        NamedNode(p)
        for p in (
            DCTERMS_IS_PART_OF,
            OA_HAS_SOURCE,
            OA_HAS_BODY,
            gsi + "mentions",
            gsi + "evidence",
            gsi + "target",
            gsi + "holder",
            SKOS_BROADER,
            SCHEMA + "parentOrganization",
            SCHEMA + "translationOfWork",
        )
    )


def description(reader: Reader, iri: str, page: int = 0) -> list[Quad]:
    """The description of ``iri`` with page ``page`` of its incoming links (see the module
    docstring), as quads in their graphs."""
    return [*outgoing(reader, iri), *incoming(reader, iri, page)]


def incoming(reader: Reader, iri: str, page: int) -> list[Quad]:
    """Page ``page`` of the statements that point to ``iri`` (:func:`incoming_predicates`), and,
    for a mention's target, the mention that has it; then the paging links if there is more."""
    target = NamedNode(iri)
    start, end = page * INCOMING_PAGE, (page + 1) * INCOMING_PAGE
    found = list(
        islice(
            (
                quad
                for predicate in incoming_predicates(reader.ns.gsi)
                for quad in match_quads(reader.store, None, predicate, target, None, end + 1)
            ),
            start,
            end + 1,
        )
    )
    more = len(found) > INCOMING_PAGE
    quads = found[:INCOMING_PAGE]
    has_target = NamedNode(OA_HAS_TARGET)
    for quad in list(quads):
        subject = quad.subject
        if isinstance(subject, NamedNode) and "#" in subject.value:
            owner = NamedNode(subject.value.split("#", 1)[0])
            quads += reader.quads(owner, has_target, subject)
    if more or page > 0:
        quads += _paging(iri, page, more)
    return quads


def _paging(iri: str, page: int, more: bool) -> list[Quad]:
    view = NamedNode(f"{iri}?page={page}")
    quads = [
        Quad(view, _TYPE, NamedNode(HYDRA + "PartialCollectionView")),
        Quad(view, NamedNode(HYDRA + "first"), NamedNode(f"{iri}?page=0")),
    ]
    if more:
        following = NamedNode(f"{iri}?page={page + 1}")
        quads += [
            Quad(view, NamedNode(HYDRA + "next"), following),
            Quad(NamedNode(iri), NamedNode(RDFS_SEE_ALSO), following),
        ]
    if page > 0:
        quads.append(Quad(view, NamedNode(HYDRA + "previous"), NamedNode(f"{iri}?page={page - 1}")))
    return quads


def outgoing(reader: Reader, iri: str) -> list[Quad]:
    """Every statement about ``iri`` and its blank nodes and fragments, and the labels of what
    it points to."""
    quads: list[Quad] = []
    seen: set[NamedNode | BlankNode] = set()
    todo: list[NamedNode | BlankNode] = [NamedNode(iri)]
    objects: set[NamedNode] = set()
    fragment = f"{iri}#"
    while todo:
        subject = todo.pop()
        for quad in reader.quads(subject):
            quads.append(quad)
            obj = quad.object
            inner = isinstance(obj, BlankNode) or (
                isinstance(obj, NamedNode) and obj.value.startswith(fragment)
            )
            if inner and obj not in seen:
                seen.add(obj)  # type: ignore[arg-type]
                todo.append(obj)  # type: ignore[arg-type]
            elif isinstance(obj, NamedNode) and quad.predicate != _TYPE:
                objects.add(obj)
    for obj in sorted(objects, key=lambda n: n.value):
        if obj.value != iri:
            for predicate in LABEL_PREDICATES:
                quads.extend(reader.quads(obj, predicate))
    return quads


def as_triples(quads: list[Quad]) -> list[Triple]:
    """The distinct triples of ``quads`` (graph names dropped), in a stable order."""
    unique = {Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize_quads(reader: Reader, quads: list[Quad], media_type: str) -> bytes:
    """``quads`` in the RDF format of ``media_type``, with the deployment's prefixes."""
    fmt = RdfFormat.from_media_type(media_type) or RdfFormat.TURTLE
    keep_graphs = fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG)
    data: list[Quad] | list[Triple] = quads if keep_graphs else as_triples(quads)
    return serialize_graph(data, fmt, reader.ns.prefixes(), reader.max_bytes)


def resource_rdf(reader: Reader, iri: str, media_type: str, page: int = 0) -> bytes | None:
    """The description of ``iri`` (page ``page`` of its incoming links) serialised as
    ``media_type``; None if the graph says nothing about ``iri``."""
    if not reader.exists(NamedNode(iri)):
        return None
    return serialize_quads(reader, description(reader, iri, page), media_type)


def graph_rdf(reader: Reader, graph: str, media_type: str) -> bytes:
    """Every statement of the ontology or the vocabulary graph (``graph``) serialised as
    ``media_type``: graphs the build writes from the project's own files, whole whatever the row
    cap (a vocabulary of thousands of concepts is tens of thousands of statements)."""
    return serialize_quads(
        reader, list(match_quads(reader.store, None, None, None, NamedNode(graph))), media_type
    )


def named_graph_rdf(
    reader: Reader, graph: str, subset: tuple[Triple, ...], dumps: tuple[str, ...], media_type: str
) -> bytes:
    """A named graph as ``/graph/NAME`` serves it: its VoID ``subset`` description, and its
    statements when there are at most the reader's row cap of them; a larger graph points to the
    release's dumps (``void:dataDump``) and to SPARQL instead."""
    described = [Quad(t.subject, t.predicate, t.object) for t in subset]
    name = NamedNode(graph)
    statements = list(
        islice(match_quads(reader.store, None, None, None, name), reader.max_rows + 1)
    )
    if len(statements) <= reader.max_rows:
        return serialize_quads(reader, described + statements, media_type)
    described += [Quad(name, NamedNode(VOID_DATA_DUMP), NamedNode(d)) for d in dumps]
    note = (
        f"More than {reader.max_rows} statements: take a dump, or ask SPARQL for "
        f"GRAPH <{graph}> {{ ?s ?p ?o }} a page at a time."
    )
    described.append(Quad(name, NamedNode(RDFS_COMMENT), Literal(note, language="en")))
    return serialize_quads(reader, described, media_type)
