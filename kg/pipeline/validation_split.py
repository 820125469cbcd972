"""The build's N-Quads dump split for SHACL validation (https://www.w3.org/TR/shacl/) in bounded
memory: what each pySHACL run of :mod:`kg.pipeline.validate` sees.

The shapes describe the union of the graphs, but almost everything they check about a document's
nodes lies in that document's own graph (a mention, its target, selectors and passage) plus a few
shared graphs (the ontology's ``rdfs:subClassOf``, the build run's type in the provenance graph).
So the dump is cut into three parts:

* the **context**: the ontology, vocabulary and provenance graphs, given to every run;
* **document batches**: each document graph's statements about the document's own nodes
  (``{base}doc/{id}`` and the IRIs under it, and blank nodes), several documents per batch;
* the **remainder**: every other statement outside the context (what a document graph says about
  a concept), the discovered concepts' graph and the statistics graph, deduplicated and validated
  once, with the context, after the batches.

Only statements the shapes can read are kept (:func:`readable_predicates`): a predicate no shape
and no SPARQL constraint names cannot change a result. That drops two fifths of a document graph
and all of the statistics graph but the dataset titles.

This module reads text, line by line: the dump is never parsed whole.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.namespaces import (
    DISCOVERED_GRAPH,
    RDF_TYPE,
    RDFS_SUB_CLASS_OF,
    STATISTICS_GRAPH,
    Namespace,
)

# The graphs every run sees, by name (``{base}graph/{name}``).
CONTEXT_GRAPHS = ("ontology", "vocabulary", "provenance")
# Graphs that are neither context nor a document's: their statements are the remainder. The
# build writes the discovered concepts' graph while it writes the document that found them.
CORPUS_GRAPHS = (STATISTICS_GRAPH, DISCOVERED_GRAPH)
# SHACL features under which a shape can read predicates it does not name.
_OPEN_READERS = (SH.closed, SH.rule, SH.js, SH.jsFunctionName, SH.jsLibrary)


def readable_predicates(shapes: rdflib.Graph) -> frozenset[str] | None:
    """Every predicate the shapes in ``shapes`` can read, or None if they may read any.

    That is every IRI in the shapes graph (property paths, ``sh:lessThan`` … are IRIs there), the
    predicates of their SPARQL queries, ``rdf:type`` and ``rdfs:subClassOf`` (targets and
    ``sh:class`` follow them). None when a shape is ``sh:closed`` (it reads all its node's
    predicates), when there are rules or SHACL-JS, or when a query has a variable or a negated
    predicate, or cannot be parsed here.
    """
    if any((None, feature, None) in shapes for feature in _OPEN_READERS):
        return None
    names = {str(term) for triple in shapes for term in triple if isinstance(term, rdflib.URIRef)}
    prefixes = {
        str(shapes.value(declaration, SH.prefix)): str(shapes.value(declaration, SH.namespace))
        for declaration in shapes.objects(None, SH.declare)
    }
    for kind in (SH.select, SH.ask):
        for text in shapes.objects(None, kind):
            predicates = _query_predicates(str(text), prefixes)
            if predicates is None:
                return None
            names |= predicates
    return frozenset(names | {RDF_TYPE, RDFS_SUB_CLASS_OF})


def _query_predicates(text: str, prefixes: dict[str, str]) -> set[str] | None:
    """The predicate IRIs of a SPARQL query's patterns (None: a variable or negated one)."""
    try:
        query = prepareQuery(text, initNs=prefixes)
    except Exception:  # any parse failure means: do not filter
        return None
    found: set[str] = set()
    pending: list[object] = [query.algebra]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, predicate, _ in node.triples:
                    if not _path_iris(predicate, found):
                        return None
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)
    return found


def _path_iris(path: object, found: set[str]) -> bool:
    """Add the IRIs of a predicate or property path to ``found``; False if it matches any."""
    if isinstance(path, rdflib.URIRef):
        found.add(str(path))
        return True
    if isinstance(path, SequencePath | AlternativePath):
        return all(_path_iris(step, found) for step in path.args)
    if isinstance(path, InvPath):
        return _path_iris(path.arg, found)
    if isinstance(path, MulPath):
        return _path_iris(path.path, found)
    return False  # a variable, or a negated set (it matches the predicates it does not name)


@dataclass(frozen=True)
class DocumentBatch:
    """Some documents' own statements, as N-Triples lines."""

    documents: tuple[str, ...]
    lines: bytes
    statements: int


