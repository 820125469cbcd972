"""SHACL validation of the built graph (https://www.w3.org/TR/shacl/).

The build writes one named graph per document plus the vocabulary, ontology and provenance graphs.
The shapes in ``ontology/shapes.ttl`` describe the *union* of those graphs: a passage lives in its
document's graph while the concept it mentions lives in the vocabulary graph. So every graph is
merged into one rdflib graph, the ontology is added (``sh:class`` and ``sh:targetClass`` then follow
``rdfs:subClassOf`` from ``gsi.ttl``), and pySHACL validates that, with SHACL-SPARQL enabled for the
offset checks of the mentions.

This module uses rdflib and pySHACL only; it reads an N-Quads dump, never the pyoxigraph store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.rdflib_terms import to_rdflib_graph
from kg.store import RdfFormat, Triple, parse


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with its nodes rendered as N-Triples terms or IRIs."""

    focus_node: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def describe(self) -> str:
        """One line: ``[severity] focus node (path): message``."""
        where = self.focus_node if self.path is None else f"{self.focus_node} ({self.path})"
        value = "" if self.value is None else f" [value: {self.value}]"
        return f"[{self.severity}] {where}: {self.message}{value}"


@dataclass(frozen=True)
class ShaclReport:
    """The outcome of validating one graph: conformance, the results and pySHACL's own text."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def validate_graph(data: rdflib.Dataset | rdflib.Graph, shapes_path: Path) -> ShaclReport:
    """Validate ``data`` against the SHACL shapes in the Turtle file ``shapes_path``.

    A :class:`rdflib.Dataset` is validated as the union of all its graphs (pySHACL on its own would
    validate each named graph separately). No inference is run: the build materialises types.

    Returns a :class:`ShaclReport` whose violations are sorted by focus node, path and message.
    Raises ``OSError`` if the shapes file cannot be read and ``SyntaxError`` (rdflib's
    ``BadSyntax``) if it is not valid Turtle.
    """
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    return _validate(_union(data), shapes)


def validate_nquads(
    path: Path, shapes: Iterable[Triple], ontology: Iterable[Triple]
) -> ShaclReport:
    """Validate an N-Quads dump of the built store, as the union of its graphs plus the ontology,
    against ``shapes``. The shapes and the ontology come from
    :func:`kg.pipeline.ontology.load_ontology` (parsed once per build, rebased onto the build's
    base IRI, so their ``gsi:`` terms match).

    Raises ``OSError`` if the dump cannot be read, ``SyntaxError`` if it is malformed.
    """
    data = to_rdflib_graph(parse(path=str(path), format=RdfFormat.N_QUADS))
    to_rdflib_graph(ontology, data)
    return _validate(data, to_rdflib_graph(shapes))


def format_report(report: ShaclReport, limit: int = 20) -> str:
    """A readable multi-line summary: a headline, then one line per violation up to ``limit``."""
    if report.conforms:
        return "The graph conforms to the SHACL shapes."
    count = len(report.violations)
    lines = [f"The graph violates the SHACL shapes ({count} result{'s' if count != 1 else ''}):"]
    lines.extend(f"  {violation.describe()}" for violation in report.violations[:limit])
    if count > limit:
        lines.append(f"  ... and {count - limit} more")
    return "\n".join(lines)


def _union(data: rdflib.Dataset | rdflib.Graph) -> rdflib.Graph:
    """Merge every graph of a dataset (default graph included) into one plain graph."""
    if not isinstance(data, rdflib.Dataset):
        return data
    union = rdflib.Graph()
    for subject, predicate, obj, _graph in data.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    return union


def _validate(data: rdflib.Graph, shapes: rdflib.Graph) -> ShaclReport:
    conforms, results, text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
    )
    assert isinstance(results, rdflib.Graph)
    violations = sorted(
        (
            _violation(results, result)
            for result in results.subjects(rdflib.RDF.type, SH.ValidationResult)
        ),
        key=lambda v: (v.focus_node, v.path or "", v.message, v.value or ""),
    )
    return ShaclReport(conforms=bool(conforms), violations=tuple(violations), text=str(text))


def _violation(results: rdflib.Graph, result: Node) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(message) for message in results.objects(result, SH.resultMessage))
    return Violation(
        focus_node=_render(focus) if focus is not None else "",
        path=_render_path(results, path) if path is not None else None,
        message=" / ".join(messages),
        severity=_local_name(severity) if severity is not None else "Violation",
        value=_render(value) if value is not None else None,
    )


def _render(term: Node) -> str:
    """IRIs as plain strings (so callers can compare with their IRIs), other terms as N-Triples."""
    if isinstance(term, rdflib.URIRef):
        return str(term)
    return term.n3()


def _render_path(results: rdflib.Graph, path: Node) -> str:
    """A SHACL property path: an IRI, an inverse path or a sequence, in SPARQL-like syntax."""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_render_path(results, inverse)}"
    if results.value(path, rdflib.RDF.first) is not None:
        items = Collection(results, path)
        return "/".join(_render_path(results, item) for item in items)
    return path.n3()


def _local_name(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
