"""N-Quads statements made as text: what the build writes into its dump.

A build emits a few hundred statements per passage. Making each a pyoxigraph ``Quad`` cost about
2 µs with a literal object (every term is an object, every IRI parsed) and serialising it 0.25 µs
more; formatting the same line as text costs about 0.35 µs. So the document structure and the
extractors emit :data:`Statement` tuples of N-Quads terms made by the functions here, and
:func:`write_statements` writes them as lines. The functions here escape literals and refuse IRIs
holding characters N-Quads forbids in one; the loader's N-Quads parser reads every line, so
anything else malformed (a relative IRI) still fails the build rather than reaching the store.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import BinaryIO, NewType

from kg import namespaces
from kg.namespaces import XSD_BOOLEAN, XSD_DECIMAL, XSD_INTEGER
from kg.store import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse

# One N-Quads term, as written: ``<iri>``, ``"lexical"``, ``"lexical"@lang``,
# ``"lexical"^^<datatype>`` or ``_:label``.
Term = NewType("Term", str)
# Subject, predicate, object, graph.
Statement = tuple[Term, Term, Term, Term]

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_TO_ESCAPE = re.compile(r'[\\"\n\r]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
BATCH = 10_000


def iri(value: str) -> Term:
    """``<value>``; ValueError if ``value`` holds a character no IRI may (space, ``<``, …)."""
    if bad := _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI (it contains {bad[0]!r}): {value!r}")
    return Term(f"<{value}>")


@lru_cache(maxsize=4096)
def vocabulary_iri(value: str) -> Term:
    """:func:`iri` of an IRI used over and over (a predicate, a class), checked once."""
    return iri(value)


def _quoted(text: str) -> str:
    if _TO_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"'


def literal(text: str, language: str | None = None) -> Term:
    """A plain string literal, or a language-tagged one."""
    if language:
        return Term(f"{_quoted(text)}@{language}")
    return Term(_quoted(text))


def typed(lexical: str, datatype: str) -> Term:
    """A literal of ``datatype`` (an IRI); ``lexical`` must be a valid lexical form of it."""
    return Term(f"{_quoted(lexical)}^^{vocabulary_iri(datatype)}")


def integer(value: int, datatype: str = XSD_INTEGER) -> Term:
    return Term(f'"{value}"^^{vocabulary_iri(datatype)}')


def decimal(value: float) -> Term:
    """An ``xsd:decimal`` with two places (confidences)."""
    return Term(f'"{value:.2f}"^^{vocabulary_iri(XSD_DECIMAL)}')


def boolean(value: bool) -> Term:
    return Term(f'"{"true" if value else "false"}"^^{vocabulary_iri(XSD_BOOLEAN)}')


def term(node: NamedNode | BlankNode | Literal | Triple) -> Term:
    """The N-Quads form of a pyoxigraph term (ontology and vocabulary files are parsed into
    those)."""
    return Term(str(node))


# ``rdf:type`` as a term, the predicate written most often.
RDF_TYPE = vocabulary_iri(namespaces.RDF_TYPE)


def _text(statements: Iterable[Statement]) -> bytes:
    """``statements`` as N-Quads lines, UTF-8."""
    return "".join([f"{s} {p} {o} {g} .\n" for s, p, o, g in statements]).encode("utf-8")


def write_statements(statements: Iterable[Statement], handle: BinaryIO) -> int:
    """Append ``statements`` to a binary file handle as N-Quads lines; return the count."""
    count = 0
    remaining = iter(statements)
    while batch := list(itertools.islice(remaining, BATCH)):
        handle.write(_text(batch))
        count += len(batch)
    return count


def to_quads(statements: Iterable[Statement]) -> list[Quad]:
    """``statements`` parsed into pyoxigraph quads (for readers that want terms, and tests)."""
    return list(parse(_text(statements), format=RdfFormat.N_QUADS))