@dataclass
class DumpSplit:
    """Reads one dump: :meth:`context`, then :meth:`batches`, which also fills :attr:`remainder`.

    ``predicates`` are the IRIs of the predicates to keep (None keeps all); a batch is closed
    after the document that takes it to ``batch_statements``.
    """

    path: Path
    ns: Namespace
    predicates: frozenset[str] | None
    batch_statements: int
    # Statements outside the context and the documents' own, as N-Triples lines, once each.
    remainder: set[bytes] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._keep = (
            None if self.predicates is None else {f"<{p}>".encode() for p in self.predicates}
        )
        self._graph_prefix = f"<{self.ns.graph('')}".encode()
        self._context = {self._graph(name) for name in CONTEXT_GRAPHS}
        self._not_documents = self._context | {self._graph(name) for name in CORPUS_GRAPHS}

    def _graph(self, name: str) -> bytes:
        return f"<{self.ns.graph(name)}>".encode()

    def context(self) -> bytes:
        """The context graphs' statements (those kept), as N-Triples lines.

        Found by searching the mapped file for each graph's name, since the build writes the
        provenance graph last.
        """
        lines: list[bytes] = []
        with self.path.open("rb") as handle:
            if self.path.stat().st_size == 0:
                return b""
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                for graph in sorted(self._context):
                    ending = b" " + graph + b" .\n"
                    at = data.find(ending)
                    while at >= 0:
                        start = data.rfind(b"\n", 0, at) + 1
                        line = data[start : at + len(ending)]
                        if self._kept(line):
                            lines.append(_split(line)[1])
                        at = data.find(ending, at + len(ending))
        return b"".join(lines)

    def batches(self) -> Iterator[DocumentBatch]:
        """The documents' own statements, batch by batch, in the dump's order.

        Raises ValueError if a document graph's lines are not together in the dump (the build
        writes one document at a time), since its batch would be validated without them.
        """
        documents: list[str] = []
        lines: list[bytes] = []
        flushed: set[str] = set()
        current: str | None = None
        owner = b""
        with self.path.open("rb") as handle:
            for line in handle:
                if not self._kept(line):
                    continue
                graph, statement = _split(line)
                if graph in self._context:
                    continue
                document = self._document(graph)
                if document is None:
                    self.remainder.add(statement)
                    continue
                if document != current:
                    if document in flushed:
                        raise ValueError(
                            f"{self.path}: the statements of graph {graph!r} are not "
                            "together; validation needs each document's graph in one block, as "
                            "the build writes it"
                        )
                    if len(lines) >= self.batch_statements:
                        yield DocumentBatch(tuple(documents), b"".join(lines), len(lines))
                        flushed.update(documents)
                        documents, lines = [], []
                    if document not in documents:
                        documents.append(document)
                    current = document
                    owner = f"<{self.ns.document(document)}".encode()
                if _owned(statement, owner):
                    lines.append(statement)
                else:
                    self.remainder.add(statement)
        if documents:
            yield DocumentBatch(tuple(documents), b"".join(lines), len(lines))

    def _kept(self, line: bytes) -> bool:
        if not line.strip() or line.startswith(b"#"):
            return False
        if self._keep is None:
            return True
        return line.split(b" ", 2)[1] in self._keep

    def _document(self, graph: bytes | None) -> str | None:
        """The id of the document whose graph ``graph`` is, if it is one."""
        if graph is None or graph in self._not_documents:
            return None
        if not graph.startswith(self._graph_prefix):
            return None
        name = graph[len(self._graph_prefix) : -1].decode()
        return name if name and "/" not in name else None


def _owned(statement: bytes, owner: bytes) -> bool:
    """Whether the subject is the document ``owner`` (``<{base}doc/{id}``, unclosed), a node
    under it, or a blank node."""
    if statement.startswith(b"_:"):
        return True
    if not statement.startswith(owner):
        return False
    return statement[len(owner) : len(owner) + 1] in (b">", b"/", b"#")


def _split(line: bytes) -> tuple[bytes | None, bytes]:
    """An N-Quads line's graph term (``<iri>`` or ``_:label``; None for the default graph) and
    its statement as an N-Triples line.

    The object is one token unless it is a literal; a literal's last space-separated piece always
    holds its closing quote, so a name-shaped last token after it is the graph.
    """
    body = line.rstrip()[:-1].rstrip()  # without the final " ."
    tail = body.split(b" ", 2)[2]
    if tail.startswith(b'"'):
        pieces = tail.rsplit(b" ", 1)
        graph = pieces[1] if len(pieces) == 2 and _is_name(pieces[1]) else None
    else:
        pieces = tail.split(b" ")
        graph = pieces[1] if len(pieces) == 2 else None
    if graph is not None:
        body = body[: -len(graph) - 1]
    return graph, body + b" .\n"


def _is_name(token: bytes) -> bool:
    if token.startswith(b"_:"):
        return True
    return token.startswith(b"<") and token.endswith(b">") and b'"' not in token
