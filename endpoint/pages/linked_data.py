"""A resource's RDF description, as linked-data clients get it (``/concept/npt.ttl``), and the
ontology and vocabulary graphs (``/ontology.ttl``). Read functions: they run in an executor.

A resource's description is every triple with its IRI as subject, from every graph, closed over
blank-node objects and the resource's own fragment IRIs (a mention's target and selectors), plus
the labels of the IRIs it points to so a client can show them. N-Quads and TriG keep the graphs;
every other format (JSON-LD too, so plain RDF clients see the triples) gets the merged triples.
https://www.w3.org/TR/cooluris/
"""

from __future__ import annotations

from kg.namespaces import DCTERMS_TITLE, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL
from kg.read.reader import Reader
from kg.read.sparql import serialize_graph
from kg.store import BlankNode, NamedNode, Quad, RdfFormat, Triple

LABEL_PREDICATES = (NamedNode(SKOS_PREF_LABEL), NamedNode(DCTERMS_TITLE), NamedNode(RDFS_LABEL))
_TYPE = NamedNode(RDF_TYPE)


def description(reader: Reader, iri: str) -> list[Quad]:
    """The description of ``iri`` (see the module docstring), as quads in their graphs."""
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


def resource_rdf(reader: Reader, iri: str, media_type: str) -> bytes | None:
    """The description of ``iri`` serialised as ``media_type``; None if the graph says nothing
    about ``iri``."""
    if not reader.exists(NamedNode(iri)):
        return None
    return serialize_quads(reader, description(reader, iri), media_type)


def graph_rdf(reader: Reader, graph: str, media_type: str) -> bytes:
    """Every statement of the named graph ``graph`` serialised as ``media_type``."""
    return serialize_quads(reader, reader.quads(None, None, None, NamedNode(graph)), media_type)
