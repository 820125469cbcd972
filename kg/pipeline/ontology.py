"""The ontology files, read once per build: ``gsi.ttl`` (the OWL ontology), the SKOS vocabulary
(``vocabulary/*.ttl`` and ``actors.ttl``) and the SHACL shapes (``shapes.ttl``), each parsed by
pyoxigraph and rebased onto the build's base IRI by :func:`rebase` (IRIs, and ``xsd:anyURI``
literals such as ``sh:namespace``). The build writes the first two into their named graphs,
configures the extractors with the vocabulary and validates against the shapes; nothing parses
these files again.

Types are materialised in the graph: every ``rdf:type`` gets its superclasses from the ontology
(:class:`ClassHierarchy`), so ``?x a gsi:Organisation`` finds instances of subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import CorpusError
from kg.namespaces import RDFS_SUB_CLASS_OF, XSD_ANY_URI, Namespace
from kg.pipeline.nquads import RDF_TYPE, Statement, Term, iri
from kg.store import Literal, NamedNode, RdfFormat, Triple, parse

ONTOLOGY_FILE = "gsi.ttl"
SHAPES_FILE = "shapes.ttl"
ACTORS_FILE = "actors.ttl"
VOCABULARY_DIR = "vocabulary"


@dataclass(frozen=True)
class Ontology:
    """The parsed, rebased files of one ontology directory."""

    ontology: list[Triple]
    vocabulary: list[Triple]
    shapes: list[Triple]


def load_ontology(directory: Path, ns: Namespace, shapes: bool = True) -> Ontology:
    """Parse the ontology, the vocabulary and (if ``shapes``) the shapes in ``directory``,
    rebased onto ``ns``. Raises :class:`CorpusError` naming the file and line of a syntax error.
    """
    vocabulary_files = [
        *sorted((directory / VOCABULARY_DIR).glob("*.ttl")),
        directory / ACTORS_FILE,
    ]
    return Ontology(
        ontology=load_turtle(directory / ONTOLOGY_FILE, ns),
        vocabulary=[t for path in vocabulary_files if path.exists() for t in load_turtle(path, ns)],
        shapes=load_turtle(directory / SHAPES_FILE, ns) if shapes else [],
    )


def load_turtle(path: Path, ns: Namespace) -> list[Triple]:
    """Parse a Turtle file written against the canonical base, rebased onto ``ns.base``."""
    try:
        return [rebase(t, ns) for t in parse(path=str(path), format=RdfFormat.TURTLE)]
    except (OSError, SyntaxError) as exc:
        raise CorpusError(path, f"cannot read the ontology file ({exc})") from exc


def rebase(triple: Triple, ns: Namespace) -> Triple:
    """``triple`` with its canonical-base IRIs (and ``xsd:anyURI`` literals) on ``ns.base``.

    >>> rebase(Triple(NamedNode("https://w3id.org/gsi-kg/concept/npt"),
    ...               NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("NPT")),
    ...        Namespace("http://127.0.0.1:8000/")).subject
    <NamedNode value=http://127.0.0.1:8000/concept/npt>
    """
    if ns.is_canonical:
        return triple
    return Triple(
        _rebase_term(triple.subject, ns),  # type: ignore[arg-type]
        _rebase_term(triple.predicate, ns),  # type: ignore[arg-type]
        _rebase_term(triple.object, ns),  # type: ignore[arg-type]
    )


def _rebase_term(term: object, ns: Namespace) -> object:
    if isinstance(term, NamedNode):
        return NamedNode(ns.rebase(term.value))
    if isinstance(term, Literal) and term.datatype.value == XSD_ANY_URI:
        return Literal(ns.rebase(term.value), datatype=term.datatype)
    return term


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
                t.predicate.value == RDFS_SUB_CLASS_OF
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
