"""pyoxigraph terms as rdflib terms, for the two tools that work on rdflib graphs: pySHACL (build
validation) and the ontology documentation page."""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from rdflib.term import Node

from kg.store import BlankNode, Literal, NamedNode, Quad, Triple


def to_rdflib(term: object) -> Node:
    """The rdflib term for a pyoxigraph IRI, blank node or literal.

    >>> to_rdflib(Literal("条约", language="zh"))
    rdflib.term.Literal('条约', lang='zh')
    """
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term rdflib can hold: {term!r}")


def to_rdflib_graph(
    statements: Iterable[Triple | Quad], graph: rdflib.Graph | None = None
) -> rdflib.Graph:
    """The triples of ``statements`` (graph names dropped) added to ``graph`` (a new one if
    None)."""
    target = rdflib.Graph() if graph is None else graph
    add = target.add
    for statement in statements:
        add(
            (
                to_rdflib(statement.subject),
                to_rdflib(statement.predicate),
                to_rdflib(statement.object),
            )
        )
    return target
